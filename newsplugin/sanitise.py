"""Turning what a reader typed into HTML that is safe to publish.

Comments are sanitised once, when they are saved (``ArticleComment.save()``), and
the result is stored: pages render the stored HTML and never sanitise per view.
The reader's original text is kept beside it for moderators.
"""

import re
from functools import partial
from html import unescape

from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from django.utils.html import strip_tags

ALLOWED_TAGS = frozenset({"a", "p", "br", "strong", "em", "b", "i", "blockquote", "code"})
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Elements whose text must not survive as text once the tag is stripped.
_DROPPED_WITH_CONTENT = re.compile(
    r"<\s*(script|style|template)\b.*?(?:<\s*/\s*\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


# A link must be absolute http(s) or mailto, with no markup or spacing left in it.
# bleach lets relative addresses through, and the paragraph step runs before it,
# so an address broken over lines (``java\nscript:``) arrives as ``java<br>\nscript:``.
_PUBLIC_HREF = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`]+", re.IGNORECASE)


def _link_attributes(attrs, new=False):
    """Every link gets the same ``rel``; a link without a public address is unwrapped."""
    if not _PUBLIC_HREF.fullmatch(attrs.get((None, "href")) or ""):
        return None
    attrs.pop((None, "target"), None)
    attrs[(None, "rel")] = LINK_REL
    return attrs


# Building a Cleaner compiles html5lib's tables: do it once per process.
_cleaner = Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_attributes], parse_email=False)],
)


def _paragraphs(text):
    """Blank lines separate paragraphs; a single line break is a ``<br>``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    return "".join(
        "<p>{}</p>".format(block.strip().replace("\n", "<br>\n"))
        for block in _PARAGRAPH_BREAK.split(text)
        if block.strip()
    )


def sanitise_comment(text: str) -> str:
    """Safe HTML for a comment body: a few inline tags, paragraphs, linkified URLs."""
    text = _DROPPED_WITH_CONTENT.sub("", text or "")
    return _cleaner.clean(_paragraphs(text)).strip()


def visible_text(html: str) -> str:
    """The words a reader would see in ``html``, without markup or spacing."""
    text = unescape(strip_tags(html))
    return text.translate(_INVISIBLE).strip()


def is_http_url(url: str) -> bool:
    """Whether ``url`` may be a public link (the commenter's website)."""
    return (url or "").lower().startswith(("http://", "https://"))
