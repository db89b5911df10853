"""Moving a WordPress newsroom in: ``manage.py import_wordpress``.

``wxr`` streams a WordPress export (WXR) safely, ``content`` turns post HTML
(classic or block editor) into article body blocks, ``importer`` creates the
authors, sections, articles, photos, comments and redirects, and
``middleware`` answers WordPress's ``?p=ID`` addresses.
"""
