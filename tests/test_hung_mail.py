"""A mail server that accepts and never answers cannot hold a reader's post.

Notifications go through the production task queue (django-tasks-db, in this
test database) and its worker, ``manage.py db_worker``; the mail server is a
socket on 127.0.0.1 that first swallows connections without a word, then
answers as a (very small) SMTP server.
"""

import signal
import time

import django
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .builders import comment_form_data
from .mail_server import MailServer
from .moderation_helpers import make_moderator

# Committed for real, as in production: the worker reads the queue the post wrote
# (and closes connections that sit in a transaction, as a test's would).
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
]


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    if django.VERSION >= (6, 1):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 1},
            }
        }
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 1
    yield server
    server.stop()


@pytest.fixture
def task_queue(settings):
    # As in the production settings: Wagtail's own tasks stay immediate.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "notifications": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.NEWSPLUGIN_NOTIFICATION_TASK_BACKEND = "notifications"
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in handlers.items():  # the worker installs its own
        signal.signal(sig, handler)


def run_worker():
    """``manage.py db_worker --backend notifications --batch``: run what is due, then stop."""
    call_command(
        "db_worker", "--backend", "notifications", "--batch", "--no-startup-delay", "-v", "0"
    )


def notifications(status):
    return DBTaskResult.objects.filter(task_path__contains="notify_", status=status).count()


def post(client, article, **fields):
    started = time.monotonic()
    response = client.post("/comments/post/", comment_form_data(article, **fields))
    return response, time.monotonic() - started


def test_a_post_is_answered_at_once_and_the_mail_goes_when_the_server_answers(
    client, settings, article, mail_server, task_queue
):
    settings.NEWSPLUGIN_NOTIFICATION_RETRY_SECONDS = 60
    make_moderator()
    response, seconds = post(client, article)
    assert response.status_code == 303
    assert seconds < 1
    assert notifications("READY") == 1

    run_worker()  # the server never answers: the try times out after 1 s
    assert mail_server.messages == []
    [retry] = DBTaskResult.objects.filter(task_path__contains="notify_", status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert 55 < (retry.run_after - timezone.now()).total_seconds() <= 60  # the backoff
    assert notifications("FAILED") == 0

    # A minute later the mail server answers again.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    mail_server.answer()
    run_worker()
    [message] = mail_server.messages
    assert "moderator@example.org" in message
    assert "Pasar Ikan" in message
    assert notifications("READY") == 0
    assert notifications("SUCCESSFUL") == 2  # the try that timed out, and the one that sent


def test_a_mail_server_that_never_answers_is_tried_a_bounded_number_of_times(
    client, settings, article, mail_server, task_queue
):
    settings.NEWSPLUGIN_NOTIFICATION_ATTEMPTS = 2
    settings.NEWSPLUGIN_NOTIFICATION_RETRY_SECONDS = 0  # the second try is due at once
    make_moderator()
    response, seconds = post(client, article)
    assert response.status_code == 303 and seconds < 1
    run_worker()
    assert mail_server.messages == []
    assert notifications("READY") == 0
    assert notifications("FAILED") == 1  # the second and last try
