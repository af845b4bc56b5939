"""Background work of the engagement app (django-tasks; cms/settings TASKS)."""

from django_tasks import task


@task()
def send_email(subject, text, html, recipients):
    """Deliver one rendered message (engagement.notifications)."""
    from engagement.notifications import deliver

    deliver(subject, text, html, recipients)


@task()
def roll_up_day(day_iso):
    """Recompute one day's DailyRollup rows (engagement.rollups, SPEC 4.3); the day as
    YYYY-MM-DD, because task arguments must be JSON."""
    import datetime

    from engagement.rollups import roll_up

    return roll_up(datetime.date.fromisoformat(day_iso))
