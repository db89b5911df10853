"""StreamField blocks for article bodies and the More From Author pins."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

http_url = URLValidator(schemes=["http", "https"])


class CaptionedImageBlock(blocks.StructBlock):
    """An image in the body, with caption, credit and alt text like the lead photo."""

    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=255,
        help_text=_("Photographer/agency, e.g. “Budi Santoso/Antara”."),
    )
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        required=False,
        max_length=255,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    decorative = blocks.BooleanBlock(label=_("Decorative (no alt text needed)"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(_("Describe the image, or mark it as decorative."))
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        template = "newsplugin/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"), max_length=2000)
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "newsplugin/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "h2", "h3", "ol", "ul", "blockquote"],
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()


class HttpURLBlock(blocks.URLBlock):
    """A URL block that accepts only http and https addresses."""

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                http_url(value)
            except ValidationError:
                raise ValidationError(_("Enter a web address starting with http:// or https://."))
        return value


class ExternalLinkBlock(blocks.StructBlock):
    url = HttpURLBlock(label=_("Address"))
    title = blocks.CharBlock(label=_("Title"), max_length=255)

    class Meta:
        icon = "link"
        label = _("External link")


class PinnedLinksBlock(blocks.StreamBlock):
    """Hand-picked links shown first in More From Author.

    Stored in the article row itself, so reading them costs no query.
    """

    article = blocks.PageChooserBlock(label=_("Article"), page_type="newsplugin.ArticlePage")
    link = ExternalLinkBlock()
