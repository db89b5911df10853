"""Commenter trust, played as the deployment the README recommends.

The app sits behind a proxy (nginx, a load balancer) at ``PROXY``: every request
arrives from it, and the reader's own address is in ``X-Forwarded-For``.
"""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from newsplugin.addresses import client_address
from newsplugin.models import ArticleComment

from .builders import bulk_comments, comment_form_data, make_comment, use_site_language

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


def hold_first_time():
    from wagtail.models import Site

    from newsplugin.models import CommentPolicy, ModerationSettings

    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationSettings.objects.update(policy=CommentPolicy.HOLD_FIRST_TIME)


def approve(comment_pk):
    from newsplugin.moderation.decisions import decide

    decide([comment_pk], "approve", None)


class TestKnownCommentersNeedProof:
    SARI = {"name": "Sari Pembaca", "email": "sari@example.com"}

    def test_the_consent_box_is_on_the_form_in_both_languages(self, client, article, settings):
        page = client.get(article.url).content.decode()
        assert "Save my name, email, and website in this browser for the next time I comment" in (
            page
        )
        use_site_language(settings, "id")
        page = client.get(article.url).content.decode()
        assert (
            "Simpan nama, email, dan situs web saya pada peramban ini untuk komentar saya "
            "berikutnya"
        ) in page

    def test_known_name_and_email_without_the_cookie_are_held(self, behind_proxy, article):
        hold_first_time()
        sari = Client()
        assert through_proxy(sari, article, "198.51.100.1", **self.SARI,
                             comment="Pertama.").status_code == 303
        approve(ArticleComment.objects.get().pk)
        # An impostor with Sari's public name and her (guessed) email.
        impostor = Client()
        through_proxy(impostor, article, "203.0.113.9", **self.SARI, comment="Palsu.")
        fake = ArticleComment.objects.get(comment="Palsu.")
        assert (fake.moderation_status, fake.moderation_rule) == (
            "pending", "first_time_commenter"
        )
        assert "Palsu." not in Client().get(article.url).content.decode()

    def test_with_the_cookie_a_returning_reader_is_published(self, behind_proxy, article):
        from newsplugin.comments.commenters import COOKIE_NAME

        hold_first_time()
        sari = Client()
        response = through_proxy(sari, article, "198.51.100.1", **self.SARI,
                                 comment="Pertama.", remember="on")
        cookie = response.cookies[COOKIE_NAME]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert "sari@example.com" not in cookie.value  # signed and compressed
        # Held until a moderator approves the first comment; then she is known.
        approve(ArticleComment.objects.get(comment="Pertama.").pk)
        cache.clear()  # later than the flood window
        assert through_proxy(sari, article, "198.51.100.1", **self.SARI, comment="Kedua.",
                             remember="on").status_code == 303
        second = ArticleComment.objects.get(comment="Kedua.")
        assert (second.moderation_status, second.moderation_rule) == (
            "approved", "known_commenter"
        )
        assert "Kedua." in Client().get(article.url).content.decode()

    def test_a_cookie_earned_with_someone_elses_email_proves_nothing(self, behind_proxy, article):
        hold_first_time()
        through_proxy(Client(), article, "198.51.100.1", **self.SARI, comment="Asli.")
        approve(ArticleComment.objects.get().pk)
        # The impostor gets a cookie of their own by posting as Sari (held)...
        impostor = Client()
        through_proxy(impostor, article, "203.0.113.9", **self.SARI, comment="Satu.",
                      remember="on")
        # ...but it names only the impostor's comments, none of them approved.
        through_proxy(impostor, article, "203.0.113.10", **self.SARI, comment="Dua.",
                      remember="on")
        assert ArticleComment.objects.get(comment="Dua.").moderation_status == "pending"

    def test_a_forged_cookie_and_an_unticked_box(self, behind_proxy, article):
        from newsplugin.comments.commenters import COOKIE_NAME

        hold_first_time()
        reader_client = Client()
        reader_client.cookies[COOKIE_NAME] = "forged:value"
        response = through_proxy(reader_client, article, "198.51.100.1", **self.SARI)
        assert response.status_code == 303
        assert ArticleComment.objects.get().moderation_status == "pending"
        # Not ticked: the browser is told to forget what it had.
        assert response.cookies[COOKIE_NAME].value == ""

    def test_the_token_endpoint_fills_the_form_in_and_the_page_never_does(
        self, behind_proxy, article
    ):
        sari = Client()
        through_proxy(sari, article, "198.51.100.1", **self.SARI, url="https://sari.example",
                      remember="on")
        token = sari.get("/comments/token/", {"object_pk": article.pk})
        assert token["Cache-Control"].startswith("max-age=0")
        assert token.json()["commenter"] == {
            "name": "Sari Pembaca", "email": "sari@example.com", "url": "https://sari.example"
        }
        assert "sari@example.com" not in sari.get(article.url).content.decode()
        assert "commenter" not in Client().get(
            "/comments/token/", {"object_pk": article.pk}
        ).json()


class TestReservedNames:
    @pytest.mark.parametrize(
        "language, message",
        [
            ("en", "This name belongs to the newsroom or one of its writers. Use your own name."),
            ("id", "Nama ini milik redaksi atau salah satu penulisnya. Gunakan nama Anda sendiri."),
        ],
    )
    @pytest.mark.parametrize("name", ["Redaksi", "newsroom", "Rina Wartawan", "RINA  wartawan",
                                      "Koran Kita", "Ｒｅｄａｋｓｉ"])
    def test_readers_cannot_use_the_newsrooms_or_an_authors_name(
        self, client, article, settings, language, message, name
    ):
        from wagtail.models import Site

        from newsplugin.models import NewsSettings

        from .builders import make_author

        make_author("Rina Wartawan")
        site = Site.objects.get(is_default_site=True)
        NewsSettings.objects.update_or_create(site=site, defaults={"publisher_name": "Koran Kita"})
        use_site_language(settings, language)
        response = client.post(POST_URL, comment_form_data(article, name=name))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not ArticleComment.objects.exists()

    def test_an_author_logged_in_may_use_their_own_name(self, client, article, django_user_model):
        from .builders import make_author

        user = django_user_model.objects.create_user("rina", "rina@example.com", "x")
        make_author("Rina Wartawan", user=user)
        client.force_login(user)
        response = client.post(POST_URL, comment_form_data(article, name="Rina Wartawan"))
        assert response.status_code == 303

    def test_other_names_are_fine(self, client, article):
        from .builders import make_author

        make_author("Rina Wartawan")
        assert client.post(POST_URL, comment_form_data(article, name="Rina")).status_code == 303


class TestNewsroomMark:
    @pytest.mark.parametrize("language, mark", [("en", "Newsroom"), ("id", "Redaksi")])
    def test_newsroom_replies_are_marked_on_the_page_and_in_json(
        self, client, article, settings, django_user_model, language, mark
    ):
        from bs4 import BeautifulSoup

        from newsplugin.moderation.decisions import reply_as_newsroom

        use_site_language(settings, language)
        parent = make_comment(article, "Kapan dibuka?", name="Budi")
        editor = django_user_model.objects.create_user("editor", "ed@example.com", "x")
        reply = reply_as_newsroom(parent, editor, "Besok pagi.")
        page = BeautifulSoup(client.get(article.url).content, "html.parser")
        marks = page.select(".np-comment__newsroom")
        assert [m.get_text() for m in marks] == [mark]
        assert marks[0].find_parent("li")["id"] == f"comment-{reply.pk}"
        results = client.get(f"/comments/articles/{article.pk}/").json()["results"]
        assert [(c["id"], c["newsroom"]) for c in results] == [
            (parent.pk, False), (reply.pk, True)
        ]


class TestNoEmailOracle:
    """Copying a public comment and guessing its author's email must teach nothing."""

    VICTIM_TEXT = "Komentar korban yang asli."

    def attempt(self, article, address, email):
        import re

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        attacker = Client()
        with CaptureQueriesContext(connection) as queries:
            response = attacker.post(
                POST_URL,
                comment_form_data(article, name="Korban", email=email, comment=self.VICTIM_TEXT),
                REMOTE_ADDR=address,
            )
        follow_up = attacker.get(article.url)
        copy = ArticleComment.objects.exclude(pk=self.victim.pk).get()
        decision = (copy.moderation_status, copy.moderation_rule)
        # Back to the same state for the next guess (ids aside).
        copy.delete()
        cache.clear()

        def shape(sql):  # the query without its values
            return re.sub(r"'[^']*'|\b\d+\b", "?", sql)

        return {
            "decision": decision,
            "status": response.status_code,
            "location": response.get("Location"),
            "headers": sorted(response.headers.keys()),
            "cookies": sorted(
                (name, morsel["httponly"], morsel["samesite"], morsel["max-age"])
                for name, morsel in response.cookies.items()
            ),
            "body": response.content,
            "queries": [shape(q["sql"]) for q in queries],
            "page_status": follow_up.status_code,
            # Ids and the form's timestamp and security hash differ on every page.
            "page": re.sub(r"[0-9a-f]{40}|\d+", "N", follow_up.content.decode()),
            "page_headers": sorted(follow_up.headers.keys()),
        }

    @pytest.mark.parametrize("policy", ["hold_first_time", "hold_all", "publish"])
    def test_a_right_and_a_wrong_guess_look_the_same(self, article, policy):
        from wagtail.models import Site

        from newsplugin.models import ModerationSettings

        ModerationSettings.for_site(Site.objects.get(is_default_site=True))
        ModerationSettings.objects.update(policy=policy)
        self.victim = make_comment(
            article, self.VICTIM_TEXT, name="Korban", email="korban@example.com"
        )

        right = self.attempt(article, "203.0.113.1", "korban@example.com")
        wrong = self.attempt(article, "203.0.113.2", "tebakan@example.com")

        assert right["status"] == 303
        for key in right:
            assert right[key] == wrong[key], key
        expected = "approved" if policy == "publish" else "pending"
        assert right["decision"][0] == expected

    def test_no_guess_is_refused_before_flood_control(self, article):
        make_comment(article, self.VICTIM_TEXT, name="Korban", email="korban@example.com")
        statuses = [
            Client().post(
                POST_URL,
                comment_form_data(article, name="Korban", email=f"tebakan{n}@example.com",
                                  comment=self.VICTIM_TEXT),
                REMOTE_ADDR="203.0.113.1",
            ).status_code
            for n in range(3)
        ]
        # The first guess is an ordinary post; every further one from that address
        # (whatever cookies it drops) is slowed down.
        assert statuses == [303, 429, 429]
