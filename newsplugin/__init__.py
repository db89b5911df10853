"""newsplugin: a Wagtail news CMS with moderated reader comments."""

__version__ = "0.2.0"
