"""Small builder functions for test content (instead of fixtures with hand-written tree paths)."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Locale

from booths.models import (
    BoothImage,
    BoothPage,
    Category,
    ExhibitionPage,
    ExhibitorProfile,
    ExhibitPage,
    ExhibitSpec,
)

_counter = itertools.count(1)


def source_locale():
    return Locale.objects.get(language_code="zh-hans")


def make_edition(home, title="南通家纺展 2026", **fields):
    now = timezone.now()
    edition = ExhibitionPage(
        title=title,
        slug=fields.pop("slug", f"expo-{next(_counter)}"),
        starts_at=fields.pop("starts_at", now - datetime.timedelta(days=1)),
        ends_at=fields.pop("ends_at", now + datetime.timedelta(days=30)),
        locale=home.locale,
        **fields,
    )
    home.add_child(instance=edition)
    edition.save_revision().publish()
    return edition


def make_category(name, parent=None, locale=None):
    return Category.objects.create(
        name=name,
        slug=f"c{next(_counter)}",
        parent=parent,
        locale=locale or (parent.locale if parent else source_locale()),
    )


def make_user(username, *groups, password="correct-horse-battery", **fields):
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    if groups:
        user.groups.add(*groups)
    return user


def make_exhibitor(company_name="南通示例家纺有限公司", owners=(), **fields):
    profile = ExhibitorProfile.objects.create(company_name=company_name, **fields)
    if owners:
        profile.owners.add(*owners)
    profile.refresh_from_db()
    return profile


def make_booth(edition, exhibitor, title=None, publish=True, **fields):
    booth = BoothPage(
        title=title or exhibitor.company_name,
        slug=fields.pop("slug", f"booth-{next(_counter)}"),
        exhibitor=exhibitor,
        locale=edition.locale,
        live=fields.pop("live", publish),
        **fields,
    )
    edition.add_child(instance=booth)
    revision = booth.save_revision()
    if publish:
        revision.publish()
    return booth


def make_exhibit(booth, title="实木餐椅", specs=(), publish=True, **fields):
    exhibit = ExhibitPage(
        title=title,
        slug=fields.pop("slug", f"exhibit-{next(_counter)}"),
        locale=booth.locale,
        **fields,
    )
    for name, value_text, number, unit in specs:
        exhibit.specs.add(
            ExhibitSpec(name=name, value_text=value_text, value_number=number, unit=unit)
        )
    booth.add_child(instance=exhibit)
    revision = exhibit.save_revision()
    if publish:
        revision.publish()
    return exhibit


def png_bytes(width=64, height=48, color=(200, 80, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(title="photo", collection=None, width=64, height=48):
    image = BoothImage(
        title=title, file=ImageFile(io.BytesIO(png_bytes(width, height)), name=f"{title}.png")
    )
    if collection is not None:
        image.collection = collection
    image.save()
    return image
