"""The static site serves what the asset pipeline made (issue 4 §1: templates get
`<picture>`/`srcset`, video sources and model URLs from the manifest).

Until an upload is processed the pages fall back to Wagtail renditions and the file as
uploaded; once it is, the pages that show it are journaled and the next incremental build
swaps in the optimized files, which are copied into the release with everything they need
(HLS playlists and segments included).
"""

import io
import shutil

import bs4
import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from booths import derived_media
from booths.models import BoothImage, ExhibitImage
from site_builder.build import build
from tests.assets_pipeline.test_images import photo
from tests.assets_pipeline.test_video import make_video
from tests.site_builder.small_site import build_small_site
from tests.site_builder.test_build import ensure_site_home, html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_down(settings):
    settings.MEILI_URL = "http://127.0.0.1:9"
    settings.MEILI_MASTER_KEY = "unused"
    settings.ASSETS_IMAGE_WIDTHS = [320, 640, 960]


@pytest.fixture
def small(db):
    return build_small_site(ensure_site_home())


def jpeg_image(title, width=1200, height=800):
    buffer = io.BytesIO()
    photo(width, height).save(buffer, "JPEG", quality=90)
    image = BoothImage(title=title, file=ContentFile(buffer.getvalue(), name=f"{title}.jpg"))
    image.save()
    return image


def add_photo(exhibit, image):
    exhibit.images.add(ExhibitImage(image=image))
    exhibit.save_revision().publish()


def page_soup(out, path):
    return bs4.BeautifulSoup(html(out, path), "html.parser")


def test_a_processed_photo_is_a_picture_with_avif_webp_and_jpeg_from_the_release(small, tmp_path):
    image = jpeg_image("quilt")
    add_photo(small.quilt, image)
    row = derived_media.derive(image)
    assert row.is_ready

    out = tmp_path / "site"
    build(out=out, index_search=False, full=True)

    page = page_soup(out, small.quilt.url)
    picture = page.select_one(".exhibit__images picture")
    types = [source["type"] for source in picture.select("source")]
    assert types == [t for t in ("image/avif", "image/webp") if t in types] and types
    img = picture.img
    assert img["src"].startswith("/media/derived/") and img["src"].endswith(".jpg")
    assert img["width"] and img["height"]
    assert "background-color:#" in img["style"]
    for url in [
        img["src"],
        *(c.split()[0] for s in picture.select("source") for c in s["srcset"].split(", ")),
    ]:
        assert (out / url.lstrip("/")).is_file(), url
    widths = {int(c.split()[1][:-1]) for c in img["srcset"].split(", ")}
    assert widths == {320, 640, 960}


def test_an_unprocessed_photo_falls_back_to_wagtail_renditions(small, tmp_path):
    add_photo(small.quilt, jpeg_image("quilt"))

    out = tmp_path / "site"
    build(out=out, index_search=False, full=True)

    img = page_soup(out, small.quilt.url).select_one(".exhibit__images img")
    assert "/media/images/" in img["src"]
    assert (out / img["src"].lstrip("/")).is_file()


def test_processing_a_shown_photo_redraws_its_pages_in_the_next_incremental_build(
    small, tmp_path, django_capture_on_commit_callbacks
):
    image = jpeg_image("quilt")
    with django_capture_on_commit_callbacks(execute=True):  # the reference index
        add_photo(small.quilt, image)
    out = tmp_path / "site"
    build(out=out, index_search=False, full=True)
    assert "/media/images/" in html(out, small.quilt.url)

    with django_capture_on_commit_callbacks(execute=True):
        derived_media.derive(image)
    report = build(out=out, index_search=False)

    assert "/media/derived/" in html(out, small.quilt.url)
    assert small.quilt.url in report.rendered_paths
    assert small.loom.url not in report.rendered_paths  # only what shows the photo


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_a_processed_video_plays_hls_with_an_mp4_fallback_and_its_poster(small, tmp_path):
    source = make_video(tmp_path / "clip.mp4", seconds=3)
    document = get_document_model().objects.create(
        title="clip", file=ContentFile(source.read_bytes(), name="clip.mp4")
    )
    assert derived_media.derive(document).is_ready
    booth = small.quilt_booth
    booth.body = [("video", {"video": document, "caption": "工厂"})]
    booth.save_revision().publish()

    out = tmp_path / "site"
    build(out=out, index_search=False, full=True)

    video = page_soup(out, booth.url).select_one(".block--video video")
    assert video["data-hls"].endswith("/hls/index.m3u8")
    assert video.source["type"] == "video/mp4"
    assert video["poster"].endswith(".jpg")
    master = out / video["data-hls"].lstrip("/")
    assert master.is_file()
    for line in master.read_text().splitlines():
        if line and not line.startswith("#"):  # every rung's playlist and its segments
            rung = master.parent / line
            assert rung.is_file()
            segments = [s for s in rung.read_text().splitlines() if s and not s.startswith("#")]
            assert segments and all((rung.parent / s).is_file() for s in segments)
    for url in (video.source["src"], video["poster"]):
        assert (out / url.lstrip("/")).is_file()
