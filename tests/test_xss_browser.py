"""Hostile input from readers and editors renders inert in a real Chromium.

Every payload of ``tests/hostile/xss_corpus.py`` goes through the real reply form
in each reader field (comment, name, website); what the form accepts is approved
and shown on one article page, loaded once; what it refuses comes back in the
form, and those forms are loaded too. A sentinel (``__xss``) defined before any
page script, a dialog listener, and hover and focus on every comment element
prove nothing runs; a static check of the HTML, as sent and as the browser
parsed it, finds no event handler, script or dangerous URL.
"""

import json
import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.test import Client

from newsplugin.models import ArticleComment

from .builders import (
    comment_form_data,
    make_article,
    make_author,
    make_image,
    make_index,
    use_site_language,
)
from .hostile.xss_corpus import BENIGN, PAYLOADS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # Hundreds of posts from one test client: flood control would refuse them.
    pytest.mark.usefixtures("no_flood_control"),
]

SENTINEL = "window.__xss_hits = []; window.__xss = (n) => window.__xss_hits.push(n);"
# Hover, focus and animate every element of the given selector, then report.
PROVOKE = """(selector) => {
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mouseout', 'mouseleave',
                 'pointerover', 'pointerenter', 'focus', 'focusin', 'blur', 'toggle',
                 'animationstart', 'transitionend', 'keydown'];
  const elements = document.querySelectorAll(selector);
  for (const el of elements) {
    for (const type of types) el.dispatchEvent(new Event(type, {bubbles: true}));
    if (typeof el.focus === 'function') el.focus();
  }
  return elements.length;
}"""
# Scroll the next comment into view and return a point inside it, for the real mouse.
NEXT_COMMENT_BOX = """() => {
  const all = document.querySelectorAll('.np-comment__body');
  window.__hovered = (window.__hovered ?? -1) + 1;
  const el = all[window.__hovered];
  el.scrollIntoView({block: 'center'});
  const r = el.getBoundingClientRect();
  return {x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 10)};
}"""
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
                  "background", "poster", "srcset", "ping"}
HOSTILE_ELEMENTS = ["script", "iframe", "object", "embed", "svg", "math", "style", "template",
                    "noscript", "img", "input", "textarea", "select", "button", "form", "link",
                    "meta", "base", "video", "audio", "details", "marquee", "title", "xmp"]

NEVER_ON_A_PAGE = ["iframe", "object", "embed", "svg", "math", "template", "noscript", "xmp",
                   "marquee", "details", "base", "plaintext", "noembed"]


def static_problems(html, scope=None):
    """Event handlers, scripts and dangerous URLs in ``html`` (inside ``scope`` for elements)."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                problems.append(f"handler {name} on <{tag.name}>")
            normalised = re.sub(r"[\x00-\x20]+", "", value or "")
            if name.lower() in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(normalised):
                problems.append(f"{name}={value[:60]!r} on <{tag.name}>")
            if name.lower() == "style" and re.search(r"expression|url\(", value, re.I):
                problems.append(f"style={value[:60]!r}")
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            if "<" in script.get_text():
                problems.append("markup inside JSON-LD")
        elif not (script.get("src") or "").startswith("/static/"):
            problems.append(f"script {str(script)[:80]!r}")
    for container in soup.select(scope) if scope else []:
        for name in HOSTILE_ELEMENTS:
            for tag in container.find_all(name):
                problems.append(f"<{name}> inside {scope}: {str(tag)[:80]!r}")
    # Elements no newsplugin page uses anywhere: they could only come from input.
    for name in NEVER_ON_A_PAGE:
        problems += [f"<{name}>: {str(tag)[:80]!r}" for tag in soup.find_all(name)]
    return problems


def open_and_provoke(page, url=None, html=None, selector="body *"):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    if url:
        page.goto(url)
    else:
        page.set_content(html)
    page.wait_for_load_state("load")
    count = page.evaluate(PROVOKE, selector)
    page.wait_for_timeout(200)
    return count, page.evaluate("window.__xss_hits"), dialogs


@pytest.fixture
def sentinel_page(page):
    page.add_init_script(SENTINEL)
    return page


@pytest.fixture
def readers_article(settings):
    use_site_language(settings, "en")
    settings.NEWSPLUGIN_COMMENT_THREADS_PER_PAGE = 2000
    return make_article(make_index(), "Jembatan Baru Dibuka")


def test_hostile_reader_input_is_inert_and_benign_markup_survives(
    live_server, sentinel_page, readers_article
):
    article, client = readers_article, Client()
    refused_forms, statuses = [], {}
    posts = [("comment", payload) for payload in PAYLOADS]
    posts += [("name", payload) for payload in PAYLOADS]
    posts += [("url", payload) for payload in PAYLOADS]
    posts += [("comment", text) for text, _selector in BENIGN.values()]
    for number, (field, value) in enumerate(posts):
        fields = {"comment": f"Komentar nomor {number}.", field: value}
        response = client.post("/comments/post/", comment_form_data(article, **fields))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code in {200, 303, 400}, (field, value)
        if response.status_code != 303:
            html = response.content.decode()
            assert not static_problems(html, ".np-comments__list"), (field, value)
            form = BeautifulSoup(html, "html.parser").select_one(".np-comment-form form")
            # The fields that carry what the reader typed, in their own form.
            fields = form.select('input[name="name"], input[name="url"], textarea')
            refused_forms.append("<form>" + "".join(map(str, fields)) + "</form>")
    assert statuses.get(303, 0) > len(PAYLOADS)  # every comment payload, some names and URLs
    ArticleComment.objects.update(is_public=True)

    url = live_server.url + article.url
    raw = Client().get(article.url).content.decode()
    assert not static_problems(raw, ".np-comments__list")
    count, hits, dialogs = open_and_provoke(sentinel_page, url, selector=".np-comments *")
    assert count > statuses[303]
    # Real (trusted) pointer movement over every comment, not only synthetic events.
    for _ in range(sentinel_page.locator(".np-comment__body").count()):
        box = sentinel_page.evaluate(NEXT_COMMENT_BOX)
        sentinel_page.mouse.move(box["x"], box["y"], steps=2)
    sentinel_page.wait_for_timeout(200)
    assert sentinel_page.evaluate("window.__xss_hits") == hits == []
    assert dialogs == []
    parsed = sentinel_page.content()
    assert not static_problems(parsed, ".np-comments__list")

    soup = BeautifulSoup(raw, "html.parser")
    comments = soup.select_one(".np-comments__list")
    for name, (text, selector) in BENIGN.items():
        matching = [
            node for node in comments.select(".np-comment__text")
            if (selector is None and text.split(" ")[1] in node.get_text())
            or (selector and node.select(selector))
        ]
        assert matching, name
    assert "ꦱꦸꦒꦼꦁ" in raw and "👍🏽🇮🇩" in raw and "中文" in raw
    for link in comments.select(".np-comment__text a"):
        assert link["href"].startswith(("http://", "https://", "mailto:"))
        assert link["rel"] == ["nofollow", "ugc", "noopener"]

    # The forms that came back with the refused input, all in one document.
    document = "<!doctype html><html><body>" + "".join(refused_forms) + "</body></html>"
    count, hits, dialogs = open_and_provoke(sentinel_page, html=document)
    assert count > len(refused_forms)
    assert (hits, dialogs) == ([], [])
    assert not static_problems(sentinel_page.content())


def test_hostile_editor_input_is_inert_in_pages_feeds_and_structured_data(
    live_server, sentinel_page, settings
):
    use_site_language(settings, "en")
    short = [p for p in PAYLOADS if len(p) <= 100]
    index = make_index()
    author = make_author(short[1][:200], slug="penulis-berbahaya", bio=" ".join(short[:12])[:1000])
    articles = []
    for n in range(3):
        chunk = short[n * 12:(n + 1) * 12]
        articles.append(
            make_article(
                index,
                title=f"Judul {n} {chunk[0]}"[:255],
                slug=f"judul-{n}",
                authors=[author],
                standfirst=" ".join(chunk[1:5]),
                lead_image=make_image(),
                lead_image_caption=" ".join(chunk[5:8])[:500],
                lead_image_credit=chunk[8][:100],
                lead_image_alt=chunk[9][:100],
                pinned_links=[
                    ("link", {"url": "https://example.org/a", "title": chunk[10][:200]}),
                    ("link", {"url": "https://example.org/b", "title": chunk[11][:200]}),
                ],
                tags=[f"tag{n}"],
            )
        )
    client = Client()
    pages = [a.url for a in articles] + [index.url, index.author_url(author)]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not static_problems(html), path
        count, hits, dialogs = open_and_provoke(sentinel_page, live_server.url + path)
        assert (hits, dialogs) == ([], []), path
        assert not static_problems(sentinel_page.content()), path

    for article in articles:
        soup = BeautifulSoup(client.get(article.url).content, "html.parser")
        (ld,) = soup.select('script[type="application/ld+json"]')
        data = json.loads(ld.get_text())
        assert data["headline"] == article.title
        assert data["author"][0]["name"] == author.name

    for path in [index.feed_url(f) for f in ("rss", "atom")] + [
        index.feed_url("atom", author=author)
    ]:
        body = client.get(path).content
        feed = feedparser.parse(body)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        titles = {entry.title for entry in feed.entries}
        assert {a.title for a in articles} <= titles
        assert b"<script" not in body and b"<img" not in body
