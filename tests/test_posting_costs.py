"""What posting a comment costs (queries, never times), and that the shortcuts behind
those numbers keep every rule: reserved names, threads, the site's own settings."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsplugin.models import ArticleComment, Author, NewsSettings

from .builders import comment_form_data, make_author, make_comment, translate_author

pytestmark = pytest.mark.django_db

POST_URL = "/comments/post/"
RESERVED = (
    "This name belongs to the newsroom or one of its writers. Use your own name.",
    "Nama ini milik redaksi atau salah satu penulisnya. Gunakan nama Anda sendiri.",
)
# Transaction control differs between databases (SAVEPOINT on SQLite in a test,
# BEGIN/COMMIT on PostgreSQL); what is counted is the work.
CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def work(queries):
    return [q["sql"] for q in queries if not q["sql"].upper().startswith(CONTROL)]


def listing(sql):
    return "\n".join(s[:160] for s in sql)


def post(client, article, **fields):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(POST_URL, comment_form_data(article, **fields))
    return response, work(queries)


def test_the_token_costs_one_query(client, article):
    for n in range(30):
        make_author(f"Penulis {n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/comments/token/", {"object_pk": article.pk})
    assert response.status_code == 200
    assert set(response.json()) == {"csrfmiddlewaretoken", "timestamp", "security_hash"}
    assert len(work(queries)) == 1, listing(work(queries))


def test_a_post_costs_the_same_with_one_author_or_thirty(client, article, english):
    make_author("Rina Wartawan")
    # The first post makes the site's settings rows; readers of their own addresses
    # (flood control counts by address, and is part of the cost).
    post(Client(REMOTE_ADDR="203.0.113.9"), article, comment="Nol")
    response, one = post(Client(REMOTE_ADDR="203.0.113.1"), article, comment="Pertama")
    assert response.status_code == 303
    for n in range(29):
        make_author(f"Penulis {n}")
    response, thirty = post(Client(REMOTE_ADDR="203.0.113.2"), article, comment="Kedua")
    assert response.status_code == 303
    assert len(one) == len(thirty), listing(thirty)
    # The article found once and its locale with it; the site found once, the
    # publisher's name with it (the moderation settings share it); one lookup of the
    # name among authors; hold and trust share one look at the commenter rules.
    tables = [sql.split(" FROM ", 1)[1].split()[0] for sql in thirty if " FROM " in sql]
    assert tables.count('"newsplugin_articlepage"') == 2  # found, then locked
    assert '"wagtailcore_page"' not in tables
    assert '"wagtailcore_locale"' not in tables
    assert tables.count('"wagtailcore_site"') == 1
    assert tables.count('"newsplugin_author"') == 1
    assert tables.count('"newsplugin_commenterrule"') == 1
    # Stored once: three inserts (xtd's tables) and one update of the thread columns.
    assert len([sql for sql in thirty if sql.startswith("INSERT INTO \"django_comments")]) == 2
    assert len([sql for sql in thirty if sql.startswith("UPDATE")]) == 1, listing(thirty)
    assert '"newsplugin_newssettings"' not in tables
    assert len(thirty) == 13, listing(thirty)


def test_a_comment_on_the_article_is_its_own_thread(client, article):
    response, _sql = post(client, article)
    assert response.status_code == 303
    comment = ArticleComment.objects.get()
    assert (comment.parent_id, comment.thread_id, comment.level) == (comment.pk, comment.pk, 0)
    assert comment.comment_html == "<p>Liputan yang bagus, terima kasih.</p>"
    assert comment.moderation_status == "pending" and not comment.is_public


def test_a_reply_still_joins_its_thread(client, article, no_flood_control):
    parent = make_comment(article, "Kapan dibuka?")
    response, _sql = post(client, article, reply_to=parent, comment="Besok pagi.")
    assert response.status_code == 303
    reply = ArticleComment.objects.get(comment="Besok pagi.")
    assert (reply.parent_id, reply.thread_id, reply.level) == (parent.pk, parent.pk, 1)


class TestReservedNamesStayCurrent:
    """The name lookup reads a stored key: every way an author changes must keep it."""

    def refused(self, article, name):
        response, _sql = post(Client(), article, name=name)
        if response.status_code == 200:
            assert any(message in response.content.decode() for message in RESERVED)
            return True
        assert response.status_code == 303
        return False

    def test_an_author_added_is_reserved_at_once(self, article, english, no_flood_control):
        assert not self.refused(article, "Dewi Lestari")
        make_author("Dewi Lestari")
        assert self.refused(article, "dewi  LESTARI")

    def test_a_renamed_author_frees_the_old_name(self, article, english, no_flood_control):
        author = make_author("Dewi Lestari")
        author.name = "Dewi Anggraini"
        author.save()
        assert self.refused(article, "Dewi Anggraini")
        assert not self.refused(article, "Dewi Lestari")

    def test_a_rename_through_update_fields_counts(self, article, english, no_flood_control):
        author = make_author("Dewi Lestari")
        author.name = "Dewi Anggraini"
        author.save(update_fields=["name"])
        assert self.refused(article, "Dewi Anggraini")

    def test_a_deleted_author_frees_the_name(self, article, english, no_flood_control):
        make_author("Dewi Lestari").delete()
        assert not self.refused(article, "Dewi Lestari")

    def test_an_authors_translation_is_reserved(self, article, no_flood_control):
        translate_author(make_author("Dewi Lestari"), name="Dewi Lestari (EN)")
        assert self.refused(article, "Dewi Lestari EN")

    def test_the_publisher_name_falls_back_to_the_site_name(
        self, article, english, no_flood_control
    ):
        from wagtail.models import Site

        site = Site.objects.get(is_default_site=True)
        site.site_name = "Harian Pagi"
        site.save()
        NewsSettings.objects.update_or_create(site=site, defaults={"publisher_name": ""})
        assert self.refused(article, "harian pagi")

    def test_authors_stored_before_the_key_get_theirs(self):
        from importlib import import_module

        from django.apps import apps

        migration = import_module("newsplugin.migrations.0014_author_name_key")
        author = make_author("Ｄｅｗｉ  Lestari")
        Author.objects.filter(pk=author.pk).update(name_key="")
        migration.fill_name_keys(apps, None)
        assert Author.objects.get(pk=author.pk).name_key == "dewilestari"
