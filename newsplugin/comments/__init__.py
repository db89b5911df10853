"""Reader comments: the form (``forms``), posting and reading them (``views``),
the moderation rules and moderator (``rules``, ``moderator``), threads as the
page shows them (``threads``), e-mails (``notifications``), and how it all plugs
into django-comments-xtd (``setup``, called from ``NewsPluginConfig.ready()``)."""
