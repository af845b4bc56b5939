"""What each kind of output shows: one context function per kind, used by the build and
the admin preview alike (CONVENTIONS: preview and build share the template and the
context function of each page type).

Context functions read only the catalog and the snapshot, never the database directly,
so that the number of queries of a build does not grow with its number of pages.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext as _

from site_builder import seo
from site_builder.public_urls import absolute_url, public_path

TEMPLATES = {
    "home": "pages/home_page.html",
    "edition": "pages/exhibition_page.html",
    "booth": "pages/booth_page.html",
    "exhibit": "pages/exhibit_page.html",
    "listing": "pages/listing_page.html",
    "search": "pages/search_page.html",
    "live": "pages/live_page.html",
    "account": "pages/account_page.html",
    "root": "pages/root_page.html",
    "not_found": "pages/not_found_page.html",
}


# Wagtail page class -> the kind of output (and context function) that draws it.
PAGE_KINDS = {
    "HomePage": "home",
    "ExhibitionPage": "edition",
    "BoothPage": "booth",
    "ExhibitPage": "exhibit",
}


class MediaRecorder:
    """Collects the media files (renditions, documents) the rendered pages reference, so
    that the builder copies exactly those into the release."""

    def __init__(self):
        self.files = set()

    def add(self, name):
        if name:
            self.files.add(name)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a template needs of an image rendition."""

    url: str
    width: int
    height: int
    name: str  # the file, relative to MEDIA_ROOT


@dataclass(frozen=True, slots=True)
class Picture:
    """A responsive picture: `<source>` srcsets of modern formats and an `<img>` fallback.

    From the asset pipeline's ladder (AVIF, WebP, JPEG at several widths) once the image is
    processed, from Wagtail renditions until then (an upload seconds old, a preview)."""

    src: str
    width: int
    height: int
    srcset: str
    sources: tuple = ()  # ((MIME type, srcset), ...), best format first
    color: str = ""  # dominant colour, shown while the picture loads
    position: str = ""  # CSS object-position from the focal point, for cropped layouts
    files: tuple = ()  # the media files it uses (relative to MEDIA_ROOT), for the release

    def fit(self, max_width, max_height):
        """(width, height) of the picture scaled to fit a box, never enlarged."""
        scale = min(max_width / self.width, max_height / self.height, 1)
        return round(self.width * scale), round(self.height * scale)

    @property
    def style(self):
        parts = []
        if self.color:
            parts.append(f"background-color:{self.color}")
        if self.position:
            parts.append(f"object-position:{self.position}")
        return ";".join(parts)


@dataclass(frozen=True, slots=True)
class Video:
    """A processed video: fast-start MP4, HLS master playlist, poster, duration."""

    mp4: str
    mp4_bytes: int
    hls: str
    poster: Rendered | None
    width: int
    height: int
    duration: float | None


@dataclass(frozen=True, slots=True)
class Model3D:
    """A processed 3D model: the optimized GLB and the poster rendered from it."""

    glb: str
    glb_bytes: int
    poster: Rendered | None


GALLERY_RENDITIONS = ("width-480", "width-960", "width-1440")
MODERN_FORMATS = ("image/avif", "image/webp")
FALLBACK_FORMAT = "image/jpeg"
FALLBACK_WIDTH = 640  # the <img src> for browsers without srcset


class SiteHelpers:
    """The `site` object templates call: URLs of pages and media, pictures, videos and
    3D models (from the asset pipeline's derivatives, docs/assets.md)."""

    def __init__(self, catalog=None, snapshot=None, media=None):
        self.catalog = catalog
        self.snapshot = snapshot
        self.media = media or MediaRecorder()
        # (image id, spec) -> Rendered for one build; a helper without a snapshot (a block
        # rendered on its own, see theme_environment) looks renditions up every time.
        self._renditions = {} if snapshot is not None else None
        self._pictures = {} if snapshot is not None else None  # (image id, width, specs)
        self._media_url = settings.MEDIA_URL

    def url(self, page):
        if self.catalog is None:
            return page.get_url()
        entry = self.catalog.entries.get(page.pk)
        if entry is not None:
            return entry.url
        root = self.catalog.roots.get(page.locale_id)
        return public_path(page.url_path, root) if root else None

    def image(self, image, spec):
        """A rendition (url, width, height) of an image; None without an image."""
        if image is None:
            return None
        key = (image.pk, spec)
        rendition = self._renditions.get(key) if self._renditions is not None else None
        if rendition is None:
            if self.snapshot is not None:
                self.snapshot.prepare_image(image)
            found = image.get_rendition(spec)
            rendition = Rendered(found.url, found.width, found.height, found.file.name)
            if self._renditions is not None:
                self._renditions[key] = rendition
        self.media.add(rendition.name)
        return rendition

    def srcset(self, image, specs):
        """(src rendition, "url 480w, url 960w") for responsive images."""
        renditions = self._distinct_renditions(image, specs)
        return renditions[0], ", ".join(f"{r.url} {r.width}w" for r in renditions)

    def _distinct_renditions(self, image, specs):
        renditions, widths = [], set()
        for spec in specs:
            rendition = self.image(image, spec)
            if rendition.width not in widths:  # never upscaled: small images repeat
                widths.add(rendition.width)
                renditions.append(rendition)
        return renditions

    # -- the asset pipeline's derivatives ------------------------------------------------
    def derived(self, obj):
        """The ready DerivedMedia row of an image or document, or None."""
        if obj is None:
            return None
        if self.snapshot is not None:
            return self.snapshot.derived_for(obj)
        from booths.models import DerivedMedia

        return DerivedMedia.ready_for(obj)

    def _derivative_url(self, row, derivative):
        name = row.derivative_name(derivative["path"])
        self.media.add(name)
        return self._media_url + filepath_to_uri(name)

    def picture(self, image, max_width=None, fallback=GALLERY_RENDITIONS):
        """A Picture of `image` (None without one). max_width: the largest CSS width it is
        shown at; candidates beyond twice that (a 2× screen) are left out of the srcset.
        fallback: the Wagtail rendition specs drawn until the image is processed (the
        snapshot prefetches the thumbnails' ones)."""
        if image is None:
            return None
        key = (image.pk, max_width, fallback)
        found = self._pictures.get(key) if self._pictures is not None else None
        if found is None:
            found = self._picture(image, max_width, fallback)
            if self._pictures is not None:
                self._pictures[key] = found
        else:  # drawn before in this build: its files are still needed by this page
            for name in found.files:
                self.media.add(name)
        return found

    def _picture(self, image, max_width, fallback):
        position = _focal_position(image)
        row = self.derived(image)
        by_type = {}
        if row is not None:
            for derivative in row.manifest.get("derivatives", ()):
                if derivative.get("role", "image") == "image":
                    by_type.setdefault(derivative["mime_type"], []).append(derivative)
        if not by_type.get(FALLBACK_FORMAT):
            renditions = self._distinct_renditions(image, fallback)
            src = renditions[0]
            return Picture(
                src.url,
                src.width,
                src.height,
                ", ".join(f"{r.url} {r.width}w" for r in renditions),
                position=position,
                files=tuple(r.name for r in renditions),
            )
        limit = 2 * max_width if max_width else None

        def candidates(items):
            items = sorted(items, key=lambda d: d["width"])
            if limit is None:
                return items
            return [d for d in items if d["width"] <= limit] or items[:1]

        def srcset(items):
            return ", ".join(f"{self._derivative_url(row, d)} {d['width']}w" for d in items)

        chosen = candidates(by_type[FALLBACK_FORMAT])
        src = min(chosen, key=lambda d: abs(d["width"] - min(FALLBACK_WIDTH, limit or 10**6)))
        sources = tuple(
            (mime, srcset(candidates(by_type[mime]))) for mime in MODERN_FORMATS if mime in by_type
        )
        used = [
            src,
            *chosen,
            *(d for mime in MODERN_FORMATS for d in candidates(by_type.get(mime, ()))),
        ]
        return Picture(
            self._derivative_url(row, src),
            src["width"],
            src["height"],
            srcset(chosen),
            sources,
            (row.manifest.get("placeholder") or {}).get("color", ""),
            position,
            files=tuple({row.derivative_name(d["path"]) for d in used}),
        )

    def _poster(self, row):
        for derivative in row.manifest.get("derivatives", ()):
            if derivative.get("role") == "poster":
                url = self._derivative_url(row, derivative)
                return Rendered(
                    url,
                    derivative.get("width") or 0,
                    derivative.get("height") or 0,
                    row.derivative_name(derivative["path"]),
                )
        return None

    def video(self, document):
        """The processed Video of a document, or None until it is processed."""
        row = self.derived(document)
        if row is None or row.kind != "video":
            return None
        roles = {d.get("role"): d for d in row.manifest.get("derivatives", ())}
        if "video" not in roles or "hls" not in roles:
            return None
        # The HLS rungs' playlists and segments are not all in the manifest: every file of
        # the folder goes into the release.
        for name in self._folder_files(row):
            self.media.add(name)
        mp4 = roles["video"]
        return Video(
            self._derivative_url(row, mp4),
            mp4.get("bytes") or 0,
            self._derivative_url(row, roles["hls"]),
            self._poster(row),
            mp4.get("width") or 0,
            mp4.get("height") or 0,
            row.manifest.get("duration"),
        )

    def model(self, document):
        """The processed Model3D of a document, or None until it is processed."""
        row = self.derived(document)
        if row is None or row.kind != "model":
            return None
        glb = next(
            (d for d in row.manifest.get("derivatives", ()) if d.get("role") == "model"), None
        )
        if glb is None:
            return None
        return Model3D(self._derivative_url(row, glb), glb.get("bytes") or 0, self._poster(row))

    def _folder_files(self, row):
        from pathlib import Path

        folder = Path(settings.MEDIA_ROOT) / row.folder
        return sorted(
            f"{row.folder}/{path.relative_to(folder).as_posix()}"
            for path in folder.rglob("*")
            if path.is_file()
        )

    def file_url(self, document):
        if document is None:
            return ""
        self.media.add(document.file.name)
        return document.file.url

    def category_name(self, category, locale_id):
        """A category's name in a language (its translation, else the source name)."""
        entry = self.catalog.categories.get(category.pk if hasattr(category, "pk") else category)
        if entry is None:
            return str(category)
        return self.catalog.localized_category(entry, locale_id).name


def _focal_position(image):
    """CSS object-position keeping an image's focal point in view when a layout crops it."""
    if getattr(image, "focal_point_x", None) is None or not image.width or not image.height:
        return ""
    x = round(100 * image.focal_point_x / image.width)
    y = round(100 * image.focal_point_y / image.height)
    return f"{x}% {y}%"


def language_items(catalog, entry, current_locale_id):
    """The language switcher: this page in every language of the site, falling back to a
    language's home page when the page is not translated into it."""
    paths = {}
    if entry is not None:
        paths = {e.locale_id: e.url for e in catalog.translations(entry)}
    return alternates_for_paths(catalog, paths, current_locale_id)


def alternates_for_paths(catalog, paths_by_locale, current_locale_id):
    """Switcher items for outputs that are not pages (listings, search): the same output
    in each language, given as {locale_id: path}."""
    names = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    order = {code: index for index, code in enumerate(names)}

    items = []
    for locale_id, root in catalog.roots.items():
        url = paths_by_locale.get(locale_id) or root.prefix
        items.append(
            {
                "language_code": root.language_code,
                "name": names.get(root.language_code, root.language_code),
                "url": url,
                "absolute": absolute_url(url),
                "direction": "rtl" if root.language_code in settings.RTL_LANGUAGES else "ltr",
                "is_current": locale_id == current_locale_id,
                "translated": locale_id in paths_by_locale,
            }
        )
    return sorted(items, key=lambda item: order.get(item["language_code"], len(order)))


class ContextBuilder:
    def __init__(self, catalog, snapshot, media=None, search_configs=None):
        self.catalog = catalog
        self.snapshot = snapshot
        self.media = media or MediaRecorder()
        self.site = SiteHelpers(catalog, snapshot, self.media)
        self.search_configs = search_configs or {}

    def for_output(self, output):
        return getattr(self, f"_{output.kind}")(output)

    def for_page(self, page):
        """Context of a Wagtail page (the build and the admin preview)."""
        kind = PAGE_KINDS[type(page).__name__]
        return getattr(self, f"_{kind}_page")(page)

    # -- shared ----------------------------------------------------------------------
    def _base(self, locale_id, path, title, description="", page=None, edition=None):
        root = self.catalog.roots[locale_id]
        home = self.snapshot.page(root.home_id)
        lang = root.language_code
        from booths.templatetags.theme_tags import text_direction

        return {
            "page": page,
            "lang": lang,
            "dir": text_direction(lang),
            "home": home,
            "home_url": root.prefix,
            "site_name": home.title if home else settings.WAGTAIL_SITE_NAME,
            "title": title,
            "description": description,
            "path": path,
            "canonical": absolute_url(path) if path else "",
            "search_url": f"{root.prefix}search/",
            "live_url": f"{root.prefix}live/",
            "edition": edition,
            "site": self.site,
            "breadcrumbs": [],
            "jsonld": [],
            "og_type": "website",
            "og_image": None,
            "noindex": False,
        }

    def _breadcrumbs(self, page):
        crumbs = []
        entry = self.catalog.entries.get(page.pk)
        parent_id = entry.parent_id if entry else None
        if entry is None:  # a preview of a page not yet published: walk the tree
            parent = page.get_parent()
            parent_id = parent.pk if parent else None
        while parent_id is not None:
            parent_entry = self.catalog.entries.get(parent_id)
            if parent_entry is None:
                break
            crumbs.append({"title": parent_entry.title, "url": parent_entry.url})
            parent_id = parent_entry.parent_id
        return list(reversed(crumbs))

    def _page_base(self, page, description, edition=None):
        path = self.site.url(page)
        context = self._base(
            page.locale_id,
            path,
            page.seo_title or page.title,
            page.search_description or description,
            page=page,
            edition=edition,
        )
        context["breadcrumbs"] = self._breadcrumbs(page)
        entry = self.catalog.entries.get(page.pk)
        if entry is not None:
            context["machine_translated"] = self.catalog.is_machine_translated(entry)
        else:  # a preview of a page that is not live yet
            from booths.templatetags.theme_tags import machine_translated

            context["machine_translated"] = machine_translated(page)
        context["alternates"] = language_items(
            self.catalog, self.catalog.entries.get(page.pk), page.locale_id
        )
        return context

    def _edition_of(self, page):
        entry = self.catalog.entries.get(page.pk)
        while entry is not None and entry.kind != "edition":
            entry = self.catalog.entries.get(entry.parent_id)
        return self.snapshot.page(entry.id) if entry else None

    # -- pages -----------------------------------------------------------------------
    def _home(self, output):
        return self._home_page(self.snapshot.page(output.page_id))

    def _home_page(self, page):
        from booths.templatetags.theme_tags import plain_text

        context = self._page_base(
            page,
            plain_text(page.intro)
            or _(
                "Online exhibitions on %(site)s: booths, products, live streams and search "
                "in your language."
            )
            % {"site": page.title},
        )
        entry = self.catalog.entries.get(page.pk)
        editions = [self.snapshot.page(e.id) for e in self.catalog.children(entry, "edition")]
        editions = sorted(
            (e for e in editions if e), key=lambda e: (e.starts_at, e.pk), reverse=True
        )
        context["editions"] = editions
        context["jsonld"] = [seo.website(context)] + [seo.event(self, e) for e in editions]
        return context

    def _edition(self, output):
        return self._edition_page(self.snapshot.page(output.page_id), output.params)

    def _edition_page(self, page, params=None):
        """The edition page: its halls with their first booths (from the build plan's
        params; a preview works them out from the catalog)."""
        from booths.templatetags.theme_tags import plain_text
        from site_builder.plan import edition_listings, edition_params

        context = self._page_base(
            page,
            plain_text(page.description)
            or _("%(title)s: booths, products and live streams, online.") % {"title": page.title},
            edition=page,
        )
        entry = self.catalog.entries.get(page.pk)
        if not (params and "halls" in params) and entry is not None:
            booths = self.catalog.children(entry, "booth")
            listings = edition_listings(self.catalog, entry, booths)
            params = edition_params(self.catalog, listings, booths)
        params = params or {"halls": (), "other": ()}
        context["halls"] = [
            {
                "name": self.catalog.categories[category_id].name,
                "url": path,
                "count": count,
                "booths": [self.booth_card(pk) for pk in featured],
            }
            for category_id, path, count, featured in params["halls"]
        ]
        context["other_booths"] = [self.booth_card(pk) for pk in params["other"]]
        context["og_image"] = (
            self.site.image(page.hero_image, "fill-1200x630") if page.hero_image else None
        )
        context["jsonld"] = [seo.event(self, page)]
        return context

    def publish_search_thumbnail(self, image):
        """Search results show this thumbnail of a booth's logo or an exhibit's first
        image; recording it with the page puts the file in the release."""
        from site_builder.search.documents import THUMBNAIL

        if image is not None:
            self.site.image(image, THUMBNAIL)

    def booth_card(self, pk):
        booth = self.snapshot.page(pk)
        entry = self.catalog.entries[pk]
        return {"page": booth, "url": entry.url, "title": entry.title}

    def _booth(self, output):
        return self._booth_page(self.snapshot.page(output.page_id))

    def _booth_page(self, page):
        from booths.templatetags.theme_tags import plain_text

        edition = self._edition_of(page)
        fallback = _("%(title)s at %(edition)s: products, live streams and contact.") % {
            "title": page.title,
            "edition": edition.title if edition else "",
        }
        context = self._page_base(page, plain_text(page.introduction) or fallback, edition=edition)
        entry = self.catalog.entries.get(page.pk)
        if entry is not None:
            exhibits = [self.snapshot.page(e.id) for e in self.catalog.children(entry, "exhibit")]
            category_ids = self.catalog.source_categories(entry)
        else:
            exhibits = list(page.exhibits())
            category_ids = [
                c.pk for c in page.source_categories_for([page]).get(page.translation_key, [])
            ]
        context["exhibits"] = [e for e in exhibits if e is not None]
        context["categories"] = [
            self.catalog.localized_category(self.catalog.categories[c], page.locale_id)
            for c in category_ids
            if c in self.catalog.categories
        ]
        context["tags"] = [item.tag for item in page.tagged_items.all()]
        logo = page.exhibitor.logo
        self.publish_search_thumbnail(logo)
        context["og_image"] = self.site.image(logo, "max-1200x630") if logo else None
        context["og_type"] = "profile"
        context["jsonld"] = [seo.organization(self, page), seo.breadcrumbs(context)]
        return context

    def _exhibit(self, output):
        return self._exhibit_page(self.snapshot.page(output.page_id))

    def _exhibit_page(self, page):
        from booths.templatetags.theme_tags import plain_text

        edition = self._edition_of(page)
        entry = self.catalog.entries.get(page.pk)
        booth = self.snapshot.page(entry.parent_id) if entry else page.get_parent().specific
        fallback = _("%(title)s by %(booth)s at %(edition)s.") % {
            "title": page.title,
            "booth": booth.title,
            "edition": edition.title if edition else "",
        }
        context = self._page_base(page, plain_text(page.description) or fallback, edition=edition)
        context["booth"] = booth
        context["images"] = list(page.images.all())
        context["specs"] = list(page.specs.all())
        context["category_name"] = (
            self.site.category_name(page.category_id, page.locale_id) if page.category_id else ""
        )
        first = context["images"][0].image if context["images"] else None
        self.publish_search_thumbnail(first)
        context["og_image"] = self.site.image(first, "fill-1200x630") if first else None
        context["og_type"] = "product"
        context["jsonld"] = [seo.product(self, page, booth, context), seo.breadcrumbs(context)]
        return context

    # -- outputs that are not pages ---------------------------------------------------
    def _listing(self, output):
        params = output.params
        edition = self.snapshot.page(params["edition"])
        chain = [
            self.catalog.localized_category(node, edition.locale_id)
            for node in self.catalog.category_chain(params["source_category"])
        ]
        name = chain[-1].name
        title = (
            name
            if params["number"] == 1
            else _("%(name)s, page %(number)s")
            % {
                "name": name,
                "number": params["number"],
            }
        )
        context = self._base(
            edition.locale_id,
            output.path,
            title,
            _("Booths in %(category)s at %(edition)s")
            % {"category": name, "edition": edition.title},
            edition=edition,
        )
        edition_entry = self.catalog.entries[edition.pk]
        crumbs = self._breadcrumbs(edition) + [{"title": edition.title, "url": edition_entry.url}]
        base_path = f"{edition_entry.url}halls/"
        for node in chain[:-1]:
            base_path += f"{node.slug}/"
            crumbs.append({"title": node.name, "url": base_path})
        context["breadcrumbs"] = crumbs
        context["heading"] = name
        context["count"] = params["count"]
        context["booths"] = [self.booth_card(pk) for pk in params["booths"]]
        context["pagination"] = pagination(params["base_path"], params["number"], params["pages"])
        paths = {}
        for other in self.catalog.translations(edition_entry):
            localized = [
                self.catalog.localized_category(node, other.locale_id)
                for node in self.catalog.category_chain(params["source_category"])
            ]
            paths[other.locale_id] = f"{other.url}halls/" + "".join(f"{n.slug}/" for n in localized)
        context["alternates"] = alternates_for_paths(self.catalog, paths, edition.locale_id)
        context["jsonld"] = [seo.breadcrumbs(context)]
        return context

    def _search(self, output):
        root = self.catalog.roots[output.locale_id]
        context = self._base(output.locale_id, output.path, _("Search booths and exhibits"))
        context["alternates"] = alternates_for_paths(
            self.catalog,
            {lid: f"{r.prefix}search/" for lid, r in self.catalog.roots.items()},
            output.locale_id,
        )
        context["search_config"] = self.search_configs.get(root.language_code)
        context["noindex"] = True
        return context

    def _account(self, output):
        context = self._base(output.locale_id, output.path, _("Your account"))
        context["alternates"] = alternates_for_paths(
            self.catalog,
            {lid: f"{r.prefix}account/" for lid, r in self.catalog.roots.items()},
            output.locale_id,
        )
        context["terms_version"] = settings.TERMS_VERSION
        context["noindex"] = True
        return context

    def _live(self, output):
        from site_builder.live_schedule import streams_for

        root = self.catalog.roots[output.locale_id]
        home_entry = self.catalog.entries[root.home_id]
        context = self._base(output.locale_id, output.path, _("Live streams"))
        context["alternates"] = alternates_for_paths(
            self.catalog,
            {lid: f"{r.prefix}live/" for lid, r in self.catalog.roots.items()},
            output.locale_id,
        )
        context["streams"] = streams_for(self, home_entry, output.page_ids)
        return context

    def _root(self, output):
        return self._multilingual(output, _("Choose your language"))

    def _not_found(self, output):
        context = self._multilingual(output, _("Page not found"))
        context["noindex"] = True
        return context

    def _multilingual(self, output, title):
        """The root chooser and the 404 page speak every language of the site at once."""
        source = next(
            (
                lid
                for lid, r in self.catalog.roots.items()
                if r.language_code == settings.SOURCE_LOCALE
            ),
            next(iter(self.catalog.roots), None),
        )
        context = self._base(source, output.path if output.kind == "root" else "", title)
        languages = []
        for item in language_items(self.catalog, None, None):
            with translation.override(item["language_code"]):
                languages.append(
                    dict(
                        item,
                        heading=_("Page not found") if output.kind == "not_found" else "",
                        action=_("Go to the %(language)s site") % {"language": item["name"]},
                        site_name=self.snapshot.page(
                            self.catalog.roots[
                                next(
                                    lid
                                    for lid, r in self.catalog.roots.items()
                                    if r.language_code == item["language_code"]
                                )
                            ].home_id
                        ).title,
                    )
                )
        context["languages"] = languages
        context["alternates"] = language_items(self.catalog, None, source)
        return context


def pagination(base_path, number, pages):
    """Links of a paginated listing: page 1 is the listing's own URL, then page/N/."""

    def url(n):
        return base_path if n == 1 else f"{base_path}page/{n}/"

    return {
        "number": number,
        "pages": pages,
        "previous": url(number - 1) if number > 1 else None,
        "next": url(number + 1) if number < pages else None,
        "links": [{"number": n, "url": url(n), "current": n == number} for n in range(1, pages + 1)]
        if pages > 1
        else [],
    }
