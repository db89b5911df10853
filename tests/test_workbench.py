"""The moderator's workbench without a browser: undo, bulk, commenter history and
rules, reader reports, editor's picks, decision notices, section-scoped moderators."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, Site

from newsplugin.comments.notifications import UNSUBSCRIBE_DECISION_SALT, unsubscribe_token
from newsplugin.models import (
    ArticleComment,
    CommenterRule,
    CommentReport,
    ModerationSettings,
    SectionModerators,
)
from newsplugin.moderation.decisions import apply_decision, decide, feature

from .builders import comment_form_data, make_article, make_comment, make_index
from .moderation_helpers import ACT_URL, QUEUE_URL, make_user, status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
JSON = {"HTTP_ACCEPT": "application/json"}
REPORT_URL = "/comments/report/"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def logged(comment):
    return list(
        ModelLogEntry.objects.filter(object_id=str(comment.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def moderation_settings(**values):
    site_settings = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(site_settings, name, value)
    site_settings.save()
    return site_settings


# Bulk and undo


def test_the_bulk_action_starts_unchosen_and_offers_select_all(moderator_client, article):
    make_comment(article, "Menunggu", approved=False)
    page = soup(moderator_client.get(QUEUE_URL))
    selected = page.select_one("#np-queue-action option[selected]")
    assert selected["value"] == ""
    assert page.select_one("[data-np-select-all]") is not None
    response = moderator_client.post(ACT_URL, {"action": "", "ids": ["1"]}, **JSON)
    assert response.status_code == 400
    assert response.json()["message"] == "Choose what to do with the comments."


def test_a_decision_answers_json_and_undo_restores_the_previous_states(
    moderator_client, article
):
    held = make_comment(article, "Menunggu", approved=False)
    spam = make_comment(article, "Sudah spam", approved=False, moderation_status="spam")
    response = moderator_client.post(
        ACT_URL, {"action": "approve", "ids": [held.pk, spam.pk]}, **JSON
    )
    answer = response.json()
    assert answer["ok"] and answer["changed"] == 2
    assert answer["counts"]["approved"] == 2 and answer["counts"]["pending"] == 0
    assert status_of(held) == status_of(spam) == "approved"

    undone = moderator_client.post(f"{QUEUE_URL}undo/", {"uuid": answer["undo"]}, **JSON)
    assert undone.json()["changed"] == 2
    assert (status_of(held), status_of(spam)) == ("pending", "spam")
    assert logged(held) == ["newsplugin.comment.approve", "newsplugin.comment.undo"]
    # Undoing twice finds nothing left to put back.
    again = moderator_client.post(f"{QUEUE_URL}undo/", {"uuid": answer["undo"]}, **JSON)
    assert again.status_code == 409


def test_undo_leaves_a_comment_someone_moved_since(moderator_client, article, moderator):
    comment = make_comment(article, "Menunggu", approved=False)
    receipt = apply_decision([comment.pk], "approve", moderator)
    decide([comment.pk], "reject", moderator)
    response = moderator_client.post(f"{QUEUE_URL}undo/", {"uuid": receipt.uuid}, **JSON)
    assert response.status_code == 409
    assert status_of(comment) == "rejected"


def test_without_javascript_the_queue_offers_undo_after_a_decision(moderator_client, article):
    comment = make_comment(article, "Menunggu", approved=False)
    response = moderator_client.post(ACT_URL, {"single": f"spam:{comment.pk}"}, follow=True)
    form = soup(response).select_one(".np-queue__undo")
    assert form["action"] == f"{QUEUE_URL}undo/"
    moderator_client.post(form["action"], {"uuid": form.select_one("[name=uuid]")["value"]})
    assert status_of(comment) == "pending"
    assert soup(moderator_client.get(QUEUE_URL)).select_one(".np-queue__undo") is None


@pytest.mark.parametrize("value", ["", "nope", "1; DROP TABLE x", "0" * 40])
def test_a_bad_undo_is_refused_clearly(moderator_client, value):
    response = moderator_client.post(f"{QUEUE_URL}undo/", {"uuid": value}, **JSON)
    assert response.status_code in (400, 409)
    assert response.json()["ok"] is False


def test_a_reason_must_come_from_the_sites_list(moderator_client, article):
    moderation_settings(decision_reasons="Off-topic\nPersonal attack")
    comment = make_comment(article, "Menunggu", approved=False)
    bad = moderator_client.post(
        ACT_URL, {"single": f"reject:{comment.pk}", "reason": "<b>made up</b>"}, **JSON
    )
    assert bad.status_code == 400 and status_of(comment) == "pending"
    page = soup(moderator_client.get(QUEUE_URL))
    assert [o.get_text() for o in page.select("#np-queue-reason option")][1:] == [
        "Off-topic", "Personal attack"
    ]
    moderator_client.post(ACT_URL, {"single": f"reject:{comment.pk}", "reason": "Off-topic"})
    comment.refresh_from_db()
    assert (comment.moderation_status, comment.decision_reason) == ("rejected", "Off-topic")


# Commenter history and rules


def test_history_counts_the_same_email_or_full_address_not_the_slash_24(
    moderator_client, article
):
    past = [
        make_comment(article, "Dulu 1", email="sari@example.com", ip_address="203.0.113.7"),
        make_comment(article, "Dulu 2", approved=False, moderation_status="spam",
                     email="SARI@example.com"),
        make_comment(article, "Dari alamat yang sama", approved=False,
                     moderation_status="rejected", email="lain@example.com",
                     ip_address="203.0.113.7"),
    ]
    # Same /24 as Sari, another reader: not her.
    make_comment(article, "Tetangga", email="tetangga@example.com", ip_address="203.0.113.8")
    new = make_comment(article, "Baru", approved=False, email="sari@example.com",
                       ip_address="203.0.113.7")
    row = soup(moderator_client.get(QUEUE_URL)).select_one(f"#queue-comment-{new.pk}")
    counts = {b["data-np-history"]: b.get_text() for b in row.select("[data-np-history]")}
    assert counts == {"approved": "1", "rejected": "1", "spam": "1"}
    others = soup(moderator_client.get(QUEUE_URL + row.select_one(".np-queue__others")["href"]))
    shown = {int(r["data-np-comment"]) for r in others.select("[data-np-comment]")}
    assert shown == {new.pk, *(c.pk for c in past)}


def test_always_hold_a_commenter(moderator_client, article, client, no_flood_control):
    moderation_settings(policy="publish")
    first = make_comment(article, "Pertama", email="ribut@example.com")
    moderator_client.post(f"{QUEUE_URL}commenter-rule/{first.pk}/", {"rule": "hold"})
    assert logged(first) == ["newsplugin.commenter.rule"]
    client.post("/comments/post/", comment_form_data(article, email="Ribut@Example.com",
                                                     comment="Lagi"))
    again = ArticleComment.objects.get(comment="Lagi")
    assert (again.moderation_status, again.moderation_rule) == ("pending", "commenter_held")
    client.post("/comments/post/", comment_form_data(article, email="orang@example.com",
                                                     comment="Orang lain"))
    assert ArticleComment.objects.get(comment="Orang lain").moderation_status == "approved"


def test_trust_needs_the_commenters_own_browser(moderator_client, article, no_flood_control):
    from newsplugin.comments.commenters import COOKIE_NAME

    sari = Client()
    response = sari.post("/comments/post/", comment_form_data(
        article, name="Sari", email="sari@example.com", comment="Pertama", remember="on"))
    assert COOKIE_NAME in response.cookies
    first = ArticleComment.objects.get(comment="Pertama")
    moderator_client.post(f"{QUEUE_URL}commenter-rule/{first.pk}/", {"rule": "trust"})
    assert CommenterRule.objects.get().kind == "trust"
    assert status_of(first) == "pending"  # the rule is for what comes next
    # A stranger typing her email is not trusted.
    Client().post("/comments/post/", comment_form_data(
        article, name="Sari", email="sari@example.com", comment="Palsu"))
    assert ArticleComment.objects.get(comment="Palsu").moderation_status == "pending"
    sari.post("/comments/post/", comment_form_data(
        article, name="Sari", email="sari@example.com", comment="Kedua", remember="on"))
    second = ArticleComment.objects.get(comment="Kedua")
    assert (second.moderation_status, second.moderation_rule) == ("approved", "commenter_trusted")
    # One click back: no rule.
    moderator_client.post(f"{QUEUE_URL}commenter-rule/{first.pk}/", {"rule": "none"})
    assert not CommenterRule.objects.exists()


def test_a_bad_commenter_rule_is_refused(moderator_client, article):
    comment = make_comment(article, "Pertama")
    response = moderator_client.post(
        f"{QUEUE_URL}commenter-rule/{comment.pk}/", {"rule": "ban"}, **JSON
    )
    assert response.status_code == 400 and not CommenterRule.objects.exists()
    assert moderator_client.post(f"{QUEUE_URL}commenter-rule/999999/", {"rule": "hold"}
                                 ).status_code == 404


# Reader reports


def report(client, comment, reason="spam", **extra):
    return client.post(REPORT_URL, {"comment": str(comment.pk), "reason": reason}, **extra)


def test_the_cached_article_carries_a_report_link_and_no_token(article, settings):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    comment = make_comment(article, "Terbit")
    Client().get(article.url)
    cached = Client().get(article.url)
    assert cached["X-Newsplugin-Cache"] == "hit"
    page = BeautifulSoup(cached.content, "html.parser")
    link = page.select_one(f"[data-np-report='{comment.pk}']")
    assert link["href"] == f"{REPORT_URL}?comment={comment.pk}"
    assert link.get_text() == "Report"
    assert "csrfmiddlewaretoken" not in cached.content.decode()
    with CaptureQueriesContext(connection) as queries:
        token = Client().get("/comments/report/token/")
    assert token["Cache-Control"].startswith("max-age=0") and token.json()["csrfmiddlewaretoken"]
    assert len(queries) == 0  # a token for a cached page costs the database nothing


def test_a_report_without_a_token_comes_back_with_one(article):
    comment = make_comment(article, "Terbit")
    reader = Client(enforce_csrf_checks=True)
    response = report(reader, comment, "abuse")
    assert response.status_code == 403 and not CommentReport.objects.exists()
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("input[value=abuse]").has_attr("checked")
    token = page.select_one("[name=csrfmiddlewaretoken]")["value"]
    response = reader.post(REPORT_URL, {"comment": comment.pk, "reason": "abuse",
                                        "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert CommentReport.objects.get().reason == "abuse"


@pytest.mark.parametrize("comment_value", ["", "abc", "-1", "999999", "1e3", "١٢"])
def test_reporting_what_is_not_a_public_comment_is_a_404(client, comment_value,
                                                         no_traceback_in_the_log):
    response = client.post(REPORT_URL, {"comment": comment_value, "reason": "spam"})
    assert response.status_code == 404
    assert "not published" in response.content.decode()


def test_held_comments_and_bad_reasons_cannot_be_reported(client, article):
    held = make_comment(article, "Menunggu", approved=False)
    assert report(client, held).status_code == 404
    public = make_comment(article, "Terbit")
    response = report(client, public, "<script>", **JSON)
    assert response.status_code == 400
    assert response.json()["message"] == "Choose why you are reporting this comment."


def test_reports_are_limited_per_reader(article):
    first, second = make_comment(article, "Satu"), make_comment(article, "Dua")
    reader = Client(REMOTE_ADDR="198.51.100.5")
    assert report(reader, first).status_code == 200
    limited = report(reader, second, **JSON)
    assert limited.status_code == 429 and "too quickly" in limited.json()["message"]
    assert report(Client(REMOTE_ADDR="198.51.100.6"), second).status_code == 200
    cache.clear()  # later than the interval: the same reader, the same comment again
    again = report(reader, first, **JSON)
    assert again.status_code == 200 and "already" in again.json()["message"]
    assert CommentReport.objects.count() == 2


def test_enough_reports_send_a_comment_back_to_pending(
    article, moderator_client, settings, django_capture_on_commit_callbacks
):
    moderation_settings(reports_to_hold=2)
    comment = make_comment(article, "Menyesatkan")
    with django_capture_on_commit_callbacks(execute=True):
        report(Client(REMOTE_ADDR="198.51.100.1"), comment, "abuse")
        assert status_of(comment) == "approved"
        report(Client(REMOTE_ADDR="198.51.100.2"), comment, "off_topic")
    comment.refresh_from_db()
    assert (comment.moderation_status, comment.moderation_rule) == ("pending", "reader_reports")
    assert "newsplugin.comment.reported" in logged(comment)
    assert "Menyesatkan" not in Client().get(article.url).content.decode()

    page = soup(moderator_client.get(QUEUE_URL + "?status=reported"))
    assert page.select_one("[data-status=reported] .np-queue__count").get_text() == "1"
    row = page.select_one(f"#queue-comment-{comment.pk}")
    assert row.select_one(".np-queue__reports").get_text() == (
        "Reports: 2 (Abusive or hateful: 1, Off-topic: 1)"
    )
    # A decision resolves the reports: the tab empties, logged.
    moderator_client.post(ACT_URL, {"single": f"approve:{comment.pk}"})
    assert status_of(comment) == "approved"
    assert soup(moderator_client.get(QUEUE_URL + "?status=reported")).select(
        "[data-np-comment]") == []
    assert "newsplugin.comment.reports_dismissed" in logged(comment)


# Editor's picks


def test_an_editors_pick_shows_first_with_its_mark_and_in_the_json(
    moderator_client, article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 300
    early = make_comment(article, "Komentar pertama")
    pick = make_comment(article, "Komentar terbaik")
    reader = Client()
    reader.get(article.url)
    assert reader.get(article.url)["X-Newsplugin-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(f"{QUEUE_URL}feature/{pick.pk}/", {"featured": "1"})
    page = BeautifulSoup(reader.get(article.url).content, "html.parser")  # purged
    picks = page.select_one(".np-comments__picks")
    assert picks.select_one("h3").get_text() == "Editor's picks"
    assert picks.select_one(".np-comment__pick").get_text() == "Editor's pick"
    assert "Komentar terbaik" in picks.get_text() and "pertama" not in picks.get_text()
    texts = [t.get_text() for t in page.select(".np-comments .np-comment__text")]
    assert texts[0] == "Komentar terbaik"
    assert texts.count("Komentar pertama") == 1
    data = Client().get(f"/comments/articles/{article.pk}/").json()
    assert [c["id"] for c in data["featured"]] == [pick.pk]
    assert {c["id"]: c["featured"] for c in data["results"]} == {early.pk: False, pick.pk: True}
    assert logged(pick) == ["newsplugin.comment.feature"]


def test_only_approved_comments_are_picks_and_hiding_withdraws_them(
    moderator_client, article, moderator
):
    held = make_comment(article, "Menunggu", approved=False)
    response = moderator_client.post(f"{QUEUE_URL}feature/{held.pk}/", **JSON)
    assert response.status_code == 400
    parent = make_comment(article, "Induk")
    reply = make_comment(article, "Balasan", parent=parent)
    assert feature(reply, moderator)
    decide([parent.pk], "reject", moderator)
    reply.refresh_from_db()
    assert not reply.featured
    assert Client().get(f"/comments/articles/{article.pk}/").json()["featured"] == []


# Decision notices


def test_the_decision_notice_is_off_by_default(client, article):
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    box = page.select_one("#id_notify_decision")
    assert box is not None and not box.has_attr("checked")
    assert "approves or rejects" in page.select_one("label[for=id_notify_decision]").get_text()
    client.post("/comments/post/", comment_form_data(article, comment="Tanpa kabar"))
    assert not ArticleComment.objects.get().notify_decision


def in_indonesian(article):
    """Move ``article`` to an Indonesian locale (the "english" fixture made English the
    site's default locale)."""
    from wagtail.models import Locale

    locale = Locale.objects.get_or_create(language_code="id")[0]
    type(article).objects.filter(pk=article.pk).update(locale=locale)
    article.refresh_from_db()


@pytest.fixture
def english_article(article):
    """The article in an English locale: its notices are in English, whatever the site's."""
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="en")
    type(article).objects.filter(pk=article.pk).update(
        locale=Locale.objects.get(language_code="en")
    )
    article.refresh_from_db()
    return article


def test_a_commenter_who_asked_hears_once_with_the_reason(
    client, english_article, moderator, django_capture_on_commit_callbacks
):
    article = english_article
    moderation_settings(decision_reasons="Tidak sesuai topik")
    client.post("/comments/post/", comment_form_data(
        article, comment="Kabari saya", email="sari@example.com", notify_decision="on"))
    comment = ArticleComment.objects.get()
    assert comment.notify_decision
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide([comment.pk], "reject", moderator, reason="Tidak sesuai topik")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sari@example.com"]
    assert "was not published" in message.subject and "Pasar Ikan" in message.subject
    assert "Reason: Tidak sesuai topik" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_capture_on_commit_callbacks(execute=True):
        decide([comment.pk], "approve", moderator)
    assert len(mail.outbox) == 1  # once


def test_the_notice_is_in_the_articles_language(
    client, article, moderator, settings, django_capture_on_commit_callbacks
):
    # The site answers in English; the article's locale is Indonesian.
    in_indonesian(article)
    assert article.locale.language_code == "id" and settings.LANGUAGE_CODE == "en"
    client.post("/comments/post/", comment_form_data(article, notify_decision="on"))
    comment = ArticleComment.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide([comment.pk], "approve", moderator)
    assert "Komentar Anda" in mail.outbox[0].subject


def test_unsubscribing_from_the_notice(client, article, moderator,
                                       django_capture_on_commit_callbacks):
    client.post("/comments/post/", comment_form_data(article, notify_decision="on"))
    comment = ArticleComment.objects.get()
    url = f"/comments/unsubscribe-decision/{unsubscribe_token(comment, UNSUBSCRIBE_DECISION_SALT)}/"
    assert "Stop the e-mail" in Client().get(url).content.decode()
    assert ArticleComment.objects.get().notify_decision  # a GET only asks
    Client().post(url)
    assert not ArticleComment.objects.get().notify_decision
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide([comment.pk], "approve", moderator)
    assert mail.outbox == []
    # A reply-notification token does not work here, nor a forged one.
    from newsplugin.comments.notifications import unsubscribe_token as reply_token

    assert Client().post(f"/comments/unsubscribe-decision/{reply_token(comment)}/"
                         ).status_code == 400
    assert Client().get("/comments/unsubscribe-decision/x:y/").status_code == 400


# Section-scoped moderators


@pytest.fixture
def sections():
    sport, economy = make_index("Olahraga", "olahraga"), make_index("Ekonomi", "ekonomi")
    group = Group.objects.create(name="Sport desk")
    group.permissions.set(Group.objects.get(name="Comment moderators").permissions.all())
    scope = SectionModerators.objects.create(group=group)
    scope.sections.set([sport])
    sport_comment = make_comment(make_article(sport, "Final Liga"), "Soal bola",
                                 approved=False)
    other = make_comment(make_article(economy, "Harga Beras"), "Soal beras", approved=False)
    desk = make_user("desk", "Sport desk")
    desk_client = Client()
    desk_client.force_login(desk)
    return {"sport": sport_comment, "other": other, "client": desk_client, "user": desk}


def test_a_section_moderator_sees_only_their_sections(sections):
    desk = sections["client"]
    page = soup(desk.get(QUEUE_URL))
    shown = {int(r["data-np-comment"]) for r in page.select("[data-np-comment]")}
    assert shown == {sections["sport"].pk}
    assert page.select_one("[data-status=pending] .np-queue__count").get_text() == "1"
    assert "Soal beras" not in page.get_text()
    # The menu badge and the dashboard count the same.
    home = desk.get("/admin/").content.decode()
    assert "Comments waiting for moderation: 1" in home
    assert "Comments (1)" in home
    # Their commenter link cannot reach another section's comment.
    other = soup(desk.get(f"{QUEUE_URL}?commenter={sections['other'].pk}"))
    assert "Soal beras" not in other.get_text()


def test_a_section_moderator_decides_only_their_sections(sections):
    desk, other, sport = sections["client"], sections["other"], sections["sport"]
    response = desk.post(ACT_URL, {"action": "approve", "ids": [other.pk, sport.pk]}, **JSON)
    assert response.json()["changed"] == 1
    assert response.json()["counts"]["approved"] == 1
    assert (status_of(sport), status_of(other)) == ("approved", "pending")
    for url, data in [
        (f"{QUEUE_URL}feature/{other.pk}/", {}),
        (f"{QUEUE_URL}commenter-rule/{other.pk}/", {"rule": "hold"}),
        (f"{QUEUE_URL}reply/{other.pk}/", {"comment": "Dari redaksi"}),
        (f"{QUEUE_URL}edit/{other.pk}/", {"comment": "Diubah"}),
    ]:
        assert desk.post(url, data).status_code == 404, url
    assert desk.get(f"{QUEUE_URL}history/{other.pk}/").status_code == 404
    assert desk.get(f"{QUEUE_URL}history/{sport.pk}/").status_code == 200
    # Undo of someone else's decision in another section changes nothing there.
    receipt = apply_decision([other.pk], "spam", None)
    assert desk.post(f"{QUEUE_URL}undo/", {"uuid": receipt.uuid}, **JSON).status_code == 409
    assert status_of(other) == "spam"
    assert not CommenterRule.objects.exists()
    other.refresh_from_db()
    assert other.comment == "Soal beras"


def test_a_moderator_in_an_unlimited_group_sees_everything(sections, client):
    sections["user"].groups.add(Group.objects.get(name="Comment moderators"))
    client.force_login(sections["user"])
    page = soup(client.get(QUEUE_URL))
    assert len(page.select("[data-np-comment]")) == 2


def test_log_entries_read_as_sentences(moderator_client, article, moderator):
    comment = make_comment(article, "Menunggu", approved=False)
    receipt = apply_decision([comment.pk], "approve", moderator)
    moderator_client.post(f"{QUEUE_URL}undo/", {"uuid": receipt.uuid})
    history = moderator_client.get(f"{QUEUE_URL}history/{comment.pk}/").content.decode()
    assert "Decision undone" in history and "Comment approved" in history
    assert json.loads(json.dumps(logged(comment))) == [
        "newsplugin.comment.approve", "newsplugin.comment.undo"
    ]


def test_the_public_side_in_indonesian(article, settings, moderator):
    from .builders import use_site_language

    use_site_language(settings, "id")  # the site, and the locale the article is in
    article.refresh_from_db()
    pick = make_comment(article, "Komentar terbaik")
    feature(pick, moderator)
    page = BeautifulSoup(Client().get(article.url).content, "html.parser")
    assert page.select_one(".np-comment__pick").get_text() == "Pilihan Redaksi"
    assert page.select_one(".np-comment__report").get_text() == "Laporkan"
    assert "Kirimi saya email sekali" in page.select_one(
        "label[for=id_notify_decision]").get_text()
    reasons = [label.get_text(strip=True) for label in page.select(".np-report__reasons label")]
    assert reasons == ["Spam", "Kasar atau menebar kebencian", "Di luar topik", "Alasan lain"]


def test_section_moderators_are_set_in_the_admin(client):
    sport = make_index("Olahraga", "olahraga")
    group = Group.objects.create(name="Sport desk")
    admin = make_user("admin", superuser=True)
    client.force_login(admin)
    url = "/admin/snippets/newsplugin/sectionmoderators/add/"
    page = soup(client.get(url))
    assert page.select_one("select[name=group]") is not None
    response = client.post(url, {"group": group.pk, "sections": [sport.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(SectionModerators.objects.get(group=group).sections.all()) == [sport]


def test_erasing_a_commenter_forgets_the_rule_about_them(moderator_client, article):
    from newsplugin.privacy.data import erase_commenter

    comment = make_comment(article, "Pertama", email="ribut@example.com")
    moderator_client.post(f"{QUEUE_URL}commenter-rule/{comment.pk}/", {"rule": "hold"})
    assert CommenterRule.objects.get().user_name == "Pembaca"
    erase_commenter("Ribut@example.com")
    assert not CommenterRule.objects.exists()
