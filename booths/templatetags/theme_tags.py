"""Template tags of the public theme, shared by the admin preview and the static build.

Everything here reads published content only and never touches private records
(contacts, owners, external ids), so a theme cannot leak them by accident.
"""

import html
import re
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.text import Truncator
from wagtail.models import Page

register = template.Library()

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


def _language_code(value):
    """The language code of a Locale, a Page (its locale) or a plain code string."""
    if value is None:
        return ""
    locale = getattr(value, "locale", None)
    if locale is not None and hasattr(locale, "language_code"):
        return locale.language_code
    if hasattr(value, "language_code"):
        return value.language_code or ""
    return str(value)


@register.filter
def text_direction(value):
    """ "rtl" for right-to-left languages (settings.RTL_LANGUAGES), else "ltr".

    Accepts a language code ("ar", "ug", "zh-hans"), a Locale or a Page.
    """
    code = _language_code(value).lower().replace("_", "-")
    rtl = {language.lower() for language in settings.RTL_LANGUAGES}
    return "rtl" if code in rtl or code.split("-")[0] in rtl else "ltr"


@register.filter
def plain_text(rich_text, length=160):
    """Rich text as one line of plain text, cut to `length` characters (meta descriptions)."""
    text = html.unescape(_TAG_RE.sub(" ", str(rich_text or "")))
    text = _SPACE_RE.sub(" ", text).strip()
    return Truncator(text).chars(int(length))


@register.filter
def alt_text(image, fallback=""):
    """Alt text for an image: its description (Wagtail's alt text field), else `fallback`,
    else its title."""
    if image is None:
        return fallback or ""
    return getattr(image, "description", "") or fallback or image.title


@register.filter
def file_size(document):
    """A document's size in bytes, or None when it cannot be known (missing file)."""
    if document is None:
        return None
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError, NotImplementedError):
        return None


@dataclass(frozen=True)
class PageTranslation:
    language_code: str
    name: str
    url: str
    full_url: str
    direction: str
    is_current: bool


def page_translations(page, request=None):
    """The live translations of `page`, itself included, in CONTENT_LANGUAGES order.

    The page being shown is always listed (it may be a draft in preview), so that the
    switcher tells a reader which language they are reading.
    """
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    order = {code: index for index, code in enumerate(names)}
    pages = list(page.get_translations(inclusive=False).live().select_related("locale"))
    pages.append(page)
    items = []
    for translation in pages:
        code = translation.locale.language_code
        url = translation.get_url(request=request)
        if url is None:
            continue
        items.append(
            PageTranslation(
                language_code=code,
                name=names.get(code, code),
                url=url,
                full_url=translation.get_full_url(request=request) or url,
                direction=text_direction(code),
                is_current=translation.pk == page.pk,
            )
        )
    return sorted(items, key=lambda item: order.get(item.language_code, len(order)))


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, page):
    """A list of links to this page in every language it is published in (hreflang)."""
    return {"translations": page_translations(page, context.get("request"))}


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context, page):
    """<link rel="alternate" hreflang> elements for search engines."""
    return {"translations": page_translations(page, context.get("request"))}


@register.simple_tag
def home_page_of(page):
    """The home page of the page's language site (the page itself for a home page)."""
    from booths.models import HomePage

    if isinstance(page, HomePage):
        return page
    return HomePage.objects.ancestor_of(page).live().first()


@register.simple_tag
def edition_of(page):
    """The exhibition edition a page belongs to (itself for an edition), or None."""
    from booths.models import ExhibitionPage

    if isinstance(page, ExhibitionPage):
        return page
    if not isinstance(page, Page) or not page.path:
        return None
    return ExhibitionPage.objects.ancestor_of(page).first()


@register.simple_tag
def page_time_zone(page):
    """The time zone in which a page shows times: its edition's, else the site's default."""
    edition = edition_of(page)
    return edition.time_zone if edition is not None else settings.TIME_ZONE


@register.simple_tag
def live_exhibitions(home):
    """The live editions of a language site, the latest first."""
    from booths.models import ExhibitionPage

    return list(ExhibitionPage.objects.child_of(home).live().order_by("-starts_at", "path"))


@dataclass
class HallGroup:
    hall: object  # a Category in the page's language, or None for booths without a category
    booths: list


@register.simple_tag
def booths_by_hall(edition):
    """Live booths of an edition grouped by the hall of their first category.

    Halls are shown in the reader's language (Category.localized) and in taxonomy order;
    booths without a category come last, in a group whose hall is None.
    """
    from booths.models import BoothPage

    booths = (
        BoothPage.objects.child_of(edition)
        .live()
        .select_related("exhibitor", "exhibitor__logo")
        .order_by("booth_number", "title", "path")
    )
    categories_by_key = BoothPage.source_categories_for(booths)
    localized_halls = {}  # one .localized lookup per hall, not per booth
    groups, halls = {}, {}
    for booth in booths:
        categories = categories_by_key.get(booth.translation_key, [])
        hall = None
        if categories:
            source_hall = categories[0].hall
            if source_hall.pk not in localized_halls:
                localized_halls[source_hall.pk] = source_hall.localized
            hall = localized_halls[source_hall.pk]
        key = hall.pk if hall is not None else None
        halls.setdefault(key, hall)
        groups.setdefault(key, []).append(booth)

    def hall_order(key):
        hall = halls[key]
        if hall is None:
            return (1, 0, "")
        return (0, hall.sort_order, hall.name)

    return [
        HallGroup(hall=halls[key], booths=groups[key]) for key in sorted(groups, key=hall_order)
    ]


@register.simple_tag
def machine_translated(page):
    """True while this translation still shows machine text no translator has reviewed
    (SPEC 6.2.2.2): the page then tells its readers so."""
    from django.conf import settings

    from booths.translation_status import is_machine_translated

    if page is None or page.locale.language_code == settings.SOURCE_LOCALE:
        return False
    return is_machine_translated(page)
