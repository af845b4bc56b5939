"""Search permissions per buyer level (SPEC 4.5: "search permissions set per level").

Each level has its own indexes, one per language (`{MEILI_INDEX_PREFIX}_{level}_{locale}`),
so that what a level may not read is not in its documents at all: a restricted attribute
that is merely hidden by `displayedAttributes` could still be matched, filtered or leaked
by a misconfigured key. The browser gets a search-only key for the public indexes; the
member indexes are read only through tenant tokens that the server signs per buyer
(site_builder.search.keys.tenant_token, issued by the accounts issue).

Exhibitors and service providers search as buyers do (SPEC 4.5 names all three): an
anonymous visitor of any kind gets "public"; a registered, approved account gets "member".
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Attributes searched, in the order of their weight: an exact model number beats a title,
# a title beats a tag, a tag beats a category, a spec beats the running text.
SEARCHABLE = (
    "model_number",
    "title",
    "tags",
    "category_lvl0",
    "category_lvl1",
    "category_lvl2",
    "spec_text",
    "description",
    "booth.title",
)

PUBLIC_FIELDS = (
    "id",
    "kind",
    "page_id",
    "title",
    "url",
    "description",
    "model_number",
    "booth",
    "exhibition",
    "exhibition_title",
    "category_lvl0",
    "category_lvl1",
    "category_lvl2",
    "category_keys",
    "country",
    "country_name",
    "target_markets",
    "tags",
    "specs",
    "spec_text",
    "num",
    "has_3d",
    "has_video",
    "has_live",
    "has_panorama",
    "image",
    "popularity",
    "name_sort",
    "published_at",
)

FILTERABLE = (
    "kind",
    "exhibition",
    "exhibition_title",
    "category_lvl0",
    "category_lvl1",
    "category_lvl2",
    "category_keys",
    "country",
    "target_markets",
    "tags",
    "has_3d",
    "has_video",
    "has_live",
    "has_panorama",
    "page_id",
    "published_at",
)

SORTABLE = ("popularity", "name_sort", "published_at")


@dataclass(frozen=True)
class BuyerLevel:
    """What one level of buyer may search, filter and read."""

    name: str
    label: str
    description: str
    # Document fields of this level beyond the public ones (commercial terms ...).
    extra_fields: tuple = ()
    # Of those, the ones this level may filter by (numbers get range filters).
    extra_filterable: tuple = ()
    searchable: tuple = SEARCHABLE
    anonymous: bool = False
    filterable: tuple = field(default=FILTERABLE)

    @property
    def fields(self):
        """Every attribute a document of this level carries, hence may display."""
        return PUBLIC_FIELDS + self.extra_fields

    def project(self, document):
        """The document as this level may have it: fields of other levels removed."""
        allowed = set(self.fields)
        return {name: value for name, value in document.items() if name in allowed}

    def index_uid(self, locale):
        return index_uid(self.name, locale)


PUBLIC = BuyerLevel(
    name="public",
    label=_("Visitors"),
    description=_("Anyone, without an account: exhibits, booths, categories and specifications."),
    anonymous=True,
)
MEMBER = BuyerLevel(
    name="member",
    label=_("Registered buyers"),
    description=_("Approved buyer accounts: also minimum order quantities."),
    extra_fields=("moq", "moq_unit"),
    extra_filterable=("moq",),
)

LEVELS = {level.name: level for level in (PUBLIC, MEMBER)}


def get_level(name):
    try:
        return LEVELS[name]
    except KeyError:
        raise ValueError(f"Unknown buyer level {name!r}; choose one of {sorted(LEVELS)}") from None


def index_uid(level_name, locale):
    """`expo_public_zh-hans`: the index of one level in one language."""
    return f"{settings.MEILI_INDEX_PREFIX}_{level_name}_{locale}"


def parse_index_uid(uid):
    """(level, locale) of one of our index uids, else None."""
    prefix = f"{settings.MEILI_INDEX_PREFIX}_"
    if not uid.startswith(prefix):
        return None
    level, _sep, locale = uid[len(prefix) :].partition("_")
    if level not in LEVELS or not locale:
        return None
    return level, locale
