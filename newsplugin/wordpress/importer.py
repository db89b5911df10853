"""Creating the newsroom from a WordPress export: authors, sections, articles,
photos, comments and redirects, in one pass per kind of record.

``WordPressImport(path, uploads, into).run()`` reads the file twice: first the
attachments (small: their address, alt text and caption), then the posts one at
a time, each in its own transaction with its comments. What an earlier run
brought in is found in ``ImportedObject`` and not created again.
"""

import hashlib
import json
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime
from html import unescape
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from ..addresses import address_key, email_key, stored_ip_address
from ..conf import conf
from ..forms import SafeImageField
from ..models import (
    ArticleAuthor,
    ArticleComment,
    ArticlePage,
    Author,
    ImportedObject,
    ModerationStatus,
    NewsIndexPage,
)
from ..sanitise import sanitise_comment
from . import wxr
from .content import BodyImage, convert, split_credit

Kind = ImportedObject.Kind
COMMENT_STATES = {
    "1": ModerationStatus.APPROVED,
    "approve": ModerationStatus.APPROVED,
    "0": ModerationStatus.PENDING,
    "hold": ModerationStatus.PENDING,
    "spam": ModerationStatus.SPAM,
    "trash": ModerationStatus.REJECTED,
    "post-trashed": ModerationStatus.REJECTED,
}
UNCATEGORISED = frozenset({"uncategorized", "uncategorised", "tak-berkategori", "umum"})
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_SCALED_SUFFIX = re.compile(r"-scaled(?=\.[A-Za-z0-9]+$)")


class Summary:
    """What a run did: counts per kind and outcome, skips by reason, warnings."""

    def __init__(self):
        self.counts = Counter()  # (kind, outcome) -> n
        self.skipped = Counter()  # (kind, reason) -> n
        self.warnings = []

    def count(self, kind, outcome, n=1):
        self.counts[(kind, outcome)] += n

    def skip(self, kind, reason, n=1):
        self.skipped[(kind, reason)] += n

    def warn(self, message):
        self.warnings.append(message)

    def rows(self):
        kinds = ["authors", "sections", "tags", "articles", "images", "comments", "redirects"]
        return [
            (kind, self.counts[(kind, "created")], self.counts[(kind, "updated")],
             self.counts[(kind, "unchanged")],
             sum(n for (k, _), n in self.skipped.items() if k == kind))
            for kind in kinds
        ]


def _utc(value, fallback_local=""):
    """A WordPress GMT date ("2023-11-05 07:30:00") as an aware datetime, or None.

    Drafts carry "0000-00-00 00:00:00" in GMT: then the local date is read in the
    site's time zone.
    """
    for text, zone in ((value, UTC), (fallback_local, None)):
        text = (text or "").strip()
        if not text or text.startswith("0000"):
            continue
        try:
            moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=zone) if zone else timezone.make_aware(moment)
    return None


def _digest(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _old_path(link):
    """The path (and query) of a WordPress address, as Wagtail's redirects store it."""
    parts = urlsplit(link or "")
    if not parts.path and not parts.query:
        return ""
    return Redirect.normalise_path(parts.path + (f"?{parts.query}" if parts.query else ""))


class WordPressImport:
    """One import of ``path`` under the news index ``into``.

    ``uploads`` is the folder that held ``wp-content/uploads``; images are read
    only from there. ``include`` may name "drafts", "private" and "pages" to
    import those too (drafts and private posts as unpublished articles).
    """

    def __init__(self, path, uploads, into, *, dry_run=False, limit=None, include=(),
                 progress=None):
        self.path = path
        self.uploads = Path(uploads).resolve() if uploads else None
        self.into = into
        self.dry_run = dry_run
        self.limit = limit
        self.include = set(include)
        self.progress = progress or (lambda done, total, comments: None)
        self.summary = Summary()
        self.source = ""
        self.site = into.get_site()
        self.attachments = {}  # id -> {"url", "alt", "caption", "title"}
        self.attachment_by_path = {}
        self.authors = {}  # login -> Author
        self.categories = {}  # slug -> wxr.Category
        self.sections = {}  # slug -> NewsIndexPage
        self.images = {}  # uploads-relative path -> image id (or None: refused)
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.max_level = max(conf.COMMENT_MAX_DEPTH - 1, 0)

    # The run -----------------------------------------------------------------

    def run(self):
        total = self._first_pass()
        with self._maybe_rollback():
            self._import_authors()
            self._import_sections()
            done = 0
            comments = 0
            for kind, record in wxr.read_export(self.path):
                if kind != "item" or record.post_type == "attachment":
                    continue
                if record.post_type not in ("post", "page") and record.post_type:
                    self.summary.skip("articles", f"post type “{record.post_type}”")
                    continue
                if not self._wanted(record):
                    continue
                if self.limit is not None and done >= self.limit:
                    self.summary.skip("articles", "past --limit")
                    continue
                if self._import_item(record):
                    done += 1
                    comments += len(record.comments)
                self.progress(done, total, comments)
        return self.summary

    @contextmanager
    def _maybe_rollback(self):
        """A dry run does everything in one transaction, then rolls it back."""
        if not self.dry_run:
            yield
            return
        with transaction.atomic():
            yield
            transaction.set_rollback(True)

    def _first_pass(self):
        """Site, authors, categories and attachments; the number of posts to import."""
        total = 0
        for kind, record in wxr.read_export(self.path):
            if kind == "site":
                self.source = (
                    record.get("base_blog_url") or record.get("link")
                    or record.get("base_site_url") or "wordpress"
                ).rstrip("/")[:255]
            elif kind == "author":
                self.authors[record.login] = record
            elif kind == "category" and record.slug:
                self.categories[record.slug] = record
            elif kind == "item" and record.post_type == "attachment":
                self.attachments[record.id] = {
                    "url": record.attachment_url or record.link,
                    "alt": record.meta.get("_wp_attachment_image_alt", "").strip(),
                    "caption": record.excerpt,
                    "title": record.title,
                }
                relative = self._uploads_path(record.attachment_url)
                if relative:
                    self.attachment_by_path[relative] = record.id
            elif kind == "item" and self._wanted(record, quiet=True):
                total += 1
        if self.limit is not None:
            total = min(total, self.limit)
        return total

    # Authors and sections ------------------------------------------------------

    def _mapped(self, kind, source_ids):
        rows = ImportedObject.objects.filter(
            source=self.source, kind=kind, source_id__in=[str(i) for i in source_ids]
        )
        return {row.source_id: row for row in rows}

    def _remember(self, kind, source_id, object_id, digest=""):
        ImportedObject.objects.update_or_create(
            source=self.source, kind=kind, source_id=str(source_id),
            defaults={"object_id": object_id, "digest": digest},
        )

    def _import_authors(self):
        mapped = self._mapped(Kind.AUTHOR, self.authors)
        for login, record in list(self.authors.items()):
            row = mapped.get(login)
            author = Author.objects.filter(pk=row.object_id).first() if row else None
            name = (record.display_name or " ".join(
                filter(None, [record.first_name, record.last_name])) or login).strip()[:255]
            if author is None:
                slug = slugify(login)[:255] or slugify(name)[:255] or f"author-{len(login)}"
                author = Author.objects.filter(slug=slug).first()
                if author is None:
                    author = Author.objects.create(name=name, slug=slug)
                    self.summary.count("authors", "created")
                else:
                    self.summary.count("authors", "unchanged")
                self._remember(Kind.AUTHOR, login, author.pk)
            else:
                self.summary.count("authors", "unchanged")
            user = self._user_with_email(record.email)
            if user is not None and author.user_id is None and not Author.objects.filter(
                user=user
            ).exists():
                author.user = user
                author.save(update_fields=["user"])
            self.authors[login] = author

    @staticmethod
    def _user_with_email(email):
        """The one Wagtail user with this email (any case), or None: the email is used for
        this link only and stored nowhere."""
        if not email_key(email):
            return None
        user_model = get_user_model()
        field = user_model.get_email_field_name()
        users = list(user_model.objects.filter(**{f"{field}__iexact": email_key(email)})[:2])
        return users[0] if len(users) == 1 else None

    def _section_order(self):
        """Category slugs with every parent before its children."""
        ordered, seen = [], set()

        def visit(slug, trail=()):
            if slug in seen or slug not in self.categories or slug in trail:
                return
            parent = self.categories[slug].parent
            if parent:
                visit(parent, (*trail, slug))
            seen.add(slug)
            ordered.append(slug)

        for slug in self.categories:
            visit(slug)
        return ordered

    def _import_sections(self):
        mapped = self._mapped(Kind.CATEGORY, self.categories)
        for slug in self._section_order():
            category = self.categories[slug]
            if slug in UNCATEGORISED and not category.parent:
                self.sections[slug] = self.into
                continue
            parent = self.sections.get(category.parent, self.into)
            row = mapped.get(slug)
            section = NewsIndexPage.objects.filter(pk=row.object_id).first() if row else None
            if section is None:
                page_slug = slugify(unquote(slug), allow_unicode=True)[:255] or "section"
                section = parent.get_children().filter(slug=page_slug).specific().first()
                if section is not None and not isinstance(section, NewsIndexPage):
                    self.summary.warn(
                        f"category “{category.name}”: {parent.url_path}{page_slug}/ is another "
                        "kind of page; its articles go to the section above"
                    )
                    self.sections[slug] = parent
                    continue
                if section is None:
                    section = NewsIndexPage(title=category.name[:255] or slug, slug=page_slug)
                    parent.add_child(instance=section)
                    self.summary.count("sections", "created")
                else:
                    self.summary.count("sections", "unchanged")
                self._remember(Kind.CATEGORY, slug, section.pk)
            else:
                self.summary.count("sections", "unchanged")
            self.sections[slug] = section

    # Posts -----------------------------------------------------------------------

    def _wanted(self, item, quiet=False):
        """Whether ``item`` becomes an article; reports why not."""
        if item.post_type not in ("post", "page"):
            return False
        reason = None
        if item.post_type == "page" and "pages" not in self.include:
            reason = "page (use --include pages)"
        elif item.status in ("draft", "pending", "future", "auto-draft"):
            if "drafts" not in self.include:
                reason = f"{item.status} (use --include drafts)"
        elif item.status == "private":
            if "private" not in self.include:
                reason = "private (use --include private)"
        elif item.status == "inherit":
            reason = "revision"
        elif item.status != "publish":
            reason = f"status “{item.status or 'none'}”"
        if reason and not quiet:
            self.summary.skip("articles", reason)
        return reason is None

    def _import_item(self, item):
        try:
            with transaction.atomic():
                self._import_article(item)
        except (ValidationError, ValueError, DataError, IntegrityError) as error:
            self.summary.skip("articles", "invalid")
            self.summary.warn(f"post {item.id} “{item.title}”: not imported: {_message(error)}")
            return False
        return True

    def _section_for(self, item):
        slugs = [slug for slug, _ in item.categories if slug in self.sections]
        primary_id = item.meta.get("_yoast_wpseo_primary_category", "").strip()
        primary = None
        if primary_id:
            # Yoast's primary category is a term id; the export names terms by slug.
            for slug in slugs:
                if str(getattr(self.categories.get(slug), "term_id", "")) == primary_id:
                    primary = slug
        primary = primary or (slugs[0] if slugs else None)
        section = self.sections[primary] if primary else self.into
        others = []
        for slug in slugs:
            page = self.sections[slug]
            if page.pk != section.pk and page.pk != self.into.pk and page not in others:
                others.append(page)
        for slug, name in item.categories:
            if slug not in self.sections:
                self.summary.warn(f"post {item.id}: category “{name}” is not in the export")
        return section, others

    def _import_article(self, item):
        mapped = self._mapped(Kind.POST, [item.id]).get(str(item.id))
        article = ArticlePage.objects.filter(pk=mapped.object_id).first() if mapped else None
        digest = _digest(item.title, item.slug, item.content, item.excerpt, item.date_gmt,
                         item.categories, item.tags, item.creator, item.meta.get("_thumbnail_id"))
        if article is not None and mapped.digest == digest:
            self.summary.count("articles", "unchanged")
        else:
            article = self._write_article(item, article)
            self._remember(Kind.POST, item.id, article.pk, digest)
        self._import_comments(item, article)
        self._redirects(item, article)

    def _write_article(self, item, article):
        creating = article is None
        section, others = self._section_for(item)
        date = _utc(item.date_gmt, item.date)
        live = item.status == "publish"
        title = (item.title or item.slug or f"WordPress {item.id}")[:255]
        fields = {
            "title": title,
            "standfirst": self._standfirst(item),
            "date": date,
            "body": self._body(item),
            "comments_open": True,
            "seo_title": "",
        }
        lead = self._lead_photo(item)
        if creating:
            article = ArticlePage(
                slug=self._free_slug(section, item), live=live,
                first_published_at=date if live else None,
                last_published_at=date if live else None,
                has_unpublished_changes=not live,
                **fields,
            )
        else:
            for name, value in fields.items():
                setattr(article, name, value)
        article.lead_image_id = lead["image"]
        article.lead_image_caption = lead["caption"]
        article.lead_image_credit = lead["credit"]
        article.lead_image_alt = lead["alt"]
        article.lead_image_decorative = False
        # Some exports wrap the login in stray characters (">login").
        creator = item.creator if item.creator in self.authors else item.creator.strip(" >\"'")
        authors = [self.authors[creator]] if creator in self.authors else []
        if item.creator and not authors:
            self.summary.warn(f"post {item.id}: author “{item.creator}” is not in the export")
        article.article_authors.set([
            ArticleAuthor(author=author, sort_order=n) for n, author in enumerate(authors)
        ])
        article.other_sections.set(others)
        article.tags.set(self._tags(item))
        needs_alt = article.lead_image_id is not None and not article.lead_image_alt
        if needs_alt:
            self.summary.warn(
                f"post {item.id} “{title}”: the lead photo has no alt text; describe it in the "
                "admin"
            )
        if creating:
            # Page.save() validates the page: a photo without alt text would be refused,
            # and it is better imported with the warning above than dropped.
            photo = article.lead_image_id
            article.lead_image_id = None if needs_alt else photo
            section.add_child(instance=article)
            if needs_alt:
                article.lead_image_id = photo
                article.save(clean=False)
            self.summary.count("articles", "created")
        else:
            article.save(clean=not needs_alt)
            self.summary.count("articles", "updated")
        return article

    def _tags(self, item):
        """The post's tags, made with ASCII slugs: a tag archive's address takes no other."""
        tags = []
        for _, name in item.tags:
            name = name.strip()[:100]
            if not name:
                continue
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                base = slugify(name)[:90] or "tag"
                slug, n = base, 1
                while Tag.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                tag = Tag.objects.create(name=name, slug=slug)
                self.summary.count("tags", "created")
            if tag not in tags:
                tags.append(tag)
        return tags

    def _standfirst(self, item):
        text = re.sub(r"<[^>]+>", "", item.excerpt or "")
        text = re.sub(r"\s+", " ", unescape(text)).strip()
        if len(text) > 500:
            self.summary.warn(f"post {item.id}: the excerpt is cut to 500 characters")
            text = text[:499].rstrip() + "…"
        return text

    def _free_slug(self, section, item):
        base = slugify(unquote(item.slug or item.title), allow_unicode=True)[:200] or (
            f"post-{item.id}"
        )
        slug, n = base, 1
        taken = set(section.get_children().filter(slug__startswith=base).values_list(
            "slug", flat=True))
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        if slug != base:
            self.summary.warn(f"post {item.id}: the address {base}/ is taken; it is {slug}/")
        return slug

    # Photos ------------------------------------------------------------------------

    def _uploads_path(self, url):
        """``…/wp-content/uploads/2023/11/x.jpg`` as ``2023/11/x.jpg`` (or "")."""
        parts = urlsplit(url or "")
        path = unquote(parts.path)
        marker = "/uploads/"
        if marker in path:
            relative = PurePosixPath(path.split(marker, 1)[1])
        elif parts.hostname and parts.hostname.endswith(".files.wordpress.com"):
            relative = PurePosixPath(path.lstrip("/"))  # WordPress.com: /2013/09/x.jpg
        else:
            return ""
        if any(part in ("..", "") for part in relative.parts):
            return ""
        return str(relative)

    def _image_file(self, url, attachment_id=0):
        """The upload's path relative to ``--uploads``: the original, not a resized copy."""
        attachment = self.attachments.get(attachment_id)
        if attachment and self._uploads_path(attachment["url"]):
            return self._uploads_path(attachment["url"])
        relative = self._uploads_path(url)
        original = _SCALED_SUFFIX.sub("", _SIZE_SUFFIX.sub("", relative))
        return original if original in self.attachment_by_path else relative

    def _image(self, url, attachment_id, context):
        """The id of the Wagtail image for an upload, made once per file; None when refused.

        Ids, not images, are kept: memory stays flat over tens of thousands of photos."""
        relative = self._image_file(url, attachment_id)
        if not relative:
            self.summary.skip("images", "not in the uploads folder")
            self.summary.warn(f"{context}: {url or 'an image'} is not in wp-content/uploads")
            return None
        if relative in self.images:
            return self.images[relative]
        image = None
        mapped = self._mapped(Kind.ATTACHMENT, [relative]).get(relative)
        if mapped:
            image = get_image_model().objects.filter(pk=mapped.object_id).first()
            if image is not None:
                self.summary.count("images", "unchanged")
        if image is None:
            image = self._load_image(relative, context)
        self.images[relative] = image.pk if image is not None else None
        return self.images[relative]

    def _load_image(self, relative, context):
        if self.uploads is None:
            self.summary.skip("images", "no --uploads folder")
            return None
        path = (self.uploads / relative).resolve()
        if not path.is_relative_to(self.uploads) or not path.is_file():
            self.summary.skip("images", "missing file")
            self.summary.warn(f"{context}: image file {relative} is missing from the uploads")
            return None
        data = path.read_bytes()
        upload = SimpleUploadedFile(path.name, data)
        try:
            # The checks of an editor's upload: type, size, pixels, a full decode.
            SafeImageField().clean(upload)
        except ValidationError as error:
            self.summary.skip("images", "refused")
            self.summary.warn(f"{context}: image {relative} refused: {_message(error)}")
            return None
        self.summary.count("images", "created")
        if self.dry_run:
            return None  # checked, not stored: a rolled-back run must leave no files behind
        upload.seek(0)
        attachment = self.attachments.get(self.attachment_by_path.get(relative), {})
        title = (attachment.get("title") or path.stem)[:255]
        image = get_image_model()(title=title, file=upload)
        image.save()
        self._remember(Kind.ATTACHMENT, relative, image.pk)
        return image

    def _lead_photo(self, item):
        none = {"image": None, "caption": "", "credit": "", "alt": ""}
        thumbnail = wxr._int(item.meta.get("_thumbnail_id"))
        if not thumbnail:
            return none
        attachment = self.attachments.get(thumbnail)
        if attachment is None:
            self.summary.warn(f"post {item.id}: featured image {thumbnail} is not in the export")
            return none
        image = self._image(attachment["url"], thumbnail, f"post {item.id}")
        if image is None:
            return none
        caption, credit = split_credit(re.sub(r"<[^>]+>", "", attachment["caption"]))
        return {"image": image, "caption": caption[:500], "credit": credit[:255],
                "alt": attachment["alt"][:255]}

    def _body(self, item):
        conversion = convert(item.content)
        for shortcode in sorted(conversion.dropped_shortcodes):
            self.summary.warn(f"post {item.id}: shortcode [{shortcode}] dropped")
        blocks = []
        for block in conversion.blocks:
            if isinstance(block, BodyImage):
                image = self._image(block.src, block.attachment_id, f"post {item.id}")
                if image is None:
                    continue
                attachment = self.attachments.get(
                    block.attachment_id
                ) or self.attachments.get(self.attachment_by_path.get(
                    self._image_file(block.src, block.attachment_id)), {})
                alt = (attachment.get("alt") or block.alt)[:255]
                if not alt:
                    self.summary.warn(f"post {item.id}: a body image has no alt text")
                blocks.append({"type": "image", "value": {
                    "image": image, "caption": block.caption[:500],
                    "credit": block.credit[:255], "alt_text": alt, "decorative": False,
                }})
            else:
                kind, value = block
                blocks.append({"type": kind, "value": value})
        return json.dumps(blocks)

    # Comments ----------------------------------------------------------------------

    def _import_comments(self, item, article):
        comments = []
        for comment in item.comments:
            if comment.type in ("pingback", "trackback"):
                self.summary.skip("comments", comment.type)
            elif comment.approved not in COMMENT_STATES:
                self.summary.skip("comments", f"state “{comment.approved}”")
            else:
                comments.append(comment)
        if not comments:
            return
        mapped = self._mapped(Kind.COMMENT, [c.id for c in comments])
        new = [c for c in comments if str(c.id) not in mapped]
        self.summary.count("comments", "unchanged", len(comments) - len(new))
        if not new:
            return
        if mapped:
            known = {int(k): row.object_id for k, row in mapped.items()}
            self._add_comments_one_by_one(article, new, known)
        else:
            self._add_comments_in_bulk(article, new)

    def _comment_fields(self, comment, article):
        status = COMMENT_STATES[comment.approved]
        name = comment.author.strip() or "Anonim"
        if len(name) > 50:
            self.summary.warn(f"comment {comment.id}: the name is cut to 50 characters")
        url = comment.url.strip()
        if len(url) > 200:
            self.summary.warn(f"comment {comment.id}: the website address is too long; dropped")
            url = ""
        date = _utc(comment.date_gmt, comment.date) or article.date or timezone.now()
        return {
            "content_type": self.content_type,
            "object_pk": str(article.pk),
            "site_id": settings.SITE_ID,
            "user_name": name[:50],
            "user_email": comment.email.strip()[:254],
            "user_url": url,
            "comment": comment.content,
            "submit_date": date,
            "ip_address": stored_ip_address(comment.ip),
            "is_public": status == ModerationStatus.APPROVED,
            "is_removed": False,
        }, status

    def _threads(self, comments, known=None):
        """(comment, parent id in the export or 0, level) in xtd's depth-first order;
        a reply deeper than the site allows hangs from its deepest allowed ancestor."""
        known = known or {}
        by_id = {c.id: c for c in comments}
        children = defaultdict(list)
        roots = []
        for comment in sorted(comments, key=lambda c: (c.date_gmt, c.id)):
            parent = comment.parent
            if parent and parent not in by_id and parent not in known:
                self.summary.warn(
                    f"comment {comment.id}: its parent {parent} is not imported; "
                    "it starts a thread"
                )
                parent = 0
            if parent and parent in by_id:
                children[parent].append(comment)
            else:
                roots.append((comment, parent))
        ordered = []

        visited = set()

        def visit(comment, parent, level, thread_parent):
            # Depth-first with a stack of our own: a hostile export's thread of ten
            # thousand replies must not exhaust Python's recursion limit.
            stack = [(comment, parent, level, thread_parent)]
            while stack:
                comment, parent, level, thread_parent = stack.pop()
                if comment.id in visited:
                    continue
                visited.add(comment.id)
                if level > self.max_level:
                    level = self.max_level
                    parent = thread_parent[level - 1] if level else 0
                    self.summary.count("comments", "flattened")
                ordered.append((comment, parent, level))
                chain = [*thread_parent[:level], comment.id]
                for child in reversed(children[comment.id]):
                    stack.append((child, comment.id, level + 1, chain))

        for comment, parent in roots:
            visit(comment, parent, 0, [])
        if len(ordered) < len(comments):  # replies in a loop (a answers b answers a)
            for comment in comments:
                if comment.id not in visited:
                    self.summary.warn(f"comment {comment.id}: its replies loop; it starts a thread")
                    visit(comment, 0, 0, [])
        return ordered

    def _add_comments_in_bulk(self, article, comments):
        """A post's comments in a handful of queries, stored as ``ArticleComment.save()``
        stores them (sanitised, IP truncated or hashed, status and ``is_public`` in step)
        with the thread data django-comments-xtd computes one comment at a time."""
        ordered = self._threads(comments)
        rows, statuses = [], []
        for comment, _parent, _level in ordered:
            fields, status = self._comment_fields(comment, article)
            rows.append(BaseComment(**fields))
            statuses.append(status)
        BaseComment.objects.bulk_create(rows)
        pk = {comment.id: row.pk for (comment, _, _), row in zip(ordered, rows, strict=True)}
        thread, order, nested, parents = {}, {}, Counter(), {}
        position = Counter()
        for comment, parent, _level in ordered:  # depth-first: a thread's rows in a row
            own = pk[comment.id]
            parents[own] = pk[parent] if parent else own
            thread[own] = thread[parents[own]] if parent else own
            position[thread[own]] += 1
            order[own] = position[thread[own]]
            ancestor = own
            while parents[ancestor] != ancestor:
                ancestor = parents[ancestor]
                nested[ancestor] += 1
        now = timezone.now()
        xtd_rows, article_rows = [], []
        for (comment, _parent, level), row, status in zip(ordered, rows, statuses, strict=True):
            own = row.pk
            xtd_rows.append((own, thread[own], parents[own], level, order[own], False,
                             nested[own]))
            article_rows.append((
                own, sanitise_comment(comment.content), status, now, "wordpress", False, False,
                email_key(comment.email), address_key(comment.ip),
            ))
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(XtdComment._meta.db_table)} "  # noqa: S608 (model names)
                f"(comment_ptr_id, thread_id, parent_id, level, {quote('order')}, followup, "
                "nested_count) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                xtd_rows,
            )
            cursor.executemany(
                f"INSERT INTO {quote(ArticleComment._meta.db_table)} "  # noqa: S608
                "(xtdcomment_ptr_id, comment_html, moderation_status, moderated_at, "
                "moderation_rule, by_newsroom, notify_replies, email_key, address_key) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                article_rows,
            )
        ImportedObject.objects.bulk_create(
            ImportedObject(source=self.source, kind=Kind.COMMENT, source_id=str(comment.id),
                           object_id=pk[comment.id])
            for comment, _, _ in ordered
        )
        self.summary.count("comments", "created", len(ordered))

    def _add_comments_one_by_one(self, article, comments, known):
        """New comments on an article imported before: xtd threads each one as it saves."""
        for comment, parent, _level in self._threads(comments, known):
            fields, status = self._comment_fields(comment, article)
            # The full address: save() keeps only its keyed hash and the stored form.
            fields["ip_address"] = comment.ip if stored_ip_address(comment.ip) else None
            parent_pk = known.get(parent, 0) if parent else 0
            parents = XtdComment.norel_objects.only("level", "parent_id")
            parent_row = parents.filter(pk=parent_pk).first() if parent_pk else None
            while parent_row is not None and parent_row.level >= self.max_level:
                parent_pk = parent_row.parent_id
                parent_row = parents.filter(pk=parent_pk).first()
            stored = ArticleComment(
                **fields, parent_id=parent_pk, moderation_status=status,
                moderated_at=timezone.now(), moderation_rule="wordpress",
            )
            stored.save()
            known[comment.id] = stored.pk
            self._remember(Kind.COMMENT, comment.id, stored.pk)
            self.summary.count("comments", "created")

    # Redirects ---------------------------------------------------------------------

    def _redirects(self, item, article):
        if not article.live:
            return
        new_path = article.url or ""
        for old in {_old_path(item.link), Redirect.normalise_path(f"/?p={item.id}")}:
            if not old or old == "/" or old == Redirect.normalise_path(new_path):
                continue
            redirect, created = Redirect.objects.get_or_create(
                old_path=old, site=self.site,
                defaults={"redirect_page": article, "is_permanent": True},
            )
            if created:
                self.summary.count("redirects", "created")
            elif redirect.redirect_page_id != article.pk:
                self.summary.skip("redirects", "address already redirects elsewhere")
                self.summary.warn(f"post {item.id}: {old} already redirects elsewhere; kept")
            else:
                self.summary.count("redirects", "unchanged")


def _message(error):
    if isinstance(error, ValidationError):
        return "; ".join(str(m) for m in error.messages)
    return str(error)
