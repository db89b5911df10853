"""Dotted paths from before 0.2 keep working for one release, and say where they went."""

import pytest
from django.utils.module_loading import import_string

from newsplugin import checks
from newsplugin.cache.middleware import AnonymousPageCacheMiddleware
from newsplugin.comments.forms import ArticleCommentForm
from newsplugin.comments.moderator import ArticleCommentModerator
from newsplugin.comments.rules import apply_policy
from newsplugin.deprecation import RemovedInNewsplugin10Warning


@pytest.mark.parametrize(
    "old_path, new_object, new_path",
    [
        (
            "newsplugin.cache.AnonymousPageCacheMiddleware",
            AnonymousPageCacheMiddleware,
            "newsplugin.cache.middleware.AnonymousPageCacheMiddleware",
        ),
        (
            "newsplugin.comment_forms.ArticleCommentForm",
            ArticleCommentForm,
            "newsplugin.comments.forms.ArticleCommentForm",
        ),
        (
            "newsplugin.moderation.ArticleCommentModerator",
            ArticleCommentModerator,
            "newsplugin.comments.moderator.ArticleCommentModerator",
        ),
        (
            "newsplugin.rules.apply_policy",
            apply_policy,
            "newsplugin.comments.rules.apply_policy",
        ),
    ],
)
def test_an_old_path_still_resolves_and_names_the_new_one(old_path, new_object, new_path):
    with pytest.warns(RemovedInNewsplugin10Warning, match=new_path.replace(".", r"\.")):
        assert import_string(old_path) is new_object


def test_an_unknown_name_on_an_old_path_is_still_an_error():
    with pytest.raises(ImportError):
        import_string("newsplugin.cache.NoSuchMiddleware")


def test_new_paths_give_no_warning(settings):
    assert checks.check_moved_paths(None) == []


def test_settings_with_old_paths_get_a_warning_naming_the_new_ones(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "newsplugin.cache.AnonymousPageCacheMiddleware"]
    settings.COMMENTS_XTD_FORM_CLASS = "newsplugin.comment_forms.ArticleCommentForm"
    settings.NEWSPLUGIN_COMMENT_MODERATOR = "newsplugin.moderation.ArticleCommentModerator"
    settings.NEWSPLUGIN_MODERATION_RULES = ["newsplugin.rules.hold_many_links"]

    found = checks.check_moved_paths(None)

    assert {message.id for message in found} == {"newsplugin.W006"}
    assert [message.hint for message in found] == [
        "Use 'newsplugin.cache.middleware.AnonymousPageCacheMiddleware'; "
        "the old path stops working in 1.0.",
        "Use 'newsplugin.comments.forms.ArticleCommentForm'; the old path stops working in 1.0.",
        "Use 'newsplugin.comments.moderator.ArticleCommentModerator'; "
        "the old path stops working in 1.0.",
        "Use 'newsplugin.comments.rules.hold_many_links'; the old path stops working in 1.0.",
    ]


def test_the_old_middleware_path_still_counts_as_the_page_cache(settings):
    settings.NEWSPLUGIN_PAGE_CACHE_TIMEOUT = 60
    settings.MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
    assert [m.id for m in checks.check_page_cache_middleware(None)] == ["newsplugin.W003"]

    settings.MIDDLEWARE = ["newsplugin.cache.AnonymousPageCacheMiddleware"]
    assert checks.check_page_cache_middleware(None) == []
