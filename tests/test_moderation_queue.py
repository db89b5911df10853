"""The moderation queue in the Wagtail admin: tabs, rows, filters, actions, purge, queries."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsplugin.models import ArticleComment, ModerationStatus
from newsplugin.moderation.decisions import decide, purge_rejected, reply_as_newsroom
from newsplugin.moderation.views import chart

from .builders import bulk_comments, make_article, make_author, make_comment, make_index
from .moderation_helpers import ACT_URL, QUEUE_URL, status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def article():
    return make_article(make_index(), "Pasar Ikan", authors=[make_author("Rina")])


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_tabs_show_counts_and_pending_rows(moderator_client, article):
    waiting = make_comment(
        article,
        "Menunggu <b>tebal</b>",
        approved=False,
        moderation_rule="hold_all",
        ip_address="10.0.0.9",
    )
    make_comment(article, "Sudah terbit", approved=True)
    page = soup(moderator_client.get(QUEUE_URL))
    counts = {
        a["data-status"]: a.select_one(".np-queue__count").get_text()
        for a in page.select(".np-queue__tab")
    }
    assert counts == {
        "pending": "1", "approved": "1", "spam": "0", "rejected": "0", "reported": "0"
    }
    row = page.select_one(f"#queue-comment-{waiting.pk}")
    assert row.select_one(".np-queue__preview b").get_text() == "tebal"
    # The original, escaped, behind a <details>.
    assert "<b>tebal</b>" in row.select_one(".np-queue__original pre").get_text()
    assert row.select_one(".np-queue__email").get_text() == "pembaca@example.com"
    assert row.select_one(".np-queue__ip").get_text() == "10.0.0.0"  # stored truncated
    assert row.select_one(".np-queue__rule").get_text() == "Every guest comment is held"
    assert row.find("a", string="Pasar Ikan")["href"] == article.url
    assert "Sudah terbit" not in page.get_text()


def test_unknown_status_and_bad_filters_show_pending(moderator_client, article):
    make_comment(article, "Menunggu", approved=False)
    for query in (
        "?status=nope",
        "?article=abc",
        "?author=999999",
        "?submit_date_after=x",
        "?p=-4",
        "?ordering=bogus",
    ):
        response = moderator_client.get(QUEUE_URL + query)
        assert response.status_code == 200, query


def test_filters_and_search(moderator_client, article):
    other = make_article(article.get_parent(), "Lain")
    make_comment(article, "Tentang ikan", approved=False, email="ikan@example.com")
    make_comment(other, "Tentang lain", approved=False, url="https://blog.example/x")
    text = soup(moderator_client.get(QUEUE_URL + f"?article={article.pk}")).get_text()
    assert "Tentang ikan" in text and "Tentang lain" not in text
    author = article.get_authors()[0]
    text = soup(moderator_client.get(QUEUE_URL + f"?author={author.pk}")).get_text()
    assert "Tentang ikan" in text and "Tentang lain" not in text
    for term, expected in (
        ("ikan@", "Tentang ikan"),
        ("blog.example", "Tentang lain"),
        ("lain", "Tentang lain"),
    ):
        assert expected in soup(moderator_client.get(QUEUE_URL + f"?q={term}")).get_text()
    today = timezone.localdate().isoformat()
    text = soup(moderator_client.get(QUEUE_URL + f"?submit_date_after={today}")).get_text()
    assert "Tentang ikan" in text


def test_a_reply_shows_its_parent(moderator_client, article):
    parent = make_comment(article, "Induk", name="Budi")
    make_comment(article, "Balasan", approved=False, parent=parent)
    assert "In reply to Budi" in soup(moderator_client.get(QUEUE_URL)).get_text()


@pytest.mark.parametrize(
    "action, status",
    [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")],
)
def test_single_actions(moderator_client, article, action, status):
    comment = make_comment(article, "Satu", approved=False)
    response = moderator_client.post(ACT_URL, {"single": f"{action}:{comment.pk}"})
    assert response.status_code == 302
    assert status_of(comment) == status
    comment.refresh_from_db()
    assert comment.is_public is (status == "approved")
    assert comment.moderated_at is not None


@pytest.mark.parametrize("action", ["approve", "reject", "spam", "restore"])
def test_bulk_actions(moderator_client, article, action):
    comments = [make_comment(article, f"Nomor {n}", approved=False) for n in range(3)]
    if action == "restore":
        decide([c.pk for c in comments], "reject", None)
    keep = make_comment(article, "Tidak dipilih", approved=False)
    moderator_client.post(
        ACT_URL, {"action": action, "ids": [c.pk for c in comments] + ["x", "-1", "999999"]}
    )
    expected = {"approve": "approved", "reject": "rejected", "spam": "spam", "restore": "pending"}[
        action
    ]
    assert {status_of(c) for c in comments} == {expected}
    assert status_of(keep) == "pending"


def test_approved_comment_appears_on_the_article(moderator_client, article):
    reader = Client()
    comment = make_comment(article, "Terbitkan saya", approved=False)
    assert "Terbitkan saya" not in reader.get(article.url).content.decode()
    moderator_client.post(ACT_URL, {"single": f"approve:{comment.pk}"})
    assert "Terbitkan saya" in reader.get(article.url).content.decode()


def test_bad_action_posts_never_fail(moderator_client, article):
    comment = make_comment(article, "Satu", approved=False)
    bad_posts = [
        {},
        {"action": "explode", "ids": [comment.pk]},
        {"action": "approve"},
        {"single": "approve:abc"},
        {"single": "::"},
        {"action": "approve", "ids": ["é", "²", "9" * 40]},
        {"single": "approve:999999", "next": "https://evil.example/"},
    ]
    for data in bad_posts:
        response = moderator_client.post(ACT_URL, data)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/")
    assert status_of(comment) == "pending"
    assert moderator_client.get(ACT_URL).status_code == 405


def test_moderation_purges_the_cached_article(
    moderator_client, article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    client = Client()
    comment = make_comment(article, "Dari cache", approved=False)
    client.get(article.url)
    assert client.get(article.url)["X-Newsplugin-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(ACT_URL, {"single": f"approve:{comment.pk}"})
    fresh = client.get(article.url)
    assert fresh["X-Newsplugin-Cache"] != "hit"
    assert "Dari cache" in fresh.content.decode()


def test_editing_a_comment_purges_and_keeps_sanitising(moderator_client, article):
    comment = make_comment(article, "Salah ketik")
    url = f"{QUEUE_URL}edit/{comment.pk}/"
    assert moderator_client.get(url).status_code == 200
    moderator_client.post(url, {"comment": "Benar <script>x</script>"})
    comment.refresh_from_db()
    assert comment.comment_html == "<p>Benar</p>"
    assert "Benar" in Client().get(article.url).content.decode()


def test_spam_teaches_the_rules(moderator_client, article):
    from .builders import comment_form_data

    spam = make_comment(
        article, "Beli sekarang", approved=False, email="bot@example.com", ip_address="10.6.6.6"
    )
    moderator_client.post(ACT_URL, {"single": f"spam:{spam.pk}"})
    moderator_client.logout()
    moderator_client.post(
        "/comments/post/",
        comment_form_data(article, email="bot@example.com", comment="Lagi"),
        REMOTE_ADDR="10.7.7.7",
    )
    moderator_client.post(
        "/comments/post/",
        comment_form_data(article, email="baru@example.com", comment="Dari IP lama"),
        REMOTE_ADDR="10.6.6.6",
    )
    Client().post(
        "/comments/post/",
        comment_form_data(article, email="tetangga@example.com", comment="Tetangga /24"),
        REMOTE_ADDR="10.6.6.7",
    )
    later = ArticleComment.objects.exclude(pk=spam.pk).order_by("pk")
    # One signal (the email, or the full address) holds; a neighbour shares none.
    assert [(c.comment, c.moderation_status, c.moderation_rule) for c in later] == [
        ("Lagi", "pending", "like_spam"),
        ("Dari IP lama", "pending", "like_spam"),
        ("Tetangga /24", "pending", "hold_all"),
    ]
    # Both the email and the address: Spam (after the flood window).
    cache.clear()
    Client().post(
        "/comments/post/",
        comment_form_data(article, email="bot@example.com", comment="Sekali lagi"),
        REMOTE_ADDR="10.6.6.6",
    )
    assert ArticleComment.objects.get(comment="Sekali lagi").moderation_rule == "learned_spam"


def test_restore_brings_a_rejected_comment_back(moderator_client, article):
    comment = make_comment(article, "Kembali", approved=False)
    decide([comment.pk], "reject", None)
    moderator_client.post(ACT_URL, {"single": f"restore:{comment.pk}"})
    assert status_of(comment) == "pending"


def test_rejected_comments_are_purged_after_the_retention(article, settings):
    settings.NEWSPLUGIN_REJECTED_RETENTION_DAYS = 30
    old = make_comment(article, "Lama", approved=False)
    recent = make_comment(article, "Baru", approved=False)
    decide([old.pk, recent.pk], "reject", None)
    ArticleComment.objects.filter(pk=old.pk).update(
        moderated_at=timezone.now() - timedelta(days=31)
    )
    assert purge_rejected() == 1
    assert list(ArticleComment.objects.values_list("pk", flat=True)) == [recent.pk]
    ArticleComment.objects.filter(pk=recent.pk).update(
        moderated_at=timezone.now() - timedelta(days=40)
    )
    call_command("purge_rejected_comments", verbosity=0)
    assert not ArticleComment.objects.exists()


def test_reply_from_the_queue_is_published_as_the_newsroom(moderator_client, article):
    parent = make_comment(article, "Kapan dibuka?", approved=False)
    url = f"{QUEUE_URL}reply/{parent.pk}/"
    page = soup(moderator_client.get(url)).get_text()
    assert "This comment is pending. It keeps that state unless you also approve it" in page
    response = moderator_client.post(url, {"comment": "Besok pagi.", "approve_parent": "on"})
    assert response.status_code == 302
    shown = soup(moderator_client.get(response["Location"])).get_text()
    assert "The comment was approved and your reply is published." in shown
    reply = ArticleComment.objects.get(by_newsroom=True)
    assert (reply.moderation_status, reply.parent_id, reply.moderation_rule) == (
        "approved",
        parent.pk,
        "newsroom",
    )
    assert status_of(parent) == "approved"
    assert "Besok pagi." in moderator_client.get(article.url).content.decode()
    assert moderator_client.get(f"{QUEUE_URL}reply/999999/").status_code == 404


def test_chart_counts_comments_per_day_by_status(moderator_client, article):
    make_comment(article, "Satu", approved=False)
    make_comment(article, "Dua", approved=True)
    data = chart()
    assert data["total"] == 2
    assert {bar["status"] for bar in data["bars"]} == {"pending", "approved"}
    page = soup(moderator_client.get(QUEUE_URL))
    svg = page.select_one("svg.np-chart__svg")
    assert len(svg.select("rect")) == 2
    assert not page.select(".np-queue [style], .np-chart [style]")
    assert "http" not in str(svg).replace("http://www.w3.org", "")


def test_dashboard_and_menu_show_the_pending_count(moderator_client, article):
    make_comment(article, "Satu", approved=False)
    make_comment(article, "Dua", approved=False)
    home = moderator_client.get("/admin/").content.decode()
    assert "Comments waiting for moderation: 2" in home
    assert "Comments (2)" in home


def test_queue_list_queries_do_not_grow_with_rows(moderator_client, article):
    bulk_comments(article, 10, approved=False)
    moderator_client.get(QUEUE_URL)  # warm: content types, site settings
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(QUEUE_URL)
    bulk_comments(article, 120, approved=False)
    with CaptureQueriesContext(connection) as many:
        response = moderator_client.get(QUEUE_URL)
    assert len(soup(response).select(".np-queue__row")) == 50  # paginated
    assert len(many) == len(few)


def test_bulk_action_on_1000_comments_is_bounded(moderator, article):
    ids = bulk_comments(article, 1000, approved=False)
    with CaptureQueriesContext(connection) as queries:
        assert decide(ids, "approve", moderator) == 1000
    # A handful, whatever the number: SQLite splits the 1,000-row log insert in batches.
    assert len(queries) <= 25, [q["sql"][:60] for q in queries]
    assert ArticleComment.objects.with_status(ModerationStatus.APPROVED).count() == 1000
    assert ArticleComment.objects.approved().count() == 1000


@pytest.mark.parametrize("state", [ModerationStatus.PENDING, ModerationStatus.SPAM])
def test_a_queue_reply_leaves_a_hidden_comment_in_its_state_and_says_so(
    moderator_client, article, state
):
    parent = make_comment(article, "Kapan dibuka?", approved=False, moderation_status=state)
    response = moderator_client.post(
        f"{QUEUE_URL}reply/{parent.pk}/", {"comment": "Besok pagi."}, follow=True
    )
    assert status_of(parent) == state
    text = soup(response).get_text()
    assert (
        f"Your reply is saved, but the comment it answers is still {state}: neither shows "
        "on the article until that comment is approved."
    ) in text
    assert "Besok pagi." not in moderator_client.get(article.url).content.decode()
    # Approving the comment later shows both.
    decide([parent.pk], "approve", None)
    assert "Besok pagi." in Client().get(article.url).content.decode()


def test_a_queue_reply_to_an_approved_comment_just_publishes(moderator_client, article):
    parent = make_comment(article, "Kapan dibuka?")
    url = f"{QUEUE_URL}reply/{parent.pk}/"
    page = soup(moderator_client.get(url))
    assert page.select_one('input[name="approve_parent"]') is None
    response = moderator_client.post(url, {"comment": "Besok pagi."}, follow=True)
    assert "Your reply is published." in soup(response).get_text()


def test_reply_as_newsroom_names_the_publisher(article, moderator):
    parent = make_comment(article, "Tanya")
    reply = reply_as_newsroom(parent, moderator, "Jawab")
    assert reply.user_name  # the site's name, not the moderator's account
    assert reply.by_newsroom


def test_the_queue_shows_the_columns_and_actions_its_viewset_declares(moderator, article):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from newsplugin.moderation.decisions import ACTIONS
    from newsplugin.moderation.views import ModerationQueueIndexView, QueueColumn
    from newsplugin.moderation.viewsets import CELLS, moderation_queue_viewset

    comment = make_comment(article, "Ikan segar", approved=False)
    labels = [column.label for column in moderation_queue_viewset.columns]
    assert labels == ["Select", "Comment", "Commenter", "Article", "Received", "Rule", "Actions"]
    viewset = moderation_queue_viewset
    view = viewset.construct_view(
        ModerationQueueIndexView,
        **viewset.get_index_view_kwargs(
            queue_columns=[
                QueueColumn("Words", CELLS + "comment.html"),
                QueueColumn("Do", CELLS + "actions.html"),
            ],
            queue_actions=[ACTIONS["spam"]],
        ),
    )
    request = RequestFactory().get(QUEUE_URL)
    request.user = moderator
    request.session = {}
    request._messages = FallbackStorage(request)

    page = BeautifulSoup(view(request).render().content, "html.parser")

    table = page.select_one("table.np-queue__table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Words", "Do"]
    row = table.select_one(f"#queue-comment-{comment.pk}")
    assert "Ikan segar" in row.select_one(".np-queue__comment").get_text()
    assert [b["value"] for b in row.select("button[name=single]")] == [f"spam:{comment.pk}"]


def test_counts_stop_at_the_limit_and_say_so(moderator_client, article, settings):
    # A million comments cost an exact count on every admin page; above the limit
    # the tab and the menu say "at least".
    settings.NEWSPLUGIN_QUEUE_COUNT_LIMIT = 3
    bulk_comments(article, 5, approved=False)
    bulk_comments(article, 2, approved=True)
    page = soup(moderator_client.get(QUEUE_URL))
    counts = {tab["data-status"]: tab.select_one(".np-queue__count").get_text()
              for tab in page.select(".np-queue__tab")}
    assert counts == {"pending": "3+", "approved": "2", "spam": "0", "rejected": "0",
                      "reported": "0"}
    home = moderator_client.get("/admin/").content.decode()
    assert "Comments (3+)" in home
    assert "Comments waiting for moderation: 3+" in home
    settings.NEWSPLUGIN_QUEUE_COUNT_LIMIT = 1000
    assert "Comments (5)" in moderator_client.get("/admin/").content.decode()
