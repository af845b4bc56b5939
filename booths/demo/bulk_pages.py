"""Write thousands of published Wagtail pages in a few queries.

`Page.add_child()` + `save_revision()` + `publish()` costs a dozen queries and signal
round-trips per page; the demo's ≈ 4,000 pages would take minutes. This writer does what
those calls leave behind, in bulk: treebeard paths, depth and numchild computed here, one
INSERT per table per batch, children (specs, images, tags, m2m) in bulk, one revision per
page set as both latest and live revision. The result is an ordinary Wagtail tree:
`Page.find_problems()` is clean and every page opens, edits and publishes in the admin.

Search indexing and the reference index are left to the caller (see `booths.demo.indexing`),
which does them once for everything written.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page, Revision


@dataclass
class _Parent:
    path: str
    depth: int
    url_path: str
    next_step: int
    added: int = 0
    existing: bool = False


@dataclass
class PageBulkWriter:
    """Collects new pages (parents before children), then writes them with `write()`."""

    published_at: object
    owner: object = None
    pages: list = field(default_factory=list)
    _parents: dict = field(default_factory=dict)

    def add_child(self, parent, page):
        """Place `page` as the last child of `parent` (a saved page or one added here).

        The caller sets title, slug (unique among the siblings), locale, translation_key
        and the page's own fields; child objects (specs, images, m2m) are assigned to the
        page in memory, as a form would, and are written with it.
        """
        slot = self._slot(parent)
        page.depth = slot.depth + 1
        page.path = Page._get_path(slot.path, page.depth, slot.next_step)
        slot.next_step += 1
        slot.added += 1
        page.numchild = 0
        if not slot.existing:
            parent.numchild = slot.added
        page.url_path = f"{slot.url_path}{page.slug}/"
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = self.published_at
        page.latest_revision_created_at = self.published_at
        page.owner = self.owner
        self.pages.append(page)
        self._parents[page.path] = _Parent(page.path, page.depth, page.url_path, 1)
        return page

    def _slot(self, parent):
        slot = self._parents.get(parent.path)
        if slot is None:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
            slot = _Parent(parent.path, parent.depth, parent.url_path, step, existing=True)
            self._parents[parent.path] = slot
        return slot

    def write(self):
        """Insert everything collected; returns the pages, now saved with their revisions."""
        if not self.pages:
            return []
        using = router.db_for_write(Page)
        with transaction.atomic(using=using):
            self._insert_pages(using)
            self._insert_children(using)
            self._insert_revisions(using)
            for slot in self._parents.values():
                if slot.existing and slot.added:
                    Page.objects.filter(path=slot.path).update(numchild=F("numchild") + slot.added)
            # No page signals fired: the next site build compares every page instead.
            from site_builder.changes import record_everything

            record_everything()
        return self.pages

    def _insert_pages(self, using):
        connection = connections[using]
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        batch = max(1, connection.ops.bulk_batch_size(base_fields, self.pages))
        if not connection.features.can_return_rows_from_bulk_insert:
            batch = 1  # one row per INSERT, so that the new id can be read back
        for start in range(0, len(self.pages), batch):
            pages = self.pages[start : start + batch]
            # bulk_create refuses multi-table inheritance, so both tables' rows go through
            # the low-level insert that Model.save() and bulk_create() themselves use.
            rows = Page._base_manager.using(using)._insert(
                pages,
                fields=base_fields,
                returning_fields=Page._meta.db_returning_fields,
                using=using,
            )
            for page, (pk,) in zip(pages, rows, strict=True):
                page.id = page.pk = pk
        by_model = {}
        for page in self.pages:
            by_model.setdefault(type(page), []).append(page)
        for model, pages in by_model.items():
            if list(model._meta.parents) != [Page]:
                raise TypeError(f"{model.__name__} must inherit from Page directly.")
            fields = model._meta.local_concrete_fields
            batch = max(1, connection.ops.bulk_batch_size(fields, pages))
            for start in range(0, len(pages), batch):
                model._base_manager.using(using)._insert(
                    pages[start : start + batch], fields=fields, using=using
                )
            for page in pages:
                page._state.adding = False
                page._state.db = using

    def _insert_children(self, using):
        children, links = {}, {}
        for page in self.pages:
            held = getattr(page, "_cluster_related_objects", {})
            for relation in get_all_child_relations(type(page)):
                name = relation.get_accessor_name()
                if name not in held:
                    # Nothing planned: mark the relation empty so that serialising the
                    # page for its revision does not query the database.
                    setattr(page, name, [])
                    continue
                fk = relation.field.attname
                for child in held[name]:
                    setattr(child, fk, page.pk)
                    children.setdefault(relation.related_model, []).append(child)
            for m2m in get_all_child_m2m_relations(type(page)):
                if m2m.name not in held:
                    setattr(page, m2m.name, [])
                    continue
                through = m2m.remote_field.through
                source = m2m.m2m_field_name()
                target = m2m.m2m_reverse_field_name()
                for item in held[m2m.name]:
                    links.setdefault(through, []).append(
                        through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
                    )
        for model, objects in children.items():
            model.objects.using(using).bulk_create(objects, batch_size=500)
        for through, rows in links.items():
            through.objects.using(using).bulk_create(rows, batch_size=500)

    def _insert_revisions(self, using):
        page_type = ContentType.objects.get_for_model(Page)
        revisions = [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=self.published_at,
                user=self.owner,
                object_str=str(page),
                content=page.serializable_data(),
            )
            for page in self.pages
        ]
        Revision.objects.using(using).bulk_create(revisions, batch_size=500)
        quote = connections[using].ops.quote_name
        table = quote(Page._meta.db_table)
        latest, live, pk = (
            quote(Page._meta.get_field(name).column)
            for name in ("latest_revision", "live_revision", "id")
        )
        with connections[using].cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {latest} = %s, {live} = %s WHERE {pk} = %s",  # noqa: S608 (names from model meta)
                [
                    (revision.pk, revision.pk, page.pk)
                    for page, revision in zip(self.pages, revisions, strict=True)
                ],
            )
        for page, revision in zip(self.pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
