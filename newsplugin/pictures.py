"""Responsive pictures: bounded renditions in WebP with a JPEG fallback.

Every size a public page can ask for is listed here, so no page ever triggers a
full-size conversion of a large original, and queries can prefetch exactly the
renditions that templates will use.
"""

from dataclasses import dataclass
from functools import cache, lru_cache

from django.core.files.storage import FileSystemStorage
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


@dataclass(frozen=True, slots=True)
class RenditionFacts:
    """What a page shows of a rendition: its address and its size."""

    url: str
    width: int
    height: int


# Where an image keeps the facts of its renditions found for this request.
_FACTS = "_newsplugin_renditions"


def rendition_facts(image, *specs):
    """``{spec: RenditionFacts}`` of ``image``'s renditions: from ``prefetch_renditions``
    when it found them, else from Wagtail (which makes those that do not exist yet)."""
    known = image.__dict__.setdefault(_FACTS, {})
    missing = [spec for spec in specs if spec not in known]
    if missing:
        for spec, rendition in image.get_renditions(*map(_filter, missing)).items():
            known[spec] = RenditionFacts(rendition.url, rendition.width, rendition.height)
    return {spec: known[spec] for spec in specs}


@cache
def _renditions_query():
    rendition_model = get_image_model().get_rendition_model()

    def build(image_ids, specs):
        return rendition_model.objects.filter(
            image_id__in=image_ids, filter_spec__in=specs
        ).values_list("image_id", "filter_spec", "focal_point_key", "file", "width", "height")

    return PreparedQuery(rendition_model, build)


@cache
def _rendition_storage():
    return get_image_model().get_rendition_model()._meta.get_field("file").storage


@lru_cache(maxsize=16384)
def _stored_url(base_url, name):
    return _rendition_storage().url(name)


def _media_url(name):
    """A rendition file's address; kept when the storage writes the same address for
    the same name every time (files on disk), asked for each time otherwise (a
    storage may sign its addresses, which expire)."""
    storage = _rendition_storage()
    if isinstance(storage, FileSystemStorage):
        return _stored_url(storage.base_url, name)
    return storage.url(name)


def prefetch_renditions(*wanted):
    """Find the renditions a page shows of several images, in one query.

    ``wanted`` holds ``(image, specs)`` pairs (``image`` may be None; an image may
    appear more than once). Each image keeps their addresses and sizes, so
    ``rendition_facts()`` answers from memory: no cache read or write, and no
    rendition instances (their making was most of the cost). A rendition that
    does not exist yet is made by Wagtail when it is asked for, as before.
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
    for image_id, spec, focal_point_key, name, width, height in _renditions_query()(
        sorted(specs_by_image), all_specs
    ):
        if spec in specs_by_image[image_id]:
            found.setdefault(image_id, []).append((spec, focal_point_key, name, width, height))
    for image in images:
        if image.is_svg():
            continue  # Wagtail changes the filters of an SVG: it answers for those
        known = image.__dict__.setdefault(_FACTS, {})
        for spec, focal_point_key, name, width, height in found.get(image.pk, ()):
            # A rendition made for another focal point is not this image's any more.
            if spec not in known and focal_point_key == _filter(spec).get_cache_key(image):
                known[spec] = RenditionFacts(_media_url(name), width, height)


def picture_context(image, size_name):
    """Sources for a ``<picture>``: one srcset per format, the JPEG as the fallback ``<img>``."""
    size = PICTURE_SIZES[size_name]
    renditions = rendition_facts(image, *size.all_specs())
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
    return rendition_facts(image, spec)[spec]


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
