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
        from wagtail.models import Locale

        from booths.models import (
            BoothImage,
            BoothPage,
            Category,
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
            "home": HomePage.objects.all(),
            "edition": ExhibitionPage.objects.select_related("series").prefetch_related(
                Prefetch("hero_image", queryset=images),
                "industries",
            ),
            "booth": BoothPage.objects.select_related("exhibitor", "exhibitor__logo"),
            "exhibit": ExhibitPage.objects.select_related("model_3d"),
        }
        for kind, pks in by_kind.items():
            for page in loaders[kind].filter(pk__in=pks):
                self.pages[page.pk] = page
        # Rows many pages share (a language, a category) as one object each, and the
        # pages' child rows in one query per kind rather than through Django's prefetch
        # machinery: most of a snapshot's time is spent making model instances.
        locales = Locale.objects.in_bulk()
        category_ids = {
            p.category_id for p in self.pages.values() if getattr(p, "category_id", None)
        }
        categories = Category.objects.in_bulk(category_ids)
        for page in self.pages.values():
            page.locale = locales[page.locale_id]
            if getattr(page, "category_id", None):
                page.category = categories[page.category_id]
        self._load_children(by_kind.get("exhibit", ()), by_kind.get("booth", ()))
        for page in (overrides or {}).values():
            self.pages[page.pk] = page
        self.renditions = self._load_renditions()
        self.derived = self._load_derived()

    def _load_children(self, exhibit_ids, booth_ids):
        """Exhibits' images and specifications, booths' tags: each page's child rows
        set as its in-memory cluster (modelcluster's own cache), so that `page.specs.all()`
        and the like read them without a query."""
        from booths.models import BoothTag, ExhibitImage, ExhibitSpec

        children = {pk: {"images": [], "specs": []} for pk in exhibit_ids if pk in self.pages}
        rows = ExhibitImage.objects.filter(page_id__in=list(children)).select_related("image")
        for item in rows.order_by("sort_order", "pk"):
            children[item.page_id]["images"].append(item)
        for spec in ExhibitSpec.objects.filter(page_id__in=list(children)).order_by(
            "sort_order", "pk"
        ):
            children[spec.page_id]["specs"].append(spec)
        tags = {pk: {"tagged_items": []} for pk in booth_ids if pk in self.pages}
        rows = BoothTag.objects.filter(content_object_id__in=list(tags)).select_related("tag")
        for item in rows.order_by("pk"):
            tags[item.content_object_id]["tagged_items"].append(item)
        for pk, related in children.items():
            page = self.pages[pk]
            for item in related["images"] + related["specs"]:
                item.page = page
            page._cluster_related_objects = related
        for pk, related in tags.items():
            page = self.pages[pk]
            for item in related["tagged_items"]:
                item.content_object = page
            page._cluster_related_objects = related

    def _media_ids(self):
        """(image ids, document ids) of every medium the loaded pages show, StreamField
        blocks included (one walk of each body)."""
        images, documents = set(), set()
        for page in self.pages.values():
            if getattr(page, "hero_image_id", None):
                images.add(page.hero_image_id)
            exhibitor = getattr(page, "exhibitor", None) if hasattr(page, "exhibitor_id") else None
            if exhibitor is not None and exhibitor.logo_id:
                images.add(exhibitor.logo_id)
            if hasattr(page, "images") and hasattr(page, "model_number"):
                images.update(item.image_id for item in page.images.all())
            if getattr(page, "model_3d_id", None):
                documents.add(page.model_3d_id)
            body = getattr(page, "body", None)
            if body is not None:
                stream_media_ids(body.raw_data, images, documents)
        return images, documents

    def _load_renditions(self):
        """{image id: [renditions]} in one query, handed to each image before it is drawn
        (Wagtail's own `prefetched_renditions` hook), so that no rendition is looked up
        one query at a time."""
        from booths.models import BoothRendition

        renditions = {}
        self.image_ids, self.document_ids = self._media_ids()
        ids = self.image_ids
        for rendition in BoothRendition.objects.filter(image_id__in=ids):
            renditions.setdefault(rendition.image_id, []).append(rendition)
        return renditions

    def _load_derived(self):
        """{("image" | "document", id): ready DerivedMedia} in one query: what the asset
        pipeline made of the media these pages show."""
        from django.db.models import Q

        from booths.models import DerivedMedia

        image_ids, document_ids = self.image_ids, self.document_ids
        # None for every medium looked up: an unprocessed one costs no query when drawn.
        found = {("image", pk): None for pk in image_ids}
        found.update({("document", pk): None for pk in document_ids})
        if not found:
            return found
        rows = DerivedMedia.objects.filter(status=DerivedMedia.Status.READY).filter(
            Q(image_id__in=image_ids) | Q(document_id__in=document_ids)
        )
        for row in rows:
            key = ("image", row.image_id) if row.image_id else ("document", row.document_id)
            found[key] = row
        return found

    def derived_for(self, obj):
        from booths.models import BoothImage

        key = ("image" if isinstance(obj, BoothImage) else "document", obj.pk)
        if key not in self.derived:  # shown by a page outside this snapshot (an override)
            from booths.models import DerivedMedia

            self.derived[key] = DerivedMedia.ready_for(obj)
        return self.derived[key]

    def prepare_image(self, image):
        if image is not None and not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = list(self.renditions.get(image.pk, ()))
        return image

    def page(self, pk):
        return self.pages.get(pk)

    def entry(self, pk):
        return self.catalog.entries.get(pk)


IMAGE_FIELDS = {"image", "poster", "logo"}
DOCUMENT_FIELDS = {"video", "model", "replay", "document"}


def stream_media_ids(raw, images, documents):
    """Add the image and document ids of a StreamField's raw data (gallery images,
    posters, panoramas; videos, models, replays, brochures) to the two sets."""
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, int):
                    if key in IMAGE_FIELDS:
                        images.add(value)
                    elif key in DOCUMENT_FIELDS:
                        documents.add(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
