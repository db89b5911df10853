"""Old import paths that keep working for one release, with a warning.

Version 0.2 split the flat modules into subpackages. A dotted path a site put in
its settings (``newsplugin.comment_forms.ArticleCommentForm``,
``newsplugin.cache.AnonymousPageCacheMiddleware``…) still resolves until 1.0;
each use warns and names the new path, and ``newsplugin.W006`` lists those found
in settings.
"""

import warnings
from importlib import import_module


class RemovedInNewsplugin10Warning(DeprecationWarning):
    pass


def moved(old_module, targets):
    """A module ``__getattr__`` forwarding old names to where they live now.

    ``targets`` maps each new module to the names it took over, or to None for
    all of its public names.
    """

    def __getattr__(name):
        for new_module, names in targets.items():
            if names is None and name.startswith("_") or names and name not in names:
                continue
            module = import_module(new_module)
            if not hasattr(module, name):
                continue
            warnings.warn(
                f"{old_module}.{name} is now {new_module}.{name}; "
                "the old path goes in newsplugin 1.0.",
                RemovedInNewsplugin10Warning,
                stacklevel=2,
            )
            return getattr(module, name)
        raise AttributeError(f"module {old_module!r} has no attribute {name!r}")

    return __getattr__
