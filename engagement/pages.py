"""Which page an interaction is about, whatever language the buyer was reading.

The static site shows one booth in every language, each a Wagtail page of its own. Likes,
comments and inquiries are about the booth, not about one translation of it: they are kept
against the page in the source language (SPEC 6.2.2.2 makes every translation the same
booth), so a count reads the same on /en/ and on /zh-hans/.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Locale, Page

from booths.models import BoothPage, ExhibitPage

ENGAGEABLE = (BoothPage, ExhibitPage)


class PageNotFound(LookupError):
    """No live booth or exhibit has this id."""


def source_locale_id():
    return Locale.objects.only("pk").get(language_code=settings.SOURCE_LOCALE).pk


def engageable_pages(page_ids):
    """{any given id: the source-language live booth or exhibit page it stands for}.

    Ids that are not live booth or exhibit pages are left out. Two queries for any number
    of ids (listing pages ask for the counts of a whole grid at once).
    """
    page_ids = {int(page_id) for page_id in page_ids}
    if not page_ids:
        return {}
    content_types = [ContentType.objects.get_for_model(model).pk for model in ENGAGEABLE]
    given = list(
        Page.objects.filter(pk__in=page_ids, live=True, content_type_id__in=content_types).values(
            "pk", "translation_key", "locale_id"
        )
    )
    locale_id = source_locale_id()
    keys = {row["translation_key"] for row in given if row["locale_id"] != locale_id}
    sources = {
        page.translation_key: page
        for page in Page.objects.filter(
            Q(translation_key__in=keys) | Q(pk__in=[row["pk"] for row in given]),
            locale_id=locale_id,
            live=True,
        ).specific()
    }
    return {
        row["pk"]: sources[row["translation_key"]]
        for row in given
        if row["translation_key"] in sources
    }


def engageable_page(page_id):
    """The source-language live booth or exhibit page of `page_id`; PageNotFound if none."""
    page = engageable_pages([page_id]).get(int(page_id))
    if page is None:
        raise PageNotFound(page_id)
    return page


def booth_of(page):
    """The booth a booth or exhibit page belongs to."""
    if isinstance(page, BoothPage):
        return page
    return page.booth


def exhibitor_of(page):
    """The ExhibitorProfile behind a booth or exhibit page (None for an unassigned booth)."""
    booth = booth_of(page)
    return booth.exhibitor if booth is not None else None


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
