"""The newsroom's models, one module per concept, all importable from here.

``authors`` (journalists and bylines), ``comments`` (reader comments and their
status), ``site_settings`` (what editors set per site), ``pages`` (news indexes
and articles) and ``querysets`` (shared queries). They import nothing of the
app but its leaf modules (``conf``, ``blocks``, ``panels``, ``pictures``…).
"""

from .authors import NAME_KEY_LENGTH, ArticleAuthor, Author, localize_authors, name_key
from .choices import CommentPolicy, ModerationStatus
from .comments import ArticleComment
from .front import FrontPage, FrontPageMixin
from .imports import ImportedObject
from .pages import (
    ArticlePage,
    ArticleTag,
    ChildPageRoutingMixin,
    NewsIndexPage,
    NewsPageMixin,
    approved_comment_count,
    by_author,
    find_public_article,
)
from .querysets import ArticleCommentQuerySet, paginate, translated_site_pages, without_private
from .site_settings import ModerationSettings, NewsSettings
from .workbench import (
    CommenterRule,
    CommenterRuleKind,
    CommentReport,
    ReportReason,
    SectionModerators,
)

__all__ = [
    "ArticleAuthor",
    "ArticleComment",
    "ArticleCommentQuerySet",
    "ArticlePage",
    "ArticleTag",
    "Author",
    "ChildPageRoutingMixin",
    "CommentReport",
    "CommenterRule",
    "CommenterRuleKind",
    "CommentPolicy",
    "FrontPage",
    "FrontPageMixin",
    "ImportedObject",
    "ModerationSettings",
    "ModerationStatus",
    "NAME_KEY_LENGTH",
    "NewsIndexPage",
    "NewsPageMixin",
    "NewsSettings",
    "ReportReason",
    "SectionModerators",
    "approved_comment_count",
    "by_author",
    "find_public_article",
    "localize_authors",
    "name_key",
    "paginate",
    "translated_site_pages",
    "without_private",
]
