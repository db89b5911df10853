"""What the public pages show besides their fields: an article's context
(``article``), More From Author (``related``), sharing and structured data
(``sharing``), RSS and Atom feeds (``feeds``) and the Google News sitemap
(``sitemaps``)."""
