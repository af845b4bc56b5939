"""A small two-language show for the builder tests: zh-hans (source) and English.

Dates and publication times are fixed, so that the built files do not change from one day
or one run to the next (the golden-output test compares them byte for byte).
"""

import datetime
from dataclasses import dataclass

from wagtail.models import Locale, Page

from booths.models import Category
from tests.builders import make_booth, make_category, make_exhibit, make_exhibitor

FIXED = datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC)


@dataclass
class SmallSite:
    home: object
    edition: object
    textiles: object  # hall
    bedding: object  # category in textiles
    machines: object  # hall
    quilt_booth: object
    loom_booth: object
    other_booth: object
    quilt: object
    loom: object
    en_edition: object
    en_quilt_booth: object
    en_quilt: object


def translate(page, language, **fields):
    """A published translation of a page (as a translator's finished work would be)."""
    locale = Locale.objects.get(language_code=language)
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def translate_category(category, language, name, parent=None):
    locale = Locale.objects.get(language_code=language)
    copy = category.copy_for_translation(locale)
    copy.name = name
    copy.parent = parent
    copy.save()
    return copy


def build_small_site(home):
    from tests.builders import make_edition

    edition = make_edition(
        home,
        title="南通家纺展",
        slug="nantong-2026",
        starts_at=FIXED,
        ends_at=FIXED + datetime.timedelta(days=3),
        organizer="南通市商务局",
    )
    textiles = make_category("家纺馆")
    textiles.slug = "textiles"
    textiles.save()
    bedding = make_category("床上用品", parent=textiles)
    bedding.slug = "bedding"
    bedding.save()
    machines = make_category("机械馆")
    machines.slug = "machines"
    machines.save()
    en_textiles = translate_category(textiles, "en", "Home textiles")
    translate_category(bedding, "en", "Bedding", parent=en_textiles)
    translate_category(machines, "en", "Machinery")

    quilt_booth = make_booth(
        edition,
        make_exhibitor("海门家纺有限公司", country="CN", target_markets=["DE", "US"]),
        slug="haimen-textiles",
        booth_number="A-01",
        introduction="<p>三十年家纺经验。</p>",
    )
    quilt_booth.categories.set([bedding])
    quilt_booth.save_revision().publish()
    loom_booth = make_booth(
        edition,
        make_exhibitor("通州纺机", country="CN"),
        slug="tongzhou-looms",
        booth_number="B-01",
    )
    loom_booth.categories.set([machines])
    loom_booth.save_revision().publish()
    other_booth = make_booth(
        edition, make_exhibitor("丙贸易", country="VN"), slug="bing-trading", booth_number="C-01"
    )
    quilt = make_exhibit(
        quilt_booth,
        title="蚕丝被",
        slug="silk-quilt",
        model_number="HM-Q-200",
        specs=[("重量", "2 kg", 2, "kg")],
        category=bedding,
        description="<p>桑蚕丝填充。</p>",
    )
    loom = make_exhibit(
        loom_booth,
        title="喷气织机",
        slug="air-jet-loom",
        model_number="TZ-9100",
        specs=[("功率", "5–20 kW", 5, "kW")],
        category=machines,
    )
    en_edition = translate(edition, "en", title="Nantong Home Textiles Expo")
    en_quilt_booth = translate(quilt_booth, "en", title="Haimen Home Textiles Co., Ltd.")
    en_quilt = translate(quilt, "en", title="Silk quilt")
    freeze_publication_times()
    return SmallSite(
        home=home,
        edition=edition,
        textiles=textiles,
        bedding=bedding,
        machines=machines,
        quilt_booth=quilt_booth,
        loom_booth=loom_booth,
        other_booth=other_booth,
        quilt=quilt,
        loom=loom,
        en_edition=en_edition,
        en_quilt_booth=en_quilt_booth,
        en_quilt=en_quilt,
    )


def freeze_publication_times():
    """Publication times end up in sitemaps (lastmod); pin them for reproducible output."""
    Page.objects.filter(depth__gt=1).update(
        first_published_at=FIXED, last_published_at=FIXED, latest_revision_created_at=FIXED
    )


def rename_category(category, name):
    category.name = name
    category.save()
    return Category.objects.get(pk=category.pk)
