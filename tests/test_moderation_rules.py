"""Moderation rules: each one called directly, then through the real reply form."""

import pytest
from django.test import Client
from wagtail.models import Site

from newsplugin.comments.moderator import ArticleCommentModerator
from newsplugin.comments.rules import (
    ArticleRules,
    CommentContext,
    CommentRefused,
    Decision,
    apply_policy,
    find_words,
    hold_many_links,
    hold_words,
    refuse_duplicates,
    refuse_floods,
    spam_block_words,
    spam_blocked_senders,
    spam_learned_senders,
)
from newsplugin.models import ArticleComment, CommentPolicy, ModerationSettings, ModerationStatus

from .builders import comment_form_data, make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

POST_URL = "/comments/post/"


def site_rules(**fields):
    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationSettings.objects.update(**fields)


def context(
    article, text="Komentar biasa.", email="sari@example.com", ip="10.0.0.1", name="Sari",
    request=None, **rules
):
    comment = ArticleComment(
        user_name=name, user_email=email, user_url="", comment=text, ip_address=ip
    )
    return CommentContext(comment, article, ArticleRules(**rules), request)


def post(client, article, ip="10.0.0.1", **fields):
    return client.post(POST_URL, comment_form_data(article, **fields), REMOTE_ADDR=ip)


def test_words_match_whole_words_in_any_case():
    assert find_words(["judi"], "Situs JUDI online") == "judi"
    assert find_words(["judi"], "perjudian") is None
    assert find_words(["obat kuat"], "jual Obat Kuat murah") == "obat kuat"


def test_block_words_send_to_spam_and_hold_words_hold(article):
    assert spam_block_words(context(article, "Main judi di sini", block_words=["judi"])) == (
        Decision("spam", "block_word")
    )
    assert hold_words(context(article, "Pejabat korupsi lagi", hold_words=["korupsi"])) == (
        Decision("pending", "hold_word")
    )
    assert spam_block_words(context(article, "Bagus", block_words=["judi"])) is None


def test_many_links_are_held(article):
    two = "Lihat https://a.example dan https://b.example"
    assert hold_many_links(context(article, two, max_links=2)) == Decision("pending", "links")
    assert hold_many_links(context(article, two, max_links=3)) is None
    assert hold_many_links(context(article, two, max_links=0)) is None


def test_blocked_emails_domains_and_ips_go_to_spam(article):
    assert (
        spam_blocked_senders(
            context(article, email="x@spam.example", blocked_domains={"spam.example"})
        ).status
        == "spam"
    )
    assert (
        spam_blocked_senders(
            context(article, email="bad@example.com", blocked_emails={"bad@example.com"})
        ).status
        == "spam"
    )
    assert (
        spam_blocked_senders(context(article, ip="10.9.9.9", blocked_ips={"10.9.9.9"})).status
        == "spam"
    )
    assert spam_blocked_senders(context(article)) is None


def test_a_sender_matching_spam_on_two_signals_goes_to_spam(article):
    make_comment(
        article,
        "Obat murah di https://www.obat-murah.example/beli",
        approved=False,
        email="spammer@example.com",
        ip_address="10.6.6.6",
        moderation_status=ModerationStatus.SPAM,
    )
    spam = Decision("spam", "learned_spam")
    held = Decision("pending", "like_spam")
    # Two signals: email and full address, email and linked domain, address and domain.
    both = context(article, email="SPAMMER@example.com", ip="10.6.6.6")
    assert spam_learned_senders(both) == spam
    assert spam_learned_senders(
        context(article, "Lihat http://obat-murah.example", email="spammer@example.com")
    ) == spam
    assert spam_learned_senders(
        context(article, "www.obat-murah.example!", email="lain@example.com", ip="10.6.6.6")
    ) == spam
    # One signal alone holds for a moderator: never Spam for somebody else.
    assert spam_learned_senders(context(article, email="spammer@example.com")) == held
    assert spam_learned_senders(context(article, ip="10.6.6.6")) == held
    assert spam_learned_senders(context(article, "https://obat-murah.example")) == held
    # The neighbour on the same /24 (the stored address is the same) shares nothing.
    assert spam_learned_senders(context(article, ip="10.6.6.7")) is None
    assert spam_learned_senders(context(article, "https://kompas.example/obat-murah")) is None
    assert spam_learned_senders(context(article)) is None


def test_linked_domains():
    from newsplugin.comments.rules import linked_domains

    assert linked_domains(
        "Baca https://WWW.Kompas.example/x dan www.tempo.example, lalu http://10.0.0.1/",
        "https://sari.example",
    ) == ["kompas.example", "tempo.example", "sari.example"]
    assert linked_domains("tanpa tautan", "") == []


def test_policies(article, rf, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert apply_policy(context(article)) == Decision("pending", "hold_all")
    assert apply_policy(context(article, policy=CommentPolicy.PUBLISH)) == (
        Decision("approved", "no_rule_tripped")
    )
    anonymous = rf.post("/")
    anonymous.user = AnonymousUser()
    first = context(article, policy=CommentPolicy.HOLD_FIRST_TIME, request=anonymous)
    assert apply_policy(first) == Decision("pending", "first_time_commenter")
    # The name and email of an approved comment prove nothing on their own
    # (tests/test_commenter_trust.py covers the browser's cookie).
    make_comment(article, name="Sari", email="sari@example.com", approved=True)
    assert apply_policy(first) == Decision("pending", "first_time_commenter")
    # A logged-in account with an approved comment of its own is known.
    member = rf.post("/")
    member.user = django_user_model.objects.create_user("sari", "sari@example.com", "x")
    as_member = context(article, policy=CommentPolicy.HOLD_FIRST_TIME, request=member)
    assert apply_policy(as_member) == Decision("pending", "first_time_commenter")
    make_comment(article, name="Sari", user=member.user, approved=True)
    assert apply_policy(as_member) == Decision("approved", "known_commenter")


def test_duplicates_are_recognised_in_the_readers_own_session_only(article, rf):
    from django.contrib.sessions.backends.db import SessionStore

    from newsplugin.comments.rules import remember_posted

    mine = rf.post("/")
    mine.session = SessionStore()
    stored = make_comment(article, text="Sama persis.", email="sari@example.com")
    remember_posted(mine, stored)
    same_reader = context(article, "Sama persis.")
    same_reader.request = mine
    with pytest.raises(CommentRefused) as refusal:
        refuse_duplicates(same_reader)
    assert refusal.value.status_code == 409
    assert refuse_duplicates(context(article, "Lain kali.", request=mine)) is None
    # Someone else with the same words and the same email: no question is asked.
    stranger = rf.post("/")
    stranger.session = SessionStore()
    assert refuse_duplicates(context(article, "Sama persis.", request=stranger)) is None
    assert refuse_duplicates(context(article, "Sama persis.")) is None


def test_flood_control_counts_per_full_address(article):
    refuse_floods(context(article, ip="10.1.1.1", email="a@example.com", flood_seconds=15))
    with pytest.raises(CommentRefused) as refusal:
        refuse_floods(context(article, ip="10.1.1.1", email="b@example.com", flood_seconds=15))
    assert refusal.value.status_code == 429
    # The same email from elsewhere: anyone may type it, so it locks nobody out.
    refuse_floods(context(article, ip="10.2.2.2", email="a@example.com", flood_seconds=15))
    # A neighbour on the same /24 is another reader.
    refuse_floods(context(article, ip="10.1.1.2", email="c@example.com", flood_seconds=15))
    assert refuse_floods(context(article, ip="10.1.1.1", flood_seconds=0)) is None


def test_the_form_stores_the_deciding_rule(client, article):
    site_rules(block_words="kasino")
    assert post(client, article, comment="Kasino terbaik").status_code == 303
    comment = ArticleComment.objects.get()
    assert (comment.moderation_status, comment.moderation_rule) == ("spam", "block_word")
    assert comment.is_public is False and comment.moderated_at is not None


def test_publish_policy_publishes_at_once(client, article):
    site_rules(policy=CommentPolicy.PUBLISH)
    post(client, article)
    comment = ArticleComment.objects.get()
    assert (comment.moderation_status, comment.is_public) == ("approved", True)
    assert "Liputan yang bagus" in client.get(article.url).content.decode()


def test_the_article_overrides_the_site(client, article):
    site_rules(policy=CommentPolicy.PUBLISH)
    article.comment_policy = CommentPolicy.HOLD_ALL
    article.save()
    post(client, article)
    assert ArticleComment.objects.get().moderation_rule == "hold_all"


def test_closed_policy_refuses(client, article):
    site_rules(policy=CommentPolicy.CLOSED)
    assert post(client, article).status_code == 403
    article.comment_policy = CommentPolicy.CLOSED
    article.save()
    assert not article.comments_are_open()
    assert not ArticleComment.objects.exists()


def test_a_second_post_too_soon_is_refused_with_429(client, article):
    assert post(client, article).status_code == 303
    response = post(client, article, ip="10.0.0.1", email="lain@example.com", comment="Lagi.")
    assert response.status_code == 429
    assert "posting too quickly" in response.content.decode()
    assert "Lagi." in response.content.decode()  # the words come back
    assert ArticleComment.objects.count() == 1
    assert post(Client(), article, ip="10.0.0.2", email="x@example.com").status_code == 303


def test_a_site_can_add_its_own_rule(client, article, settings):
    from newsplugin.comments.rules import DEFAULT_RULES

    settings.NEWSPLUGIN_MODERATION_RULES = [
        "tests.test_moderation_rules.no_shouting",
        *DEFAULT_RULES,
    ]
    post(client, article, comment="INI PENTING SEKALI")
    assert ArticleComment.objects.get().moderation_rule == "shouting"


def no_shouting(context):
    text = context.comment.comment
    if text.isupper():
        return Decision(ModerationStatus.PENDING, "shouting")


def test_hold_reason_names_the_rule(article):
    comment = context(article).comment
    assert ArticleCommentModerator(ArticleComment).hold_reason(comment, article, None) == (
        "hold_all"
    )


def test_a_spam_comment_looks_pending_to_its_author_only(client, article):
    site_rules(block_words="kasino")
    post(client, article, comment="Kasino terbaik")
    assert "Kasino terbaik" in client.get(article.url).content.decode()
    assert "Kasino terbaik" not in Client().get(article.url).content.decode()


def test_the_settings_and_article_overrides_are_editable_in_the_admin(client, article):
    from .moderation_helpers import make_user

    client.force_login(make_user("boss", superuser=True))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/newsplugin/moderationsettings/{site.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="block_words"' in page.content.decode()
    edit = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'name="comment_policy"' in edit and 'name="comment_max_links"' in edit


def test_a_comment_saved_without_a_decision_is_held_whatever_the_base_default(client, article):
    from django.contrib.contenttypes.models import ContentType

    from newsplugin.models import ArticlePage

    # As any code path that skips the moderator would: is_public is left at the
    # base model's default (True), and no status is given.
    comment = ArticleComment(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_pk=str(article.pk),
        site_id=1,
        user_name="Tanpa Moderator",
        user_email="x@example.com",
        comment="Lolos tanpa moderator?",
    )
    assert comment.is_public is True  # django-contrib-comments' default
    comment.save()
    comment.refresh_from_db()
    assert (comment.moderation_status, comment.is_public) == ("pending", False)
    assert "Lolos tanpa moderator?" not in client.get(article.url).content.decode()
    assert client.get(f"/comments/articles/{article.pk}/").json()["count"] == 0


def test_a_rule_that_approves_still_publishes(article):
    comment = make_comment(article, "Disetujui.", approved=False,
                           moderation_status=ModerationStatus.APPROVED)
    assert comment.is_public is True
