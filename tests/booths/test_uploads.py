"""Uploads in the admin go through the asset pipeline (issue 4 §1, §5; SPEC 5.3.4, 6.1.2).

A refused file is explained in the admin user's language and never reaches storage; an
accepted one is processed after commit into derivatives the site builder can use, and
the pages that show it are journaled for the next build.
"""

import io
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.models import Collection

from booths.models import BoothImage, DerivedMedia
from site_builder.models import SiteChange
from tests.assets_pipeline.test_images import photo
from tests.assets_pipeline.test_video import make_video
from tests.builders import make_image, png_bytes


def jpeg_bytes(width=1200, height=800):
    buffer = io.BytesIO()
    photo(width, height).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


@pytest.fixture
def admin_client(client, django_user_model, site):
    def login(language="en"):
        user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return login


def upload(client, view, name, data):
    return client.post(
        reverse(view),
        {
            "title": "upload",
            "file": ContentFile(data, name=name),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_image(client, name, data):
    return upload(client, "wagtailimages:add", name, data)


def upload_document(client, name, data):
    return upload(client, "wagtaildocs:add", name, data)


def form_errors(response):
    return [str(e) for e in response.context["form"].errors.get("file", [])]


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- refused in the form, in the admin's language ---------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file is damaged or incomplete"),
        ("zh-hans", "文件已损坏或不完整"),
        ("ru", "Файл повреждён или неполон"),
        ("ar", "الملف تالف أو غير مكتمل"),
    ],
)
def test_a_truncated_photo_is_refused_in_the_admins_language(
    admin_client, settings, language, expected
):
    client = admin_client(language)
    before = stored_files(settings)

    response = upload_image(client, "photo.jpg", jpeg_bytes()[:3000])

    assert response.status_code == 200
    assert any(expected in error for error in form_errors(response)), form_errors(response)
    assert not BoothImage.objects.exists()
    assert stored_files(settings) == before


def test_an_html_file_named_jpg_is_refused_and_not_stored(admin_client, settings):
    before = stored_files(settings)

    response = upload_image(
        admin_client(), "photo.jpg", b"<!DOCTYPE html><script>alert(1)</script>"
    )

    assert response.status_code == 200 and form_errors(response)
    assert not BoothImage.objects.exists()
    assert stored_files(settings) == before


def test_a_pixel_bomb_is_refused_before_it_is_stored(admin_client, settings):
    from tests.assets_pipeline.test_images import png_header_only

    response = upload_image(admin_client(), "bomb.png", png_header_only(60_000, 60_000))

    assert response.status_code == 200
    assert any("too many pixels" in e or "pixels" in e for e in form_errors(response))
    assert not BoothImage.objects.exists()


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("photo\x00.jpg", "control characters"),
        ("invoice\u202egpj.exe.jpg", "right-to-left"),
    ],
)
def test_a_file_name_with_nul_or_a_right_to_left_override_never_reaches_storage(
    admin_client, name, what
):
    """Over HTTP Django drops unprintable characters while parsing the upload; a form fed
    by other code (an importer, an API) refuses them with a reason."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.forms import get_image_form

    response = upload_image(admin_client(), name, jpeg_bytes(320, 200))
    assert response.status_code == 302
    stored = BoothImage.objects.get().file.name
    assert "\x00" not in stored and "\u202e" not in stored

    form = get_image_form(BoothImage)(
        data={"title": "t", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, jpeg_bytes(320, 200), "image/jpeg")},
    )
    assert not form.is_valid()
    assert any(what in error for error in form.errors["file"]), form.errors


def test_a_300_character_or_dotted_file_name_is_stored_safely_inside_media(admin_client, settings):
    client = admin_client()
    for name in ("x" * 300 + ".jpg", "../../etc/passwd.jpg"):
        response = upload_image(client, name, jpeg_bytes(320, 200))
        assert response.status_code == 302, form_errors(response)

    root = Path(settings.MEDIA_ROOT).resolve()
    for image in BoothImage.objects.all():
        path = Path(image.file.path).resolve()
        assert path.is_relative_to(root / "original_images")
        assert len(path.name) <= 255
        assert "etc" not in path.parts


def test_a_document_whose_content_is_html_is_refused_whatever_its_extension(admin_client):
    client = admin_client()
    for name in ("brochure.pdf", "catalogue.zip", "clip.mp4"):
        response = upload_document(client, name, b"<html><script>alert(1)</script></html>")
        assert response.status_code == 200
        assert form_errors(response), name
    assert not get_document_model().objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused_naming_what_it_is(admin_client):
    response = upload_document(admin_client(), "brochure.pdf", png_bytes())

    assert any("image/png" in error for error in form_errors(response)), form_errors(response)


def test_a_playlist_uploaded_as_a_video_is_refused(admin_client):
    playlist = b"#EXTM3U\n#EXTINF:10,\nhttp://evil.example/a.ts\n"

    response = upload_document(admin_client(), "stream.mp4", playlist)

    assert form_errors(response)
    assert not get_document_model().objects.exists()


def test_a_real_pdf_is_accepted_as_a_download(admin_client):
    response = upload_document(admin_client(), "brochure.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")

    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert not DerivedMedia.objects.filter(document=document).exists()


# --- accepted: processed after commit --------------------------------------------------------


def test_an_upload_is_processed_after_commit_into_derivatives(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.ASSETS_AUTO_DERIVE = True
    settings.ASSETS_IMAGE_WIDTHS = [320, 640]
    client = admin_client()

    with django_capture_on_commit_callbacks(execute=True):
        response = upload_image(client, "chair.jpg", jpeg_bytes())

    assert response.status_code == 302
    row = DerivedMedia.objects.get(image=BoothImage.objects.get())
    assert row.status == DerivedMedia.Status.READY, row.error_message
    widths = {d["width"] for d in row.manifest["derivatives"]}
    assert widths == {320, 640}
    for derivative in row.manifest["derivatives"]:
        assert (Path(settings.MEDIA_ROOT) / row.derivative_name(derivative["path"])).is_file()


def test_a_title_edit_does_not_process_the_file_again(settings, site, monkeypatch):
    image = make_image("logo")
    settings.ASSETS_AUTO_DERIVE = True
    DerivedMedia.objects.create(
        image=image, kind="image", status="ready", source_name=image.file.name
    )
    enqueued = []
    monkeypatch.setattr("booths.derived_media._enqueue", lambda *a: enqueued.append(a))

    image.title = "new title"
    image.save()

    assert enqueued == []


def test_pages_showing_the_image_are_journaled_when_its_derivatives_are_ready(
    edition, settings, django_capture_on_commit_callbacks
):
    from booths import derived_media
    from tests.builders import make_booth, make_exhibitor

    settings.ASSETS_IMAGE_WIDTHS = [320]
    image = make_image("logo", width=400, height=300)
    exhibitor = make_exhibitor(logo=image)
    booth = make_booth(edition, exhibitor)
    SiteChange.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        row = derived_media.derive(image)

    assert row.status == "ready"
    journaled = set(SiteChange.objects.values_list("scope", "object_id"))
    assert (SiteChange.EXHIBITOR, exhibitor.pk) in journaled
    assert booth.pk  # the booth is redrawn through its exhibitor (site_builder.incremental)


def test_a_refusal_found_in_the_background_is_kept_with_its_reason(site, settings):
    from booths import derived_media

    image = make_image("tiny")
    settings.ASSETS_IMAGE_MAX_PIXELS = 100  # stricter than when it was uploaded

    row = derived_media.derive(image)

    assert row.status == DerivedMedia.Status.REFUSED
    assert row.error_code == "too_many_pixels"
    assert row.manifest == {} and row.folder == ""


# --- process_assets -------------------------------------------------------------------------


def test_process_assets_does_what_is_missing_and_reports_progress(site, settings, capsys):
    settings.ASSETS_IMAGE_WIDTHS = [320]
    images = [make_image(f"p{i}", width=400, height=300 + i) for i in range(3)]

    call_command("process_assets", workers=2)
    first = capsys.readouterr().out
    call_command("process_assets")
    second = capsys.readouterr().out

    assert "Processing 3 files" in first and "3 ready" in first
    assert "Every upload is processed" in second
    for image in images:
        assert DerivedMedia.objects.get(image=image).is_ready


def test_process_assets_redoes_what_an_older_recipe_made(site, settings, capsys):
    settings.ASSETS_IMAGE_WIDTHS = [320]
    image = make_image("p", width=700, height=300)
    call_command("process_assets", workers=1)
    settings.ASSETS_IMAGE_WIDTHS = [320, 640]

    call_command("process_assets", workers=1)

    widths = {d["width"] for d in DerivedMedia.objects.get(image=image).manifest["derivatives"]}
    assert widths == {320, 640}


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_a_video_document_becomes_mp4_hls_and_poster(site, settings, tmp_path):
    from booths import derived_media

    source = make_video(tmp_path / "clip.mp4", seconds=2)
    document = get_document_model().objects.create(
        title="clip", file=ContentFile(source.read_bytes(), name="clip.mp4")
    )

    row = derived_media.derive(document)

    assert row.kind == "video" and row.status == "ready", row.error_message
    roles = {d["role"] for d in row.manifest["derivatives"]}
    assert {"video", "poster", "hls"} <= roles


def test_an_image_under_the_limits_but_unreadable_shows_as_failed_not_lost(site):
    from booths import derived_media

    image = make_image("broken")
    Path(image.file.path).write_bytes(b"\xff\xd8\xff" + b"\x00" * 10)

    row = derived_media.derive(image)

    assert row.status == DerivedMedia.Status.REFUSED and row.error_code == "damaged"
    assert Path(image.file.path).exists()  # the upload itself is kept
    assert Image  # noqa: B018 (Pillow is what judged it)


def test_every_refusal_the_pipeline_can_raise_has_a_translated_sentence():
    import re

    import assets_pipeline
    from booths.upload_messages import REFUSALS

    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in Path(assets_pipeline.__file__).parent.glob("*.py")
    )
    codes = set(re.findall(r'Rejected\(\s*"([a-z_]+)"', source))

    assert codes and codes <= set(REFUSALS), codes - set(REFUSALS)


def test_organizers_see_processed_media_with_reasons_and_cannot_edit_them(admin_client, site):
    client = admin_client("zh-hans")
    image = make_image("broken-logo")
    row = DerivedMedia.objects.create(
        image=image,
        kind="image",
        status="refused",
        error_code="too_many_pixels",
        error_params={"limit": "50"},
        error_message="The image declares more than 50 million pixels, the limit.",
    )

    listing = client.get(reverse("derived_media:index"))
    inspect = client.get(reverse("derived_media:inspect", args=[row.pk]))
    edit = client.get(reverse("derived_media:edit", args=[row.pk]))

    assert listing.status_code == 200
    assert "broken-logo" in listing.text and "图片像素过多" in listing.text
    assert inspect.status_code == 200 and "图片像素过多" in inspect.text
    assert edit.status_code in (302, 403)
    assert DerivedMedia.objects.get(pk=row.pk).status == "refused"


def test_an_exhibitor_sees_the_report_of_its_own_uploads_only(client, site):
    from django.contrib.auth.models import Group

    from booths.roles import EXHIBITOR
    from tests.builders import make_exhibitor, make_user

    own_user = make_user("own", Group.objects.get(name=EXHIBITOR))
    own = make_exhibitor("自家公司", owners=[own_user])
    other = make_exhibitor("别家公司")
    model_report = {
        "source": {"bytes": 41_000_000, "triangles": 900_000, "vertices": 480_000},
        "output": {"bytes": 3_200_000, "triangles": 450_000, "vertices": 240_000},
        "texture_ssim": 0.963,
        "deviation": {"max": 0.0012},
    }
    mine = DerivedMedia.objects.create(
        image=make_image("own-chair", collection=own.collection),
        kind="model",
        status="ready",
        folder="derived/aa/x",
        manifest={"derivatives": [], "report": model_report, "warnings": ["over budget"]},
    )
    theirs = DerivedMedia.objects.create(
        image=make_image("their-sofa", collection=other.collection), kind="image", status="ready"
    )
    client.force_login(own_user)

    listing = client.get(reverse("derived_media:index"))
    inspect = client.get(reverse("derived_media:inspect", args=[mine.pk]))
    hidden = client.get(reverse("derived_media:inspect", args=[theirs.pk]))

    assert listing.status_code == 200
    assert "own-chair" in listing.text and "their-sofa" not in listing.text
    assert "900,000 → 450,000" in inspect.text and "over budget" in inspect.text
    assert hidden.status_code == 404
