"""Responsive pictures: bounded renditions in WebP with a JPEG fallback.

Every size a public page can ask for is listed here, so no page ever triggers a
full-size conversion of a large original, and queries can prefetch exactly the
renditions that templates will use.
"""

from dataclasses import dataclass
from functools import cache

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .prepared import PreparedQuery

FORMATS = ("webp", "jpeg")
# What an image row must hold to find or make its renditions (for .only()).
RENDITION_IMAGE_FIELDS = (
    "file", "width", "height", "file_hash", "focal_point_x", "focal_point_y",
    "focal_point_width", "focal_point_height",
)


@dataclass(frozen=True)
class PictureSize:
    """A named set of bounded renditions, e.g. the lead photo or a thumbnail."""

    filters: tuple[str, ...]
    sizes: str

    def specs(self, fmt):
        return [f"{spec}|format-{fmt}" for spec in self.filters]

    def all_specs(self):
        return [spec for fmt in FORMATS for spec in self.specs(fmt)]

    def prefetch(self, lookup):
        """A Prefetch of exactly these renditions for the image at ``lookup``."""
        rendition_model = get_image_model().get_rendition_model()
        return Prefetch(
            f"{lookup}__renditions",
            queryset=rendition_model.objects.filter(filter_spec__in=self.all_specs()),
            # A list, as Wagtail's own prefetch_renditions(): read without a queryset.
            to_attr="prefetched_renditions",
        )


PICTURE_SIZES = {
    "lead": PictureSize(
        filters=("width-480", "width-800", "width-1200"),
        sizes="(max-width: 860px) 100vw, 800px",
    ),
    "body": PictureSize(
        filters=("width-480", "width-800"),
        sizes="(max-width: 860px) 100vw, 800px",
    ),
    "thumbnail": PictureSize(
        filters=("fill-320x180-c100", "fill-640x360-c100"),
        sizes="(max-width: 600px) 100vw, 320px",
    ),
    "portrait": PictureSize(
        filters=("fill-96x96-c100", "fill-192x192-c100"),
        sizes="96px",
    ),
}


@cache
def _filter(spec):
    # A Filter parses its spec once (its operations are cached on it); Wagtail makes a
    # new one for every spec string of every get_renditions() call.
    return Filter(spec=spec)


def get_renditions(image, *specs):
    """``image.get_renditions(*specs)``, keyed by spec, with filters parsed once per process."""
    return image.get_renditions(*(_filter(spec) for spec in specs))


@cache
def _renditions_query():
    rendition_model = get_image_model().get_rendition_model()

    def build(image_ids, specs):
        return rendition_model.objects.filter(image_id__in=image_ids, filter_spec__in=specs)

    return PreparedQuery(rendition_model, build)


def prefetch_renditions(*wanted):
    """Load the renditions a page shows of several images, in one query.

    ``wanted`` holds ``(image, specs)`` pairs (``image`` may be None; an image may
    appear more than once). Each image gets the renditions as Wagtail's
    ``prefetched_renditions``, so ``get_renditions()`` answers from memory: no
    cache read, and no cache write for a rendition that exists (Wagtail writes
    what it read from the database or the cache back to the cache on every call).
    A rendition that does not exist yet is made as before.
    """
    specs_by_image = {}
    images = []
    for image, specs in wanted:
        if image is not None:
            specs_by_image.setdefault(image.pk, set()).update(specs)
            images.append(image)
    if not images:
        return
    # Every wanted spec of every image, then only the pairs wanted: one query of one
    # shape, built and compiled once per process (newsplugin.prepared).
    all_specs = sorted(set().union(*specs_by_image.values()))
    found = {}
    for rendition in _renditions_query()(sorted(specs_by_image), all_specs):
        if rendition.filter_spec in specs_by_image[rendition.image_id]:
            found.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        # Keep what an earlier prefetch found: Wagtail takes a prefetched list as complete.
        earlier = getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)
        if earlier is None:
            earlier = getattr(image, "prefetched_renditions", [])
        loaded = {rendition.pk: rendition for rendition in [*earlier, *found.get(image.pk, [])]}
        for rendition in loaded.values():
            rendition.image = image
        image.prefetched_renditions = list(loaded.values())


def picture_context(image, size_name):
    """Sources for a ``<picture>``: one srcset per format, the JPEG as the fallback ``<img>``."""
    size = PICTURE_SIZES[size_name]
    renditions = get_renditions(image, *size.all_specs())
    sources = {}
    for fmt in FORMATS:
        seen_widths = set()
        candidates = []
        for spec in size.specs(fmt):
            rendition = renditions[spec]
            # A small original gives the same width twice: list it once.
            if rendition.width not in seen_widths:
                seen_widths.add(rendition.width)
                candidates.append(rendition)
        sources[fmt] = candidates
    fallback = sources["jpeg"][-1] if len(sources["jpeg"]) < 3 else sources["jpeg"][1]
    return {
        "webp_srcset": ", ".join(f"{r.url} {r.width}w" for r in sources["webp"]),
        "jpeg_srcset": ", ".join(f"{r.url} {r.width}w" for r in sources["jpeg"]),
        "fallback": fallback,
        "sizes": size.sizes,
    }


# Bounded JPEG renditions for feeds, structured data and social cards: other
# sites fetch these, so they are in the most widely understood format.
SHARE_IMAGE_SPECS = {
    "1x1": "fill-1200x1200-c100|format-jpeg",
    "4x3": "fill-1200x900-c100|format-jpeg",
    "16x9": "fill-1200x675-c100|format-jpeg",
}


def share_image(image, ratio="16x9"):
    """A bounded rendition of ``image`` for other sites (feeds, cards), or None."""
    if image is None:
        return None
    spec = SHARE_IMAGE_SPECS[ratio]
    # get_renditions(), not get_rendition(): the latter writes to the cache on every call.
    return get_renditions(image, spec)[spec]


def absolute_url(url, request=None):
    """``url`` with the scheme and host of the Wagtail site (media may already be absolute)."""
    if url.startswith(("http://", "https://")):
        return url
    from wagtail.models import Site

    site = Site.find_for_request(request) if request else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return request.build_absolute_uri(url) if request else url
    return site.root_url + url
