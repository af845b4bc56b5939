"""Booth blocks reject bad uploads and links with a message the exhibitor can act on."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone, translation
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document

from booths import blocks
from tests.builders import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Assert on the English messages; the Chinese catalogue has its own test below."""
    with translation.override("en"):
        yield


def make_document(name, content):
    document = Document(title=name, file=ContentFile(content, name=name))
    document.save()
    return document


def glb_bytes():
    import trimesh

    buffer = io.BytesIO(trimesh.creation.box().export(file_type="glb"))
    return buffer.getvalue()


def error_for(block, value, field):
    """The message the admin would show under `field` of the block."""
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    return " ".join(raised.value.block_errors[field].messages)


def blocks_value(block, **values):
    """A StructValue of `block` with its defaults, overridden by `values`."""
    value = block.get_default()
    for key, item in values.items():
        value[key] = item
    return value


def test_3d_model_must_be_a_real_glb():
    block = blocks.Model3DBlock()
    good = make_document("chair.glb", glb_bytes())
    assert block.clean(blocks_value(block, model=good, alt="Chair"))["model"] == good

    renamed = make_document("photo.glb", b"\x89PNG fake")
    message = error_for(block, blocks_value(block, model=renamed, alt="x"), "model")
    assert "not a binary glTF" in message

    wrong_type = make_document("chair.pdf", b"%PDF-1.4")
    assert ".pdf" in error_for(block, blocks_value(block, model=wrong_type, alt="x"), "model")

    mesh = make_document("chair.obj", b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    assert block.clean(blocks_value(block, model=mesh, alt="Chair"))["model"] == mesh


def test_a_3d_model_the_pipeline_refused_is_refused_with_its_reason():
    from booths.models import DerivedMedia

    block = blocks.Model3DBlock()
    refused = make_document("scene.zip", b"PK\x03\x04")
    DerivedMedia.objects.create(
        document=refused,
        kind="model",
        status="refused",
        error_code="unsafe_archive",
        error_message="The zip file cannot be accepted: it is a zip bomb.",
        error_params={"reason": "'a.bin' is compressed 1000:1 (a zip bomb)"},
    )

    message = error_for(block, blocks_value(block, model=refused, alt="x"), "model")
    assert "zip bomb" in message


def test_panorama_must_be_twice_as_wide_as_high():
    block = blocks.PanoramaBlock()
    assert block.clean(blocks_value(block, image=make_image("pano", width=400, height=200)))
    message = error_for(
        block, blocks_value(block, image=make_image("square", width=300, height=300)), "image"
    )
    assert "300×300" in message


def test_rejection_is_explained_in_the_exhibitors_language():
    block = blocks.PanoramaBlock()
    value = blocks_value(block, image=make_image("square", width=300, height=300))
    with translation.override("zh-hans"):
        message = error_for(block, value, "image")
    assert "全景" in message  # the zh-hans catalogue translates the panorama rule


@override_settings(EXTERNAL_VIEWER_HOSTS=["sketchfab.com"])
@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://sketchfab.com/models/abc", True),
        ("https://www.sketchfab.com/models/abc", True),
        ("http://sketchfab.com/models/abc", False),
        ("https://sketchfab.com.evil.example/models/abc", False),
        ("https://evil.example/?u=sketchfab.com", False),
    ],
)
def test_external_viewer_links_are_https_on_allowed_hosts(url, accepted):
    block = blocks.ExternalViewerBlock()
    value = blocks_value(block, kind="3d", url=url, label="看 3D")
    if accepted:
        assert block.clean(value)["url"] == url
    else:
        assert error_for(block, value, "url")


@override_settings(LIVE_STREAM_HOSTS=["live.example.com"])
def test_live_stream_needs_an_end_after_its_start_and_an_allowed_host():
    block = blocks.LiveStreamBlock()
    start = timezone.now()
    value = blocks_value(
        block,
        title="新品发布",
        starts_at=start,
        ends_at=start - datetime.timedelta(hours=1),
        stream_url="https://other.example/live.m3u8",
    )
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    assert set(raised.value.block_errors) == {"ends_at", "stream_url"}


def test_live_stream_status_follows_the_schedule():
    block = blocks.LiveStreamBlock()
    start = timezone.now()
    value = blocks_value(
        block,
        title="t",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        stream_url="https://live.example.com/a.m3u8",
    )
    assert value.status(start - datetime.timedelta(minutes=1)) == "upcoming"
    assert value.status(start + datetime.timedelta(minutes=30)) == "live"
    assert value.status(start + datetime.timedelta(hours=2)) == "ended"


def test_brochure_must_be_a_pdf():
    block = blocks.BrochureBlock()
    pdf = make_document("catalogue.pdf", b"%PDF-1.4\n%%EOF")
    assert block.clean(blocks_value(block, document=pdf, title="目录"))
    docx = make_document("catalogue.docx", b"PK")
    assert ".docx" in error_for(block, blocks_value(block, document=docx, title="目录"), "document")
