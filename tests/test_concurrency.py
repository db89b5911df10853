"""Readers posting at the same moment on PostgreSQL: every comment stored exactly once, no 500.

SQLite serialises writers, so these run on PostgreSQL only (CI runs the suite on both).
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from newsplugin.models import ArticleComment

from .builders import comment_form_data, make_article, make_comment, make_index

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Simultaneous posts from one address: flood control is tested on its own.
    pytest.mark.usefixtures("no_flood_control"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

THREADS = 8


def post_at_once(datas):
    """POST each form from its own thread, all released together; the status codes."""
    barrier = threading.Barrier(len(datas))
    statuses = [None] * len(datas)

    def post(n):
        try:
            client = Client()
            barrier.wait()
            statuses[n] = client.post("/comments/post/", datas[n]).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(datas))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.fixture
def article():
    return make_article(make_index(), "Banjir Surut")


def test_different_comments_at_once_are_each_stored_once(article):
    datas = [comment_form_data(article, email=f"r{n}@example.com", comment=f"Komentar {n}")
             for n in range(THREADS)]
    assert post_at_once(datas) == [303] * THREADS
    texts = sorted(ArticleComment.objects.values_list("comment", flat=True))
    assert texts == sorted(f"Komentar {n}" for n in range(THREADS))


def test_the_same_comment_sent_at_once_from_one_address_is_stored_once(article):
    from newsplugin.models import ModerationSettings

    # Duplicates are recognised by the reader's session (never by other readers'
    # comments); several at once from one address are what flood control stops.
    ModerationSettings.objects.update(flood_seconds=15)
    data = comment_form_data(article)
    statuses = post_at_once([data] * THREADS)
    assert sorted(statuses) == [303] + [429] * (THREADS - 1)
    assert ArticleComment.objects.count() == 1


def test_replies_to_one_comment_at_once_keep_the_thread_consistent(article):
    parent = make_comment(article)
    datas = [comment_form_data(article, reply_to=parent, email=f"r{n}@example.com",
                               comment=f"Balasan {n}") for n in range(THREADS)]
    assert post_at_once(datas) == [303] * THREADS
    replies = ArticleComment.objects.exclude(pk=parent.pk)
    assert replies.count() == THREADS
    assert set(replies.values_list("thread_id", "parent_id", "level")) == {
        (parent.pk, parent.pk, 1)
    }
    assert len(set(replies.values_list("order", flat=True))) == THREADS


def test_two_moderators_deciding_one_comment_at_once_leave_one_consistent_state(
    article, django_user_model
):
    from wagtail.models import ModelLogEntry

    from newsplugin.moderation.decisions import decide

    comment = make_comment(article, "Dua moderator sekaligus.", approved=False)
    first = django_user_model.objects.create_user("ani", "ani@example.com", "pw")
    second = django_user_model.objects.create_user("budi", "budi@example.com", "pw")
    barrier = threading.Barrier(2)
    errors = []

    def act(action, user):
        try:
            barrier.wait()
            decide([comment.pk], action, user)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=("approve", first)),
        threading.Thread(target=act, args=("spam", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []

    comment = ArticleComment.objects.get(pk=comment.pk)
    assert comment.moderation_status in {"approved", "spam"}
    assert comment.is_public == (comment.moderation_status == "approved")
    entries = list(
        ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
    )
    assert len(entries) == 2  # both actions are in the log, in the order they happened
    assert entries[0].data["from"] == "pending"
    assert entries[1].data["from"] == entries[0].data["to"]
    assert entries[1].data["to"] == comment.moderation_status
