"""Draw the demo's media in a worker process while the main process writes the database.

Drawing ≈ 800 pictures, a few dozen PDFs, panoramas and GLB models is a few seconds of
pure CPU; on a two-core machine it costs nothing if it runs beside the database work.
The worker only imports `booths.demo.media` (Pillow, trimesh), never Django. If a worker
process cannot be started, the same functions run in-process.
"""

import concurrent.futures
import logging
import multiprocessing
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from booths.demo import media
from booths.demo.catalogue import PRODUCTS

logger = logging.getLogger(__name__)
EXHIBITORS_PER_JOB = 15


@dataclass(frozen=True)
class Rendered:
    """Bytes (and picture size) of one generated file."""

    data: bytes
    width: int = 0
    height: int = 0


def _job(exhibitors):
    """Plain, picklable instructions for one batch of exhibitors."""
    job = []
    for exhibitor in exhibitors:
        exhibits = [
            (
                exhibit.key,
                PRODUCTS[exhibit.product_key].shape,
                exhibit.colour,
                exhibit.model_number,
                PRODUCTS[exhibit.product_key].name.en,
                PRODUCTS[exhibit.product_key].glb if exhibit.with_glb else "",
            )
            for exhibit in exhibitor.exhibits
        ]
        brochure = None
        if "brochure" in exhibitor.features:
            lines = [f"{model}  {label}" for _key, _shape, _colour, model, label, _glb in exhibits]
            brochure = (exhibitor.name.en, lines, exhibitor.colour)
        panorama = (
            (exhibitor.colour, exhibitor.number) if "panorama" in exhibitor.features else None
        )
        job.append((exhibitor.number, exhibits, brochure, panorama))
    return job


def render_job(job):
    """{(exhibitor number, what): Rendered} for one batch; runs in the worker."""
    results = {}
    for number, exhibits, brochure, panorama in job:
        for key, shape, colour, model, label, glb in exhibits:
            results[number, key] = Rendered(*media.product_image(shape, colour, model, label))
            if glb:
                results[number, key, "glb"] = Rendered(media.glb_model(glb, colour))
        if brochure:
            results[number, "brochure"] = Rendered(media.brochure_pdf(*brochure))
        if panorama:
            results[number, "panorama"] = Rendered(*media.panorama(panorama[0], seed=panorama[1]))
    return results


def jobs_for(plan):
    """The plan's media split into batches of exhibitors, one worker task each."""
    exhibitors = plan.exhibitors
    return [
        _job(exhibitors[start : start + EXHIBITORS_PER_JOB])
        for start in range(0, len(exhibitors), EXHIBITORS_PER_JOB)
    ]


class MediaRenderer:
    """Starts rendering a plan's media at once; `results()` waits for all of it."""

    def __init__(self, plan):
        self._jobs = jobs_for(plan)
        self._pool = None
        self._futures = []
        try:
            # "spawn": the worker starts clean instead of forking a process that holds a
            # database connection and a password-hashing thread.
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            self._futures = [self._pool.submit(render_job, job) for job in self._jobs]
        except (OSError, NotImplementedError, BrokenProcessPool) as error:
            logger.warning("Rendering demo media in-process: %s", error)
            self.close()

    def results(self):
        results = {}
        for job, future in zip(self._jobs, self._futures or [None] * len(self._jobs), strict=True):
            try:
                results.update(future.result() if future else render_job(job))
            except BrokenProcessPool as error:
                logger.warning("Media worker stopped (%s); rendering in-process", error)
                results.update(render_job(job))
        self.close()
        return results

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
