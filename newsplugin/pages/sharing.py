"""What other sites read about an article: JSON-LD, Open Graph and Twitter cards.

Everything here is built from editor text, so it leaves this module as plain
data; templates escape it, and ``json_ld_script()`` makes sure nothing in it
can close the ``<script>`` element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from ..languages import language_of
from ..models import NewsSettings
from ..pictures import SHARE_IMAGE_SPECS, absolute_url, rendition_facts, share_image

# As Django's json_script: in HTML, a script element ends at the first "</",
# and "<!--" changes how it is parsed; \u-escapes keep the JSON identical.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

PUBLISHER_LOGO_SPEC = "max-600x60|format-png"


def json_ld_script(data):
    """``<script type="application/ld+json">`` holding ``data``, safe in any HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def news_settings_for(request):
    """The site's NewsSettings with its site (the publisher's fallback name), or None."""
    site = Site.find_for_request(request) if request else None
    if site is not None:
        news_settings = NewsSettings.for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return None
        news_settings = NewsSettings.for_site(site)
    news_settings.site = site  # the publisher's fallback name; saves another query
    return news_settings


def _full_author_urls(authors, request):
    return [(author, absolute_url(url, request) if url else None) for author, url in authors]


def article_structured_data(article, request, authors, news_settings=None, section=None):
    """A schema.org ``NewsArticle`` for ``article``; ``authors`` as (author, archive url).

    ``news_settings``: the site's, when the caller has them already; ``section``: the
    name of the news index (section) the article lives in.
    """
    url = article.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.search_description or article.standfirst,
        # The article's own language, whatever the request's (BCP 47, as its locale).
        "inLanguage": language_of(article),
    }
    if section:
        data["articleSection"] = section
    if url:
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
        data["url"] = url
    if article.lead_image:
        renditions = rendition_facts(article.lead_image, *SHARE_IMAGE_SPECS.values())
        data["image"] = [  # 1:1, 4:3 and 16:9
            absolute_url(rendition.url, request) for rendition in renditions.values()
        ]
    if article.display_date:
        data["datePublished"] = article.display_date.isoformat()
        modified = article.last_published_at or article.display_date
        data["dateModified"] = max(modified, article.display_date).isoformat()
    data["author"] = [
        {"@type": "Person", "name": author.name, **({"url": url} if url else {})}
        for author, url in _full_author_urls(authors, request)
    ]
    news_settings = news_settings or news_settings_for(request)
    if news_settings is not None:
        publisher = {"@type": "Organization", "name": news_settings.get_publisher_name()}
        if news_settings.publisher_logo:
            logo = rendition_facts(news_settings.publisher_logo, PUBLISHER_LOGO_SPEC)[
                PUBLISHER_LOGO_SPEC
            ]
            publisher["logo"] = {
                "@type": "ImageObject",
                "url": absolute_url(logo.url, request),
                "width": logo.width,
                "height": logo.height,
            }
        data["publisher"] = publisher
    comment_count = article.get_comment_count()
    if comment_count is not None:
        data["commentCount"] = comment_count
    return data


def article_share_metadata(article, request, authors, news_settings=None):
    """Values for the Open Graph and Twitter card tags and the canonical link."""
    news_settings = news_settings or news_settings_for(request)
    rendition = share_image(article.lead_image)
    image = None
    if rendition is not None:
        image = {
            "url": absolute_url(rendition.url, request),
            "width": rendition.width,
            "height": rendition.height,
            "alt": "" if article.lead_image_decorative else article.lead_image_alt,
        }
    return {
        "url": article.get_full_url(request),
        "title": article.seo_title or article.title,
        "description": article.search_description or article.standfirst,
        "site_name": news_settings.get_publisher_name() if news_settings else "",
        "image": image,
        "published": article.display_date,
        "modified": article.last_published_at,
        "author_urls": [url for _, url in _full_author_urls(authors, request) if url],
        "locale": language_of(article).replace("-", "_"),
    }
