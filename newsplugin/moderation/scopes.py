"""Which comments a moderator may see and decide: all, or those of some sections.

A group listed in ``SectionModerators`` moderates only the articles below its
sections (news indexes). A user sees every comment when they are a superuser,
hold ``moderate_comment`` themselves, or through a group that no section limits;
otherwise they see the union of their groups' sections. Every queue view, count,
badge and JSON endpoint asks ``comments_for(user)``.
"""

from django.contrib.auth.models import Permission
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from ..models import ArticleComment, ArticlePage, NewsIndexPage, SectionModerators

MODERATE_CODENAME = "moderate_comment"


def moderated_sections(user):
    """None when ``user`` moderates every section, else the sections they moderate."""
    cached = getattr(user, "_newsplugin_sections", False)
    if cached is not False:
        return cached
    sections = None
    if not user.is_superuser:
        permission = Permission.objects.filter(
            codename=MODERATE_CODENAME, content_type__app_label="newsplugin"
        )
        direct = user.user_permissions.filter(pk__in=permission).exists()
        groups = list(user.groups.filter(permissions__in=permission).values_list("pk", flat=True))
        limited = set(
            SectionModerators.objects.filter(group_id__in=groups).values_list("group_id", flat=True)
        )
        if not direct and groups and set(groups) <= limited:
            sections = list(
                NewsIndexPage.objects.filter(
                    pk__in=SectionModerators.sections.through.objects.filter(
                        sectionmoderators__group_id__in=groups
                    ).values("newsindexpage_id")
                ).only("pk", "path", "depth")
            )
    user._newsplugin_sections = sections
    return sections


def articles_in(sections):
    """The ids (as text, as comments store them) of the articles below ``sections``."""
    below = Q(pk__in=[])
    for section in sections:
        below |= Q(path__startswith=section.path, depth__gt=section.depth)
    return ArticlePage.objects.filter(below).values(pk_text=Cast("pk", CharField()))


def comments_for(user):
    """The comments ``user`` may see and decide in the queue."""
    sections = moderated_sections(user)
    comments = ArticleComment.objects.all()
    if sections is None:
        return comments
    return comments.filter(object_pk__in=articles_in(sections))
