"""Background work of the engagement app (django-tasks; cms/settings TASKS)."""

from django_tasks import task


@task()
def send_email(subject, text, html, recipients):
    """Deliver one rendered message (engagement.notifications)."""
    from engagement.notifications import deliver

    deliver(subject, text, html, recipients)
