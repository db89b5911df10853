"""A commenter's personal data: what is kept, for how long, how it is handed back or erased.

``data`` holds the functions (export, anonymise, erase, forget after a time);
``views`` is the admin page that calls them. What is stored of an IP address
is decided lower down, in ``newsplugin.addresses``.
"""

from .data import (
    anonymise_commenter,
    comments_of,
    erase_commenter,
    export_commenter,
    forget_old_commenters,
)

__all__ = [
    "anonymise_commenter",
    "comments_of",
    "erase_commenter",
    "export_commenter",
    "forget_old_commenters",
]
