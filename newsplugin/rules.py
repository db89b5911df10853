"""Deprecated: the moderation rules are in ``newsplugin.comments.rules``."""

from .deprecation import moved

__getattr__ = moved(__name__, {"newsplugin.comments.rules": None})
