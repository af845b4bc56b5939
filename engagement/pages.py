"""Which page an interaction is about, whatever language the buyer was reading.

The static site shows one booth in every language, each a Wagtail page of its own. Likes,
comments and inquiries are about the booth, not about one translation of it: they are kept
against the page in the source language (SPEC 6.2.2.2 makes every translation the same
booth), so a count reads the same on /en/ and on /zh-hans/.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.models import Page

from booths.models import BoothPage, ExhibitPage

TARGET_TIMEOUT = 300
BOOTH = "booth"
EXHIBIT = "exhibit"


@dataclass(frozen=True)
class Target:
    """What an engagement needs to know of a page, small enough to cache: the source page,
    whether it is a booth or an exhibit, its booth, and the exhibitor behind it."""

    page_id: int
    kind: str
    booth_id: int
    exhibitor_id: int | None
    exhibitor_name: str


# A few seconds of process memory in front of the shared cache: the hot pages of a busy
# show cost no round trip at all. Another process may then see an unpublished page as
# live for up to this long, which a like or a beacon can bear.
LOCAL_TIMEOUT = 10.0
_local = {}


def _target_key(page_id):
    return f"engagement:target:{page_id}"


def clear_local_targets():
    _local.clear()


def targets(page_ids):
    """{given id: Target} for the ids that are live booth or exhibit pages, in any language.

    Every API call about a page starts here (a count read, a like, a beacon), so the answer
    is cached per page id: in process memory for LOCAL_TIMEOUT, in the shared cache behind
    it, and three queries for any number of cold ids. `forget_targets()` drops a page's entries when it is published, unpublished,
    moved or deleted (signal_handlers).
    """
    page_ids = list(dict.fromkeys(int(page_id) for page_id in page_ids))
    now = time.monotonic()
    result = {}
    for pid in page_ids:
        entry = _local.get(pid)
        if entry is not None and entry[0] > now:
            result[pid] = entry[1]
    shared = [pid for pid in page_ids if pid not in result]
    if shared:
        found = cache.get_many([_target_key(pid) for pid in shared])
        found = {pid: found[_target_key(pid)] for pid in shared if _target_key(pid) in found}
        missing = [pid for pid in shared if pid not in found]
        if missing:
            fresh = _load_targets(missing)
            cache.set_many(
                {_target_key(pid): target for pid, target in fresh.items()}, TARGET_TIMEOUT
            )
            found.update(fresh)
        if len(_local) > 50_000:
            _local.clear()
        for pid, target in found.items():
            _local[pid] = (now + LOCAL_TIMEOUT, target)
        result.update(found)
    return {pid: result[pid] for pid in page_ids if result.get(pid) is not None}


def _load_targets(page_ids):
    booth_type = ContentType.objects.get_for_model(BoothPage).pk
    exhibit_type = ContentType.objects.get_for_model(ExhibitPage).pk
    given = list(
        Page.objects.filter(
            pk__in=page_ids, live=True, content_type_id__in=[booth_type, exhibit_type]
        ).values("pk", "translation_key")
    )
    sources = {
        row["translation_key"]: row
        for row in Page.objects.filter(
            translation_key__in=[row["translation_key"] for row in given],
            locale__language_code=settings.SOURCE_LOCALE,
            live=True,
        ).values("pk", "translation_key", "content_type_id", "path")
    }
    steplen = Page.steplen
    booth_paths = {
        row["path"] if row["content_type_id"] == booth_type else row["path"][:-steplen]
        for row in sources.values()
    }
    booths = {
        row["path"]: row
        for row in BoothPage.objects.filter(path__in=booth_paths).values(
            "pk", "path", "exhibitor_id", "exhibitor__company_name"
        )
    }
    loaded = dict.fromkeys(page_ids)
    for row in given:
        source = sources.get(row["translation_key"])
        if source is None:
            continue
        is_booth = source["content_type_id"] == booth_type
        booth = booths.get(source["path"] if is_booth else source["path"][:-steplen])
        if booth is None:
            continue
        loaded[row["pk"]] = Target(
            page_id=source["pk"],
            kind=BOOTH if is_booth else EXHIBIT,
            booth_id=booth["pk"],
            exhibitor_id=booth["exhibitor_id"],
            exhibitor_name=booth["exhibitor__company_name"] or "",
        )
    return loaded


def target(page_id):
    """The Target of one page id; PageNotFound if it is not a live booth or exhibit."""
    found = targets([page_id]).get(int(page_id))
    if found is None:
        raise PageNotFound(page_id)
    return found


def forget_targets(page):
    """Drop the cached targets of a page in every language (and of its exhibits, for a
    booth whose exhibitor may have changed)."""
    ids = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
    )
    ids.add(page.pk)
    for translation in Page.objects.filter(pk__in=ids):
        ids.update(translation.get_descendants().values_list("pk", flat=True))
    cache.delete_many([_target_key(page_id) for page_id in ids])
    for page_id in ids:
        _local.pop(page_id, None)


class PageNotFound(LookupError):
    """No live booth or exhibit has this id."""


def in_language(pages, language_code):
    """{source page id: (title, public path)} of each page as shown in `language_code`,
    falling back to the source language where there is no live translation."""
    from site_builder.public_urls import locale_roots, public_path

    pages = list(pages)
    translated = {}
    if language_code:
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language_code,
            live=True,
        ).only("title", "url_path", "translation_key", "locale_id"):
            translated[page.translation_key] = page
    roots = locale_roots()
    result = {}
    for page in pages:
        shown = translated.get(page.translation_key, page)
        root = roots.get(shown.locale_id)
        path = public_path(shown.url_path, root) if root else None
        result[page.pk] = (shown.pk, shown.title, path or "")
    return result
