"""URLs for what is not a page, to include before Wagtail's own patterns::

    path("", include("newsplugin.urls")),

Readers post comments to ``comments/post/``; apps read an article's approved
comments at ``comments/articles/<id>/``; search engines read ``news-sitemap.xml``
and ``robots.txt``.
"""

from django.urls import path

from .comments import views
from .moderation import reports
from .pages.sitemaps import news_sitemap, robots_txt

app_name = "newsplugin"

urlpatterns = [
    path("comments/post/", views.post_comment, name="post_comment"),
    path("comments/token/", views.comment_token, name="comment_token"),
    path(
        "comments/articles/<int:article_id>/",
        views.article_comments,
        name="article_comments",
    ),
    path(
        "comments/unsubscribe/<str:token>/",
        views.unsubscribe_replies,
        name="unsubscribe_replies",
    ),
    path(
        "comments/unsubscribe-decision/<str:token>/",
        views.unsubscribe_decision,
        name="unsubscribe_decision",
    ),
    path("comments/report/", reports.report_comment, name="report_comment"),
    path("comments/report/token/", reports.report_token, name="report_token"),
    path("news-sitemap.xml", news_sitemap, name="news_sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
