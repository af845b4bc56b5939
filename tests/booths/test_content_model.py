"""The content model: editions, taxonomy, booths, exhibits with typed specs (SPEC 3, 4.1, 5.5)."""

import pytest
from django.core.exceptions import ValidationError

from booths.models import BoothPage, Category, ExhibitPage
from tests.builders import make_booth, make_category, make_exhibit, make_exhibitor, make_user

pytestmark = pytest.mark.django_db


def test_category_tree_is_three_levels_deep(site):
    hall = make_category("家纺馆")
    category = make_category("床上用品", parent=hall)
    sub = make_category("被子", parent=category)
    assert sub.depth == 3 and sub.hall == hall
    assert str(sub) == "家纺馆 › 床上用品 › 被子"
    too_deep = Category(name="羽绒被", slug="down", parent=sub, locale=hall.locale)
    with pytest.raises(ValidationError) as error:
        too_deep.full_clean()
    assert "parent" in error.value.message_dict
    assert set(hall.descendant_ids()) == {hall.pk, category.pk, sub.pk}


def test_booth_belongs_to_edition_and_lists_its_exhibits(edition):
    exhibitor = make_exhibitor()
    booth = make_booth(edition, exhibitor)
    chair = make_exhibit(booth, specs=[("功率", "5.5 kW", 5.5, "kW")], model_number="NT-100")
    assert booth.edition == edition
    assert list(booth.exhibits()) == [chair]
    spec = ExhibitPage.objects.get(pk=chair.pk).specs.get()
    assert spec.value_number == 5.5 and spec.unit == "kW"
    assert spec.locale == edition.locale  # inline specs take their page's language


def test_one_booth_per_exhibitor_per_edition(edition):
    exhibitor = make_exhibitor()
    make_booth(edition, exhibitor)
    second = BoothPage(title="again", slug="again", exhibitor=exhibitor, locale=edition.locale)
    second._expected_parent = edition
    with pytest.raises(ValidationError):
        second.full_clean()


def test_new_exhibitor_gets_its_own_group_and_collection(site):
    owner = make_user("owner-a")
    exhibitor = make_exhibitor(owners=[owner])
    assert exhibitor.group is not None and exhibitor.collection is not None
    assert owner.groups.filter(pk=exhibitor.group.pk).exists()
    assert owner.groups.filter(name="Exhibitor").exists()
    exhibitor.owners.remove(owner)
    assert not owner.groups.filter(pk=exhibitor.group.pk).exists()


def test_booth_form_offers_source_language_categories_hall_by_hall(site):
    from wagtail.models import Locale

    from booths.forms import BoothPageForm
    from booths.models import BoothPage

    furniture = make_category("家具馆")
    textiles = make_category("家纺馆")
    bedding = make_category("床上用品", parent=textiles)
    chairs = make_category("椅子", parent=furniture)
    furniture.sort_order, textiles.sort_order = 1, 0
    furniture.save()
    textiles.save()
    make_category("Bedding", locale=Locale.objects.get(language_code="en"))

    form_class = BoothPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, BoothPageForm)
    labels = [label for _pk, label in form_class().fields["categories"].choices]
    assert labels == [str(textiles), str(bedding), str(furniture), str(chairs)]


def test_spec_value_shows_its_unit_once():
    from booths.models import ExhibitSpec

    assert ExhibitSpec(value_text="5.5 kW", unit="kW").display_value == "5.5 kW"
    assert ExhibitSpec(value_text="45", value_number=45, unit="cm").display_value == "45 cm"
    assert ExhibitSpec(value_text="橡木", unit="").display_value == "橡木"


def test_exhibitor_participation_lists_editions_newest_first(site, django_assert_max_num_queries):
    import datetime

    from tests.builders import make_edition

    old = make_edition(
        site,
        title="第一届",
        starts_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2024, 5, 9, tzinfo=datetime.UTC),
    )
    new = make_edition(
        site,
        title="第二届",
        starts_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2025, 5, 9, tzinfo=datetime.UTC),
    )
    exhibitor = make_exhibitor()
    make_booth(old, exhibitor)
    make_booth(new, exhibitor)
    with django_assert_max_num_queries(3):
        editions = [edition.title for edition, _booth in exhibitor.participation()]
    assert editions == ["第二届", "第一届"]
