"""The default theme renders every page type and block for buyers and for the admin preview.

Preview = production (ARCHITECTURE property 2): the same templates serve the page URL and
the admin preview. Pages read fully without JavaScript (property 6), load nothing from
third-party hosts (property 5), mirror for right-to-left languages, and never show an
exhibitor's private records (SPEC 4.1, 6.1.2).
"""

import datetime
import gettext
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import bs4
import polib
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail import blocks as wagtail_blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import TranslationSource

from booths import blocks as booth_blocks
from booths import validators
from booths.message_catalogs import CatalogError, compile_catalogs, placeholder_problems
from booths.models import ExhibitImage, ExhibitorContact, ExhibitPage
from booths.templatetags.theme_tags import text_direction
from tests.builders import (
    make_booth,
    make_category,
    make_edition,
    make_exhibit,
    make_exhibitor,
    make_image,
    make_user,
)

pytestmark = pytest.mark.django_db

THEME = Path(settings.BASE_DIR) / "themes" / "default"
# Relative URLs have no host; absolute ones may only name the site itself.
FIRST_PARTY_HOSTS = {None, "testserver", "localhost"}
# The theme's stylesheet, by its content-hashed name (make theme).
STYLESHEET = re.compile(r"^/static/theme/site\.[A-Za-z0-9_-]+\.css$")


# --- builders ------------------------------------------------------------------------


def make_document(filename, content, title=None):
    document = get_document_model()(
        title=title or filename, file=ContentFile(content, name=filename)
    )
    document._set_document_file_metadata()
    document.save()
    return document


def glb_document(filename="chair.glb"):
    import trimesh

    return make_document(filename, trimesh.creation.box().export(file_type="glb"))


def pdf_document(filename="catalogue.pdf"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 160), (255, 255, 255)).save(buffer, "PDF")
    return make_document(filename, buffer.getvalue())


def mp4_document(filename="factory-tour.mp4"):
    # An ISO-BMFF "ftyp" box: enough for a browser to recognise the container.
    return make_document(filename, b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")


def every_block_body(now=None):
    """A booth body with one block of every type, with generated media."""
    now = now or timezone.now()
    photo = make_image("stand-front", width=640, height=480)
    return [
        ("rich_text", RichText("<h2>关于我们</h2><p>三十年家纺经验。</p>")),
        (
            "gallery",
            {
                "title": "展台照片",
                "images": [
                    {"image": photo, "caption": "展台正面"},
                    {"image": make_image("stand-side", width=640, height=480), "caption": ""},
                ],
            },
        ),
        ("video", {"video": mp4_document(), "poster": photo, "caption": "工厂参观"}),
        (
            "model_3d",
            {"model": glb_document(), "poster": photo, "alt": "橡木餐椅正面", "ar": True},
        ),
        (
            "panorama",
            {
                "image": make_image("showroom", width=400, height=200),
                "title": "展厅全景",
                "initial_heading": 90,
            },
        ),
        (
            "external_viewer",
            {
                "kind": "vr",
                "url": "https://kuula.co/share/collection/7F3ab",
                "label": "展厅 VR 漫游",
                "embed": True,
            },
        ),
        (
            "live_stream",
            {
                "title": "新品发布会",
                "starts_at": now - datetime.timedelta(minutes=30),
                "ends_at": now + datetime.timedelta(minutes=90),
                "stream_url": "https://live.bilibili.com/21452505",
                "replay": None,
                "replay_url": "",
            },
        ),
        ("brochure", {"document": pdf_document(), "title": "2026 产品目录"}),
    ]


def add_exhibit_image(exhibit, image, caption=""):
    exhibit = exhibit.specific_class.objects.get(pk=exhibit.pk)
    exhibit.images.add(ExhibitImage(image=image, caption=caption))
    exhibit.save_revision().publish()
    return exhibit


def translate_page(page, language_code, **changes):
    """Translate a live page through wagtail-localize, then edit and publish the translation."""
    locale = Locale.objects.get(language_code=language_code)
    page = Page.objects.get(pk=page.pk).specific
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translated, _created = source.create_or_update_translation(locale, fallback=True)
    translated = type(translated).objects.get(pk=translated.pk)
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def get_html(client, page, **headers):
    response = client.get(Page.objects.get(pk=page.pk).url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def soup(html):
    return bs4.BeautifulSoup(html, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ").split())


# --- admin preview: form data for a StreamField, as the editor's JavaScript would post it ---


def block_form_data(block, value, prefix):
    """The POST fields the admin editor submits for `value` of `block` under `prefix`."""
    if isinstance(block, wagtail_blocks.StreamBlock):
        data = {f"{prefix}-count": str(len(value))}
        for index, child in enumerate(value):
            item = f"{prefix}-{index}"
            data.update(
                {
                    f"{item}-type": child.block_type,
                    f"{item}-deleted": "",
                    f"{item}-order": str(index),
                    f"{item}-id": child.id or "",
                }
            )
            data.update(block_form_data(child.block, child.value, f"{item}-value"))
        return data
    if isinstance(block, wagtail_blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data.update(block_form_data(child_block, value.get(name), f"{prefix}-{name}"))
        return data
    if isinstance(block, wagtail_blocks.ListBlock):
        data = {f"{prefix}-count": str(len(value))}
        for index, bound in enumerate(value.bound_blocks):
            item = f"{prefix}-{index}"
            data.update({f"{item}-deleted": "", f"{item}-order": str(index), f"{item}-id": ""})
            data.update(block_form_data(block.child_block, bound.value, f"{item}-value"))
        return data
    if isinstance(block, wagtail_blocks.BooleanBlock):
        return {prefix: "on"} if value else {}
    if isinstance(block, wagtail_blocks.ChooserBlock):
        return {prefix: str(value.pk) if value else ""}
    formatted = block.field.widget.format_value(
        block.field.prepare_value(block.value_for_form(value))
    )
    if isinstance(formatted, list | tuple):
        formatted = formatted[0] if formatted else ""
    return {prefix: "" if formatted is None else formatted}


def preview_html(client, form_url, preview_url, model, streams=None, **changes):
    """Post an admin page form (as drawn at `form_url`, plus `changes`) to the preview view,
    then return the preview the editor's preview panel would show."""
    data = querydict_from_html(client.get(form_url).content.decode(), form_id="page-edit-form")
    # A StreamField's inputs are drawn by the editor's JavaScript, so they are not in the HTML.
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            prefix = f"{field.name}-"
            for key in [key for key in data if key == field.name or key.startswith(prefix)]:
                del data[key]
            value = (streams or {}).get(field.name) or field.stream_block.to_python([])
            data.update(block_form_data(field.stream_block, value, field.name))
    for name, value in changes.items():
        data[name] = value
    response = client.post(preview_url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    response = client.get(preview_url)
    assert response.status_code == 200
    return response.content.decode()


def preview_of_edit(client, page, **changes):
    page = Page.objects.get(pk=page.pk).specific
    streams = {
        field.name: getattr(page, field.name)
        for field in page._meta.get_fields()
        if isinstance(field, StreamField)
    }
    return preview_html(
        client,
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]),
        type(page),
        streams,
        **changes,
    )


def preview_of_new_page(client, parent, model, **fields):
    app_and_model = [model._meta.app_label, model._meta.model_name, parent.pk]
    return preview_html(
        client,
        reverse("wagtailadmin_pages:add", args=app_and_model),
        reverse("wagtailadmin_pages:preview_on_add", args=app_and_model),
        model,
        **fields,
    )


# --- page types ------------------------------------------------------------------------


def test_booth_page_shows_the_exhibitor_and_its_live_exhibits(edition, client):
    hall = make_category("家纺馆")
    bedding = make_category("床上用品", parent=hall)
    booth = make_booth(
        edition,
        make_exhibitor("海门家纺有限公司", country="DE"),
        booth_number="A-12",
        introduction="<p>专业生产<b>床上用品</b>三十年。</p>",
    )
    booth.categories.set([bedding])
    booth.tags.add("OEM", "出口欧洲")
    booth.save_revision().publish()
    chair = make_exhibit(booth, title="羽绒被", model_number="NT-100")
    add_exhibit_image(chair, make_image("quilt", width=640, height=480))
    make_exhibit(booth, title="未发布的新品", model_number="NT-999", publish=False, live=False)

    page = soup(get_html(client, booth))

    assert text_of(page.find("h1")) == "海门家纺有限公司"
    facts = text_of(page.find("dl", class_="facts"))
    assert "德国" in facts  # django-countries name, in the page's language
    assert "A-12" in facts
    assert "床上用品" in facts
    assert "OEM" in facts and "出口欧洲" in facts
    assert "专业生产" in text_of(page.find(class_="booth__intro"))
    exhibits = page.find("section", attrs={"aria-labelledby": "exhibits-title"})
    assert text_of(exhibits.find("h2")) == "展品"
    cards = exhibits.find_all("li", class_="card")
    assert len(cards) == 1  # the unpublished exhibit is not listed
    assert "羽绒被" in text_of(cards[0]) and "NT-100" in text_of(cards[0])
    assert cards[0].find("img")["src"].startswith("/media/images/quilt")
    assert cards[0].find("a")["href"] == Page.objects.get(pk=chair.pk).url


def test_every_page_has_landmarks_a_skip_link_and_a_description(edition, client):
    booth = make_booth(
        edition,
        make_exhibitor(),
        introduction="<p>Bedding &amp; home textiles since 1996.</p>",
    )

    page = soup(get_html(client, booth))

    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main" and text_of(skip) == "跳到正文"
    assert page.find("main", id="main") is not None
    assert page.find("header", class_="site-header") is not None
    assert page.find("footer", class_="site-footer") is not None
    assert page.find("nav", class_="breadcrumbs") is not None
    viewport = page.find("meta", attrs={"name": "viewport"})
    assert "width=device-width" in viewport["content"]
    description = page.find("meta", attrs={"name": "description"})
    assert description["content"] == "Bedding & home textiles since 1996."
    assert STYLESHEET.match(page.find("link", rel="stylesheet")["href"])


def test_exhibit_page_shows_specs_images_3d_model_and_breadcrumbs(edition, client):
    hall = make_category("家具馆")
    chairs = make_category("餐椅", parent=hall)
    booth = make_booth(edition, make_exhibitor("如皋木业"))
    model = glb_document("oak-chair.glb")
    exhibit = make_exhibit(
        booth,
        title="实木餐椅",
        model_number="RG-CH-01",
        specs=[("材质", "橡木", None, ""), ("座高", "45", 45, "cm")],
        category=chairs,
        moq=200,
        moq_unit="把",
        model_3d=model,
        description="<p>北欧风格，可拆装出口包装。</p>",
    )
    add_exhibit_image(exhibit, make_image("chair-front", width=1600, height=1200), "正面")

    html = get_html(client, exhibit)
    page = soup(html)

    assert text_of(page.find("h1")) == "实木餐椅"
    facts = text_of(page.find("dl", class_="facts"))
    assert "型号 RG-CH-01" in facts
    assert "餐椅" in facts
    assert "最小起订量 200 把" in facts
    assert "可拆装出口包装" in html
    figure = page.find("section", class_="exhibit__images").find("figure")
    image = figure.find("img")
    assert image["alt"] == "正面"
    assert len(image["srcset"].split(",")) == 3
    assert text_of(figure.find("figcaption")) == "正面"
    table = page.find("table", class_="specs")
    assert [text_of(th) for th in table.find("thead").find_all("th")] == ["参数", "数值"]
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]
    assert rows == [["材质", "橡木"], ["座高", "45 cm"]]  # the unit once, after the number

    viewer = page.find("model-viewer")
    assert viewer["src"] == model.file.url  # the file itself: the static site has no views
    assert viewer["alt"] == "实木餐椅"
    assert viewer.has_attr("ar")
    assert viewer["poster"].startswith("/media/images/chair-front")
    # Without JavaScript: the poster shows and the model can be downloaded.
    assert viewer.find("img", attrs={"slot": "poster"})["src"] == viewer["poster"]
    download = page.find("a", href=model.file.url, download=True)
    assert text_of(download) == "下载 3D 模型"

    crumbs = [a["href"] for a in page.find("nav", class_="breadcrumbs").find_all("a")]
    assert Page.objects.get(pk=booth.pk).url in crumbs
    assert Page.objects.get(pk=edition.pk).url in crumbs


def test_exhibition_page_groups_booths_by_hall_in_the_edition_time_zone(site, client):
    edition = make_edition(
        site,
        title="南通国际家纺博览会",
        starts_at=datetime.datetime(2026, 5, 1, 2, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 5, 3, 10, 0, tzinfo=datetime.UTC),
        time_zone="Asia/Shanghai",
        organizer="南通市商务局",
        description="<p>线上三天。</p>",
    )
    textiles = make_category("家纺馆")
    textiles.sort_order = 1
    textiles.save()
    clothing = make_category("服装馆")
    clothing.sort_order = 2
    clothing.save()
    quilt_booth = make_booth(edition, make_exhibitor("甲家纺"), booth_number="A-1")
    quilt_booth.categories.set([make_category("被子", parent=textiles)])
    quilt_booth.save_revision().publish()
    coat_booth = make_booth(edition, make_exhibitor("乙服装"), booth_number="B-1")
    coat_booth.categories.set([make_category("外套", parent=clothing)])
    coat_booth.save_revision().publish()
    make_booth(edition, make_exhibitor("丙贸易"), booth_number="C-1")
    make_booth(edition, make_exhibitor("丁草稿"), publish=False, live=False)

    html = get_html(client, edition)
    page = soup(html)

    assert text_of(page.find("h1")) == "南通国际家纺博览会"
    times = [time["datetime"] for time in page.find(class_="edition__dates").find_all("time")]
    assert times == ["2026-05-01T10:00:00+08:00", "2026-05-03T18:00:00+08:00"]
    assert "Asia/Shanghai" in text_of(page.find(class_="edition__dates"))
    assert "南通市商务局" in text_of(page.find("dl", class_="facts"))
    assert "线上三天" in html
    halls = [
        (text_of(hall.find("h3")), [text_of(card.find("h4")) for card in hall("li")])
        for hall in page.find_all("section", class_="hall")
    ]
    assert halls == [("家纺馆", ["甲家纺"]), ("服装馆", ["乙服装"]), ("其他展位", ["丙贸易"])]


def test_home_page_lists_live_exhibitions_newest_first(site, client):
    now = timezone.now()
    make_edition(site, title="2025 春季展", starts_at=now - datetime.timedelta(days=300))
    make_edition(
        site,
        title="2026 秋季展",
        starts_at=now + datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=13),
        time_zone="Europe/Moscow",
    )
    draft = make_edition(site, title="未公开的展会")
    draft.unpublish()

    page = soup(get_html(client, site))

    cards = page.find("section", attrs={"aria-labelledby": "exhibitions-title"}).find_all("li")
    assert [text_of(card.find("h3")) for card in cards] == ["2026 秋季展", "2025 春季展"]
    assert cards[0].find("time")["datetime"].endswith("+03:00")  # shown in its own zone


@pytest.mark.parametrize("kind", ["home", "edition", "booth", "exhibit"])
def test_admin_preview_renders_unsaved_changes_with_the_theme(edition, client, kind):
    client.force_login(make_user("organizer", is_superuser=True, is_staff=True))
    booth = make_booth(edition, make_exhibitor("通州湾纺织"), booth_number="D-8")
    booth.body = every_block_body()
    booth.save_revision().publish()
    exhibit = make_exhibit(
        booth, title="凉席", model_number="TZ-7", specs=[("尺寸", "1.8 m", 1.8, "m")]
    )
    page = {"home": edition.get_parent(), "edition": edition, "booth": booth, "exhibit": exhibit}

    html = preview_of_edit(client, page[kind], title="预览中的新标题")
    preview = soup(html)

    assert preview.find("html")["lang"] == "zh-hans"
    assert text_of(preview.find("h1")) == "预览中的新标题"
    assert STYLESHEET.match(preview.find("link", rel="stylesheet")["href"])
    expected = {
        "home": "南通家纺展 2026",
        "edition": "通州湾纺织",
        "booth": "新品发布会",  # the live stream block, from the posted StreamField data
        "exhibit": "1.8 m",
    }[kind]
    assert expected in text_of(preview)
    if kind == "booth":
        assert preview.find("model-viewer") is not None
        assert preview.find("iframe", attrs={"sandbox": True}) is not None


def test_admin_preview_shows_a_new_exhibit_before_it_is_first_saved(edition, client):
    client.force_login(make_user("organizer", is_superuser=True, is_staff=True))
    booth = make_booth(edition, make_exhibitor("通州湾纺织"))
    make_exhibit(booth, title="已发布的凉席")

    preview = soup(
        preview_of_new_page(
            client, booth, ExhibitPage, title="竹纤维凉席", slug="bamboo-mat", model_number="TZ-8"
        )
    )

    assert text_of(preview.find("h1")) == "竹纤维凉席"
    assert "TZ-8" in text_of(preview.find("dl", class_="facts"))
    crumbs = [a["href"] for a in preview.find("nav", class_="breadcrumbs").find_all("a")]
    assert Page.objects.get(pk=booth.pk).url in crumbs
    assert not ExhibitPage.objects.filter(slug="bamboo-mat").exists()


# --- blocks ----------------------------------------------------------------------------


def test_booth_body_renders_every_block_type(edition, client):
    booth = make_booth(edition, make_exhibitor())
    body = every_block_body()
    booth.body = body
    booth.save_revision().publish()
    value = dict(body)

    page = soup(get_html(client, booth))
    stream = page.find("div", class_="stream")

    assert text_of(stream.find(class_="block--text").find("h2")) == "关于我们"

    gallery = stream.find(class_="block--gallery")
    assert text_of(gallery.find("h2")) == "展台照片"
    figures = gallery.find_all("figure")
    assert len(figures) == 2
    first = figures[0].find("img")
    assert first["alt"] == "展台正面" and text_of(figures[0].find("figcaption")) == "展台正面"
    widths = [candidate.split()[-1] for candidate in first["srcset"].split(",")]
    assert widths == ["480w", "640w"]  # 480, 960 and 1440 asked; never upscaled, no repeats
    assert figures[1].find("img")["alt"] == "stand-side"  # falls back to the image title
    assert figures[1].find("figcaption") is None

    video = stream.find(class_="block--video").find("video")
    assert video.has_attr("controls") and video["preload"] == "none"
    assert video["poster"].startswith("/media/images/stand-front")
    source = video.find("source")
    assert source["src"] == value["video"]["video"].file.url and source["type"] == "video/mp4"

    viewer = stream.find(class_="block--model3d").find("model-viewer")
    assert viewer["src"] == value["model_3d"]["model"].file.url and viewer["alt"] == "橡木餐椅正面"
    assert viewer["ar-modes"] == "webxr scene-viewer quick-look"

    panorama = stream.find(class_="block--panorama")
    assert text_of(panorama.find(class_="panorama__badge")) == "360°"
    assert panorama["data-initial-heading"] == "90"
    assert panorama.find("img")["alt"] == "展厅全景"

    external = stream.find(class_="block--external")
    iframe = external.find("iframe")
    assert iframe["src"] == "https://kuula.co/share/collection/7F3ab"
    assert iframe["loading"] == "lazy" and "allow-scripts" in iframe["sandbox"]
    assert external.find("a", href=iframe["src"]) is not None

    live = stream.find(class_="block--live")
    assert live["data-live-status"] == "live"
    assert text_of(live.find(class_="badge")) == "正在直播"
    assert live.find("a", href="https://live.bilibili.com/21452505") is not None

    brochure = stream.find(class_="block--brochure").find("a")
    assert (
        brochure.has_attr("download") and brochure["href"] == value["brochure"]["document"].file.url
    )
    assert "下载宣传册" in text_of(brochure) and "2026 产品目录" in text_of(brochure)
    assert re.search(r"PDF, [\d.]+\s*(字节|KB)", text_of(brochure))


def render_block(name, value, language="zh-hans"):
    block = booth_blocks.BaseStreamBlock().child_blocks[name]
    with translation.override(language):
        return soup(block.render(block.normalize(value)))


def live_stream(starts_in_minutes, lasts_minutes=60, **values):
    starts = timezone.now() + datetime.timedelta(minutes=starts_in_minutes)
    return {
        "title": "工厂直播",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(minutes=lasts_minutes),
        "stream_url": "https://live.bilibili.com/1",
        "replay": None,
        "replay_url": "",
        **values,
    }


def test_live_stream_shows_whether_it_is_upcoming_live_or_over(db):
    upcoming = render_block("live_stream", live_stream(60))
    assert upcoming.section["data-live-status"] == "upcoming"
    assert text_of(upcoming.find(class_="badge")) == "即将开始"
    assert upcoming.find("a", href="https://live.bilibili.com/1") is not None

    live = render_block("live_stream", live_stream(-10))
    assert text_of(live.find(class_="badge")) == "正在直播"
    assert "观看直播" in text_of(live.find("a"))

    over = render_block("live_stream", live_stream(-120))
    assert text_of(over.find(class_="badge")) == "已结束"
    assert over.find("a", href="https://live.bilibili.com/1") is None
    assert "暂无回放" in text_of(over)


def test_an_ended_live_stream_offers_its_replay(db):
    replay = mp4_document("launch-replay.mp4")
    with_video = render_block("live_stream", live_stream(-120, replay=replay))
    assert with_video.find("video").find("source")["src"] == replay.file.url
    assert "回放" in text_of(with_video.find("figcaption"))

    with_link = render_block(
        "live_stream", live_stream(-120, replay_url="https://live.bilibili.com/replay/9")
    )
    link = with_link.find("a", href="https://live.bilibili.com/replay/9")
    assert text_of(link) == "回放"


def test_external_viewer_is_a_link_unless_the_exhibitor_embeds_it(db):
    value = {"kind": "3d", "url": "https://sketchfab.com/models/abc", "label": "旋转查看"}
    linked = render_block("external_viewer", {**value, "embed": False})
    assert linked.find("iframe") is None
    assert text_of(linked.find("a", href=value["url"])) == "旋转查看"
    assert "sketchfab.com" in text_of(linked)

    embedded = render_block("external_viewer", {**value, "embed": True})
    iframe = embedded.find("iframe")
    assert iframe["src"] == value["url"] and iframe["loading"] == "lazy"
    assert iframe.has_attr("sandbox") and "allow-top-navigation" not in iframe["sandbox"]


def test_3d_model_without_a_poster_still_offers_the_download(db):
    model = glb_document()
    html = render_block("model_3d", {"model": model, "poster": None, "alt": "机床", "ar": False})
    viewer = html.find("model-viewer")
    assert not viewer.has_attr("ar") and not viewer.has_attr("poster")
    assert "机床" in text_of(html.find("figcaption"))
    assert html.find("a", href=model.file.url, download=True) is not None


# --- languages -------------------------------------------------------------------------


def test_arabic_booth_reads_right_to_left_in_arabic(edition, client):
    hall = make_category("家纺馆")
    bedding = make_category("床上用品", parent=hall)
    arabic = Locale.objects.get(language_code="ar")
    arabic_hall = hall.copy_for_translation(arabic)
    arabic_hall.name = "قاعة المنسوجات المنزلية"
    arabic_hall.save()
    arabic_bedding = bedding.copy_for_translation(arabic)
    arabic_bedding.name = "مفروشات الأسرّة"
    arabic_bedding.parent = arabic_hall
    arabic_bedding.save()
    booth = make_booth(edition, make_exhibitor(country="CN"), booth_number="A-3")
    booth.categories.set([bedding])
    booth.save_revision().publish()
    translate_page(edition, "ar", title="معرض نانتونغ للمنسوجات")
    arabic_booth = translate_page(booth, "ar", title="شركة هايمن للمنسوجات")

    html = get_html(client, arabic_booth, HTTP_ACCEPT_LANGUAGE="ar")
    page = soup(html)

    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert text_of(page.find("h1")) == "شركة هايمن للمنسوجات"
    assert text_of(page.find(class_="skip-link")) == "انتقل إلى المحتوى"
    facts = text_of(page.find("dl", class_="facts"))
    assert "الصين" in facts  # the country, named in Arabic
    assert "مفروشات الأسرّة" in facts  # the category in the page's language
    switcher = page.find("nav", class_="language-switcher")
    links = {a["hreflang"]: a for a in switcher.find_all("a")}
    assert set(links) == {"zh-hans", "en", "ru", "ar"}  # every language of the site ...
    assert links["en"]["href"] == "/en/"  # ... an untranslated page falls back to its home
    assert "alternate" not in links["en"].get("rel", [])
    assert links["ar"]["aria-current"] == "true"
    assert links["zh-hans"]["dir"] == "ltr" and text_of(links["zh-hans"]) == "简体中文"
    alternates = {link["hreflang"] for link in page.find_all("link", rel="alternate")}
    assert alternates == {"zh-hans", "ar"}

    edition_html = soup(get_html(client, arabic_booth.get_parent(), HTTP_ACCEPT_LANGUAGE="ar"))
    hall_titles = [text_of(h3) for h3 in edition_html.find_all("h3", class_="hall__title")]
    assert hall_titles == ["قاعة المنسوجات المنزلية"]


def test_source_language_page_is_left_to_right(edition, client):
    page = soup(get_html(client, edition))
    assert page.html["lang"] == "zh-hans" and page.html["dir"] == "ltr"


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("ar", "rtl"),
        ("ug", "rtl"),
        ("fa-ir", "rtl"),
        ("zh-hans", "ltr"),
        ("ru", "ltr"),
        ("", "ltr"),
    ],
)
def test_text_direction_follows_the_right_to_left_languages(language, direction):
    assert text_direction(language) == direction
    assert text_direction(Locale(language_code=language)) == direction


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "只允许使用安全链接（https://）。"),
        ("ru", "Разрешены только защищённые ссылки (https://)."),
        ("ar", "يُسمح بالروابط الآمنة (https://) فقط."),
    ],
)
def test_link_rule_is_explained_in_the_exhibitors_language(language, expected):
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            validators.validate_https_url_on_hosts("http://kuula.co/tour", ["kuula.co"])
        assert raised.value.messages == [expected]


def test_wrong_brochure_file_is_explained_in_chinese(db):
    block = booth_blocks.BrochureBlock()
    value = block.normalize(
        {"document": make_document("目录.docx", b"PK\x03\x04"), "title": "目录"}
    )
    with translation.override("zh-hans"), pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    with translation.override("zh-hans"):
        message = " ".join(raised.value.block_errors["document"].messages)
    assert message == "目录.docx 是 .docx 文件；宣传册 只能是以下格式之一：.pdf。"


# --- privacy and self-hosting -----------------------------------------------------------


def test_private_exhibitor_records_never_reach_the_public_pages(edition, client):
    owner = make_user("owner-hm", email="owner.private@haimen-textile.cn")
    exhibitor = make_exhibitor("海门家纺", owners=[owner], external_id="ERP-SECRET-4471")
    ExhibitorContact.objects.create(
        profile=exhibitor,
        name="王经理",
        role="外贸部经理",
        email="wang.private@haimen-textile.cn",
        phone="+86 513 8888 1234",
        wechat="wx-private-hm",
    )
    booth = make_booth(edition, exhibitor, booth_number="A-5")
    exhibit = make_exhibit(booth, model_number="HM-1", external_id="SKU-SECRET-0091")

    pages = [get_html(client, page) for page in (edition, booth, exhibit)]

    secrets = [
        "owner.private@haimen-textile.cn",
        "owner-hm",
        "ERP-SECRET-4471",
        "王经理",
        "外贸部经理",
        "wang.private@haimen-textile.cn",
        "8888 1234",
        "wx-private-hm",
        "SKU-SECRET-0091",
        "mailto:",
        "tel:",
    ]
    for html in pages:
        assert "海门家纺" in html
        for secret in secrets:
            assert secret not in html


def resource_urls(html):
    """Every URL the browser would fetch on its own: scripts, styles, images, media, fonts."""
    page = soup(html)
    urls = [
        tag["src"]
        for tag in page.find_all(["script", "img", "source", "video", "audio"])
        if tag.get("src")
    ]
    urls += [
        tag["href"]
        for tag in page.find_all("link")
        if not {"alternate", "canonical"} & set(tag.get("rel", []))  # names, not fetches
    ]
    urls += [tag["poster"] for tag in page.find_all(["video", "model-viewer"]) if tag.get("poster")]
    urls += [tag["src"] for tag in page.find_all("model-viewer")]
    for tag in page.find_all(["img", "source"]):
        urls += [
            candidate.split()[0] for candidate in tag.get("srcset", "").split(",") if candidate
        ]
    for tag in page.find_all(style=True):
        urls += re.findall(r"url\(['\"]?([^'\")]+)", tag["style"])
    return urls


def test_pages_load_nothing_from_third_party_hosts(edition, client):
    booth = make_booth(edition, make_exhibitor())
    booth.body = every_block_body()
    booth.save_revision().publish()
    exhibit = make_exhibit(booth, model_3d=glb_document())
    add_exhibit_image(exhibit, make_image("product"))

    for page in (edition.get_parent(), edition, booth, exhibit):
        urls = resource_urls(get_html(client, page))
        assert urls  # at least the stylesheet
        assert [url for url in urls if urlsplit(url).hostname not in FIRST_PARTY_HOSTS] == []


def test_theme_css_is_self_hosted_and_mirrors_for_right_to_left():
    sources = sorted((THEME / "static_src" / "css").rglob("*.css"))
    assert sources
    for path in sources:
        css = path.read_text()
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@font-face", css), path
        # Only the theme's own files and npm packages (bundled by esbuild) may be imported.
        for target in re.findall(r'@import\s+"([^"]+)"', css):
            assert target.startswith("./") or (THEME.parents[1] / "node_modules" / target).exists()
        physical = re.findall(
            r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|"
            r"text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)",
            css,
        )
        assert physical == [], path  # logical properties only: dir="rtl" mirrors the layout
    assert "system-ui" in (THEME / "static_src" / "css" / "site.css").read_text()


# --- translation catalogs ---------------------------------------------------------------


def theme_and_validation_msgids():
    """Msgids used by the theme templates, the validators and the blocks."""
    catalog = polib.pofile(str(Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"))
    sources = ("themes/", "booths/validators.py", "booths/blocks.py")
    return [
        (entry.msgctxt, entry.msgid)
        for entry in catalog
        if not entry.obsolete and any(path.startswith(sources) for path, _line in entry.occurrences)
    ]


@pytest.mark.parametrize("language", ["zh_Hans", "ru", "ar"])
def test_theme_and_validation_messages_are_translated(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    wanted = theme_and_validation_msgids()
    assert len(wanted) > 80
    translated = {(entry.msgctxt, entry.msgid) for entry in catalog.translated_entries()}
    assert [key for key in wanted if key not in translated] == []
    assert [problem for entry in catalog for problem in placeholder_problems(entry)] == []


def test_compiled_catalog_is_read_by_gettext(compiled_catalogs):
    chinese = next(r for r in compiled_catalogs if "zh_Hans" in r.po_path.parts)
    with chinese.mo_path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("Minimum order quantity") == "最小起订量"
    assert catalog.pgettext("specification", "Value") == "数值"


def test_a_translation_that_would_break_formatting_is_refused(tmp_path):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    catalog.append(
        polib.POEntry(
            msgid="Links to %(host)s are not allowed.",
            msgstr="Les liens vers %(hote)s sont interdits.",
            flags=["python-format"],
        )
    )
    catalog.save(str(folder / "django.po"))

    with pytest.raises(CatalogError, match=r"%\(hote\)s"):
        compile_catalogs([tmp_path])
    assert not (folder / "django.mo").exists()


def test_compile_translations_command_writes_each_catalog_once(tmp_path):
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    catalog.append(polib.POEntry(msgid="Live now", msgstr="Сейчас в эфире"))
    catalog.append(polib.POEntry(msgid="Replay", msgstr="Повтор", flags=["fuzzy"]))
    catalog.save(str(folder / "django.po"))

    first, second = io.StringIO(), io.StringIO()
    call_command("compile_translations", "--locale-dir", str(tmp_path), stdout=first)
    call_command("compile_translations", "--locale-dir", str(tmp_path), stdout=second)

    assert "compiled, 1 of 2 translated" in first.getvalue()
    assert "unchanged" in second.getvalue()
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Live now") == "Сейчас в эфире"
    assert compiled.gettext("Replay") == "Replay"  # fuzzy translations are not shipped
