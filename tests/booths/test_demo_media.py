"""The demo's generated media: real pictures, panoramas, GLB models, PDFs, optional video."""

import io
import shutil

import trimesh
from PIL import Image

from booths.demo import media, rendering
from booths.demo.catalogue import PRODUCTS
from booths.demo.plan import build_plan


def test_product_pictures_are_jpegs_of_the_promised_size_for_every_shape():
    sizes = set()
    for product in PRODUCTS.values():
        data, width, height = media.product_image(
            product.shape, product.colour, f"{product.code}-100", product.name.en
        )
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "JPEG"
            sizes.add(picture.size)
        assert (width, height) == picture.size
    assert sizes == {media.PRODUCT_SIZE}


def test_the_same_arguments_draw_the_same_bytes():
    first = media.product_image("chair", (160, 112, 70), "DC-123", "Chair")
    assert media.product_image("chair", (160, 112, 70), "DC-123", "Chair") == first
    assert media.product_image("chair", (160, 112, 70), "DC-124", "Chair") != first


def test_panorama_is_equirectangular():
    data, width, height = media.panorama((200, 80, 60), seed=3)
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.size == (width, height) == (2 * height, height)


def test_glb_models_load_and_stand_on_the_floor():
    for kind in ("chair", "table", "sofa", "bed", "cabinet", "mattress", "machine"):
        data = media.glb_model(kind, (120, 90, 60))
        assert data[:4] == b"glTF"
        scene = trimesh.load(io.BytesIO(data), file_type="glb")
        (low, high) = scene.bounds
        assert low[1] >= -0.01 and high[1] > 0.2  # Y is up, nothing below the floor


def test_brochure_is_a_pdf_with_a_page():
    pdf = media.brochure_pdf(
        "Nantong Huayi Home Textiles", ["SQ-230  Mulberry silk quilt"], (1, 2, 3)
    )
    assert pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf and pdf.rstrip().endswith(b"%%EOF")


def test_no_video_and_no_error_without_ffmpeg(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    job = media.start_test_video(tmp_path / "demo.mp4")
    assert job is None
    assert media.finish_test_video(job, tmp_path / "demo.mp4") is None


def test_worker_process_draws_what_the_main_process_would():
    plan = build_plan(exhibitors=3, buyers=0)
    in_process = {}
    for job in rendering.jobs_for(plan):
        in_process.update(rendering.render_job(job))
    from_worker = rendering.MediaRenderer(plan).results()
    assert from_worker == in_process
    keys = {(e.number, x.key) for e in plan.exhibitors for x in e.exhibits}
    assert keys <= set(from_worker)
