"""Background work of the booths app, run by the task backend (django-tasks): inline in
development, by `manage.py db_worker` processes in production (cms/settings)."""

import logging

from django.apps import apps
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def derive_media(model_label, pk):
    """Optimized derivatives of one uploaded image or document (booths.derived_media)."""
    from booths import derived_media

    obj = apps.get_model(model_label).objects.filter(pk=pk).first()
    if obj is None:  # deleted before its turn came
        return None
    row = derived_media.derive(obj)
    return row.status if row is not None else None
