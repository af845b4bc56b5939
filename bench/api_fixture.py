"""Data for the API load benchmark (bench/api_load.py), in the database DATABASE_URL names:
a published show of booths and exhibits, and verified buyers with signed-in sessions.

    DJANGO_SETTINGS_MODULE=cms.settings.production DATABASE_URL=... \\
        python bench/api_fixture.py BOOTHS EXHIBITS_PER_BOOTH BUYERS

Prints one JSON line: {"pages": [...ids], "buyers": [{"sessionid", "csrftoken"}, ...]}.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(booths, exhibits, buyers):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from booths.models import BoothPage, BuyerProfile, ExhibitionPage, ExhibitorProfile, ExhibitPage
    from booths.site_setup import ensure_home_page, ensure_site
    from engagement.models import BuyerAccount

    ensure_site()
    home = ensure_home_page()
    now = timezone.now()
    edition = ExhibitionPage(
        title="Load test expo",
        slug="load-expo",
        starts_at=now - timezone.timedelta(days=1),
        ends_at=now + timezone.timedelta(days=30),
        locale=home.locale,
    )
    home.add_child(instance=edition)
    edition.save_revision().publish()
    pages = []
    for number in range(booths):
        exhibitor = ExhibitorProfile.objects.create(company_name=f"Exhibitor {number}")
        booth = BoothPage(
            title=exhibitor.company_name, slug=f"b{number}", exhibitor=exhibitor, locale=home.locale
        )
        edition.add_child(instance=booth)
        booth.save_revision().publish()
        pages.append(booth.pk)
        for index in range(exhibits):
            exhibit = ExhibitPage(
                title=f"Exhibit {number}.{index}", slug=f"e{index}", locale=home.locale
            )
            booth.add_child(instance=exhibit)
            exhibit.save_revision().publish()
            pages.append(exhibit.pk)

    User = get_user_model()
    sessions = []
    for number in range(buyers):
        email = f"load{number}@example.com"
        user = User.objects.create(username=email, email=email, first_name=f"Buyer{number}")
        user.set_unusable_password()
        user.save()
        BuyerAccount.objects.create(
            user=user, terms_version="bench", email_verified_at=now, level="member", language="en"
        )
        BuyerProfile.objects.create(company_name=f"Buyer company {number}", country="DE", user=user)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "cms.auth_backend.AccountBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append({"sessionid": session.session_key, "csrftoken": _get_new_csrf_string()})
    print(json.dumps({"pages": pages, "buyers": sessions}))  # noqa: T201


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
