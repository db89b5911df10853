"""WordPress post HTML (classic or block editor) as article body blocks.

Classic content goes through WordPress's ``wpautop`` rules first (blank lines
are paragraphs, single line breaks ``<br>``); block-editor content is already
HTML. The ``[caption]`` shortcode and Gutenberg's ``<figure>`` both become
captioned image blocks, the credit split off the caption. Everything else is
kept only as far as the body's rich text allows (paragraphs, bold, italic,
links, h2/h3, lists, quotes): scripts, styles, frames, event handlers and
``javascript:`` links do not survive, exactly as if an editor had pasted them.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

# Dropped with everything inside them.
DROPPED = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math",
     "form", "select", "textarea", "button", "video", "audio", "canvas", "head", "title"}
)
VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "col"})
INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a", "br": "br"}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
_PUBLIC_HREF = re.compile(r"(?:https?://|mailto:|/)[^\s<>\"'`]*", re.IGNORECASE)

# WordPress's wpautop block elements (wp-includes/formatting.php).
_AUTOP_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
_BLOCK_OPEN_OR_CLOSE = re.compile(rf"(<(?:{_AUTOP_BLOCKS})[\s/>])", re.IGNORECASE)
_BLOCK_CLOSE = re.compile(rf"(</(?:{_AUTOP_BLOCKS})>)", re.IGNORECASE)
_STARTS_WITH_BLOCK = re.compile(rf"^\s*</?(?:{_AUTOP_BLOCKS})[\s/>]", re.IGNORECASE)
_ENDS_WITH_BLOCK = re.compile(rf"</?(?:{_AUTOP_BLOCKS})[^>]*>\s*$", re.IGNORECASE)

_CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.IGNORECASE | re.DOTALL)
_SHORTCODE_ATTR = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_CAPTION_IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$",
                            re.IGNORECASE | re.DOTALL)
_OTHER_SHORTCODE = re.compile(r"\[/?([a-z][\w-]*)(?:\s[^\]]*)?\]", re.IGNORECASE)
_GUTENBERG = re.compile(r"<!--\s*wp:")

# "(Foto: Yuri Kadobnov/AP)", "Photo: Budi/Reuters", "(ANTARA FOTO/Budi)", "Foto oleh Budi".
_CREDIT = re.compile(
    r"""[\s\-–—|,.]*\(?\s*
        (?:(?:foto|photo|fotografer|photographer|gambar|image|picture)(?:\s+(?:oleh|by))?\s*[:：]
           \s*(?P<credit>[^()]+?)
         |(?:foto|photo)\s+(?:oleh|by)\s+(?P<credit_by>[^()]+?)
         |(?P<agency>(?:antara|ant)\s+foto\s*/\s*[^()]+?))
        \s*\)?\s*[.]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_SPACE = re.compile(r"\s+")


def split_credit(caption):
    """(caption, credit) from a caption that ends with a credit in either convention."""
    caption = _SPACE.sub(" ", caption or "").strip()
    match = _CREDIT.search(caption)
    if not match:
        return caption, ""
    credit = match.group("credit") or match.group("credit_by") or match.group("agency")
    return caption[: match.start()].strip(), credit.strip()


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag):
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found is not None:
                    return found
        return None


class _TreeBuilder(HTMLParser):
    """A forgiving HTML tree without what must not survive (scripts, frames…)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag in DROPPED:
                self.dropping += 1
            return
        if tag in DROPPED:
            self.dropping = 1
            return
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.dropping and tag not in DROPPED:
            self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if self.dropping:
            if tag in DROPPED:
                self.dropping -= 1
            return
        for position in range(len(self.stack) - 1, 0, -1):
            if self.stack[position].tag == tag:
                del self.stack[position:]
                return

    def handle_data(self, data):
        if not self.dropping:
            self.stack[-1].children.append(data)


def parse_html(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def wpautop(text):
    """WordPress's automatic paragraphs for classic content (the rules that matter here)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    preserved = {}

    def keep(match):
        key = f"<!--np-pre-{len(preserved)}-->"
        preserved[key] = match.group(0)
        return key

    text = re.sub(r"<pre\b.*?</pre>", keep, text, flags=re.IGNORECASE | re.DOTALL)
    text = _BLOCK_OPEN_OR_CLOSE.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_WITH_BLOCK.match(chunk) or chunk in preserved:
            paragraphs.append(chunk)
        else:
            inner = re.sub(r"(?<!<br>)(?<!<br />)\s*\n\s*", "<br />\n", chunk)
            paragraphs.append(f"<p>{inner}</p>")
    text = "\n".join(paragraphs)
    for key, value in preserved.items():
        text = text.replace(key, value)
    return text


def _shortcode_attrs(text):
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in
            _SHORTCODE_ATTR.finditer(text)}


def captions_to_figures(html):
    """``[caption …]<img …> Text[/caption]`` as ``<figure><img …><figcaption>Text…``."""

    def figure(match):
        attrs = _shortcode_attrs(match.group(2))
        inner = _CAPTION_IMAGE.match(match.group(3))
        if not inner:
            return match.group(3)
        image, caption = inner.group(1), inner.group(2).strip() or attrs.get("caption", "")
        attachment = re.sub(r"\D", "", attrs.get("id", ""))
        return (
            f'<figure data-attachment="{attachment}">{image}'
            f"<figcaption>{caption}</figcaption></figure>"
        )

    return _CAPTION.sub(figure, html)


@dataclass
class BodyImage:
    """An image the body shows, before its file is found."""

    src: str
    attachment_id: int
    alt: str
    caption: str
    credit: str


@dataclass
class Conversion:
    blocks: list = field(default_factory=list)  # ("paragraph", html) | ("quote", {}) | BodyImage
    dropped_shortcodes: set = field(default_factory=set)


def _safe_href(href):
    href = (href or "").strip()
    return href if _PUBLIC_HREF.fullmatch(href) else None


def _inline_html(node):
    """The children of ``node`` as rich text inline HTML: b, i, a[href], br and text."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(child, quote=False))
            continue
        tag = INLINE.get(child.tag)
        inner = _inline_html(child)
        if tag == "br":
            out.append("<br/>")
        elif tag == "a":
            href = _safe_href(child.attrs.get("href"))
            out.append(f'<a href="{escape(href)}">{inner}</a>' if href and inner.strip() else inner)
        elif tag and inner.strip():
            out.append(f"<{tag}>{inner}</{tag}>")
        else:
            out.append(inner)
    return "".join(out)


def _attachment_id(img, figure=None):
    if figure is not None and figure.attrs.get("data-attachment", "").isdigit():
        return int(figure.attrs["data-attachment"])
    match = re.search(r"wp-image-(\d+)", img.attrs.get("class", ""))
    return int(match.group(1)) if match else 0


def _image(img, figure=None):
    caption_node = figure.find("figcaption") if figure is not None else None
    caption, credit = split_credit(caption_node.text() if caption_node is not None else "")
    return BodyImage(
        src=img.attrs.get("src", "").strip(),
        attachment_id=_attachment_id(img, figure),
        alt=_SPACE.sub(" ", img.attrs.get("alt", "")).strip(),
        caption=caption,
        credit=credit,
    )


class _Blocks:
    def __init__(self):
        self.blocks = []
        self.rich = []

    def add_rich(self, html):
        if re.sub(r"<[^>]+>|&nbsp;|\s", "", html):
            self.rich.append(html)

    def flush(self):
        if self.rich:
            self.blocks.append(("paragraph", "".join(self.rich)))
            self.rich = []

    def add_block(self, block):
        self.flush()
        self.blocks.append(block)


def _walk(node, out):
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                out.add_rich(f"<p>{escape(child.strip(), quote=False)}</p>")
            continue
        tag = child.tag
        if tag == "figure" and child.find("figure") is not None:  # a gallery of figures
            _walk(child, out)
            continue
        if tag == "figure" or (tag in ("p", "div", "a") and _only_image(child)):
            img = child.find("img") if child.tag != "img" else child
            if img is not None:
                out.add_block(_image(img, child if tag == "figure" else None))
                caption = child.find("figcaption")
                rest = Node("div", children=[c for c in child.children if c is not caption
                                             and not _holds_image(c)])
                _walk(rest, out)
                continue
        if tag == "img":
            out.add_block(_image(child))
        elif tag == "p":
            images = _images_in(child)
            if images:  # a photo inline in a paragraph: the text, then the photo
                text = _inline_html(child)
                out.add_rich(f"<p>{text}</p>")
                for img in images:
                    out.add_block(_image(img))
            else:
                out.add_rich(f"<p>{_inline_html(child)}</p>")
        elif tag in HEADINGS:
            out.add_rich(f"<{HEADINGS[tag]}>{_inline_html(child)}</{HEADINGS[tag]}>")
        elif tag in ("ul", "ol"):
            items = [
                f"<li>{_inline_html(li)}</li>" for li in child.children
                if isinstance(li, Node) and li.tag == "li" and _inline_html(li).strip()
            ]
            if items:
                out.add_rich(f"<{tag}>{''.join(items)}</{tag}>")
        elif tag == "blockquote":
            cite = child.find("cite")
            attribution = cite.text().strip() if cite is not None else ""
            paragraphs = [
                _SPACE.sub(" ", c.text() if isinstance(c, Node) else c).strip()
                for c in child.children if c is not cite
            ]
            text = "\n\n".join(p for p in paragraphs if p)
            if text:
                out.add_block(("quote", {"text": text[:2000], "attribution": attribution[:255]}))
        elif tag in ("b", "strong", "i", "em", "a", "span", "br", "sup", "sub", "small", "u"):
            html = _inline_html(Node("p", children=[child]))
            if tag != "br":
                out.add_rich(f"<p>{html}</p>")
        else:  # div, section, table, pre, figure without image…: their contents
            _walk(child, out)


def _holds_image(node):
    return isinstance(node, Node) and (node.tag == "img" or node.find("img") is not None)


def _images_in(node):
    found = []
    for child in node.children:
        if isinstance(child, Node):
            found.extend([child] if child.tag == "img" else _images_in(child))
    return found


def _only_image(node):
    """Whether ``node`` holds an image and no text of its own."""
    return bool(_images_in(node)) and not node.text().strip()


def convert(content):
    """Body blocks for a post's ``content:encoded``, and the shortcodes it had to drop."""
    conversion = Conversion()
    content = content or ""
    block_editor = bool(_GUTENBERG.search(content))
    content = captions_to_figures(content)
    for match in _OTHER_SHORTCODE.finditer(content):
        conversion.dropped_shortcodes.add(match.group(1).lower())
    content = _OTHER_SHORTCODE.sub("", content)
    if not block_editor:
        content = wpautop(content)
    out = _Blocks()
    _walk(parse_html(content), out)
    out.flush()
    conversion.blocks = out.blocks
    return conversion
