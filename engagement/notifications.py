"""E-mails to buyers and exhibitor staff, in the recipient's language.

Each message is a plain-text and an HTML template under templates/engagement/email/
(`<name>.txt`, `<name>.html`, subject from `<name>_subject.txt`). The HTML templates are
Django templates with autoescaping on, so whatever a user wrote (a comment, an inquiry,
a company name) arrives escaped. Sending happens after the transaction commits, as a
task, so a slow SMTP server never holds a request and a rolled-back change sends nothing.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from engagement.tasks import send_email


def site_url(language, path=""):
    """An absolute address on the public site, in a language's section."""
    return f"{settings.SITE_PUBLIC_URL}/{language}/{path.lstrip('/')}"


def render(name, context, language):
    """(subject, text, html) of a message template in `language`."""
    with translation.override(language):
        context = {"site_name": settings.WAGTAIL_SITE_NAME, "language": language, **context}
        subject = render_to_string(f"engagement/email/{name}_subject.txt", context)
        text = render_to_string(f"engagement/email/{name}.txt", context)
        html = render_to_string(f"engagement/email/{name}.html", context)
    return " ".join(subject.split()), text, html


def deliver(subject, text, html, recipients):
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    message.send()


def after_commit(function):
    """transaction.on_commit, named so that tests can run it at once."""
    transaction.on_commit(function)


def notify(name, context, language, recipients):
    """Render now (in the request's data), send after commit through the task queue."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    subject, text, html = render(name, context, language)
    after_commit(
        lambda: send_email.enqueue(subject=subject, text=text, html=html, recipients=recipients)
    )
