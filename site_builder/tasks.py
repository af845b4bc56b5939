"""Background builds: publishing or unpublishing in the admin rebuilds what it touched.

Enqueued after the transaction commits (signal_handlers.py), so a build never reads
content that was rolled back, and run by the task backend: inline in development, by
`manage.py db_worker` processes in production.
"""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def build_site_incrementally():
    from site_builder.build import build

    report = build()
    logger.info("Incremental build: %s", report.summary())
    return report.summary()
