"""Generate a large show for the build benchmark: N booths × 3 exhibits × every language.

Run by bench/run.py as `python bench/generate_site.py N` in a throw-away VAR_DIR after
`migrate` and `setup_site`. Pages are written with the demo's bulk writer (an ordinary
Wagtail tree: every page opens and publishes in the admin), so that generating 160,000
pages takes a minute, not hours. Each booth has an exhibitor with a logo from a small pool
of images, two categories, tags, an introduction and a rich-text body; each exhibit has an
image, a model number, a category and typed specifications.
"""

import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.files.images import ImageFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from booths.demo.bulk_pages import PageBulkWriter  # noqa: E402
from booths.demo.plan import stable_uuid  # noqa: E402
from booths.models import (  # noqa: E402
    BoothImage,
    BoothPage,
    Category,
    ExhibitImage,
    ExhibitionPage,
    ExhibitorProfile,
    ExhibitPage,
    ExhibitSpec,
    HomePage,
)

HALLS = 5
CATEGORIES_PER_HALL = 4
IMAGES = 20
NAMES = {
    "zh-hans": ("展商", "展品", "展馆", "类别", "云展会"),
    "en": ("Exhibitor", "Exhibit", "Hall", "Category", "Cloud Expo"),
    "ru": ("Экспонент", "Экспонат", "Павильон", "Категория", "Облачная выставка"),
    "ar": ("عارض", "معروض", "قاعة", "فئة", "المعرض السحابي"),
}


def image_pool():
    from tests.builders import png_bytes

    images = []
    for number in range(IMAGES):
        data = png_bytes(640, 480, (40 + number * 9, 120, 200 - number * 7))
        image = BoothImage(title=f"bench-{number}")
        image.file = ImageFile(io.BytesIO(data), name=f"bench-{number}.png")
        image.save()
        images.append(image)
    return images


def categories(locales):
    """{language: [leaf categories]} with the same translation keys in every language."""
    leaves = {}
    for language, locale in locales.items():
        hall_word, category_word = NAMES[language][2], NAMES[language][3]
        for h in range(HALLS):
            hall = Category.objects.create(
                name=f"{hall_word} {h + 1}",
                slug=f"hall-{h + 1}",
                locale=locale,
                translation_key=stable_uuid("bench-hall", h),
                sort_order=h,
            )
            for c in range(CATEGORIES_PER_HALL):
                leaves.setdefault(language, []).append(
                    Category.objects.create(
                        name=f"{category_word} {h + 1}.{c + 1}",
                        slug=f"cat-{c + 1}",
                        parent=hall,
                        locale=locale,
                        translation_key=stable_uuid("bench-category", h, c),
                        sort_order=c,
                    )
                )
    return leaves


def generate(booths):
    started = time.monotonic()
    now = timezone.now()
    locales = {language: Locale.objects.get(language_code=language) for language in NAMES}
    homes = {lang: HomePage.objects.get(locale=locale, depth=2) for lang, locale in locales.items()}
    images = image_pool()
    leaves = categories(locales)
    profiles = ExhibitorProfile.objects.bulk_create(
        ExhibitorProfile(
            company_name=f"展商 {n:05d} 有限公司",
            country=("CN", "VN", "DE", "TR", "BR")[n % 5],
            target_markets=["DE", "US", "RU"][: 1 + n % 3],
            logo=images[n % IMAGES],
        )
        for n in range(booths)
    )
    writer = PageBulkWriter(published_at=now)
    editions = {}
    for language, locale in locales.items():
        edition = ExhibitionPage(
            title=f"{NAMES[language][4]} 2026",
            slug="expo-2026",
            locale=locale,
            translation_key=stable_uuid("bench-edition"),
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=10),
            organizer="Bench Organizer",
            description=RichText("<p>A generated show for the build benchmark.</p>").source,
        )
        writer.add_child(homes[language], edition)
        editions[language] = edition
    for n, profile in enumerate(profiles):
        for language, locale in locales.items():
            exhibitor_word, exhibit_word = NAMES[language][:2]
            booth = BoothPage(
                title=f"{exhibitor_word} {n:05d}",
                slug=f"booth-{n:05d}",
                locale=locale,
                translation_key=stable_uuid("bench-booth", n),
                exhibitor=profile,
                booth_number=f"{chr(65 + n % HALLS)}-{n:05d}",
                introduction=f"<p>{exhibitor_word} {n} — {exhibit_word} × 3.</p>",
                body=[("rich_text", RichText(f"<h2>{exhibitor_word}</h2><p>{n}</p>"))],
            )
            if language == "zh-hans":
                booth.categories = [leaves[language][n % len(leaves[language])]]
            writer.add_child(editions[language], booth)
            for e in range(3):
                exhibit = ExhibitPage(
                    title=f"{exhibit_word} {n:05d}-{e}",
                    slug=f"exhibit-{e}",
                    locale=locale,
                    translation_key=stable_uuid("bench-exhibit", n, e),
                    model_number=f"BX-{n:05d}-{e}",
                    category=leaves[language][n % len(leaves[language])],
                    description=f"<p>{exhibit_word} {n}-{e}.</p>",
                    moq=100 + e,
                    moq_unit="pcs",
                )
                exhibit.specs = [
                    ExhibitSpec(
                        name="功率",
                        value_text=f"{e + 1} kW",
                        value_number=e + 1,
                        unit="kW",
                        locale=locale,
                        translation_key=stable_uuid("spec", n, e, 0),
                    ),
                    ExhibitSpec(
                        name="重量",
                        value_text=f"{10 * e + 5} kg",
                        value_number=10 * e + 5,
                        unit="kg",
                        locale=locale,
                        translation_key=stable_uuid("spec", n, e, 1),
                    ),
                ]
                exhibit.images = [ExhibitImage(image=images[(n + e) % IMAGES], caption="")]
                writer.add_child(booth, exhibit)
    with transaction.atomic():
        pages = writer.write()
    seconds = time.monotonic() - started
    sys.stdout.write(f"generated {len(pages)} pages for {booths} booths in {seconds:.1f} s\n")


if __name__ == "__main__":
    generate(int(sys.argv[1]))
