"""Small builders for test data: each call makes exactly what a test names."""

import itertools
from datetime import timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from newsplugin.models import ArticleAuthor, ArticlePage, Author, NewsIndexPage

_counter = itertools.count(1)


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
    for author in authors:
        article.article_authors.add(ArticleAuthor(author=author))
    if tags:
        article.tags.add(*tags)
    index.add_child(instance=article)
    return article
