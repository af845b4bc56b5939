"""What the CMS holds, counted: for the seed summary, benchmarks and organizer reports."""

from django.db.models import Count
from wagtail.models import Locale, Page

from booths.models import BoothPage, BuyerProfile, Category, ExhibitorProfile, ExhibitPage


def content_counts():
    """Counts of the catalogues (SPEC 4.1) and of live pages per locale, as a flat dict."""
    counts = {
        "exhibitors": ExhibitorProfile.objects.count(),
        "buyers": BuyerProfile.objects.count(),
        "categories (source)": Category.objects.filter(locale=_source()).count(),
        "booths (source)": BoothPage.objects.filter(locale=_source()).count(),
        "exhibits (source)": ExhibitPage.objects.filter(locale=_source()).count(),
    }
    per_locale = dict(
        Page.objects.filter(depth__gt=1)
        .order_by()
        .values_list("locale__language_code")
        .annotate(n=Count("pk"))
        .values_list("locale__language_code", "n")
    )
    for code in Locale.objects.order_by("pk").values_list("language_code", flat=True):
        counts[f"pages {code}"] = per_locale.get(code, 0)
    return counts


def _source():
    from django.conf import settings

    return Locale.objects.get(language_code=settings.SOURCE_LOCALE)
