"""`manage.py seed_demo`: a realistic, multilingual, valid and repeatable demo exhibition.

One small demo (12 exhibitors, 30 buyers) is built once for the module inside a transaction
that is rolled back afterwards; each test runs in its own savepoint on top of it.
"""

import io
import re

import pytest
import trimesh
from django.contrib.auth import get_user_model, password_validation
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, ReferenceIndex

from booths.demo.accounts import DEMO_USERS
from booths.demo.plan import build_plan
from booths.demo.seed import current_edition, seed_demo
from booths.models import (
    BoothImage,
    BoothPage,
    BuyerProfile,
    Category,
    ExhibitionPage,
    ExhibitorFeedback,
    ExhibitorProfile,
    ExhibitPage,
    ExhibitSpec,
    GlossaryTerm,
    Industry,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXHIBITORS, BUYERS = 12, 30
SCRIPTS = {
    "zh-hans": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "en": re.compile(r"^[\x20-\x7e'’]+$"),
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo(exhibitors=EXHIBITORS, buyers=BUYERS)
        transaction.set_rollback(True)


def _pages(model, language):
    return model.objects.filter(locale__language_code=language)


def test_builds_the_current_edition_with_booths_exhibits_and_buyers(demo):
    edition = current_edition()
    assert demo.created
    assert (demo.exhibitors, demo.buyers) == (EXHIBITORS, BUYERS)
    booths = BoothPage.objects.child_of(edition)
    assert booths.count() == EXHIBITORS
    for booth in booths:
        assert booth.exhibits().count() >= 3
    assert demo.exhibits == ExhibitPage.objects.descendant_of(edition).count() >= 3 * EXHIBITORS
    assert edition.starts_at <= edition.ends_at
    assert ExhibitionPage.objects.current(locale=edition.locale) == edition


def test_three_consecutive_editions_of_one_series(demo):
    edition = current_edition()
    assert edition.edition_number == 3
    assert edition.consecutive_edition_count() == 3  # Annex A item 7: 5 points
    past = ExhibitionPage.objects.filter(locale=edition.locale, series=edition.series)
    assert sorted(past.values_list("edition_number", flat=True)) == [1, 2, 3]
    for old in past.exclude(pk=edition.pk):
        assert old.ends_at < edition.starts_at
        assert BoothPage.objects.child_of(old).count() < EXHIBITORS  # few or no booths


def test_three_halls_with_categories_subcategories_and_industries(demo):
    source = Category.objects.filter(locale__language_code="zh-hans")
    halls = source.halls()
    assert sorted(halls.values_list("name", flat=True)) == ["家具馆", "家纺馆", "机械馆"]
    assert source.filter(parent__in=halls).count() >= 15
    assert source.filter(parent__parent__isnull=False).exists()  # sub-categories
    assert Industry.objects.filter(locale__language_code="zh-hans").count() == 3
    for language in ("en", "ru", "ar"):
        assert Category.objects.filter(locale__language_code=language).count() == source.count()
        translated = Category.objects.get(
            locale__language_code=language, translation_key=halls.first().translation_key
        )
        assert SCRIPTS[language].search(translated.name)


def test_pages_are_translated_into_real_russian_arabic_and_english(demo):
    assert len(set(demo.pages_per_locale.values())) == 1  # same tree in every language
    for model in (ExhibitionPage, BoothPage, ExhibitPage):
        source = _pages(model, "zh-hans")
        for language, script in SCRIPTS.items():
            pages = _pages(model, language)
            assert pages.count() == source.count()
            assert set(pages.values_list("translation_key", flat=True)) == set(
                source.values_list("translation_key", flat=True)
            )
            for title in pages.values_list("title", flat=True):
                assert script.search(title), (language, title)
    booth = _pages(BoothPage, "ar").exclude(introduction="").first()
    assert SCRIPTS["ar"].search(booth.introduction)
    exhibit = _pages(ExhibitPage, "ru").first()
    assert SCRIPTS["ru"].search(exhibit.description)
    assert exhibit.category.locale == exhibit.locale


def test_specs_carry_numbers_units_and_model_numbers(demo):
    source = ExhibitSpec.objects.filter(locale__language_code="zh-hans")
    numeric = source.filter(value_number__isnull=False).exclude(unit="")
    assert numeric.exists()
    assert numeric.filter(unit__in=["kW", "m", "kg", "S", "cm", "g/m²"]).exists()
    textual = source.filter(value_number__isnull=True)
    assert textual.filter(name__in=["材质", "填充物", "面料", "芯材"]).exists()
    spec = numeric.first()
    translations = ExhibitSpec.objects.filter(translation_key=spec.translation_key)
    assert translations.count() == 4
    assert {t.value_number for t in translations} == {spec.value_number}
    assert {t.unit for t in translations} == {spec.unit}
    for exhibit in _pages(ExhibitPage, "zh-hans"):
        assert re.fullmatch(r"[A-Z]{2}-\d{3}[A-Z]?", exhibit.model_number)
        assert exhibit.specs.count() >= 3 and exhibit.images.count() == 1
        assert exhibit.moq and exhibit.moq_unit


def test_generated_media_are_real_images_models_and_documents(demo):
    images = BoothImage.objects.filter(file__startswith="original_images/demo-")
    assert images.count() >= demo.exhibits
    for image in images[:10]:
        with image.open_file() as handle, PILImage.open(handle) as picture:
            assert picture.size == (image.width, image.height)
            picture.verify()
    documents = get_document_model().objects.all()
    glbs = [d for d in documents if d.file_extension == "glb"]
    assert glbs
    for document in glbs:
        with document.open_file() as handle:
            scene = trimesh.load(io.BytesIO(handle.read()), file_type="glb")
        assert len(scene.geometry) >= 1 and scene.bounds[1][1] > 0  # stands on the floor
    pdfs = [d for d in documents if d.file_extension == "pdf"]
    assert pdfs
    with pdfs[0].open_file() as handle:
        assert handle.read(5) == b"%PDF-"
    videos = [d for d in documents if d.file_extension == "mp4"]
    if demo.video:
        with videos[0].open_file() as handle:
            assert handle.read(12)[4:8] == b"ftyp"
    else:
        assert not videos


def test_booth_bodies_use_every_kind_of_block_and_validate(demo):
    kinds = set()
    for booth in _pages(BoothPage, "zh-hans").child_of(current_edition()):
        booth.body.stream_block.clean(booth.body)
        kinds |= {child.block_type for child in booth.body}
    expected = {"rich_text", "gallery", "model_3d", "panorama", "live_stream", "brochure"}
    assert expected <= kinds
    assert ("video" in kinds) == demo.video
    panorama = next(
        child.value["image"]
        for booth in _pages(BoothPage, "ar")
        for child in booth.body
        if child.block_type == "panorama"
    )
    assert panorama.width == 2 * panorama.height


def test_pages_are_valid_wagtail_pages_that_edit_and_publish(demo):
    assert Page.find_problems() == ([], [], [], [], [])
    assert Collection.find_problems() == ([], [], [], [], [])
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    for model in (ExhibitionPage, BoothPage, ExhibitPage):
        for language in ("zh-hans", "ar"):
            page = _pages(model, language).last()
            page.full_clean()
            assert page.live and page.live_revision_id == page.latest_revision_id
            assert page.get_latest_revision_as_object().title == page.title
            response = client.get(f"/admin/pages/{page.pk}/edit/", HTTP_HOST="localhost")
            assert response.status_code == 200
    exhibit = _pages(ExhibitPage, "ru").first()
    exhibit.title = exhibit.title + " (2026)"
    exhibit.save_revision().publish()
    exhibit.refresh_from_db()
    assert exhibit.title.endswith("(2026)") and exhibit.specs.count() >= 3
    image = exhibit.images.first().image
    assert ReferenceIndex.get_references_to(image).exists()


def test_search_finds_exhibits_by_model_number(demo):
    exhibit = _pages(ExhibitPage, "en").first()
    found = ExhibitPage.objects.live().search(exhibit.model_number)
    assert exhibit.pk in [page.pk for page in found]


def test_exhibitors_and_buyers_have_markets_history_and_needs(demo):
    exhibitors = ExhibitorProfile.objects.filter(external_id__startswith="DEMO-E-")
    assert exhibitors.count() == EXHIBITORS
    for profile in exhibitors:
        assert profile.group_id and profile.collection_id  # provisioned like any exhibitor
        assert profile.target_markets and profile.main_exhibits and profile.industry_id
    feedback = ExhibitorFeedback.objects.all()
    assert feedback.exists()
    assert {f.edition.edition_number for f in feedback} <= {1, 2}
    buyers = BuyerProfile.objects.filter(external_id__startswith="DEMO-B-")
    assert buyers.filter(country="CN").exists() and buyers.exclude(country="CN").exists()
    for buyer in buyers:
        assert buyer.purchase_categories.exists() and buyer.keywords and buyer.needs
        assert buyer.contacts.exists()
    terms = GlossaryTerm.objects.filter(source_term__in=["功率", "家纺馆", "橡木"])
    assert {t.locale.language_code for t in terms} == {"en", "ru", "ar"}


def test_demo_accounts_sign_in_with_their_printed_passwords_and_roles(demo):
    User = get_user_model()
    for username, spec in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.check_password(demo.passwords[username])
        password_validation.validate_password(spec["password"], user)
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="organizer").groups.filter(name="Organizer").exists()
    translator_groups = set(
        User.objects.get(username="translator").groups.values_list("name", flat=True)
    )
    assert {"Translator · en", "Translator · ru"} <= translator_groups
    for number, username in ((1, "exhibitor1"), (2, "exhibitor2")):
        profile = ExhibitorProfile.objects.get(external_id=f"DEMO-E-{number:04d}")
        user = User.objects.get(username=username)
        assert list(profile.owners.all()) == [user]
        assert user.groups.filter(pk=profile.group_id).exists()


def test_running_again_duplicates_nothing(demo):
    models = (Page, ExhibitorProfile, BuyerProfile, BoothImage, Category, GlossaryTerm)
    before = {model: model.objects.count() for model in models}
    again = seed_demo(exhibitors=EXHIBITORS, buyers=BUYERS)
    assert not again.created
    assert {model: model.objects.count() for model in models} == before
    assert again.pages_per_locale == demo.pages_per_locale


def test_command_prints_counts_and_demo_only_passwords(demo, settings):
    settings.DEBUG = True  # the demo's published passwords are for development set-ups only
    out = io.StringIO()
    call_command("seed_demo", exhibitors=EXHIBITORS, buyers=BUYERS, quiet=True, stdout=out)
    text = out.getvalue()
    assert "Already built" in text and f"exhibitors with booths: {EXHIBITORS}" in text
    assert "demo only" in text
    for username, spec in DEMO_USERS.items():
        assert f"{username}" in text and spec["password"] in text


def test_the_plan_is_the_same_on_every_run():
    first, second = build_plan(20, 40), build_plan(20, 40)
    assert [e.name for e in first.exhibitors] == [e.name for e in second.exhibitors]
    assert [x.model_number for e in first.exhibitors for x in e.exhibits] == [
        x.model_number for e in second.exhibitors for x in e.exhibits
    ]
    assert [b.company_name for b in first.buyers] == [b.company_name for b in second.buyers]


def test_demo_exhibitors_booths_open_in_the_translation_editor(demo):
    from wagtail_localize.models import Translation

    edition = current_edition()
    owned = BoothPage.objects.child_of(edition).filter(exhibitor__owners__username="exhibitor1")
    assert owned.exists()
    for booth in owned:
        languages = set(
            Translation.objects.filter(
                source__object_id=booth.translation_key, enabled=True
            ).values_list("target_locale__language_code", flat=True)
        )
        assert languages == {"en", "ru", "ar"}


def test_command_refuses_a_server_with_debug_off(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-a-demo"):
        call_command("seed_demo", quiet=True, stdout=io.StringIO())
