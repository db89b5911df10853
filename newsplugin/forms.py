"""The image form the plugin gives to Wagtail (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import verify_image


class SafeImageField(WagtailImageField):
    """Wagtail's image field, after a full Pillow decode of the upload.

    Wagtail's own checks decode the file while reading its size and let the
    decoder's OSError escape, which the admin answers with HTTP 500.
    """

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            verify_image(data)
        return super().to_python(data)


class SafeImageForm(BaseImageForm):
    """Wagtail's image form, refusing damaged and oversized uploads with a form error.

    Point ``WAGTAILIMAGES_IMAGE_FORM_BASE`` at this class (or a subclass); it
    serves the single and the multiple upload views alike.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, SafeImageField):
            self.fields["file"] = SafeImageField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                widget=field.widget,
            )
