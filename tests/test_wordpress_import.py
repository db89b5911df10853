"""import_wordpress: a WordPress newsroom moved in, from small exports written here."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from newsplugin.models import ArticleComment, ArticlePage, Author, NewsIndexPage

from . import wxr
from .builders import jpeg_bytes, make_index

pytestmark = pytest.mark.django_db

UPLOADS = "https://kabar.example/wp-content/uploads"
# Post bodies as WordPress stores them ({uploads} is the site's uploads address).
FIXTURES = Path(__file__).parent / "wordpress"
CLASSIC = (FIXTURES / "classic.html").read_text().replace("{uploads}", UPLOADS)
BLOCKS = (FIXTURES / "block-editor.html").read_text().replace("{uploads}", UPLOADS)


def comments():
    return [
        wxr.comment(101, "Liputan yang bagus.", name="Sari", email="Sari@Example.com",
                    url="https://sari.example", ip="203.0.113.77"),
        wxr.comment(102, "Setuju, harga memang naik.", parent=101, name="Budi",
                    ip="2001:db8:abcd:12::1"),
        wxr.comment(103, "Di pasar saya juga.", parent=102, name="Ani"),
        wxr.comment(104, "Balasan terlalu dalam.", parent=103, name="Dewi"),
        wxr.comment(105, "Menunggu moderasi <script>alert(1)</script>", state="0", name="Eko"),
        wxr.comment(106, "Beli obat murah di sini", state="spam", name="Spammer"),
        wxr.comment(107, "Komentar yang dibuang", state="trash", name="Fajar"),
        wxr.comment(108, "Ping dari blog lain", kind="pingback", name="Blog"),
        wxr.comment(109, "Trackback", kind="trackback", name="Blog"),
    ]


def newsroom_export(extra=()):
    return wxr.export(
        wxr.author("rina", "Rina Wulandari", "rina@kabar.example"),
        wxr.author("tom", "Tom Harris"),
        wxr.category("berita-dunia", "Dunia", term_id=3),
        wxr.category("eropa", "Eropa", parent="berita-dunia", term_id=4),
        wxr.category("uncategorized", "Uncategorized", term_id=1),
        wxr.post(
            10, "Harga Ikan Naik", CLASSIC, slug="harga-ikan-naik",
            excerpt="Harga ikan di <b>Jakarta</b> naik tajam.",
            categories=[("eropa", "Eropa"), ("berita-dunia", "Dunia")],
            tags=[("ikan", "Ikan"), ("harga", "Harga")], thumbnail=12, comments=comments(),
        ),
        wxr.post(
            11, "Kapal Pesiar Berlabuh", BLOCKS, creator="tom", date_gmt="2024-01-02 23:15:00",
            categories=[("uncategorized", "Uncategorized")],
            link="https://kabar.example/kapal-pesiar-berlabuh/",
        ),
        wxr.post(12, "Draf", "Belum selesai", status="draft"),
        wxr.post(13, "Rahasia", "Internal", status="private"),
        wxr.post(14, "Tentang Kami", "Halaman statis", post_type="page"),
        *extra,
        wxr.attachment(12, "2023/11/pasar.jpg", "pasar", alt="Pedagang ikan di Muara Angke",
                       caption="Pedagang ikan pagi hari. (Foto: Yuri Kadobnov/AP)"),
        wxr.attachment(13, "2023/11/kapal.jpg", "kapal", alt="Kapal pesiar putih di dermaga"),
    )


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2023" / "11"
    folder.mkdir(parents=True)
    (folder / "pasar.jpg").write_bytes(jpeg_bytes(1200, 800))
    (folder / "kapal.jpg").write_bytes(jpeg_bytes(1200, 800, colour=(200, 60, 40)))
    return tmp_path / "uploads"


@pytest.fixture
def index():
    return make_index()


def run(tmp_path, text, index, uploads=None, **options):
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_wordpress", str(path), uploads=str(uploads) if uploads else None,
        into=str(index.pk), stdout=out, **options,
    )
    return out.getvalue()


def row(output, kind):
    """(created, updated, unchanged, skipped) of the summary table's row for ``kind``."""
    for line in output.splitlines():
        if line.split() and line.split()[0] == kind:
            return tuple(int(n) for n in line.split()[1:])
    raise AssertionError(f"no row {kind} in {output}")


@pytest.fixture
def imported(tmp_path, uploads, index):
    output = run(tmp_path, newsroom_export(), index, uploads)
    return output, ArticlePage.objects.get(title="Harga Ikan Naik")


def test_classic_post_becomes_an_article_in_its_section_with_captioned_photos(imported, index):
    output, article = imported
    assert row(output, "articles") == (2, 0, 0, 3)
    assert row(output, "sections") == (2, 0, 0, 0)
    eropa = NewsIndexPage.objects.get(title="Eropa")
    dunia = NewsIndexPage.objects.get(title="Dunia")
    assert eropa.get_parent().specific == dunia and dunia.get_parent().specific == index
    assert article.get_parent().specific == eropa
    assert list(article.other_sections.all()) == [dunia]
    assert sorted(article.tags.names()) == ["Harga", "Ikan"]
    assert [a.name for a in article.get_authors()] == ["Rina Wulandari"]
    assert article.standfirst == "Harga ikan di Jakarta naik tajam."
    assert article.date == datetime(2023, 11, 5, 7, 30, tzinfo=UTC)
    assert article.live and article.url == "/berita/berita-dunia/eropa/harga-ikan-naik/"
    # The featured image is the lead photo, its caption split into caption and credit.
    assert article.lead_image.title == "pasar"
    assert article.lead_image_caption == "Pedagang ikan pagi hari"
    assert article.lead_image_credit == "Yuri Kadobnov/AP"
    assert article.lead_image_alt == "Pedagang ikan di Muara Angke"
    blocks = [(b.block_type, b.value) for b in article.body]
    assert [kind for kind, _ in blocks] == ["paragraph", "image", "paragraph", "quote",
                                            "paragraph"]
    assert blocks[0][1].source == (
        "<p>Paragraf pertama tentang pasar.<br/>\nBaris kedua paragraf yang sama.</p>"
    )
    photo = blocks[1][1]
    # The [caption] points at the resized copy; the original file is what comes in.
    assert photo["image"] == article.lead_image
    assert photo["caption"] == "Pedagang ikan menata dagangan di Muara Angke"
    assert photo["credit"] == "Yuri Kadobnov/AP"
    assert photo["alt_text"] == "Pedagang ikan di Muara Angke"
    assert blocks[2][1].source == (
        "<h2>Harga di tingkat nelayan</h2><ul><li>Tongkol naik</li><li>Kembung stabil</li></ul>"
    )
    assert blocks[3][1]["text"] == "Kami belum pernah melihat harga setinggi ini."
    assert blocks[3][1]["attribution"] == "Sutrisno, nelayan"
    assert blocks[4][1].source == (
        '<p>Tautan jahat dan <a href="https://bps.example/data">data BPS</a>.</p>'
    )
    assert get_image_model().objects.count() == 2  # one file, one image, however often shown


def test_script_in_a_post_body_does_not_reach_the_page(client, imported):
    _output, article = imported
    html = client.get(article.url).content.decode()
    assert "alert" not in html and "dibobol" not in html and "steal()" not in html
    assert "javascript:" not in html
    assert "Kembung stabil" in html and "Muara Angke" in html


def test_block_editor_post_with_figcaption_and_english_credit(imported, index):
    article = ArticlePage.objects.get(title="Kapal Pesiar Berlabuh")
    # "Uncategorized" is no section: the article lives in the news index itself.
    assert article.get_parent().specific == index
    assert [a.name for a in article.get_authors()] == ["Tom Harris"]
    blocks = [(b.block_type, b.value) for b in article.body]
    assert [kind for kind, _ in blocks] == ["paragraph", "image", "paragraph", "quote"]
    assert blocks[0][1].source == (
        "<p>Kapal pesiar <b>berlabuh</b> di Benoa.</p><h3>Wisatawan datang</h3>"
    )
    assert blocks[1][1]["caption"] == "A cruise ship at Benoa harbour"
    assert blocks[1][1]["credit"] == "Ann Lee/Reuters"
    assert blocks[1][1]["alt_text"] == "Kapal pesiar putih di dermaga"
    assert blocks[2][1].source == "<ol><li>Satu</li><li>Dua</li></ol>"
    assert blocks[3][1]["text"] == "Bali siap." and blocks[3][1]["attribution"] == "Gubernur"
    # 23:15 UTC on 2 January is 06:15 on 3 January in Jakarta.
    assert article.date.astimezone(article.date.tzinfo) == datetime(2024, 1, 2, 23, 15, tzinfo=UTC)


def test_every_comment_state_threads_and_private_data(client, imported):
    output, article = imported
    stored = {c.user_name: c for c in ArticleComment.objects.for_article(article)}
    assert row(output, "comments") == (7, 0, 0, 2)
    assert "comments: pingback: 1" in output and "comments: trackback: 1" in output
    assert {name: c.moderation_status for name, c in stored.items()} == {
        "Sari": "approved", "Budi": "approved", "Ani": "approved", "Dewi": "approved",
        "Eko": "pending", "Spammer": "spam", "Fajar": "rejected",
    }
    assert [name for name, c in stored.items() if c.is_public] == ["Sari", "Budi", "Ani", "Dewi"]
    sari, budi, ani, dewi = (stored[n] for n in ("Sari", "Budi", "Ani", "Dewi"))
    assert budi.parent_id == sari.pk and ani.parent_id == budi.pk
    assert (sari.level, budi.level, ani.level) == (0, 1, 2)
    # WordPress allowed a fourth level; the site allows three: the reply hangs from Budi.
    assert dewi.parent_id == budi.pk and dewi.level == 2
    assert {c.thread_id for c in (sari, budi, ani, dewi)} == {sari.pk}
    assert "attached to their deepest allowed ancestor" in output
    # Addresses as the plugin keeps them, never whole.
    assert sari.ip_address == "203.0.113.0" and budi.ip_address == "2001:db8:abcd::"
    assert sari.address_key and sari.email_key == "sari@example.com"
    assert stored["Eko"].comment_html == "<p>Menunggu moderasi</p>"
    assert sari.submit_date == datetime(2023, 11, 5, 8, 0, tzinfo=UTC)
    html = client.get(article.url).content.decode()
    positions = [html.index(text) for text in ("Liputan yang bagus.", "Setuju, harga",
                                               "Di pasar saya juga.", "Balasan terlalu dalam.")]
    assert positions == sorted(positions)
    for hidden in ("Menunggu moderasi", "obat murah", "dibuang", "Sari@Example.com",
                   "sari@example.com", "203.0.113"):
        assert hidden not in html
    assert 'href="https://sari.example"' in html


def test_a_stored_comment_is_what_saving_it_again_makes(imported):
    _output, article = imported
    for comment in ArticleComment.objects.for_article(article):
        before = (comment.comment_html, comment.email_key, comment.ip_address,
                  comment.is_public, comment.moderation_status)
        comment.save()
        comment.refresh_from_db()
        assert (comment.comment_html, comment.email_key, comment.ip_address,
                comment.is_public, comment.moderation_status) == before


def test_old_addresses_answer_301_to_the_article(client, imported):
    _output, article = imported
    response = client.get("/2023/11/05/harga-ikan-naik/")
    assert response.status_code == 301 and response["Location"].endswith(article.url)
    response = client.get("/?p=10")
    assert response.status_code == 301 and response["Location"].endswith(article.url)
    assert client.get(response["Location"]).status_code == 200
    kapal = ArticlePage.objects.get(title="Kapal Pesiar Berlabuh")
    assert client.get("/kapal-pesiar-berlabuh/")["Location"].endswith(kapal.url)
    assert client.get("/?p=11")["Location"].endswith(kapal.url)
    # A post that was not imported has no redirect; the home page answers as before.
    assert client.get("/?p=12").status_code == 200
    assert client.get("/?p=abc").status_code == 200
    assert client.get("/?p=%D9%A3").status_code == 200  # an Arabic-Indic digit is no id
    assert Redirect.objects.filter(is_permanent=True).count() == 4


def test_a_second_run_creates_nothing(tmp_path, uploads, index, imported):
    counts = (ArticlePage.objects.count(), ArticleComment.objects.count(),
              Author.objects.count(), NewsIndexPage.objects.count(),
              get_image_model().objects.count(), Redirect.objects.count())
    output = run(tmp_path, newsroom_export(), index, uploads)
    assert counts == (ArticlePage.objects.count(), ArticleComment.objects.count(),
                      Author.objects.count(), NewsIndexPage.objects.count(),
                      get_image_model().objects.count(), Redirect.objects.count())
    assert row(output, "articles") == (0, 0, 2, 3)
    assert row(output, "comments") == (0, 0, 7, 2)
    assert row(output, "redirects") == (0, 0, 4, 0)


def test_a_new_reply_in_a_later_export_joins_its_thread(tmp_path, uploads, index, imported):
    _output, article = imported
    later = newsroom_export().replace(
        "<wp:comment_id>109</wp:comment_id>", "<wp:comment_id>110</wp:comment_id>"
    ).replace("<wp:comment_type><![CDATA[trackback]]></wp:comment_type>",
              "<wp:comment_type><![CDATA[comment]]></wp:comment_type>").replace(
        "<wp:comment_parent>0</wp:comment_parent>\n      <wp:comment_user_id>0</wp:comment_user_id>"
        "\n    </wp:comment>\n  </item>",
        "<wp:comment_parent>101</wp:comment_parent>\n      <wp:comment_user_id>0"
        "</wp:comment_user_id>\n    </wp:comment>\n  </item>", 1,
    )
    output = run(tmp_path, later, index, uploads)
    assert row(output, "comments") == (1, 0, 7, 1)
    sari = ArticleComment.objects.get(user_name="Sari")
    reply = ArticleComment.objects.get(comment="Trackback")
    assert reply.parent_id == sari.pk and reply.level == 1 and reply.ip_address == "203.0.113.0"


def test_an_edited_post_is_updated_not_duplicated(tmp_path, uploads, index, imported):
    edited = newsroom_export().replace("Paragraf pertama tentang pasar.", "Paragraf diperbarui.")
    output = run(tmp_path, edited, index, uploads)
    assert row(output, "articles") == (0, 1, 1, 3)
    article = ArticlePage.objects.get(title="Harga Ikan Naik")
    assert "Paragraf diperbarui." in article.body[0].value.source


def test_dry_run_prints_the_plan_and_saves_nothing(tmp_path, uploads, index, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    output = run(tmp_path, newsroom_export(), index, uploads, dry_run=True)
    assert output.startswith("Dry run: nothing was saved.")
    assert row(output, "articles") == (2, 0, 0, 3)
    assert row(output, "comments") == (7, 0, 0, 2)
    assert row(output, "images") == (2, 0, 0, 0)
    assert not ArticlePage.objects.exists() and not ArticleComment.objects.exists()
    assert not get_image_model().objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "original_images").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "original_images").iterdir()
    )
    assert not Redirect.objects.exists() and not Author.objects.exists()
    assert NewsIndexPage.objects.count() == 1


def test_drafts_private_posts_and_pages_are_reported_and_skipped(imported):
    output, _article = imported
    assert "articles: draft (use --include drafts): 1" in output
    assert "articles: private (use --include private): 1" in output
    assert "articles: page (use --include pages): 1" in output
    assert not ArticlePage.objects.filter(title__in=["Draf", "Rahasia", "Tentang Kami"]).exists()


def test_include_drafts_imports_them_unpublished(client, tmp_path, uploads, index):
    run(tmp_path, newsroom_export(), index, uploads, include=["drafts", "pages"])
    draft = ArticlePage.objects.get(title="Draf")
    assert not draft.live and client.get("/?p=12").status_code == 200
    assert ArticlePage.objects.get(title="Tentang Kami").live


def test_limit(tmp_path, uploads, index):
    output = run(tmp_path, newsroom_export(), index, uploads, limit=1)
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["Harga Ikan Naik"]
    assert "articles: past --limit: 1" in output


def test_a_missing_image_is_reported_and_the_article_imported(tmp_path, uploads, index):
    (uploads / "2023" / "11" / "kapal.jpg").unlink()
    output = run(tmp_path, newsroom_export(), index, uploads)
    kapal = ArticlePage.objects.get(title="Kapal Pesiar Berlabuh")
    assert [b.block_type for b in kapal.body] == ["paragraph", "paragraph", "quote"]
    assert "image file 2023/11/kapal.jpg is missing from the uploads" in output
    assert "images: missing file: 1" in output


def test_a_broken_image_is_reported_not_a_crash(tmp_path, uploads, index, english):
    (uploads / "2023" / "11" / "pasar.jpg").write_bytes(jpeg_bytes(1200, 800)[:900])
    output = run(tmp_path, newsroom_export(), index, uploads)
    article = ArticlePage.objects.get(title="Harga Ikan Naik")
    assert article.lead_image is None
    assert "image" not in [b.block_type for b in article.body]
    assert "image 2023/11/pasar.jpg refused: This image file is damaged or incomplete" in output


def test_no_uploads_folder_imports_everything_but_the_photos(tmp_path, index):
    output = run(tmp_path, newsroom_export(), index)
    assert ArticlePage.objects.count() == 2 and not get_image_model().objects.exists()
    assert "images: no --uploads folder: 2" in output


def test_an_upload_path_cannot_leave_the_uploads_folder(tmp_path, uploads, index):
    (tmp_path / "secret.jpg").write_bytes(jpeg_bytes())
    body = f'<img src="{UPLOADS}/../../secret.jpg" alt="x">'
    text = newsroom_export([wxr.post(20, "Jalan Pintas", body)])
    output = run(tmp_path, text, index, uploads)
    assert get_image_model().objects.count() == 2
    assert "is not in wp-content/uploads" in output


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&lol9;</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status></item></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>&secret;</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status></item></channel></rss>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "external"])
def test_a_hostile_file_is_refused(tmp_path, index, text):
    with pytest.raises(CommandError, match="refused: the file declares XML entities"):
        run(tmp_path, text, index)
    assert not ArticlePage.objects.exists()


def test_a_malformed_file_names_the_line_and_imports_nothing_half_way(tmp_path, uploads, index):
    text = newsroom_export().replace("<title>Kapal Pesiar Berlabuh</title>",
                                     "<title>Kapal Pesiar <b>Berlabuh</title>")
    line = next(n for n, text_line in enumerate(text.splitlines(), 1)
                if "Kapal Pesiar <b>" in text_line)
    with pytest.raises(CommandError, match=rf"malformed XML at line {line}, column \d+: "
                                           "mismatched tag"):
        run(tmp_path, text, index, uploads)
    assert not ArticlePage.objects.exists() and not ArticleComment.objects.exists()


def test_not_a_wordpress_export(tmp_path, index):
    with pytest.raises(CommandError, match="not a WordPress export"):
        run(tmp_path, "<html><body>hello</body></html>", index)


def test_bad_arguments_are_clear_errors(tmp_path, index):
    (tmp_path / "export.xml").write_text(newsroom_export())
    with pytest.raises(CommandError, match="no page has this id or path"):
        call_command("import_wordpress", str(tmp_path / "export.xml"), into="/tidak-ada/")
    with pytest.raises(CommandError, match="is not a news index"):
        call_command("import_wordpress", str(tmp_path / "export.xml"), into="/")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_wordpress", str(tmp_path / "missing.xml"), into=str(index.pk))
    # By path, as an editor sees it.
    call_command("import_wordpress", str(tmp_path / "export.xml"), into="/berita/",
                 stdout=StringIO())
    assert ArticlePage.objects.count() == 2


def test_authors_link_to_the_wagtail_user_with_their_email(tmp_path, uploads, index,
                                                          django_user_model):
    user = django_user_model.objects.create_user("rwulan", "RINA@kabar.example", "x")
    run(tmp_path, newsroom_export(), index, uploads)
    assert Author.objects.get(slug="rina").user == user
    assert Author.objects.get(slug="tom").user is None


def test_a_wordpress_com_export(client, tmp_path, index):
    """As WordPress.com writes it (the Theme Unit Test data): https namespaces, photos on
    files.wordpress.com, a tag in Greek, a login in stray characters."""
    body = ('<img src="https://kabarlama.files.wordpress.com/2013/09/pantai.jpg?w=604" '
            'alt="Pantai berpasir putih">')
    text = wxr.export(
        wxr.author("rina", "Rina Wulandari"),
        wxr.post(30, "Pantai Yunani", body, creator=">rina",
                 tags=[("content-%ce%b5", "content-περιεχόμενο")]),
    ).replace("http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/")
    folder = tmp_path / "uploads" / "2013" / "09"
    folder.mkdir(parents=True)
    (folder / "pantai.jpg").write_bytes(jpeg_bytes())
    run(tmp_path, text, index, tmp_path / "uploads")
    article = ArticlePage.objects.get(title="Pantai Yunani")
    assert [a.name for a in article.get_authors()] == ["Rina Wulandari"]
    assert article.body[0].block_type == "image"
    assert article.body[0].value["alt_text"] == "Pantai berpasir putih"
    tag = article.tags.get()
    assert tag.name == "content-περιεχόμενο" and tag.slug == "content"
    response = client.get(article.url)
    assert response.status_code == 200
    assert client.get(index.url + "tags/content/").status_code == 200


def test_what_does_not_fit_is_reported(tmp_path, index):
    long_name = "Pembaca Dengan Nama yang Sangat Panjang Sekali Hingga Melebihi Batas"
    text = wxr.export(wxr.post(40, "Panjang", "Isi", comments=[
        wxr.comment(401, "Halo", name=long_name, url="https://a.example/" + "x" * 300),
    ], excerpt="Kata " * 150))
    output = run(tmp_path, text, index)
    stored = ArticleComment.objects.get()
    assert stored.user_name == long_name[:50] and stored.user_url == ""
    assert "comment 401: the name is cut to 50 characters" in output
    assert "comment 401: the website address is too long; dropped" in output
    assert "post 40: the excerpt is cut to 500 characters" in output
    assert len(ArticlePage.objects.get().standfirst) == 500


def test_a_block_gallery_keeps_every_photo(tmp_path, uploads, index):
    gallery = (
        '<!-- wp:gallery --><figure class="wp-block-gallery">'
        f'<figure class="wp-block-image"><img src="{UPLOADS}/2023/11/pasar.jpg" alt="Pasar"/>'
        '<figcaption>Pasar pagi (Foto: Budi/Antara)</figcaption></figure>'
        f'<figure class="wp-block-image"><img src="{UPLOADS}/2023/11/kapal.jpg" alt="Kapal"/>'
        "</figure></figure><!-- /wp:gallery -->"
    )
    run(tmp_path, wxr.export(wxr.post(50, "Galeri", gallery)), index, uploads)
    body = ArticlePage.objects.get().body
    assert [(b.block_type, b.value["caption"], b.value["credit"]) for b in body] == [
        ("image", "Pasar pagi", "Budi/Antara"), ("image", "", ""),
    ]


def test_replies_in_a_loop_are_kept(tmp_path, index):
    text = wxr.export(wxr.post(60, "Lingkaran", "Isi", comments=[
        wxr.comment(601, "Saya menjawab 602", parent=602),
        wxr.comment(602, "Saya menjawab 601", parent=601),
    ]))
    output = run(tmp_path, text, index)
    assert ArticleComment.objects.count() == 2
    assert "its replies loop; it starts a thread" in output


def test_a_thread_thousands_of_replies_deep(tmp_path, index):
    replies = [wxr.comment(700 + n, f"Balasan {n}", parent=699 + n if n else 0)
               for n in range(3000)]
    run(tmp_path, wxr.export(wxr.post(70, "Dalam", "Isi", comments=replies)), index)
    levels = list(ArticleComment.objects.order_by("order").values_list("level", flat=True))
    assert len(levels) == 3000 and levels[:4] == [0, 1, 2, 2] and max(levels) == 2
