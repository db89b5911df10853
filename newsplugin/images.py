"""Checks on images that editors upload.

Wagtail's own image field only reads an upload's header, so a truncated or corrupt
file passes validation and fails later with an exception (HTTP 500). Here the
whole image is decoded once with Pillow, under its decompression-bomb limit.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .conf import conf


def verify_image(fileobj) -> None:
    """Raise ValidationError unless ``fileobj`` holds a whole, decodable image of sane size."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    limit = conf.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                width, height = image.size
                if limit and width * height > limit:
                    raise _too_large(width, height, limit)
                # Decode every frame: a truncated file only fails here.
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(None, None, limit)
    except (OSError, SyntaxError, ValueError, EOFError, Image.UnidentifiedImageError):
        raise ValidationError(
            _("This image file is damaged or incomplete. Please upload the original file again."),
            code="corrupt_image",
        )
    finally:
        if hasattr(fileobj, "seek"):
            fileobj.seek(position)


def _too_large(width, height, limit):
    if width and height:
        message = _(
            "This image is %(width)s × %(height)s pixels; the largest allowed is "
            "%(limit)s pixels in all. Please resize it before uploading."
        )
    else:
        message = _("This image has more than %(limit)s pixels. Please resize it before uploading.")
    return ValidationError(
        message,
        code="image_too_large",
        params={"width": width, "height": height, "limit": f"{limit:,}"},
    )
