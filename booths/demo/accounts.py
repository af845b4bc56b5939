"""The demo's accounts, one per role, with fixed passwords printed by `seed_demo`.

For local demos only: anyone who reads this file knows the passwords. They still pass the
project's password validators (SPEC 6.1.2), so the demo works with DEBUG off as well.
"""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from wagtail.models import Locale

from booths import roles
from booths.models import ExhibitorProfile

# exhibitorN owns the demo exhibitor number N; the translator translates into en and ru.
DEMO_USERS = {
    "admin": {"password": "Lantern-Harbour-2026", "superuser": True, "name": ("Demo", "Admin")},
    "organizer": {
        "password": "Silk-Loom-Meridian-26",
        "groups": [roles.ORGANIZER],
        "name": ("Organizer", "Demo"),
    },
    "exhibitor1": {"password": "Oak-Chair-Velvet-731", "owns": 1, "name": ("Exhibitor", "One")},
    "exhibitor2": {"password": "Rapier-Weft-Orchid-482", "owns": 2, "name": ("Exhibitor", "Two")},
    "translator": {
        "password": "Glossary-Tundra-Saffron",
        "groups": [roles.TRANSLATOR],
        "translates": ["en", "ru"],
        "name": ("Translator", "Demo"),
    },
}


def missing_users():
    User = get_user_model()
    existing = set(User.objects.filter(username__in=DEMO_USERS).values_list("username", flat=True))
    return [name for name in DEMO_USERS if name not in existing]


def hash_passwords_in_background(pool, usernames):
    """Start hashing the new accounts' passwords on a worker thread.

    PBKDF2 (≈ 1 s per password with Django's production hasher) releases the GIL, so the
    hashing overlaps the database work instead of adding to the run time.
    """
    return {name: pool.submit(make_password, DEMO_USERS[name]["password"]) for name in usernames}


def create_users(usernames):
    """Create the named demo accounts; passwords are set by set_passwords() once hashed."""
    User = get_user_model()
    for username in usernames:
        spec = DEMO_USERS[username]
        first, last = spec["name"]
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@expo.example.com",
            is_staff=spec.get("superuser", False),
            is_superuser=spec.get("superuser", False),
        )
        password_validation.validate_password(spec["password"], user)
        user.set_unusable_password()
        user.save()


def set_passwords(hashes):
    User = get_user_model()
    for username, future in hashes.items():
        User.objects.filter(username=username).update(password=future.result())


def grant_demo_roles():
    """Role groups for the demo accounts and exhibitor ownership (idempotent)."""
    User = get_user_model()
    for username, spec in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        user.groups.add(*Group.objects.filter(name__in=spec.get("groups", [])))
        for code in spec.get("translates", []):
            locale = Locale.objects.filter(language_code=code).first()
            if locale is not None:
                user.groups.add(roles.translator_group_for(locale))
        if "owns" in spec:
            external_id = f"DEMO-E-{spec['owns']:04d}"
            profile = ExhibitorProfile.objects.filter(external_id=external_id).first()
            if profile is not None and not profile.owners.filter(pk=user.pk).exists():
                profile.owners.add(user)  # m2m_changed puts the user in the exhibitor's groups
