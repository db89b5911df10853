"""Deprecated: the reader's comment form is in ``newsplugin.comments.forms``."""

from .deprecation import moved

__getattr__ = moved(__name__, {"newsplugin.comments.forms": None})
