"""Small builders for test data: each call makes exactly what a test names."""

import itertools
from datetime import timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from newsplugin.models import ArticleAuthor, ArticlePage, Author, NewsIndexPage

_counter = itertools.count(1)
# Set by use_site_language(): the URL caches must be cleared once the test is over.
language_changed = False


def jpeg_bytes(width=800, height=500, colour=(30, 90, 160)):
    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), fill="white")
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def make_image(title=None, width=800, height=500):
    n = next(_counter)
    return get_image_model().objects.create(
        title=title or f"Foto {n}",
        file=ImageFile(BytesIO(jpeg_bytes(width, height)), name=f"photo-{n}.jpg"),
    )


def make_author(name=None, **fields):
    name = name or f"Penulis {next(_counter)}"
    return Author.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def make_index(title="Berita", slug="berita", parent=None):
    parent = parent or Site.objects.get(is_default_site=True).root_page
    index = NewsIndexPage(title=title, slug=slug)
    parent.add_child(instance=index)
    return index


def make_article(index, title=None, authors=(), days_ago=0, live=True, tags=(), **fields):
    title = title or f"Artikel {next(_counter)}"
    article = ArticlePage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        date=timezone.now() - timedelta(days=days_ago),
        live=live,
        **fields,
    )
    for order, author in enumerate(authors):
        # sort_order as the admin's InlinePanel sets it: the byline's order.
        article.article_authors.add(ArticleAuthor(author=author, sort_order=order))
    if tags:
        article.tags.add(*tags)
    index.add_child(instance=article)
    return article


def make_comment(article, text="Komentar yang baik.", name="Pembaca", approved=True, parent=None,
                 email="pembaca@example.com", url="", **fields):
    """A comment stored as if a moderator had already decided on it."""
    from django.contrib.contenttypes.models import ContentType

    from newsplugin.models import ArticleComment, ModerationStatus

    if approved:
        fields.setdefault("moderation_status", ModerationStatus.APPROVED)
    comment = ArticleComment(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_pk=str(article.pk),
        site_id=1,
        user_name=name,
        user_email=email,
        user_url=url,
        comment=text,
        is_public=approved,
        parent_id=parent.pk if parent else 0,
        **fields,
    )
    comment.save()
    return comment


def comment_form_data(article, reply_to=0, **fields):
    """What a browser would send from the article's reply form, security fields included."""
    from newsplugin.comments.forms import ArticleCommentForm

    data = ArticleCommentForm(article).generate_security_data()
    data.update(
        name="Sari Pembaca",
        email="sari.pembaca@example.com",
        url="",
        comment="Liputan yang bagus, terima kasih.",
        honeypot="",
        reply_to=str(reply_to.pk if hasattr(reply_to, "pk") else reply_to),
    )
    data.update(fields)
    return data


# Threads of four: a comment, a reply, a reply to that reply, a second reply.
THREAD_SHAPE = ((0, None), (1, 0), (2, 1), (1, 0))  # (level, index of parent in thread)


def bulk_comments(article, count, approved=True, text="Komentar nomor {n}."):
    """``count`` comments on ``article`` in threads of depth 3, in a handful of queries.

    Multi-table models cannot ``bulk_create``: the base rows are bulk-created and
    the xtd and newsplugin rows inserted beside them, as ``ArticleComment.save()``
    would have left them (thread data in xtd's depth-first order, sanitised HTML).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment

    from newsplugin.models import ArticleComment
    from newsplugin.sanitise import sanitise_comment

    content_type = ContentType.objects.get_for_model(ArticlePage)
    start = timezone.now() - timedelta(days=1)
    texts = [text.format(n=n) for n in range(count)]
    base = Comment.objects.bulk_create(
        Comment(
            content_type=content_type,
            object_pk=str(article.pk),
            site_id=1,
            user_name=f"Pembaca {n}",
            user_email=f"pembaca{n}@example.com",
            comment=texts[n],
            submit_date=start + timedelta(seconds=n),
            is_public=approved,
        )
        for n in range(count)
    )
    xtd_rows, article_rows = [], []
    for n, row in enumerate(base):
        position = n % len(THREAD_SHAPE)
        level, parent_position = THREAD_SHAPE[position]
        root = base[n - position].pk
        parent = root if parent_position is None else base[n - position + parent_position].pk
        xtd_rows.append((row.pk, root, parent, level, position + 1, False, 0))
        article_rows.append(
            (row.pk, sanitise_comment(texts[n]), "approved" if approved else "pending")
        )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(XtdComment._meta.db_table)} "  # noqa: S608 (model names only)
            f"(comment_ptr_id, thread_id, parent_id, level, {quote('order')}, followup, "
            "nested_count) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            xtd_rows,
        )
        cursor.executemany(
            f"INSERT INTO {quote(ArticleComment._meta.db_table)} "  # noqa: S608
            "(xtdcomment_ptr_id, comment_html, moderation_status) VALUES (%s, %s, %s)",
            article_rows,
        )
    return [row.pk for row in base]


def without_flood_control():
    """Let one test client post many comments at once (flood control counts per IP)."""
    from wagtail.models import Site

    from newsplugin.models import ModerationSettings

    ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationSettings.objects.update(flood_seconds=0)


def use_site_language(settings, code):
    """Make ``code`` the site's default language: ``LANGUAGE_CODE``, and the locale
    Wagtail's migrations made (the one every page and author here is in)."""
    from django.urls import clear_url_caches

    global language_changed
    language_changed = True  # conftest clears the URL caches again after the test
    settings.LANGUAGE_CODE = code
    clear_url_caches()  # i18n_patterns' prefixes are cached per language
    if not Locale.objects.filter(language_code=code).exists():
        Locale.objects.filter(pk=Locale.objects.order_by("pk").first().pk).update(
            language_code=code
        )
    Site.clear_site_root_paths_cache()  # they name each root page's language


def english_locale():
    """The English locale (the site's default is Indonesian)."""
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(page, locale=None, **fields):
    """A live translation of ``page`` into ``locale`` (English by default), under the
    translation of its parent (made too, when missing), with ``fields`` changed."""
    locale = locale or english_locale()
    copy = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    # Parents copied on the way are drafts, as Wagtail leaves them: publish them too.
    for parent in copy.get_ancestors().filter(depth__gt=1, live=False).specific():
        parent.save_revision().publish()
    copy.refresh_from_db()
    return copy


def translate_author(author, locale=None, **fields):
    locale = locale or english_locale()
    copy = author.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy
