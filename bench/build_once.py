"""One build in this process, reported as JSON (used by bench/site_build.py).

`python bench/build_once.py [--full] [--edit-one-booth]` in a VAR_DIR prepared by the
benchmark. Reports the builder's own time (what a task worker spends; Django's start-up is
measured apart), pages, and the peak memory of this process and its render workers.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("SITE_AUTO_BUILD", "0")
started = time.monotonic()

import django  # noqa: E402

django.setup()
setup_seconds = time.monotonic() - started

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from booths.models import BoothPage  # noqa: E402
from site_builder.build import build  # noqa: E402

if "--edit-one-booth" in sys.argv:
    booth = BoothPage.objects.filter(locale__language_code="zh-hans").order_by("path")[7]
    booth.title = f"{booth.title} · edited"
    booth.save_revision().publish()

with CaptureQueriesContext(connection) as queries:
    report = build(full="--full" in sys.argv, index_search="--search" in sys.argv)
usage_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
usage_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(
    json.dumps(
        {
            "pages": report.pages,
            "rendered": report.rendered,
            "skipped": report.skipped,
            "mode": report.mode,
            "errors": len(report.errors),
            "seconds": round(report.seconds, 3),
            "django_setup_seconds": round(setup_seconds, 2),
            "queries": len(queries),
            "peak_memory_mib": round(max(usage_self, usage_children) / 1024),
            "workers": django.conf.settings.SITE_BUILD_WORKERS,
        }
    )
    + "\n"
)
