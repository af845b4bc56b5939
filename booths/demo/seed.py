"""Build the demo edition: `seed_demo()` behind `manage.py seed_demo`.

The "Nantong International Home Textiles, Furniture & Machinery Cloud Expo": a series of
three consecutive editions (Annex A item 7) whose third, running now, has 3 halls, ≥ 210
exhibitors with booths and ≥ 3 exhibits each (typed specs, model numbers, pictures, some
3D models), ≥ 650 buyers (SPEC 4.1.3), public text in zh-hans with en/ru/ar translations
(SPEC 6.2.2.2), and demo accounts for each role.

Deterministic (one seeded generator, see `booths.demo.plan`) and idempotent: the current
edition's slug marks the demo as built, and a second run only fills in missing accounts.
Everything is written in one transaction with per-save indexing paused, then indexed in
bulk, which is what keeps the full-size run under a minute on SQLite.
"""

import concurrent.futures
import datetime
import hashlib
import tempfile
import time
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale

from booths.demo import indexing, media, provisioning, texts
from booths.demo.accounts import (
    DEMO_USERS,
    create_users,
    grant_demo_roles,
    hash_passwords_in_background,
    missing_users,
    set_passwords,
)
from booths.demo.bulk_pages import PageBulkWriter
from booths.demo.catalogue import (
    EDITION_ORDINALS,
    HALLS,
    LANGUAGES,
    MATERIALS,
    ORGANIZER,
    PRODUCTS,
    SERIES,
    SERIES_SLUG,
    SPECS,
    TRANSLATION_LANGUAGES,
    UNITS,
    VENUE,
)
from booths.demo.plan import build_plan, stable_uuid
from booths.demo.rendering import MediaRenderer
from booths.inventory import pages_per_locale
from booths.models import (
    BoothImage,
    BoothPage,
    BoothTag,
    BuyerContact,
    BuyerFeedback,
    BuyerProfile,
    Category,
    ExhibitImage,
    ExhibitionPage,
    ExhibitionSeries,
    ExhibitorContact,
    ExhibitorFeedback,
    ExhibitorProfile,
    ExhibitPage,
    ExhibitSpec,
    GlossaryTerm,
    HomePage,
    Industry,
)
from booths.site_setup import ensure_site
from booths.translation_adoption import adopt_existing_translations

SOURCE = LANGUAGES[0]
EDITION_SLUG = SERIES_SLUG + "-{}"
CURRENT_EDITION = 3
SHOW_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
DEMO_COLLECTION = "Demo exhibition"


@dataclass
class SeedResult:
    created: bool
    seconds: float
    exhibitors: int
    exhibits: int
    buyers: int
    pages_per_locale: dict
    passwords: dict
    new_users: list
    video: bool
    steps: list = field(default_factory=list)


def _uid(*parts):
    return str(stable_uuid(*parts))


def _show_time(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHOW_ZONE)


def edition_dates(today=None):
    """(opens, closes) per edition: the 3rd opened two days ago; one year between editions."""
    today = today or timezone.localdate(timezone=SHOW_ZONE)
    opens = _show_time(today - datetime.timedelta(days=2), 9)
    dates = {}
    for number in (1, 2, 3):
        start = opens - datetime.timedelta(days=364 * (CURRENT_EDITION - number))
        dates[number] = (start, start + datetime.timedelta(days=14, hours=9))
    return dates


def current_edition():
    """The demo's current edition in the source language, or None if not built yet."""
    return ExhibitionPage.objects.filter(
        slug=EDITION_SLUG.format(CURRENT_EDITION), locale__language_code=SOURCE
    ).first()


# --- the writer ------------------------------------------------------------------------
class DemoBuilder:
    """Writes one DemoPlan. Each step keeps what later steps need (objects by key)."""

    def __init__(self, plan, locales, log, owner=None):
        self.plan = plan
        self.locales = locales  # {language: Locale}
        self.log = log
        self.owner = owner
        self.now = timezone.now()
        self.dates = edition_dates()
        self.created = []  # everything to index at the end
        self.categories = {}  # (language, key) -> Category
        self.industries = {}  # (language, hall key) -> Industry
        self.series = {}  # language -> ExhibitionSeries
        self.editions = {}  # (language, number) -> ExhibitionPage
        self.profiles = {}  # exhibitor number -> ExhibitorProfile
        self.images = {}  # exhibit key -> BoothImage
        self.documents = {}  # (exhibitor number, kind) -> Document
        self.extra_images = {}  # (exhibitor number, kind) -> BoothImage
        self.tags = {}  # tag name -> Tag
        self.video_bytes = None

    # -- taxonomy ------------------------------------------------------------------------
    def write_taxonomy(self):
        source = self.locales[SOURCE]
        for position, hall_def in enumerate(HALLS):
            industry = self._snippet(Industry, {"slug": hall_def.key}, hall_def.industry, {})
            for lang, obj in industry.items():
                self.industries[lang, hall_def.key] = obj
            self._category(hall_def.key, hall_def.name, None, position)
            for index, category in enumerate(hall_def.categories):
                self._category(category.key, category.name, hall_def.key, index)
                for sub_index, child in enumerate(category.children):
                    self._category(child.key, child.name, category.key, sub_index)
        series = self._snippet(ExhibitionSeries, {"slug": SERIES_SLUG}, SERIES, {})
        self.series.update(series)
        self._glossary()
        self.log(
            f"taxonomy: {Category.objects.filter(locale=source).count()} categories per language"
        )

    def _snippet(self, model, lookup, name, extra, parent_key=None):
        """The source object and its translations ({language: object}), created if missing."""
        objects = {}
        source = model.objects.filter(locale=self.locales[SOURCE], **lookup).first()
        if source is None:
            source = model(locale=self.locales[SOURCE], name=name.zh, **lookup, **extra)
            source.translation_key = stable_uuid(model.__name__, *lookup.values())
            source.save()
            self.created.append(source)
        objects[SOURCE] = source
        for lang in TRANSLATION_LANGUAGES:
            locale = self.locales[lang]
            translation = source.get_translation_or_none(locale)
            if translation is None:
                translation = source.copy_for_translation(locale)
                translation.name = name.get(lang)
                if parent_key is not None:
                    translation.parent = self.categories[lang, parent_key]
                translation.save()
                self.created.append(translation)
            objects[lang] = translation
        return objects

    def _category(self, key, name, parent_key, sort_order):
        parent = self.categories[SOURCE, parent_key] if parent_key else None
        objects = self._snippet(
            Category, {"slug": key, "parent": parent}, name, {"sort_order": sort_order}, parent_key
        )
        for lang, obj in objects.items():
            self.categories[lang, key] = obj

    def _glossary(self):
        terms = {}
        for hall_def in HALLS:
            terms[hall_def.name.zh] = (hall_def.name, "category")
            for category in hall_def.categories:
                terms[category.name.zh] = (category.name, "category")
                for child in category.children:
                    terms[child.name.zh] = (child.name, "category")
        for name, _unit in SPECS.values():
            terms.setdefault(name.zh, (name, "spec"))
        for unit in UNITS.values():
            if len(set(unit.term)) > 1:
                terms.setdefault(unit.term.zh, (unit.term, "unit"))
        for key, material in MATERIALS.items():
            if not key.startswith("sizes"):
                terms.setdefault(material.zh, (material, "material"))
        rows = [
            GlossaryTerm(
                source_term=source_term,
                locale=self.locales[lang],
                target_term=term.get(lang),
                kind=kind,
                note="Demo glossary (seed_demo)",
            )
            for source_term, (term, kind) in sorted(terms.items())
            for lang in TRANSLATION_LANGUAGES
        ]
        existing = set(GlossaryTerm.objects.values_list("source_term", "locale_id"))
        new = [row for row in rows if (row.source_term, row.locale_id) not in existing]
        self.created.extend(GlossaryTerm.objects.bulk_create(new))

    # -- media ---------------------------------------------------------------------------
    def _store(self, folder, name, data):
        return default_storage.save(f"{folder}/{name}", ContentFile(data))

    def _image(self, title, filename, data, width, height, collection, caption="", credit=""):
        return BoothImage(
            title=title[:255],
            file=self._store("original_images", filename, data),
            width=width,
            height=height,
            file_size=len(data),
            file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            collection_id=collection,
            uploaded_by_user=self.owner,
            caption=caption[:255],
            copyright=credit[:255],
        )

    def _document(self, title, filename, data, collection):
        return get_document_model()(
            title=title,
            file=self._store("documents", filename, data),
            file_size=len(data),
            file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            collection_id=collection,
            uploaded_by_user=self.owner,
        )

    def write_media(self, rendered, video_job, video_path):
        """Pictures of every exhibit, and the few booths' 3D models, panoramas, PDFs, video.

        `rendered` holds the drawn files by (exhibitor number, what), see booths.demo.rendering.
        """
        images, extra_images, documents = [], [], []
        for exhibitor in self.plan.exhibitors:
            number = exhibitor.number
            collection = self.profiles[number].collection_id
            for exhibit in exhibitor.exhibits:
                picture = rendered[number, exhibit.key]
                image = self._image(
                    exhibit.title.zh,
                    f"demo-{exhibit.model_number.lower()}.jpg",
                    picture.data,
                    picture.width,
                    picture.height,
                    collection,
                    caption=exhibit.title.en,
                    credit=exhibitor.company_name,
                )
                self.images[exhibit.key] = image
                images.append(image)
                if exhibit.with_glb:
                    document = self._document(
                        f"{exhibit.model_number} 3D",
                        f"demo-{exhibit.model_number.lower()}.glb",
                        rendered[number, exhibit.key, "glb"].data,
                        collection,
                    )
                    self.documents[number, exhibit.key] = document
                    documents.append(document)
            if "panorama" in exhibitor.features:
                picture = rendered[number, "panorama"]
                image = self._image(
                    f"{exhibitor.company_name} 360°",
                    f"demo-{exhibitor.slug}-360.jpg",
                    picture.data,
                    picture.width,
                    picture.height,
                    collection,
                )
                self.extra_images[number, "panorama"] = image
                extra_images.append(image)
            if "brochure" in exhibitor.features:
                document = self._document(
                    f"{exhibitor.company_name} 产品画册",
                    f"demo-{exhibitor.slug}.pdf",
                    rendered[number, "brochure"].data,
                    collection,
                )
                self.documents[number, "brochure"] = document
                documents.append(document)
        self.video_bytes = media.finish_test_video(video_job, video_path)
        if self.video_bytes:
            for exhibitor in self.plan.exhibitors:
                if "video" in exhibitor.features:
                    collection = self.profiles[exhibitor.number].collection_id
                    document = self._document(
                        f"{exhibitor.company_name} 宣传片",
                        f"demo-{exhibitor.slug}.mp4",
                        self.video_bytes,
                        collection,
                    )
                    self.documents[exhibitor.number, "video"] = document
                    documents.append(document)
        BoothImage.objects.bulk_create(images + extra_images, batch_size=500)
        get_document_model().objects.bulk_create(documents, batch_size=500)
        self.created += images + extra_images + documents
        self.log(f"media: {len(images) + len(extra_images)} images, {len(documents)} documents")

    def hero_image(self):
        """The current edition's banner, in a shared collection of the demo's own."""
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=DEMO_COLLECTION).first() or root.add_child(
            name=DEMO_COLLECTION
        )
        data, width, height = media.hero_banner(
            "Nantong International Cloud Expo", "Home textiles  ·  Furniture  ·  Machinery"
        )
        image = self._image(
            SERIES.zh, "demo-nantong-cloud-expo.jpg", data, width, height, collection.pk
        )
        image.save()
        self.created.append(image)
        return image

    # -- pages ---------------------------------------------------------------------------
    def write_editions(self):
        """The series' three editions (Annex A item 7), each in the four languages."""
        writer = PageBulkWriter(published_at=self.now, owner=self.owner)
        homes = {
            lang: HomePage.objects.get(locale=self.locales[lang], depth=2) for lang in LANGUAGES
        }
        hero = self.hero_image()
        hall_count = len(HALLS)
        for number in (1, 2, 3):
            opens, closes = self.dates[number]
            for lang in LANGUAGES:
                page = ExhibitionPage(
                    title=texts.edition_title(EDITION_ORDINALS[number], SERIES, lang),
                    slug=EDITION_SLUG.format(number),
                    locale=self.locales[lang],
                    translation_key=stable_uuid("edition", number),
                    series=self.series[lang],
                    edition_number=number,
                    starts_at=opens,
                    ends_at=closes,
                    time_zone=str(SHOW_ZONE),
                    description=texts.edition_description(
                        hall_count, [h.name.get(lang) for h in HALLS], lang
                    ),
                    hero_image=hero if number == CURRENT_EDITION else None,
                    organizer=ORGANIZER.get(lang),
                    organizer_url="https://expo.example.com",
                    venue=VENUE.get(lang),
                )
                page.industries = [self.industries[lang, h.key] for h in HALLS]
                writer.add_child(homes[lang], page)
                self.editions[lang, number] = page
        self.created += writer.write()
        self.log("editions: 3 editions in 4 languages")

    def write_exhibitors(self):
        """Profiles (SPEC 4.1.2) with their own group and media collection."""
        profiles = []
        for exhibitor in self.plan.exhibitors:
            profile = ExhibitorProfile(
                external_id=exhibitor.external_id,
                company_name=exhibitor.company_name,
                country=exhibitor.country,
                industry=self.industries[SOURCE, exhibitor.hall_key],
                main_exhibits=exhibitor.main_exhibits,
                target_markets=exhibitor.markets,
                target_regions=exhibitor.regions,
                buyer_needs_served=exhibitor.buyer_needs_served,
                website=exhibitor.website,
            )
            profiles.append(profile)
            self.profiles[exhibitor.number] = profile
        ExhibitorProfile.objects.bulk_create(profiles)
        provisioning.provision_many(profiles)
        contacts, feedback = [], []
        for exhibitor in self.plan.exhibitors:
            profile = self.profiles[exhibitor.number]
            profile.contacts = [
                ExhibitorContact(profile=profile, sort_order=i, **contact)
                for i, contact in enumerate(exhibitor.contacts)
            ]
            profile.feedback = [
                ExhibitorFeedback(
                    profile=profile,
                    sort_order=i,
                    edition=self.editions[SOURCE, number],
                    satisfaction=satisfaction,
                    comment=comment,
                )
                for i, (number, satisfaction, comment) in enumerate(exhibitor.feedback)
            ]
            # Kept on the profile too, so that indexing reads them without queries.
            contacts += profile.contacts.all()
            feedback += profile.feedback.all()
        ExhibitorContact.objects.bulk_create(contacts)
        ExhibitorFeedback.objects.bulk_create(feedback)
        self.created += profiles
        self.log(
            f"exhibitors: {len(profiles)} profiles, {len(feedback)} past-edition feedback records"
        )

    def _tag(self, name):
        if name not in self.tags:
            self.tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        return self.tags[name]

    def _booth_body(self, exhibitor, lang):
        """The booth's StreamField value in one language.

        Built from the objects in hand (not raw ids) so that serialising, indexing and
        reference-tracking the body needs no queries; block ids are shared by all
        translations of the booth, as wagtail-localize keeps them.
        """
        stream_block = BoothPage.body.field.stream_block
        key = exhibitor.external_id
        blocks = []

        def add(kind, value, index=0):
            blocks.append((kind, value, _uid("block", key, kind, index)))

        add("rich_text", exhibitor.story.get(lang))
        item_block = stream_block.child_blocks["gallery"].child_blocks["images"].child_block
        images = ListValue(
            stream_block.child_blocks["gallery"].child_blocks["images"],
            bound_blocks=[
                ListValue.ListChild(
                    item_block,
                    item_block.normalize(
                        {"image": self.images[e.key], "caption": e.title.get(lang)}
                    ),
                    id=_uid("gallery-item", e.key),
                )
                for e in exhibitor.exhibits
            ],
        )
        add("gallery", {"title": texts.GALLERY_TITLES.get(lang), "images": images})
        for exhibit in exhibitor.exhibits:
            document = self.documents.get((exhibitor.number, exhibit.key))
            if document is not None:
                name = PRODUCTS[exhibit.product_key].name.get(lang)
                model = {
                    "model": document,
                    "poster": self.images[exhibit.key],
                    "alt": texts.model_alt(name, exhibit.model_number, lang),
                    "ar": True,
                }
                add("model_3d", model, exhibit.key)
        panorama = self.extra_images.get((exhibitor.number, "panorama"))
        if panorama is not None:
            title = texts.PANORAMA_TITLES.get(lang)
            add("panorama", {"image": panorama, "title": title, "initial_heading": 90})
        video = self.documents.get((exhibitor.number, "video"))
        if video is not None:
            poster = self.images[exhibitor.exhibits[0].key]
            caption = texts.VIDEO_CAPTIONS.get(lang)
            add("video", {"video": video, "poster": poster, "caption": caption})
        if "live_stream" in exhibitor.features:
            opens, _closes = self.dates[CURRENT_EDITION]
            day = opens.date() + datetime.timedelta(days=exhibitor.number % 7)
            starts = _show_time(day, 10 + exhibitor.number % 6)
            stream = {
                "title": texts.LIVE_TITLES.get(lang),
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=1),
                "stream_url": f"https://live.example.com/nantong-expo/{exhibitor.slug}.m3u8",
                "replay": None,
                "replay_url": "",
            }
            add("live_stream", stream)
        if "vr_link" in exhibitor.features:
            tour = {
                "kind": "vr",
                "url": f"https://kuula.co/share/collection/{exhibitor.slug[:24]}",
                "label": texts.VR_LINK_LABELS.get(lang),
                "embed": False,
            }
            add("external_viewer", tour)
        brochure = self.documents.get((exhibitor.number, "brochure"))
        if brochure is not None:
            add("brochure", {"document": brochure, "title": texts.BROCHURE_TITLES.get(lang)})
        return StreamValue(stream_block, blocks)

    def write_booths(self):
        """Booths and exhibits of the current edition, and the few booths of past editions."""
        writer = PageBulkWriter(published_at=self.now, owner=self.owner)
        for exhibitor in self.plan.exhibitors:
            profile = self.profiles[exhibitor.number]
            for number in exhibitor.past_editions:
                for lang in LANGUAGES:
                    self._booth(writer, exhibitor, profile, number, lang, body=[])
            for lang in LANGUAGES:
                booth = self._booth(
                    writer,
                    exhibitor,
                    profile,
                    CURRENT_EDITION,
                    lang,
                    self._booth_body(exhibitor, lang),
                )
                for exhibit in exhibitor.exhibits:
                    writer.add_child(booth, self._exhibit(exhibitor, exhibit, lang))
        pages = writer.write()
        source = self.locales[SOURCE].pk
        provisioning.grant_booths(
            [page for page in pages if isinstance(page, BoothPage) and page.locale_id == source]
        )
        self.created += pages
        exhibits = sum(isinstance(page, ExhibitPage) for page in pages) // len(LANGUAGES)
        booths = len(pages) // len(LANGUAGES) - exhibits
        self.log(
            f"pages: {booths} booths and {exhibits} exhibits, each in {len(LANGUAGES)} languages"
        )

    def _booth(self, writer, exhibitor, profile, edition_number, lang, body):
        booth = BoothPage(
            title=exhibitor.name.get(lang),
            slug=exhibitor.slug,
            locale=self.locales[lang],
            translation_key=stable_uuid("booth", edition_number, exhibitor.number),
            exhibitor=profile,
            booth_number=exhibitor.booth_number,
            introduction=exhibitor.introduction.get(lang),
            body=body,
        )
        booth.categories = [self.categories[lang, key] for key in exhibitor.category_keys]
        booth.tagged_items = [BoothTag(tag=self._tag(tag.get(lang))) for tag in exhibitor.tags]
        return writer.add_child(self.editions[lang, edition_number], booth)

    def _exhibit(self, exhibitor, exhibit, lang):
        page = ExhibitPage(
            title=exhibit.title.get(lang),
            slug=exhibit.model_number.lower(),
            locale=self.locales[lang],
            translation_key=stable_uuid("exhibit", exhibit.key),
            external_id=f"DEMO-X-{exhibit.key}",
            model_number=exhibit.model_number,
            category=self.categories[lang, exhibit.category_key],
            description=exhibit.description.get(lang),
            model_3d=self.documents.get((exhibitor.number, exhibit.key)),
            moq=exhibit.moq,
            moq_unit=exhibit.moq_unit.get(lang),
        )
        page.specs = [
            ExhibitSpec(
                locale=self.locales[lang],
                translation_key=stable_uuid("spec", exhibit.key, index),
                sort_order=index,
                name=spec.name.get(lang),
                value_text=spec.value.get(lang),
                value_number=spec.number,
                value_max=spec.number_max,
                unit=spec.unit,
            )
            for index, spec in enumerate(exhibit.specs)
        ]
        page.images = [
            ExhibitImage(
                image=self.images[exhibit.key], caption=exhibit.title.get(lang), sort_order=0
            )
        ]
        return page

    def write_buyers(self):
        """Buyer records (SPEC 4.1.3): purchase categories, keywords, needs, history."""
        profiles = [
            BuyerProfile(
                external_id=buyer.external_id,
                company_name=buyer.company_name,
                country=buyer.country,
                business_field=buyer.business_field,
                main_products=buyer.main_products,
                purchase_keywords=buyer.keywords,
                needs=buyer.needs,
            )
            for buyer in self.plan.buyers
        ]
        BuyerProfile.objects.bulk_create(profiles, batch_size=500)
        through = BuyerProfile.purchase_categories.through
        links, contacts, feedback = [], [], []
        for buyer, profile in zip(self.plan.buyers, profiles, strict=True):
            links += [
                through(buyerprofile_id=profile.pk, category_id=self.categories[SOURCE, key].pk)
                for key in buyer.category_keys
            ]
            profile.contacts = [BuyerContact(profile=profile, sort_order=0, **buyer.contact)]
            profile.feedback = [
                BuyerFeedback(
                    profile=profile,
                    sort_order=i,
                    edition=self.editions[SOURCE, number],
                    satisfaction=satisfaction,
                    comment=comment,
                )
                for i, (number, satisfaction, comment) in enumerate(buyer.feedback)
            ]
            contacts += profile.contacts.all()
            feedback += profile.feedback.all()
        through.objects.bulk_create(links, batch_size=500)
        BuyerContact.objects.bulk_create(contacts, batch_size=500)
        BuyerFeedback.objects.bulk_create(feedback, batch_size=500)
        self.created += profiles
        self.log(f"buyers: {len(profiles)} with purchase categories, keywords and needs")

    def write_indexes(self):
        searchable = indexing.index_objects(self.created)
        references = indexing.index_references(self.created)
        self.log(f"index: {searchable} search entries, {references} references")


def adopt_demo_translations(edition):
    """Register the translations demo users open with wagtail-localize; returns how many.

    The demo writes its translations in bulk as plain pages (adopting all of them would cost
    more than the whole seed). The taxonomy, the edition and the demo exhibitors' booths and
    exhibits are adopted, so the `translator` account meets them in the translation editor.
    """
    owned = BoothPage.objects.child_of(edition).filter(
        exhibitor__owners__username__in=[
            name for name in DEMO_USERS if name.startswith("exhibitor")
        ]
    )
    pages = [edition, *owned]
    for booth in owned:
        pages.extend(ExhibitPage.objects.child_of(booth))
    source = edition.locale
    snippets = [
        *Category.objects.filter(locale=source),
        *Industry.objects.filter(locale=source),
        *ExhibitionSeries.objects.filter(locale=source),
    ]
    return sum(adopt_existing_translations(instance) for instance in [*snippets, *pages])


def _build(exhibitors, buyers, locales, new_users, hashes, step):
    """Plan and write the whole demo in one transaction; True if it has a video."""
    with tempfile.TemporaryDirectory() as scratch:
        video_path = Path(scratch) / "demo.mp4"
        video_job = media.start_test_video(video_path)
        plan = build_plan(exhibitors, buyers)
        renderer = MediaRenderer(plan)
        step(f"planned {len(plan.exhibitors)} exhibitors and {len(plan.buyers)} buyers")
        try:
            with transaction.atomic(), indexing.automatic_indexing_paused():
                create_users(new_users)
                owner = get_user_model().objects.get(username="organizer")
                builder = DemoBuilder(plan, locales, step, owner=owner)
                builder.write_taxonomy()
                builder.write_editions()
                builder.write_exhibitors()
                builder.write_buyers()
                builder.write_media(renderer.results(), video_job, video_path)
                builder.write_booths()
                grant_demo_roles()
                builder.write_indexes()
                set_passwords(hashes)
                adopted = adopt_demo_translations(current_edition())
                step(f"translations: {adopted} adopted into wagtail-localize for the demo users")
        finally:
            renderer.close()
            if video_job is not None and video_job.poll() is None:
                video_job.kill()
                video_job.wait()
    return bool(builder.video_bytes)


def seed_demo(exhibitors=210, buyers=650, log=None):
    """Build the demo exhibition (or, if it exists, only missing accounts). See module doc."""
    started = time.monotonic()
    steps = []

    def step(message):
        steps.append((time.monotonic() - started, message))
        if log:
            log(f"[{time.monotonic() - started:5.1f}s] {message}")

    # The configured languages plus the demo's own (add_locale leaves existing ones alone).
    ensure_site(locales=list(dict.fromkeys([*settings.EXHIBITION_LOCALES, *TRANSLATION_LANGUAGES])))
    step("site, languages, roles and workflow ready")
    locales = {lang: Locale.objects.get(language_code=lang) for lang in LANGUAGES}
    new_users = missing_users()
    video = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        hashes = hash_passwords_in_background(pool, new_users)
        created = current_edition() is None
        if created:
            video = _build(exhibitors, buyers, locales, new_users, hashes, step)
        else:
            step("the demo edition exists already: only missing accounts are added")
            with transaction.atomic():
                create_users(new_users)
                grant_demo_roles()
                set_passwords(hashes)
    edition = current_edition()
    return SeedResult(
        created=created,
        seconds=time.monotonic() - started,
        exhibitors=BoothPage.objects.child_of(edition).count(),
        exhibits=ExhibitPage.objects.descendant_of(edition).count(),
        buyers=BuyerProfile.objects.filter(external_id__startswith="DEMO-B-").count(),
        pages_per_locale=pages_per_locale(),
        passwords={name: spec["password"] for name, spec in DEMO_USERS.items()},
        new_users=new_users,
        video=video,
        steps=steps,
    )
