"""The anonymous page cache: ``middleware`` serves and stores pages, ``purge``
forgets them, ``signals`` decides when (connected in ``NewsPluginConfig.ready()``)."""

from ..deprecation import moved

# Before 0.2 all of this was the module newsplugin.cache.
__getattr__ = moved(
    __name__,
    {
        "newsplugin.cache.middleware": [
            "AnonymousPageCacheMiddleware",
            "CACHE_HEADER",
            "mark_cacheable",
        ],
        "newsplugin.cache.purge": [
            "article_urls",
            "author_urls",
            "index_urls",
            "purge_article",
            "purge_urls",
        ],
    },
)
