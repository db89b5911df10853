"""Reading a WordPress export (WXR 1.0-1.2) as a stream of plain records.

The file is parsed with defusedxml's ``iterparse``: entity declarations and
external references are refused (billion laughs, XXE), and each ``<item>`` is
dropped from memory once read, so a file of any size costs the same memory.
"""

from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

WP_NAMESPACES = ("http://wordpress.org/export/", "https://wordpress.org/export/")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


class ExportError(Exception):
    """The export cannot be read: malformed, hostile, or not a WordPress export."""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Category:
    slug: str
    name: str
    parent: str = ""
    term_id: int = 0


@dataclass
class Comment:
    id: int
    parent: int
    author: str
    email: str
    url: str
    ip: str
    date_gmt: str
    date: str
    content: str
    approved: str
    type: str


@dataclass
class Item:
    id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    slug: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: str = ""
    date: str = ""
    attachment_url: str = ""
    parent: int = 0
    categories: list = field(default_factory=list)  # [(slug, name)]
    tags: list = field(default_factory=list)  # [(slug, name)]
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


def _local(tag):
    """(namespace, local name) of an ElementTree tag."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _is_wp(namespace):
    return namespace.startswith(WP_NAMESPACES) and not namespace.endswith("/excerpt/")


def _children(element):
    """{local name: text} of ``element``'s WordPress children (the last wins)."""
    values = {}
    for child in element:
        namespace, name = _local(child.tag)
        if _is_wp(namespace):
            values[name] = (child.text or "").strip() if name != "comment_content" else (
                child.text or ""
            )
    return values


def _int(value):
    try:
        return int((value or "").strip() or 0)
    except ValueError:
        return 0


def _author(element):
    values = _children(element)
    return Author(
        login=values.get("author_login", ""),
        email=values.get("author_email", ""),
        display_name=values.get("author_display_name", ""),
        first_name=values.get("author_first_name", ""),
        last_name=values.get("author_last_name", ""),
    )


def _category(element):
    values = _children(element)
    return Category(
        slug=values.get("category_nicename", ""),
        name=values.get("cat_name", "") or values.get("category_nicename", ""),
        parent=values.get("category_parent", ""),
        term_id=_int(values.get("term_id")),
    )


def _comment(element):
    values = _children(element)
    return Comment(
        id=_int(values.get("comment_id")),
        parent=_int(values.get("comment_parent")),
        author=values.get("comment_author", ""),
        email=values.get("comment_author_email", ""),
        url=values.get("comment_author_url", ""),
        ip=values.get("comment_author_IP", ""),
        date_gmt=values.get("comment_date_gmt", ""),
        date=values.get("comment_date", ""),
        content=values.get("comment_content", ""),
        approved=values.get("comment_approved", "").strip(),
        type=values.get("comment_type", "").strip(),
    )


def _item(element):
    values = _children(element)
    item = Item(
        id=_int(values.get("post_id")),
        post_type=values.get("post_type", ""),
        status=values.get("status", ""),
        slug=values.get("post_name", ""),
        date_gmt=values.get("post_date_gmt", ""),
        date=values.get("post_date", ""),
        attachment_url=values.get("attachment_url", ""),
        parent=_int(values.get("post_parent")),
    )
    for child in element:
        namespace, name = _local(child.tag)
        text = child.text or ""
        if child.tag == "title":
            item.title = text.strip()
        elif child.tag == "link":
            item.link = text.strip()
        elif child.tag == DC_CREATOR:
            item.creator = text.strip()
        elif child.tag == CONTENT:
            item.content = text
        elif name == "encoded" and namespace.endswith("/excerpt/"):
            item.excerpt = text.strip()
        elif child.tag == "category":
            pair = (child.get("nicename", "").strip(), text.strip())
            if child.get("domain") == "category":
                item.categories.append(pair)
            elif child.get("domain") == "post_tag":
                item.tags.append(pair)
        elif _is_wp(namespace) and name == "postmeta":
            meta = _children(child)
            item.meta[meta.get("meta_key", "")] = meta.get("meta_value", "")
        elif _is_wp(namespace) and name == "comment":
            item.comments.append(_comment(child))
    return item


def _position(parser_error):
    line, column = getattr(parser_error, "position", (0, 0))
    return line, column


def read_export(path):
    """Yield ("site", {"base_url", "link", "title"}), ("author", Author),
    ("category", Category) and ("item", Item) records in file order.

    Raises ExportError naming the line for a malformed file, and for a file that
    declares entities or refers to external ones.
    """
    site = {}
    site_sent = False
    depth = 0
    try:
        events = iterparse(
            path, events=("start", "end"), forbid_dtd=False, forbid_entities=True,
            forbid_external=True,
        )
        root = channel = None
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 2:
                    channel = element
                if root is None:
                    root = element
                    if element.tag != "rss":
                        raise ExportError(
                            f"not a WordPress export: the document is <{element.tag}>, "
                            "not <rss>"
                        )
                continue
            depth -= 1
            namespace, name = _local(element.tag)
            if depth == 2 and not site_sent:
                # The channel's own fields come before its first author or item.
                if element.tag in ("title", "link"):
                    site[element.tag] = (element.text or "").strip()
                elif _is_wp(namespace) and name in ("base_site_url", "base_blog_url"):
                    site[name] = (element.text or "").strip()
                if _is_wp(namespace) and name in ("author", "category", "tag", "term") or (
                    element.tag == "item"
                ):
                    site_sent = True
                    yield "site", dict(site)
            if depth != 2:
                continue
            if element.tag == "item":
                yield "item", _item(element)
            elif _is_wp(namespace) and name == "author":
                yield "author", _author(element)
            elif _is_wp(namespace) and name == "category":
                yield "category", _category(element)
            # Drop what was read: memory stays flat however long the file is.
            channel.clear()
        if not site_sent:
            yield "site", dict(site)
    except DefusedXmlException as error:
        raise ExportError(f"refused: the file {_hostile_reason(error)}") from error
    except ParseError as error:
        line, column = _position(error)
        reason = str(error).split(": line ")[0]
        raise ExportError(f"malformed XML at line {line}, column {column}: {reason}") from error


def _hostile_reason(error):
    name = type(error).__name__
    if name == "EntitiesForbidden":
        return "declares XML entities (an entity expansion attack, or not a WordPress export)"
    if name in ("ExternalReferenceForbidden", "DTDForbidden"):
        return "refers to external XML entities or documents"
    return f"uses a forbidden XML construct ({name})"
