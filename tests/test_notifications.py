"""E-mails through the tasks framework: moderators hear of waiting comments, readers of replies."""

import time

import pytest
from django.core import mail, signing
from django.test import Client
from wagtail.models import Site

from newsplugin.comments.notifications import notify_reply, unsubscribe_token
from newsplugin.models import ArticleComment, ModerationSettings
from newsplugin.moderation.decisions import decide

from .builders import comment_form_data, make_article, make_comment, make_index, use_site_language
from .moderation_helpers import make_moderator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

try:  # the same framework newsplugin.notifications picked
    from django.tasks import task_backends

    DUMMY = "django.tasks.backends.dummy.DummyBackend"
except ImportError:
    from django_tasks import task_backends

    DUMMY = "django_tasks.backends.dummy.DummyBackend"


@pytest.fixture
def enqueued(settings):
    """The task backend that only records: what would have been sent, and with what."""
    settings.TASKS = {"default": {"BACKEND": DUMMY}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def sent(backend):
    """(task, args) of this plugin's tasks (Wagtail queues its own too)."""
    return [
        (r.task.name, list(r.args)) for r in backend.results if r.task.name.startswith("notify_")
    ]


def test_a_waiting_comment_is_queued_for_the_moderators(
    client, article, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comments/post/", comment_form_data(article))
    assert sent(enqueued) == [("notify_moderators", [ArticleComment.objects.get().pk])]


def test_moderators_get_the_mail(client, article, django_capture_on_commit_callbacks):
    make_moderator()  # moderator@example.org, in "Comment moderators"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comments/post/", comment_form_data(article, name="Sari"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moderator@example.org"]
    assert "Pasar Ikan" in message.subject
    assert "Sari" in message.body and "/admin/comment-moderation/" in message.body
    assert "sari.pembaca@example.com" not in message.body


def test_the_setting_names_recipients_and_mail_speaks_indonesian(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSPLUGIN_MODERATION_NOTIFY = ["redaksi@example.com"]
    use_site_language(settings, "id")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comments/post/", comment_form_data(article))
    assert mail.outbox[0].to == ["redaksi@example.com"]
    assert "menunggu" in mail.outbox[0].subject.lower()


def test_a_published_or_spam_comment_sends_nothing(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSPLUGIN_MODERATION_NOTIFY = ["redaksi@example.com"]
    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationSettings.objects.update(block_words="kasino")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comments/post/", comment_form_data(article, comment="kasino"))
    assert mail.outbox == []


def reply_pair(article, notify=True):
    parent = make_comment(
        article, "Pertanyaan", email="penanya@example.com", name="Penanya", notify_replies=notify
    )
    reply = make_comment(
        article,
        "Jawaban",
        approved=False,
        parent=parent,
        email="penjawab@example.com",
        name="Penjawab",
    )
    return parent, reply


def test_reply_notification_only_after_approval(
    article, enqueued, django_capture_on_commit_callbacks
):
    parent, reply = reply_pair(article)
    assert sent(enqueued) == []  # stored, waiting: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        decide([reply.pk], "reject", None)
        decide([reply.pk], "spam", None)
    assert sent(enqueued) == []
    with django_capture_on_commit_callbacks(execute=True):
        decide([reply.pk], "approve", None)
    assert sent(enqueued) == [("notify_reply", [reply.pk])]
    with django_capture_on_commit_callbacks(execute=True):
        decide([reply.pk], "restore", None)
        decide([reply.pk], "approve", None)
    assert len(sent(enqueued)) == 1  # one e-mail per reply, not one per approval


def test_no_notification_without_the_box_ticked(
    article, enqueued, django_capture_on_commit_callbacks
):
    _parent, reply = reply_pair(article, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        decide([reply.pk], "approve", None)
    assert sent(enqueued) == []


def test_the_reply_mail_has_a_working_unsubscribe_link(article, settings):
    parent, reply = reply_pair(article)
    decide([reply.pk], "approve", None)
    assert notify_reply.call(reply.pk) == 1
    message = mail.outbox[-1]
    assert message.to == ["penanya@example.com"]
    assert "Jawaban" in message.body and "penjawab@example.com" not in message.body
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (a mail scanner does) only asks.
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop e-mails about replies to your comment?" in page
    assert '<form method="post" action="">' in page and ">Unsubscribe</button>" in page
    parent.refresh_from_db()
    assert parent.notify_replies is True
    # The button posts the same address.
    response = Client().post(path)
    assert response.status_code == 200
    assert "you will get no more e-mails" in response.content.decode()
    parent.refresh_from_db()
    assert parent.notify_replies is False
    assert notify_reply.call(reply.pk) == 0  # unsubscribed: nothing more
    again = Client().get(path)
    assert "You get no e-mails about replies" in again.content.decode()
    assert ">Unsubscribe</button>" not in again.content.decode()


def test_one_click_unsubscribe_as_rfc_8058_mail_clients_send_it(article):
    parent, _reply = reply_pair(article)
    response = Client().post(
        f"/comments/unsubscribe/{unsubscribe_token(parent)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.notify_replies is False


def test_the_reply_box_is_stored_from_the_form(client, article):
    client.post("/comments/post/", comment_form_data(article, notify_replies="on"))
    assert ArticleComment.objects.get().notify_replies is True


def test_unsubscribe_tokens_expire_and_cannot_be_forged(article, settings):
    parent, _reply = reply_pair(article)
    token = unsubscribe_token(parent)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().get(f"/comments/unsubscribe/{forged}/").status_code == 400
    response = Client().post(f"/comments/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert "This link has expired or is not valid" in response.content.decode()
    other = signing.TimestampSigner(salt="something-else").sign(str(parent.pk))
    assert Client().get(f"/comments/unsubscribe/{other}/").status_code == 400
    settings.NEWSPLUGIN_UNSUBSCRIBE_MAX_AGE = 1
    time.sleep(2)
    assert Client().get(f"/comments/unsubscribe/{token}/").status_code == 400
    assert Client().post(f"/comments/unsubscribe/{token}/").status_code == 400
    parent.refresh_from_db()
    assert parent.notify_replies is True
    settings.NEWSPLUGIN_UNSUBSCRIBE_MAX_AGE = 3600
    assert Client().post(f"/comments/unsubscribe/{token}/").status_code == 200  # RFC 8058
    parent.refresh_from_db()
    assert parent.notify_replies is False


def test_article_authors_can_be_told_too(client, settings, django_capture_on_commit_callbacks):
    from .builders import make_author
    from .moderation_helpers import make_user

    settings.NEWSPLUGIN_MODERATION_NOTIFY = ["redaksi@example.com"]
    settings.NEWSPLUGIN_MODERATION_NOTIFY_AUTHORS = True
    writer = make_user("penulis")
    article = make_article(make_index(), "Pasar Ikan", authors=[make_author("Rina", user=writer)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comments/post/", comment_form_data(article))
    assert mail.outbox[0].to == ["penulis@example.org", "redaksi@example.com"]


def test_the_reply_mail_speaks_the_articles_language(article, settings):
    # The site answers in English (the "english" fixture); the article's locale is
    # Indonesian, and the reader commented there: the mail is in Indonesian.
    from wagtail.models import Locale

    locale = Locale.objects.get_or_create(language_code="id")[0]
    type(article).objects.filter(pk=article.pk).update(locale=locale)
    article.refresh_from_db()
    assert article.locale.language_code == "id" and settings.LANGUAGE_CODE == "en"
    _parent, reply = reply_pair(article)
    decide([reply.pk], "approve", None)
    assert notify_reply.call(reply.pk) == 1
    assert mail.outbox[-1].subject.startswith("Balasan baru untuk komentar Anda")
