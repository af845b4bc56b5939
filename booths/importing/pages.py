"""Writing imported values into source-language pages: create, revise, publish, alias.

An organizer's import is trusted (SPEC 4.1), so pages are published directly instead of
going through the exhibitor review workflow; `--draft` saves a revision only. A page is
revised only when an imported value differs from its latest revision, so that importing
the same file twice adds no revision. New pages get the aliases wagtail-localize would
create from the admin, so every synchronised language tree stays complete.
"""

from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import create_aliases_for_new_page

from booths.importing.changes import assign


def free_slug(parent, *candidates):
    """The first candidate that slugifies to a slug free under `parent`, numbered if need be."""
    base = next(
        (slug for slug in (slugify(c or "", allow_unicode=True)[:200] for c in candidates) if slug),
        "page",
    )
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_page(parent, page, draft=False, skip_locales=()):
    """Add `page` under `parent`, publish it unless `draft`, and alias it into synced locales.

    Locales in `skip_locales` get no alias because the caller translates the page into
    them next; an alias there would only be converted again, at the cost of a revision.
    """
    page.live = False
    page.has_unpublished_changes = True
    parent.add_child(instance=page)
    revision = page.save_revision()
    if not draft:
        revision.publish()
        page.refresh_from_db()
    create_aliases(page, skip_locales)
    return page


def create_aliases(page, skip_locales=()):
    """What wagtail-localize's after_create_page hook does for pages made in the admin.

    Same as wagtail_localize.synctree.create_aliases_for_new_page, minus `skip_locales`.
    """
    skip = {locale.pk for locale in skip_locales}
    synced = LocaleSynchronization.objects.filter(sync_from_id=page.locale_id).exclude(
        locale_id__in=skip
    )
    for locale in Locale.objects.filter(pk__in=synced.values("locale_id")):
        alias = page.copy_for_translation(locale, copy_parents=True, alias=True)
        create_aliases_for_new_page(alias)


class AwaitingReview(Exception):
    """The page holds a person's unpublished changes; the import must not publish them."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page

    def message(self, row_number):
        return _(
            "row %(row)s: “%(title)s” has changes by its exhibitor that are not published yet "
            "(a draft or a submission in review), so the imported values were not applied. "
            "Import the row again once the changes are approved or withdrawn."
        ) % {"row": row_number, "title": self.page.get_admin_display_title()}


def holds_someone_elses_draft(page):
    """True if a person (not an import) saved changes that are not live, or submitted them
    for review: publishing the latest revision would publish them unapproved (SPEC 6.1.2)."""
    if page.workflow_in_progress:
        return True
    latest = page.latest_revision
    return bool(page.has_unpublished_changes and latest is not None and latest.user_id)


def revise_page(page, values, draft=False, replace_children=None):
    """Save a new revision of `page` if `values` change it; publish unless `draft`.

    `replace_children` maps a child relation name to (rows, key) where key(row) gives a
    comparable tuple; the relation is replaced only when the tuples differ. Returns True if
    anything was saved or published. Raises AwaitingReview, touching nothing, when the page
    holds an exhibitor's unpublished changes.
    """
    if holds_someone_elses_draft(page):
        raise AwaitingReview(page)
    latest = page.get_latest_revision_as_object()
    changed = assign(latest, values)
    for relation, (rows, key) in (replace_children or {}).items():
        current = [key(row) for row in getattr(latest, relation).all()]
        if current != [key(row) for row in rows]:
            setattr(latest, relation, rows)
            changed.append(relation)
    if changed:
        revision = latest.save_revision()
        if not draft:
            revision.publish()
        return True
    if not draft and (not page.live or page.has_unpublished_changes):
        # Same content as the file, but a draft from an earlier --draft run (the only
        # unpublished revisions left, see holds_someone_elses_draft): publish it.
        page.get_latest_revision().publish()
        return True
    return False


def text_to_rich_text(text):
    """Plain text from a cell as one paragraph of rich text, line breaks kept.

    One paragraph (not one per line) keeps one translatable segment per field, so that an
    imported English text maps onto its Chinese source one to one.
    """
    lines = [escape(line.strip()) for line in (text or "").strip().splitlines()]
    if not any(lines):
        return ""
    return "<p>" + "<br/>".join(lines) + "</p>"
