"""How articles appear in Wagtail's API (v2): fields, authors and lead photo renditions."""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from .pictures import SHARE_IMAGE_SPECS


class ArticleAuthorSerializer(serializers.Serializer):
    """An author by name and slug, as the article's language writes them; never the
    linked user account or an email."""

    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    slug = serializers.CharField()


class SectionField(serializers.Field):
    """The section (news index) an article lives in: id, title, slug."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, article):
        section = article.get_parent()
        return {"id": section.pk, "title": section.title, "slug": section.slug}


ARTICLE_API_FIELDS = [
    APIField("standfirst"),
    APIField("date"),
    APIField(
        "authors",
        serializer=ArticleAuthorSerializer(source="get_authors", many=True, read_only=True),
    ),
    APIField("lead_image"),
    APIField("lead_image_caption"),
    APIField("lead_image_credit"),
    APIField("lead_image_alt"),
    APIField("lead_image_decorative"),
    APIField(
        "lead_image_thumbnail",
        serializer=ImageRenditionField("fill-640x360-c100|format-jpeg", source="lead_image"),
    ),
    APIField(
        "lead_image_16x9",
        serializer=ImageRenditionField(SHARE_IMAGE_SPECS["16x9"], source="lead_image"),
    ),
    APIField("body"),
    APIField("tags"),
    APIField("section", serializer=SectionField()),
    # Filled by the comments app through ArticlePage.get_comment_count(); null until then.
    APIField(
        "comment_count",
        serializer=serializers.IntegerField(source="get_comment_count", read_only=True),
    ),
]
