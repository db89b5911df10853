"""Commenter trust, played as the deployment the README recommends.

The app sits behind a proxy (nginx, a load balancer) at ``PROXY``: every request
arrives from it, and the reader's own address is in ``X-Forwarded-For``.
"""

import pytest
from django.test import Client, RequestFactory

from newsplugin.addresses import client_address
from newsplugin.models import ArticleComment

from .builders import bulk_comments, comment_form_data, make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

POST_URL = "/comments/post/"
PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.NEWSPLUGIN_TRUSTED_PROXIES = ["10.0.0.0/24"]


def through_proxy(client, article, reader_ip, proxy=PROXY, **fields):
    """A post as nginx forwards it: the client's own header, then the address nginx saw."""
    forwarded = fields.pop("forwarded", None)
    chain = f"{forwarded}, {reader_ip}" if forwarded else reader_ip
    return client.post(
        POST_URL,
        comment_form_data(article, **fields),
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=chain,
    )


def reader(n):
    return {"email": f"pembaca{n}@example.com", "name": f"Pembaca {n}",
            "comment": f"Pendapat pembaca nomor {n}."}


def resolve(remote_addr, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra))


class TestClientAddress:
    def test_without_trusted_proxies_the_header_is_ignored(self):
        assert resolve("203.0.113.5", "198.51.100.7") == "203.0.113.5"

    def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_reader(
        self, behind_proxy
    ):
        assert resolve(PROXY, "198.51.100.7") == "198.51.100.7"
        # The client wrote the left part itself; only what nginx appended counts.
        assert resolve(PROXY, "1.2.3.4, 198.51.100.7") == "198.51.100.7"
        # Two trusted hops (load balancer, then nginx) are skipped.
        assert resolve(PROXY, "1.2.3.4, 198.51.100.7, 10.0.0.9") == "198.51.100.7"

    def test_an_untrusted_peer_cannot_choose_its_address(self, behind_proxy):
        assert resolve("203.0.113.5", "198.51.100.7") == "203.0.113.5"

    def test_a_broken_or_missing_header_leaves_the_nearest_trusted_hop(self, behind_proxy):
        assert resolve(PROXY) == PROXY
        assert resolve(PROXY, "") == PROXY
        assert resolve(PROXY, "1.2.3.4, not-an-ip, 10.0.0.9") == "10.0.0.9"
        assert resolve(PROXY, "10.0.0.7") == "10.0.0.7"

    def test_ipv6_and_mapped_addresses(self, settings):
        settings.NEWSPLUGIN_TRUSTED_PROXIES = ["::1", "2001:db8::/32"]
        assert resolve("::1", "2001:db8::5, 2a00:1450::1") == "2a00:1450::1"
        assert resolve("::ffff:10.0.0.2") == "10.0.0.2"

    def test_a_single_trusted_address_and_a_bad_setting(self, settings):
        settings.NEWSPLUGIN_TRUSTED_PROXIES = ["127.0.0.1"]
        assert resolve("127.0.0.1", "198.51.100.7") == "198.51.100.7"
        # Reported by the system check (newsplugin.E015); never a 500 meanwhile.
        settings.NEWSPLUGIN_TRUSTED_PROXIES = ["nginx"]
        assert resolve("127.0.0.1", "198.51.100.7") == "127.0.0.1"

    def test_no_remote_address(self):
        assert resolve("") is None


class TestBehindTheProxy:
    def test_twenty_readers_posting_at_once_are_all_accepted(self, behind_proxy, article):
        for n in range(20):
            response = through_proxy(Client(), article, f"198.51.{n}.10", **reader(n))
            assert response.status_code == 303, n
        assert ArticleComment.objects.count() == 20
        stored = set(ArticleComment.objects.values_list("ip_address", flat=True))
        assert len(stored) == 20 and PROXY not in stored

    def test_one_reader_posting_fast_is_refused(self, behind_proxy, article):
        fast = Client()
        assert through_proxy(fast, article, "198.51.100.7", **reader(1)).status_code == 303
        response = through_proxy(fast, article, "198.51.100.7", **reader(2))
        assert response.status_code == 429
        assert "posting too quickly" in response.content.decode()
        # Others behind the same proxy are not held up by them.
        assert through_proxy(Client(), article, "198.51.100.8", **reader(3)).status_code == 303
        assert ArticleComment.objects.count() == 2

    def test_a_spoofed_header_from_an_untrusted_client_gains_nothing(
        self, behind_proxy, article
    ):
        attacker = "203.0.113.66"
        assert (
            through_proxy(Client(), article, "198.51.100.1", proxy=attacker, **reader(1))
            .status_code == 303
        )
        response = through_proxy(Client(), article, "198.51.100.2", proxy=attacker, **reader(2))
        assert response.status_code == 429
        assert ArticleComment.objects.count() == 1
        assert ArticleComment.objects.get().ip_address == "203.0.113.0"

    def test_a_spoofed_left_part_behind_the_proxy_gains_nothing(self, behind_proxy, article):
        real = "198.51.100.7"
        assert through_proxy(Client(), article, real, **reader(1)).status_code == 303
        response = through_proxy(Client(), article, real, forwarded="192.0.2.1", **reader(2))
        assert response.status_code == 429


class TestMatchingKeys:
    def test_the_full_address_is_matched_by_a_keyed_hash_never_stored(self, article, settings):
        from newsplugin.addresses import address_key

        comment = make_comment(article, ip_address="198.51.100.23", email=" Sari@Example.COM ")
        comment.refresh_from_db()
        assert comment.ip_address == "198.51.100.0"
        assert comment.email_key == "sari@example.com"
        assert comment.address_key == address_key("198.51.100.23") != address_key("198.51.100.24")
        assert "198.51.100.23" not in comment.address_key
        # Keyed: another SECRET_KEY gives another hash.
        settings.SECRET_KEY = "another-secret-key-" * 3
        assert address_key("198.51.100.23") != comment.address_key

    def test_forgetting_and_erasing_clear_the_keys(self, article):
        from datetime import timedelta

        from django.utils import timezone

        from newsplugin.privacy.data import erase_commenter, forget_old_commenters

        old = make_comment(article, email="lama@example.com", ip_address="1.2.3.4",
                           submit_date=timezone.now() - timedelta(days=400))
        erased = make_comment(article, email="hapus@example.com", ip_address="1.2.3.5")
        forget_old_commenters(days=30)
        erase_commenter("HAPUS@example.com")
        keys = dict(ArticleComment.objects.values_list("pk", "email_key"))
        addresses = dict(ArticleComment.objects.values_list("pk", "address_key"))
        assert keys == {old.pk: "", erased.pk: ""}
        assert addresses == {old.pk: "", erased.pk: ""}


def plan(queryset):
    return queryset.explain()


@pytest.fixture
def many_comments(article):
    """Enough rows that PostgreSQL's planner prefers an index to a scan."""
    from django.db import connection

    ids = bulk_comments(article, 3000)
    table = ArticleComment._meta.db_table
    with connection.cursor() as cursor:
        for pk in ids[::100]:
            cursor.execute(
                f"UPDATE {table} SET moderation_status = 'spam' "  # noqa: S608 (model name)
                "WHERE xtdcomment_ptr_id = %s",
                [pk],
            )
        cursor.execute(
            f"UPDATE {table} SET email_key = 'pembaca' || xtdcomment_ptr_id || '@example.com', "  # noqa: S608
            "address_key = md5(xtdcomment_ptr_id || 'x') || md5(xtdcomment_ptr_id || 'y')"
            if connection.vendor == "postgresql"
            else f"UPDATE {table} SET email_key = 'pembaca' || xtdcomment_ptr_id || "  # noqa: S608
            "'@example.com', address_key = hex(randomblob(32))"
        )
        cursor.execute("ANALYZE")
    return ids


class TestIndexes:
    """Every post looks commenters up by email and address key: index scans, not table scans."""

    def test_lookups_by_email_use_the_email_key_index(self, many_comments):
        from newsplugin.privacy.data import comments_of

        shown = plan(comments_of("Pembaca77@Example.com"))
        assert "newsplugin_comment_email" in shown, shown

    def test_learned_spam_uses_the_key_indexes(self, article, many_comments):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from newsplugin.comments.rules import spam_learned_senders

        from .test_moderation_rules import context

        with CaptureQueriesContext(connection) as queries:
            spam_learned_senders(context(article, email="pembaca5@example.com", ip="10.9.9.9"))
        assert len(queries) == 1
        with connection.cursor() as cursor:
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain + queries[0]["sql"])
            shown = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
        assert "newsplugin_comment_email" in shown, shown
        assert "newsplugin_comment_address" in shown, shown
