"""Rendering one output (or one previewed page) with the theme's templates.

The language of the output and the time zone of its edition are switched on around the
render, since the theme's text and dates are resolved while the template runs.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.utils import timezone, translation

from site_builder.context import PAGE_KINDS, TEMPLATES, ContextBuilder


class RenderError(Exception):
    """A page that could not be rendered, named by page and language."""


def theme_environment():
    return engines["jinja2"].env


def time_zone_of(context):
    edition = context.get("edition")
    return edition.time_zone if edition is not None else settings.TIME_ZONE


def render_context(template_name, context):
    from site_builder.theme_environment import RENDER_LANGUAGE

    env = theme_environment()
    with translation.override(context["lang"]), timezone.override(time_zone_of(context)):
        RENDER_LANGUAGE["code"] = translation.get_language()
        try:
            return env.get_template(template_name).render(context)
        finally:
            RENDER_LANGUAGE["code"] = None


_INDENT = re.compile(r"\n[ \t]+")


def compact(html):
    """Drop the templates' indentation (a tenth of a page's bytes); <pre> and <textarea>
    keep theirs, since there whitespace is content."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENT.sub("\n", html)


def render_output(builder, output):
    """The bytes of one output file."""
    language = builder.catalog.roots.get(output.locale_id)
    try:
        # Titles and descriptions made in the context function are in the page's language.
        with translation.override(language.language_code if language else settings.SOURCE_LOCALE):
            context = builder.for_output(output)
        html = compact(render_context(TEMPLATES[output.kind], context))
    except Exception as error:
        raise RenderError(
            f"Could not render {output.describe()} (page {output.page_id or '-'}, "
            f"language {language.language_code if language else '-'}): {error}"
        ) from error
    return html.encode("utf-8")


def render_page_response(page, request):
    """The admin preview (and development serving) of a page, drawn exactly as the static
    build draws it: same context function, same templates (ARCHITECTURE property 2)."""
    from site_builder.catalog import Catalog
    from site_builder.snapshot import Snapshot

    catalog = Catalog(scope=preview_scope(page))
    entry = catalog.entries.get(page.pk)
    page_ids = {root.home_id for root in catalog.roots.values()}
    node = entry
    while node is not None:  # the page's ancestors (breadcrumbs, edition)
        page_ids.add(node.id)
        node = catalog.entries.get(node.parent_id)
    if entry is not None:
        page_ids.update(entry.children)  # exhibits of a booth, booths of an edition
    else:
        page_ids.update(a.pk for a in page.get_ancestors())
    snapshot = Snapshot(catalog, page_ids, overrides={page.pk: page})
    builder = ContextBuilder(catalog, snapshot)
    with translation.override(page.locale.language_code):
        context = builder.for_page(page)
    context["request"] = request
    context["is_preview"] = getattr(request, "is_preview", False)
    html = compact(render_context(TEMPLATES[PAGE_KINDS[type(page).__name__]], context))
    return HttpResponse(html)


def preview_scope(page):
    """The part of the catalog a page's preview reads: its booth (with its exhibits, in
    every language, for the switcher), or an edition's booths; None (everything) for a
    page not yet in the tree."""
    from wagtail.models import Page

    from site_builder.catalog import BOOTH_DEPTH, EDITION_DEPTH, Scope

    if not page.pk or not page.path or page.depth > BOOTH_DEPTH + 1:
        return None
    if page.depth < EDITION_DEPTH:
        return Scope()
    if page.depth == EDITION_DEPTH:
        return Scope(editions={page.pk})
    booth_path = page.path[: BOOTH_DEPTH * Page.steplen]
    key = Page.objects.filter(path=booth_path).values_list("translation_key", flat=True).first()
    booths = Page.objects.filter(translation_key=key, depth=BOOTH_DEPTH).values_list(
        "id", flat=True
    )
    return Scope(booth_units=set(booths))
