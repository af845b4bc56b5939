"""What the CMS holds, counted: for the seed summary, benchmarks and organizer reports."""

from django.conf import settings
from django.db.models import Count
from wagtail.models import Locale, Page

from booths.models import BoothPage, BuyerProfile, Category, ExhibitorProfile, ExhibitPage


def content_counts():
    """Counts of the catalogues (SPEC 4.1) and of pages per locale, as a flat dict."""
    source = {"locale__language_code": settings.SOURCE_LOCALE}
    counts = {
        "exhibitors": ExhibitorProfile.objects.count(),
        "buyers": BuyerProfile.objects.count(),
        "categories (source)": Category.objects.filter(**source).count(),
        "booths (source)": BoothPage.objects.filter(**source).count(),
        "exhibits (source)": ExhibitPage.objects.filter(**source).count(),
    }
    for code, count in pages_per_locale().items():
        counts[f"pages {code}"] = count
    return counts


def pages_per_locale():
    """{language code: number of pages below the tree root}, in the order locales were added."""
    per_locale = dict(
        Page.objects.filter(depth__gt=1)
        .order_by()
        .values_list("locale__language_code")
        .annotate(n=Count("pk"))
        .values_list("locale__language_code", "n")
    )
    codes = Locale.objects.order_by("pk").values_list("language_code", flat=True)
    return {code: per_locale.get(code, 0) for code in codes}
