"""An article imported from WordPress, as a reader sees it in a real browser."""

from io import StringIO

import pytest
from django.core.management import call_command

from newsplugin.models import ArticleComment, ArticlePage

from .builders import jpeg_bytes, make_index
from .test_wordpress_import import newsroom_export

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_imported_article_shows_its_captioned_photos_and_comment_threads(
    live_server, page, screenshot, tmp_path
):
    folder = tmp_path / "uploads" / "2023" / "11"
    folder.mkdir(parents=True)
    (folder / "pasar.jpg").write_bytes(jpeg_bytes(1200, 800))
    (folder / "kapal.jpg").write_bytes(jpeg_bytes(1200, 800, colour=(200, 60, 40)))
    (tmp_path / "export.xml").write_text(newsroom_export(), encoding="utf-8")
    index = make_index()
    call_command("import_wordpress", str(tmp_path / "export.xml"),
                 uploads=str(tmp_path / "uploads"), into=str(index.pk), stdout=StringIO())
    article = ArticlePage.objects.get(title="Harga Ikan Naik")

    # The old WordPress address leads to the article.
    page.goto(live_server.url + "/2023/11/05/harga-ikan-naik/")
    assert page.url == live_server.url + article.url
    assert page.locator("h1").inner_text() == "Harga Ikan Naik"

    lead = page.locator(".np-article__lead img")
    lead.wait_for(state="visible")
    assert lead.evaluate("img => img.complete && img.naturalWidth") > 0
    assert lead.get_attribute("alt") == "Pedagang ikan di Muara Angke"
    assert "(Foto: Yuri Kadobnov/AP)" in page.locator(".np-article__lead figcaption").inner_text()

    body_photo = page.locator(".np-article__body figure.np-figure").first
    body_photo.scroll_into_view_if_needed()
    image = body_photo.locator("img")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    caption = body_photo.locator("figcaption").inner_text()
    assert "Pedagang ikan menata dagangan di Muara Angke" in caption
    assert "Yuri Kadobnov/AP" in caption

    sari = ArticleComment.objects.get(user_name="Sari")
    budi = ArticleComment.objects.get(user_name="Budi")
    replies = page.locator(f"#comment-{sari.pk} .np-comment__replies")
    assert "Setuju, harga memang naik." in replies.first.inner_text()
    deeper = page.locator(f"#comment-{budi.pk} .np-comment__replies .np-comment__text")
    assert sorted(deeper.all_inner_texts()) == ["Balasan terlalu dalam.", "Di pasar saya juga."]
    # Replies are drawn indented under the comment they answer.
    top = page.locator(f"#comment-{sari.pk} .np-comment__text").first.bounding_box()
    nested = deeper.first.bounding_box()
    assert nested["x"] > top["x"]
    body = page.content()
    assert "Menunggu moderasi" not in body and "sari@example.com" not in body.lower()
    screenshot("wordpress-imported-article")
