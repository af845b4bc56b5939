"""The directory importer (SPEC 4.1: collection through many channels, import included).

Sample files are written by the tests themselves, as CSV and as XLSX (openpyxl).
"""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, Translation

from booths.importing import ImportFileError, import_directory
from booths.importing.cells import formula_problem
from booths.importing.specs import SpecError, parse_specs
from booths.models import (
    BoothPage,
    BuyerProfile,
    Category,
    ExhibitorProfile,
    ExhibitPage,
    Industry,
)
from tests.builders import make_category, make_edition, make_user, source_locale


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions read the English messages; organizers get them in their own language."""
    with translation.override("en"):
        yield


EXHIBITOR_HEADER = [
    "external_id",
    "company_name",
    "company_name_en",
    "country",
    "industry",
    "categories",
    "main_exhibits",
    "target_markets",
    "website",
    "contact_email",
    "contact_phone",
    "description",
    "description_en",
]
EXHIBIT_HEADER = [
    "external_id",
    "exhibitor_external_id",
    "name",
    "name_en",
    "category",
    "model_number",
    "specs",
    "description",
    "description_en",
]


# --- builders -------------------------------------------------------------------------


def write_csv(directory, header, rows, name="directory.csv", bom=False):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path = directory / name
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_xlsx(directory, header, rows, name="directory.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = directory / name
    workbook.save(path)
    return path


def exhibitor_row(external_id="E001", **cells):
    values = {
        "external_id": external_id,
        "company_name": "南通示例家纺有限公司",
        "company_name_en": "Nantong Example Textiles",
        "country": "中国",
        "industry": "家纺",
        "categories": "床上用品; Towels",
        "main_exhibits": "被子, 毛巾",
        "target_markets": "DE; 东盟; United States",
        "website": "www.example.cn",
        "contact_email": "sales@Example.CN",
        "contact_phone": "+86 513 8123 4567",
        "description": "专业生产家纺二十年。",
        "description_en": "Twenty years of home textiles.",
    }
    values.update(cells)
    return [values[column] for column in EXHIBITOR_HEADER]


def exhibit_row(external_id="X001", exhibitor="E001", **cells):
    values = {
        "external_id": external_id,
        "exhibitor_external_id": exhibitor,
        "name": "实木餐椅",
        "name_en": "Solid wood chair",
        "category": "床上用品",
        "model_number": "NT-100",
        "specs": "功率=5.5 kW; 重量=120 kg; 材质=橡木; 电压=5–20 kW",
        "description": "橡木餐椅。",
        "description_en": "An oak chair.",
    }
    values.update(cells)
    return [values[column] for column in EXHIBIT_HEADER]


def make_taxonomy():
    """A hall with 床上用品 (English: Bedding) and 毛巾 (English: Towels); industry 家纺."""
    english = Locale.objects.get(language_code="en")
    hall = make_category("家纺馆")
    bedding = make_category("床上用品", parent=hall)
    towels = make_category("毛巾", parent=hall)
    english_hall = hall.copy_for_translation(english)
    english_hall.name = "Home textiles"
    english_hall.save()
    for category, name in ((bedding, "Bedding"), (towels, "Towels")):
        copy = category.copy_for_translation(english)
        copy.name, copy.parent = name, english_hall
        copy.save()
    industry = Industry.objects.create(name="家纺", slug="textiles", locale=source_locale())
    return bedding, towels, industry


def database_state():
    """What an import could change, to compare before and after."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "exhibitors": list(ExhibitorProfile.objects.values_list("external_id", "updated_at")),
        "buyers": list(BuyerProfile.objects.values_list("external_id", "updated_at")),
        "categories": Category.objects.count(),
        "industries": Industry.objects.count(),
        "string_translations": StringTranslation.objects.count(),
    }


def english_of(page):
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    ).specific


# --- pure parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "is_formula"),
    [
        ('=HYPERLINK("http://x","y")', True),
        ("@SUM(A1)", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3+cmd", True),
        ("- item", True),
        ("+86 513 8123 4567", False),
        ("+86 (513) 8123-4567", False),
        ("-5", False),
        ("-5.5", False),
        ("南通 = 家纺", False),
        ("sales@example.cn", False),
    ],
)
def test_formula_cells_are_refused_but_numbers_and_phone_numbers_pass(cell, is_formula):
    assert (formula_problem(cell) is not None) is is_formula


def test_specs_are_parsed_into_numbers_ranges_units_and_text():
    specs = parse_specs(
        "功率=5.5 kW; 重量=120 kg; 材质=橡木；范围=5–20 kW; 电压 = 5-20kW; 尺寸=1200×600 mm"
    )
    assert [spec.as_tuple() for spec in specs] == [
        ("功率", "5.5 kW", 5.5, None, "kW"),
        ("重量", "120 kg", 120.0, None, "kg"),
        ("材质", "橡木", None, None, ""),
        ("范围", "5–20 kW", 5.0, 20.0, "kW"),
        ("电压", "5-20kW", 5.0, 20.0, "kW"),
        ("尺寸", "1200×600 mm", None, None, ""),
    ]
    assert parse_specs("温度=-20~-5 °C; 流量=1,200 m3/h")[0].as_tuple() == (
        "温度",
        "-20~-5 °C",
        -20.0,
        -5.0,
        "°C",
    )
    assert parse_specs("流量=1,200 m3/h")[0].value_number == 1200.0


@pytest.mark.parametrize(
    "cell", ["功率 5.5 kW", "=5 kW", "功率=", "功率=5 kW; 功率=6 kW", "范围=20-5 kW"]
)
def test_malformed_specs_are_refused(cell):
    with pytest.raises(SpecError):
        parse_specs(cell)


# --- exhibitors -----------------------------------------------------------------------


@pytest.mark.django_db
def test_exhibitor_csv_creates_profile_contact_and_published_booth(edition, tmp_path):
    bedding, towels, industry = make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()])

    report = import_directory(path)

    assert report.ok and report.written
    assert report.count("exhibitors", "created") == 1
    profile = ExhibitorProfile.objects.get(external_id="E001")
    assert profile.country == "CN" and profile.industry == industry
    assert [country.code for country in profile.target_markets] == ["DE", "US"]
    assert profile.target_regions == ["asean"]
    assert profile.website == "https://www.example.cn"
    assert profile.group is not None and profile.collection is not None  # provisioned
    contact = profile.contacts.get()
    assert (contact.name, contact.email, contact.phone) == (
        "南通示例家纺有限公司",
        "sales@example.cn",
        "+86 513 8123 4567",
    )
    booth = BoothPage.objects.get(exhibitor=profile, locale=edition.locale)
    assert booth.get_parent().pk == edition.pk
    assert booth.live and booth.title == "南通示例家纺有限公司"
    assert booth.introduction == "<p>专业生产家纺二十年。</p>"
    # "Towels" is the English name of 毛巾: matched through its translation_key.
    assert set(booth.categories.all()) == {bedding, towels}
    assert booth.slug == "nantong-example-textiles"
    # Every synced language gets the page, as an alias when there is no translation.
    for code in ("ru", "ar"):
        alias = Page.objects.get(translation_key=booth.translation_key, locale__language_code=code)
        assert alias.alias_of_id == booth.pk


@pytest.mark.django_db
def test_english_columns_create_and_update_a_wagtail_localize_translation(edition, tmp_path):
    make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()])
    import_directory(path)
    booth = BoothPage.objects.get(exhibitor__external_id="E001", locale=edition.locale)

    english = english_of(booth)
    assert english.alias_of_id is None and english.live
    assert english.title == "Nantong Example Textiles"
    assert english.introduction == "<p>Twenty years of home textiles.</p>"
    # Stored as a translation, so translators see it in wagtail-localize's editor.
    translation = Translation.objects.get(
        source__object_id=booth.translation_key, target_locale=english.locale
    )
    total, done = translation.get_progress()
    assert done >= 2 and translation.enabled

    write_csv(
        tmp_path,
        EXHIBITOR_HEADER,
        [exhibitor_row(company_name_en="Nantong Example Home", description_en="Since 2005.")],
    )
    report = import_directory(path)

    assert report.count("exhibitors", "updated") == 1
    english = english_of(booth)
    assert english.title == "Nantong Example Home"
    assert english.introduction == "<p>Since 2005.</p>"
    assert english.slug == "nantong-example-textiles"  # links keep working
    assert not english.has_unpublished_changes


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(edition, tmp_path):
    make_taxonomy()
    path = write_csv(
        tmp_path,
        EXHIBITOR_HEADER,
        [exhibitor_row(), exhibitor_row("E002", company_name="海门丝绸", description="")],
    )
    first = import_directory(path)
    # No Chinese description to translate from: said, not silently dropped.
    assert any("row 3, description_en" in warning for warning in first.warnings)
    before = database_state()

    report = import_directory(path)

    assert report.count("exhibitors", "unchanged") == 2
    assert report.count("exhibitors", "created") == report.count("exhibitors", "updated") == 0
    assert database_state() == before


@pytest.mark.django_db
def test_changed_row_updates_profile_and_publishes_a_new_booth_revision(edition, tmp_path):
    make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row(), exhibitor_row("E002")])
    import_directory(path)
    booth = BoothPage.objects.get(exhibitor__external_id="E001", locale=edition.locale)
    revisions = booth.revisions.count()

    write_csv(
        tmp_path,
        EXHIBITOR_HEADER,
        [
            exhibitor_row(description="新的介绍。", country="DE", categories="床上用品"),
            exhibitor_row("E002"),
        ],
    )
    report = import_directory(path)

    assert report.count("exhibitors", "updated") == 1
    assert report.count("exhibitors", "unchanged") == 1
    booth.refresh_from_db()
    assert booth.revisions.count() == revisions + 1
    assert booth.live and not booth.has_unpublished_changes
    assert booth.introduction == "<p>新的介绍。</p>"
    assert [category.name for category in booth.categories.all()] == ["床上用品"]
    assert ExhibitorProfile.objects.get(external_id="E001").country == "DE"
    assert BoothPage.objects.filter(exhibitor__external_id="E001").count() == 4  # zh, en, ru, ar


@pytest.mark.django_db
def test_xlsx_and_csv_with_byte_order_mark_import_alike(edition, tmp_path):
    make_taxonomy()
    xlsx = write_xlsx(tmp_path, EXHIBITOR_HEADER, [exhibitor_row("E001")])
    bom = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row("E002")], bom=True)

    assert import_directory(xlsx).count("exhibitors", "created") == 1
    assert import_directory(bom).count("exhibitors", "created") == 1

    first, second = ExhibitorProfile.objects.order_by("external_id")
    assert (first.external_id, second.external_id) == ("E001", "E002")
    assert first.country == second.country == "CN"
    assert first.contacts.get().phone == second.contacts.get().phone == "+86 513 8123 4567"
    # A real formula cell in a workbook is read as its formula, and refused.
    formula = write_xlsx(
        tmp_path, EXHIBITOR_HEADER, [exhibitor_row("E003", main_exhibits="=1+1")], name="f.xlsx"
    )
    problem = import_directory(formula).problems[0]
    assert (problem.row, problem.column) == (2, "main_exhibits")


@pytest.mark.django_db
def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_written(edition, tmp_path):
    make_taxonomy()
    path = write_csv(
        tmp_path,
        [*EXHIBITOR_HEADER, "fax"],
        [
            exhibitor_row("E001") + [""],  # row 2: good
            exhibitor_row("E002", categories="床上用品; 地毯") + [""],  # row 3
            exhibitor_row("E003", contact_email="sales@") + [""],  # row 4
            exhibitor_row("E001") + [""],  # row 5: duplicate id
            exhibitor_row("E005", company_name="") + [""],  # row 6
            exhibitor_row("E006", country="Atlantis") + [""],  # row 7
            exhibitor_row("E007", description='=HYPERLINK("http://x","y")') + [""],  # row 8
            exhibitor_row("E008", contact_phone="+86 513 8123 4567") + [""],  # row 9: good
        ],
    )
    before = database_state()

    report = import_directory(path)

    assert database_state() == before
    assert not report.written
    assert report.failed_rows == [3, 4, 5, 6, 7, 8]
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert "地毯" in problems[(3, "categories")]
    assert "sales@" in problems[(4, "contact_email")]
    assert "row 2" in problems[(5, "external_id")]
    assert (6, "company_name") in problems
    assert "Atlantis" in problems[(7, "country")]
    assert "formula" in problems[(8, "description")]
    assert report.count("exhibitors", "failed") == 6
    assert any("fax" in warning for warning in report.warnings)
    text = "\n".join(report.lines())
    assert "Row 3, categories" in text and "Nothing was imported" in text


@pytest.mark.django_db
def test_partial_imports_the_good_rows_reports_the_bad_and_exits_non_zero(edition, tmp_path):
    make_taxonomy()
    path = write_csv(
        tmp_path,
        EXHIBITOR_HEADER,
        [exhibitor_row("E001"), exhibitor_row("E002", country="Atlantis"), exhibitor_row("E003")],
    )
    out = io.StringIO()

    with pytest.raises(CommandError) as error:
        call_command("import_directory", str(path), "--partial", stdout=out)

    assert error.value.returncode == 1
    assert sorted(ExhibitorProfile.objects.values_list("external_id", flat=True)) == [
        "E001",
        "E003",
    ]
    output = out.getvalue()
    assert "Row 3, country" in output
    assert "exhibitors: 2 created, 0 updated, 0 unchanged, 1 failed" in output
    assert "1 bad row was left out" in output


@pytest.mark.django_db
def test_dry_run_reports_what_it_would_do_and_writes_nothing(edition, tmp_path):
    make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row("E001")])
    import_directory(path)
    write_csv(
        tmp_path,
        EXHIBITOR_HEADER,
        [exhibitor_row("E001", description="改了。"), exhibitor_row("E002", categories="地毯")],
    )
    before = database_state()
    out = io.StringIO()

    call_command("import_directory", str(path), "--dry-run", "--create-categories", stdout=out)

    assert database_state() == before
    output = out.getvalue()
    assert "Row 2: would update E001" in output
    assert "Row 3: would create E002" in output
    assert "categories: 1 created" in output
    assert "Dry run: nothing was written." in output


@pytest.mark.django_db
def test_create_categories_puts_unknown_names_under_the_imported_hall(edition, tmp_path, settings):
    make_taxonomy()
    settings.IMPORT_CATEGORY_HALL = "导入"
    path = write_csv(
        tmp_path,
        EXHIBITOR_HEADER,
        [exhibitor_row("E001", categories="地毯; Bedding", industry="地毯业")],
    )

    report = import_directory(path, create_categories=True)

    assert report.count("categories", "created") == 1
    assert report.count("industries", "created") == 1
    rug = Category.objects.get(name="地毯")
    assert rug.parent.name == "导入" and rug.parent.parent is None
    assert rug.locale == edition.locale
    booth = BoothPage.objects.get(exhibitor__external_id="E001", locale=edition.locale)
    assert {category.name for category in booth.categories.all()} == {"地毯", "床上用品"}
    assert ExhibitorProfile.objects.get().industry.name == "地毯业"
    # A second import finds what the first created.
    assert import_directory(path, create_categories=True).count("categories", "created") == 0


@pytest.mark.django_db
def test_draft_import_saves_revisions_without_publishing(edition, tmp_path):
    make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()])

    import_directory(path, draft=True)

    booth = BoothPage.objects.get(exhibitor__external_id="E001", locale=edition.locale)
    assert not booth.live and booth.revisions.count() == 1
    assert not english_of(booth).live
    # The same file without --draft publishes what the draft import prepared.
    assert import_directory(path).count("exhibitors", "updated") == 1
    booth.refresh_from_db()
    assert booth.live and english_of(booth).live


@pytest.mark.django_db
def test_edition_option_gives_a_returning_exhibitor_a_booth_in_that_edition(edition, tmp_path):
    make_taxonomy()
    earlier = make_edition(
        edition.get_parent().specific,
        title="南通家纺展 2025",
        slug="expo-2025",
        starts_at=edition.starts_at - datetime.timedelta(days=365),
        ends_at=edition.ends_at - datetime.timedelta(days=365),
    )
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()])

    import_directory(path, edition="expo-2025")
    report = import_directory(path)  # the current edition

    assert report.count("exhibitors", "created") == 1  # a new booth, same profile
    profile = ExhibitorProfile.objects.get()
    assert [pair[0].pk for pair in profile.participation()] == [edition.pk, earlier.pk]
    with pytest.raises(ImportFileError, match="expo-1999"):
        import_directory(path, edition="expo-1999")


# --- exhibits -------------------------------------------------------------------------


@pytest.mark.django_db
def test_exhibits_become_pages_with_typed_specs_under_the_exhibitors_booth(edition, tmp_path):
    bedding, _towels, _industry = make_taxonomy()
    import_directory(write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()], name="e.csv"))
    booth = BoothPage.objects.get(exhibitor__external_id="E001", locale=edition.locale)
    path = write_csv(
        tmp_path,
        EXHIBIT_HEADER,
        [
            exhibit_row("X001"),
            exhibit_row("X002", name="羽绒被", name_en="", description_en="", specs="材质=羽绒"),
        ],
        name="x.csv",
    )

    report = import_directory(path)

    assert report.kind == "exhibits" and report.count("exhibits", "created") == 2
    chair = ExhibitPage.objects.get(external_id="X001", locale=edition.locale)
    assert chair.get_parent().pk == booth.pk and chair.live
    assert chair.category == bedding and chair.model_number == "NT-100"
    specs = [(s.name, s.value_number, s.value_max, s.unit, s.locale_id) for s in chair.specs.all()]
    zh = edition.locale_id
    assert specs == [
        ("功率", 5.5, None, "kW", zh),
        ("重量", 120.0, None, "kg", zh),
        ("材质", None, None, "", zh),
        ("电压", 5.0, 20.0, "kW", zh),
    ]
    english = english_of(chair)
    assert english.title == "Solid wood chair" and english.description == "<p>An oak chair.</p>"
    assert english.get_parent().pk == english_of(booth).pk
    quilt = ExhibitPage.objects.get(external_id="X002", locale=edition.locale)
    assert english_of(quilt).alias_of_id == quilt.pk  # no English given: an alias

    before = database_state()
    assert import_directory(path).count("exhibits", "unchanged") == 2
    assert database_state() == before

    write_csv(tmp_path, EXHIBIT_HEADER, [exhibit_row("X001", specs="功率=7 kW")], name="x.csv")
    assert import_directory(path).count("exhibits", "updated") == 1
    chair = ExhibitPage.objects.get(pk=chair.pk)
    assert [(s.name, s.value_number) for s in chair.specs.all()] == [("功率", 7.0)]
    assert english_of(chair).specs.get().value_number == 7.0


@pytest.mark.django_db
def test_bad_exhibit_rows_name_the_unknown_exhibitor_and_the_malformed_spec(edition, tmp_path):
    make_taxonomy()
    import_directory(write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()], name="e.csv"))
    path = write_csv(
        tmp_path,
        EXHIBIT_HEADER,
        [
            exhibit_row("X001", exhibitor="E999"),
            exhibit_row("X002", specs="功率 5.5 kW"),
            exhibit_row("X003", category="Bedding; Towels"),
        ],
        name="x.csv",
    )

    report = import_directory(path)

    problems = {(p.row, p.column): p.message for p in report.problems}
    assert "E999" in problems[(2, "exhibitor_external_id")]
    assert "功率 5.5 kW" in problems[(3, "specs")]
    assert (4, "category") in problems
    assert not ExhibitPage.objects.exists()


# --- buyers and the file as a whole ---------------------------------------------------


@pytest.mark.django_db
def test_buyers_get_need_codes_purchase_categories_and_a_contact(site, tmp_path):
    bedding, towels, _industry = make_taxonomy()
    header = [
        "external_id",
        "company_name",
        "country",
        "business_field",
        "main_products",
        "purchase_categories",
        "purchase_keywords",
        "needs",
        "contact_email",
        "contact_phone",
    ]
    row = ["B001", "Hamburg Home GmbH", "Germany", "零售", "床品", "Bedding；毛巾", "羽绒; 纯棉"]
    path = write_csv(
        tmp_path,
        header,
        [row + ["洽谈会; viewing; 采购谈判", "buyer@hh.de", "+49 40 123456"]],
    )

    report = import_directory(path)

    assert report.kind == "buyers" and report.count("buyers", "created") == 1
    buyer = BuyerProfile.objects.get(external_id="B001")
    assert buyer.country == "DE"
    assert buyer.needs == ["viewing", "meeting", "negotiation"]
    assert set(buyer.purchase_categories.all()) == {bedding, towels}
    assert buyer.keywords == ["羽绒", "纯棉"]
    assert buyer.contacts.get().email == "buyer@hh.de"
    assert import_directory(path).count("buyers", "unchanged") == 1

    write_csv(tmp_path, header, [row + ["跳舞", "", ""]])
    bad = import_directory(path)
    assert bad.problems[0].column == "needs" and "跳舞" in bad.problems[0].message


@pytest.mark.django_db
def test_missing_required_columns_are_named_and_unclear_files_need_a_kind(site, tmp_path):
    path = write_csv(tmp_path, ["external_id", "categories", "website"], [["E1", "", ""]])
    with pytest.raises(ImportFileError, match="company_name"):
        import_directory(path)

    unclear = write_csv(tmp_path, ["external_id", "company_name"], [["E1", "A"]], name="u.csv")
    with pytest.raises(ImportFileError, match="--kind"):
        import_directory(unclear)
    assert import_directory(unclear, kind="buyers").count("buyers", "created") == 1


@pytest.mark.django_db
def test_bad_rows_are_explained_in_the_organizers_language(edition, tmp_path):
    make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row("E001", country="Atlantis")])
    out = io.StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError):
        call_command("import_directory", str(path), stdout=out)
    assert "第 2 行" in out.getvalue() and "Atlantis" in out.getvalue()
    assert not ExhibitorProfile.objects.exists()


@pytest.mark.django_db
def test_reimport_never_publishes_an_exhibitors_draft_awaiting_review(edition, tmp_path):
    make_taxonomy()
    path = write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()])
    import_directory(path)
    booth = BoothPage.objects.get(exhibitor__external_id="E001", locale=edition.locale)
    exhibitor = make_user("exhibitor-e001")
    draft = booth.get_latest_revision_as_object()
    draft.introduction = "<p>尚未审核的新介绍</p>"
    draft.save_revision(user=exhibitor)  # an exhibitor's draft, not yet approved
    live_introduction = BoothPage.objects.get(pk=booth.pk).introduction

    write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row(description="主办方更新的介绍")])
    report = import_directory(path)
    write_csv(tmp_path, EXHIBITOR_HEADER, [exhibitor_row()])
    again = import_directory(path)

    booth = BoothPage.objects.get(pk=booth.pk)
    assert booth.introduction == live_introduction  # nothing unapproved went live
    assert booth.has_unpublished_changes
    assert "尚未审核" in booth.get_latest_revision_as_object().introduction  # draft kept
    assert any("not published yet" in warning for warning in report.warnings)
    assert any("not published yet" in warning for warning in again.warnings)
