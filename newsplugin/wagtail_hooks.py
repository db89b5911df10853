from wagtail.snippets.models import register_snippet

from .viewsets import AuthorViewSet

register_snippet(AuthorViewSet)
