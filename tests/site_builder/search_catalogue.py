"""A small two-language show for the search tests.

Chinese (the source language): a furniture exhibitor (a solid-wood table, a chair whose
description mentions the table's model number) and a generator maker (10 kW, 15–30 kW and
2000 W generators, and a kit whose model number starts with another's). English: the
home, edition, furniture booth and table translated the way translators do it, through
wagtail-localize with the organizer's glossary, then edited by hand.
"""

import json
from dataclasses import dataclass, field

from django.test import TestCase
from wagtail.models import Locale

from booths.machine_translation import machine_translate_instance
from booths.models import (
    BoothPage,
    ExhibitImage,
    ExhibitPage,
    ExhibitSpec,
    GlossaryTerm,
    HomePage,
)
from tests.builders import make_booth, make_category, make_edition, make_exhibitor, make_image

ENGLISH_GLOSSARY = {
    "家具馆": ("Furniture hall", "category"),
    "餐桌": ("Dining tables", "category"),
    "机械馆": ("Machinery hall", "category"),
    "发电机": ("Generators", "category"),
    "功率": ("Power", "spec"),
    "长度": ("Length", "spec"),
    "实木": ("solid wood", "material"),
}


@dataclass
class Show:
    edition: object
    booths: dict = field(default_factory=dict)
    exhibits: dict = field(default_factory=dict)
    english: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)

    def all_page_ids(self):
        """Every booth and exhibit page, in both languages."""
        english = [self.english[name] for name in ("furniture", "table") if name in self.english]
        return [page.pk for page in [*self.booths.values(), *self.exhibits.values(), *english]]


def add_exhibit(booth, title, slug, specs=(), images=(), **fields):
    """An exhibit with specs given as (name, text, number, maximum, unit)."""
    exhibit = ExhibitPage(title=title, slug=slug, locale=booth.locale, **fields)
    for image in images:
        exhibit.images.add(ExhibitImage(image=image))
    for name, text, number, maximum, unit in specs:
        exhibit.specs.add(
            ExhibitSpec(
                name=name, value_text=text, value_number=number, value_max=maximum, unit=unit
            )
        )
    booth.add_child(instance=exhibit)
    exhibit.save_revision().publish()
    return exhibit


def publish_booth(edition, exhibitor, slug, categories=(), tags=(), **fields):
    booth = make_booth(edition, exhibitor, slug=slug, **fields)
    booth.categories.set(categories)
    booth.tags.add(*tags)
    booth.save_revision().publish()
    return BoothPage.objects.get(pk=booth.pk)


def live_stream_body():
    return json.dumps(
        [
            {
                "type": "live_stream",
                "value": {
                    "title": "工厂直播",
                    "starts_at": "2026-05-01T10:00:00+08:00",
                    "ends_at": "2026-05-01T11:00:00+08:00",
                    "stream_url": "https://live.example.com/acme.m3u8",
                    "replay": None,
                    "replay_url": "",
                },
            }
        ]
    )


def build_show(translate=True):
    source = Locale.objects.get(language_code="zh-hans")
    english = Locale.objects.get(language_code="en")
    for term, (target, kind) in ENGLISH_GLOSSARY.items():
        GlossaryTerm.objects.create(source_term=term, target_term=target, kind=kind, locale=english)
    home = HomePage.objects.get(locale=source, depth=2)
    show = Show(edition=make_edition(home, slug="expo-2026"))
    furniture = show.categories["furniture"] = make_category("家具馆")
    tables = show.categories["tables"] = make_category("餐桌", parent=furniture)
    machinery = show.categories["machinery"] = make_category("机械馆")
    generators = show.categories["generators"] = make_category("发电机", parent=machinery)

    acme = make_exhibitor(
        "南通实木家具有限公司",
        country="CN",
        target_markets=["US", "DE"],
        external_id="EXH-ACME",
        logo=make_image("acme-logo", width=200, height=100),
    )
    show.booths["furniture"] = publish_booth(
        show.edition,
        acme,
        "acme",
        categories=[tables],
        tags=["实木"],
        booth_number="A01",
        introduction="<p>实木家具工厂，出口欧美。</p>",
        body=live_stream_body(),
    )
    show.exhibits["table"] = add_exhibit(
        show.booths["furniture"],
        "实木餐桌",
        "table",
        images=[make_image("oak-table", width=640, height=480)],
        specs=[("材质", "橡木", None, None, ""), ("长度", "1.8 m", 1.8, None, "m")],
        model_number="DT-100",
        category=tables,
        external_id="EXT-TABLE",
        description="<p>橡木实木餐桌，北欧风格。</p>",
        moq=50,
        moq_unit="张",
    )
    show.exhibits["chair"] = add_exhibit(
        show.booths["furniture"],
        "布艺餐椅",
        "chair",
        model_number="DC-200",
        category=tables,
        description="<p>与 DT-100 餐桌配套：DT-100 系列专用。</p>",
    )

    hamburg = make_exhibitor(
        "汉堡发电机有限公司", country="DE", target_markets=["CN"], external_id="EXH-GEN"
    )
    show.booths["generators"] = publish_booth(
        show.edition, hamburg, "hamburg-generators", categories=[generators], booth_number="B02"
    )
    gens = show.booths["generators"]
    show.exhibits["gen10"] = add_exhibit(
        gens, "柴油发电机", "gen-10", [("功率", "10 kW", 10, None, "kW")], model_number="GX-10"
    )
    show.exhibits["gen30"] = add_exhibit(
        gens, "发电机组", "gen-30", [("功率", "15–30 kW", 15, 30, "kW")], model_number="GX-30"
    )
    show.exhibits["gen2"] = add_exhibit(
        gens, "小型发电机", "gen-2", [("功率", "2000 W", 2000, None, "W")], model_number="GX-2"
    )
    show.exhibits["kit"] = add_exhibit(
        gens,
        "发电机配件包",
        "kit",
        model_number="GX-10-KIT",
        category=generators,
        description="<p>适用于 GX-10 柴油发电机的 GX-10 配件。</p>",
    )
    if translate:
        translate_furniture(show, english)
    return show


def translate_furniture(show, english):
    """Home, edition, furniture booth and table in English, as a translator leaves them."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        home = HomePage.objects.get(pk=show.edition.get_parent().pk)
        for key, page in [
            ("home", home),
            ("edition", show.edition),
            ("furniture", show.booths["furniture"]),
            ("table", show.exhibits["table"]),
        ]:
            show.english[key] = machine_translate_instance(page, english).target
    booth = BoothPage.objects.get(pk=show.english["furniture"].pk)
    booth.title = "Nantong Solid Wood Furniture Co."
    booth.introduction = "<p>A solid wood furniture factory exporting to Europe.</p>"
    booth.save_revision().publish()
    table = ExhibitPage.objects.get(pk=show.english["table"].pk)
    table.title = "Wooden dining table"
    table.description = "<p>An oak dining table in Nordic style.</p>"
    table.save_revision().publish()
    table = ExhibitPage.objects.get(pk=table.pk)
    show.english["furniture"], show.english["table"] = booth, table
