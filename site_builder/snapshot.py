"""Full page objects for the outputs being rendered, loaded in bulk.

The catalog says which pages an output shows; the snapshot loads exactly those, one query
per page type plus their related rows (exhibitor, logo, images, specs, tags), so that
rendering issues no query per page (a test counts them). The admin preview builds a
snapshot around the one page it shows, with the edited (unsaved) page swapped in, and
renders it with the same context function and templates as the build.
"""

from django.db.models import Prefetch

THUMBNAIL_SPECS = ("fill-480x360", "max-160x160", "max-200x200", "fill-640x270")


class Snapshot:
    def __init__(self, catalog, page_ids, overrides=None):
        from booths.models import (
            BoothImage,
            BoothPage,
            ExhibitImage,
            ExhibitionPage,
            ExhibitPage,
            HomePage,
        )

        self.catalog = catalog
        ids = set(page_ids)
        by_kind = {}
        for pk in ids:
            entry = catalog.entries.get(pk)
            if entry is not None:
                by_kind.setdefault(entry.kind, []).append(pk)
        images = BoothImage.objects.prefetch_renditions(*THUMBNAIL_SPECS)
        self.pages = {}
        loaders = {
            "home": HomePage.objects.select_related("locale"),
            "edition": ExhibitionPage.objects.select_related("locale", "series").prefetch_related(
                Prefetch("hero_image", queryset=images),
                "industries",
            ),
            "booth": BoothPage.objects.select_related(
                "locale", "exhibitor", "exhibitor__logo"
            ).prefetch_related("tagged_items__tag"),
            "exhibit": ExhibitPage.objects.select_related(
                "locale", "category", "model_3d"
            ).prefetch_related(
                Prefetch(
                    "images",
                    queryset=ExhibitImage.objects.select_related("image").order_by("sort_order"),
                ),
                "specs",
            ),
        }
        for kind, pks in by_kind.items():
            for page in loaders[kind].filter(pk__in=pks):
                self.pages[page.pk] = page
        for page in (overrides or {}).values():
            self.pages[page.pk] = page
        self.renditions = self._load_renditions()

    def _image_ids(self):
        """Every image the loaded pages show, StreamField blocks included."""
        ids = set()
        for page in self.pages.values():
            for name in ("hero_image_id",):
                if getattr(page, name, None):
                    ids.add(getattr(page, name))
            exhibitor = getattr(page, "exhibitor", None) if hasattr(page, "exhibitor_id") else None
            if exhibitor is not None and exhibitor.logo_id:
                ids.add(exhibitor.logo_id)
            if hasattr(page, "images") and hasattr(page, "model_number"):
                ids.update(item.image_id for item in page.images.all())
            body = getattr(page, "body", None)
            if body is not None:
                ids.update(stream_image_ids(body.raw_data))
        return ids

    def _load_renditions(self):
        """{image id: [renditions]} in one query, handed to each image before it is drawn
        (Wagtail's own `prefetched_renditions` hook), so that no rendition is looked up
        one query at a time."""
        from booths.models import BoothRendition

        renditions = {}
        ids = self._image_ids()
        for rendition in BoothRendition.objects.filter(image_id__in=ids):
            renditions.setdefault(rendition.image_id, []).append(rendition)
        return renditions

    def prepare_image(self, image):
        if image is not None and not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = list(self.renditions.get(image.pk, ()))
        return image

    def page(self, pk):
        return self.pages.get(pk)

    def entry(self, pk):
        return self.catalog.entries.get(pk)


IMAGE_FIELDS = {"image", "poster", "logo"}


def stream_image_ids(raw):
    """Image ids inside a StreamField's raw data (gallery images, posters, panoramas)."""
    ids = set()
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in IMAGE_FIELDS and isinstance(value, int):
                    ids.add(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return ids
