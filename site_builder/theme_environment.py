"""The Jinja2 environment the theme's templates render in, for the static build and the
admin preview alike (ARCHITECTURE property 2: preview = production).

Jinja2 rather than Django templates because the build renders every page in every
language: compiled Jinja2 templates cost a fraction of a millisecond per page, Django's
template engine several (docs/performance.md). Wagtail's own Jinja2 extensions provide
`pageurl`, `include_block`, `image` and the userbar; `richtext` and `_()` are replaced
by equivalents that give the same output without per-call lookups (`richtext`,
`fast_gettext`), since every page calls them many times.
"""

import json
import zoneinfo
from functools import cache

from django.conf import settings
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.functional import Promise
from jinja2 import Environment, pass_context
from markupsafe import Markup
from wagtail.rich_text import RichText, expand_db_html

from booths.templatetags.theme_tags import alt_text, file_size, plain_text, text_direction


@cache
def asset_manifest():
    """{logical name: path} of the theme's compiled front-end files (`make theme`)."""
    path = settings.SITE_THEME_BUILD_DIR / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def asset(name):
    """The hashed URL of a compiled theme file, e.g. asset("site.css") → /static/theme/site.1a2b.css.

    A missing build is not fatal for a preview: the page still reads, unstyled; the
    builder checks for the build before it starts (site_builder.build)."""
    relative = asset_manifest().get(name)
    if relative is None:
        return ""
    return "/" + relative


def _in_zone(value, zone):
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        return timezone.localtime(value, zoneinfo.ZoneInfo(zone) if zone else None)
    return value


def localdate(value, format_name="DATE_FORMAT", zone=None):
    """A date/time in `zone` (default: the active time zone) and the active language.

    Django templates convert aware datetimes implicitly; Jinja2 does not."""
    if value is None:
        return ""
    return django_date(_in_zone(value, zone), format_name)


def isoformat(value, zone=None):
    if value is None:
        return ""
    return _in_zone(value, zone).isoformat()


def json_script(value):
    """JSON safe to place inside <script type="application/ld+json"> or a config script."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 (escaped above for a script context)


def current_time_zone():
    return timezone.get_current_timezone_name()


# The language of the render in progress, set by site_builder.render around each render,
# so that the memoised gettext below needs no thread-local lookup per message.
RENDER_LANGUAGE = {"code": None}


def cached(function):
    """A gettext function memoised per language: a build looks up the same few hundred
    theme strings hundreds of thousands of times, and Django's lookup walks thread-locals
    and catalogue chains on every call."""
    memo = {}

    def lookup(*args):
        key = (RENDER_LANGUAGE["code"] or translation.get_language(), args)
        try:
            return memo[key]
        except KeyError:
            result = memo[key] = function(*args)
            return result

    return lookup


def richtext(value):
    """Wagtail's `richtext` filter, without a template lookup per call.

    Wagtail's filter renders the Django template `wagtailcore/shared/richtext.html`
    (`{{ html|safe }}`) every time, and from a Jinja2 page each render first misses in
    the Jinja2 loader on disk; this gives the same HTML directly. Accepts the text of a
    rich-text field or the RichText value of a StreamField block."""
    if isinstance(value, RichText):
        value = value.source
    elif value is None:
        value = ""
    elif isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"richtext expects text, got {type(value).__name__}")
    return Markup(expand_db_html(value))  # noqa: S704 (Wagtail's own rich-text HTML)


def fast_gettext(lookup):
    """Jinja2's newstyle `_()`/`gettext()` (the same result: the translation marked safe,
    then %-formatted with escaped variables), with the finished string of a message
    without variables memoised per language: a page calls it a dozen times or more."""
    memo = {}

    @pass_context
    def gettext(__context, __string, **variables):
        autoescape = __context.eval_ctx.autoescape
        if not variables and autoescape:
            key = (RENDER_LANGUAGE["code"] or translation.get_language(), __string)
            try:
                return memo[key]
            except KeyError:
                result = memo[key] = Markup(lookup(__string)) % {}  # noqa: S704
                return result
        text = lookup(__string)
        return (Markup(text) if autoescape else text) % variables  # noqa: S704

    return gettext


def environment(**options):
    options.pop("autoescape", None)
    env = Environment(
        autoescape=True,  # user text is escaped everywhere (SPEC 6.1.2)
        extensions=[
            "jinja2.ext.i18n",
            "wagtail.jinja2tags.core",
            "wagtail.admin.jinja2tags.userbar",
            "wagtail.images.jinja2tags.images",
        ],
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.install_gettext_callables(
        gettext=cached(translation.gettext),
        ngettext=cached(translation.ngettext),
        pgettext=cached(translation.pgettext),
        npgettext=cached(translation.npgettext),
        newstyle=True,
    )
    gettext = fast_gettext(cached(translation.gettext))
    env.globals.update(_=gettext, gettext=gettext)  # no alias hop for the common call
    from site_builder.context import SiteHelpers

    env.globals.update(
        # Overridden by every page's context; this one serves a block rendered on its own.
        site=SiteHelpers(),
        asset=asset,
        json_script=json_script,
        current_time_zone=current_time_zone,
        public_url=settings.SITE_PUBLIC_URL,
    )
    env.filters.update(
        plain_text=plain_text,
        text_direction=text_direction,
        alt_text=alt_text,
        file_size=file_size,
        filesizeformat=filesizeformat,
        localdate=localdate,
        isoformat=isoformat,
        richtext=richtext,
    )
    return env
