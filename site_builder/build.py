"""`build()`: the one readable build function (mkdocs' build(), pelican's generate-then-write).

1. catalog: what is public, in a handful of queries;
2. plan: every output file with the fingerprints of what it reads;
3. compare with the manifest of the last build: the dirty outputs, the removed ones;
4. load the dirty outputs' pages in bulk and render them with the theme;
5. write what changed (pages, sitemaps, theme assets, referenced media), delete what
   was removed, record the manifest;
6. push the changed booths and exhibits to search (or remember them when search is down).
"""

import contextlib
import datetime
import fcntl
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from site_builder import changes, sitemaps
from site_builder import release as release_files
from site_builder.catalog import Catalog, digest
from site_builder.context import ContextBuilder, MediaRecorder
from site_builder.incremental import (
    IncrementalPlan,
    NeedsRescan,
    all_booth_keys,
    all_sitemap_rows,
    plan_changes,
)
from site_builder.manifest import Manifest
from site_builder.plan import Planner, check_paths
from site_builder.public_urls import output_file
from site_builder.render import RenderError, render_output, theme_environment
from site_builder.snapshot import Snapshot

logger = logging.getLogger(__name__)

BUILDER_VERSION = "2"  # bump when the builder's output changes for the same content
PENDING_INDEX_KEY = "search_pending_page_ids"
SEARCH_CONFIG_KEY = "search_configs"
JOURNAL_CURSOR_KEY = "journal_cursor"
JOURNAL_SEEN_KEY = "journal_seen"
BUILT_AT_KEY = "built_at"


class BuildError(Exception):
    """The build could not finish (or, with strict, finished with warnings)."""


@dataclass
class BuildReport:
    rendered: int = 0
    written: int = 0
    skipped: int = 0
    removed: int = 0
    media_copied: int = 0
    rendered_paths: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    indexed: dict = field(default_factory=dict)
    seconds: float = 0.0
    pages: int = 0
    mode: str = ""  # full, rescan (whole site compared) or incremental (journal followed)

    def summary(self):
        return _(
            "%(rendered)s pages rendered (%(written)s changed), %(skipped)s skipped, "
            "%(removed)s removed, %(media)s media files copied, in %(seconds).1f s"
        ) % {
            "rendered": self.rendered,
            "written": self.written,
            "skipped": self.skipped,
            "removed": self.removed,
            "media": self.media_copied,
            "seconds": self.seconds,
        }


def theme_fingerprint():
    """Everything besides content that changes the output: templates, compiled assets,
    translations of the theme's strings, the public origin and the builder itself."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(BUILDER_VERSION.encode())
    hasher.update(settings.SITE_PUBLIC_URL.encode())
    hasher.update(str(settings.SITE_LISTING_PAGE_SIZE).encode())
    sources = sorted((settings.THEME_DIR / "templates").rglob("*.html"))
    sources += [settings.SITE_THEME_BUILD_DIR / "manifest.json"]
    sources += sorted(
        Path(path) for base in settings.LOCALE_PATHS for path in Path(base).rglob("*.mo")
    )
    for path in sources:
        hasher.update(str(path).encode())
        if path.exists():
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def search_configs(languages):
    """The search page's configuration per language; {} when search is unavailable."""
    from site_builder.search.server import SearchUnavailable
    from site_builder.search.ui_config import search_ui_config

    configs = {}
    for language in languages:
        try:
            config = search_ui_config(language)
        except SearchUnavailable as error:
            logger.warning("Search is unavailable; the search page says so: %s", error)
            return {}
        if config:
            with translation.override(language):
                config["strings"] = search_strings(language)
            configs[language] = config
    return configs


# Representative counts of each Unicode plural category, for the languages we ship.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}
PLURAL_SAMPLES_BY_LANGUAGE = {"ru": {"one": 1, "few": 2, "many": 5, "other": 1.5}}


def search_strings(language):
    """The search island's text, in the active language (the island has no catalogue).

    Keys as read by themes/default/static_src/js/islands/search.js (docs/theme.md)."""
    samples = PLURAL_SAMPLES_BY_LANGUAGE.get(language, PLURAL_SAMPLES)
    return {
        "placeholder": _("Search products, model numbers, exhibitors"),
        "filters": _("Filters"),
        "clearFilters": _("Clear all filters"),
        "sortBy": _("Sort by"),
        "results": _("%(count)s results"),
        "resultsByPlural": {
            category: ngettext("%(count)s result", "%(count)s results", number)
            for category, number in samples.items()
        },
        "noResults": _("Nothing found. Try fewer words or remove a filter."),
        "unavailable": _("Search is unavailable at the moment. Please browse the halls instead."),
        "more": _("More results"),
        "showResults": _("Show %(count)s results"),
        "showMore": _("Show more"),
        "showLess": _("Show less"),
        "features": _("Media"),
        "min": _("Minimum"),
        "max": _("Maximum"),
        "modelNumber": _("Model number"),
        "booth": _("Booth"),
        "exhibit": _("Exhibit"),
    }


def build(
    out=None,
    languages=None,
    full=False,
    strict=False,
    index_search=True,
    progress=None,
    rescan=False,
):
    """Render the site into `out` (settings.SITE_BUILD_DIR); see the module docstring.

    By default the build follows the change journal (site_builder.incremental); `rescan`
    compares every page with the manifest instead, and `full` renders every page."""
    started = time.monotonic()
    report = BuildReport()
    folder = release_files.ReleaseFolder(out or settings.SITE_BUILD_DIR)
    if not (settings.SITE_THEME_BUILD_DIR / "manifest.json").exists():
        raise BuildError(
            _("The theme's front-end files are not built: run `make theme` first (%(path)s).")
            % {"path": settings.SITE_THEME_BUILD_DIR}
        )
    theme_environment().auto_reload = False  # one stat per template per page is wasted
    with build_lock(folder.root / "_build" / "lock"):
        return _build(
            folder, languages, full, strict, index_search, progress, report, started, rescan
        )


@contextlib.contextmanager
def build_lock(path):
    """One build at a time per release folder (two task workers may both get a publish)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(folder, languages, full, strict, index_search, progress, report, started, rescan):
    manifest = Manifest(folder.root / "_build" / "manifest.sqlite3")
    try:
        theme = theme_fingerprint()
        now = timezone.now()
        reason = "--rescan" if rescan else None
        reason = reason or rescan_reason(manifest, theme, full, languages, folder, now)
        plan = None
        if reason is None:
            seen = frozenset(int(pk) for pk in manifest.get(JOURNAL_SEEN_KEY).split(",") if pk)
            journal = changes.read_changes(int(manifest.get(JOURNAL_CURSOR_KEY)), seen, now)
            if journal.everything:
                reason = "the journal says everything changed"
            else:
                try:
                    plan = plan_changes(journal, manifest, theme)
                except NeedsRescan as why:
                    reason = str(why)
        else:
            journal = changes.everything_read(now)
        if plan is None:
            logger.info("Planning the whole site: %s", reason)
            previous = manifest.fingerprints()
            plan = plan_everything(previous, theme, languages)
        else:
            previous = manifest.fingerprints({o.path for o in plan.outputs})
        report.mode = "full" if full else ("rescan" if plan.rescan else "incremental")
        catalog, outputs = plan.catalog, plan.outputs
        check_paths(outputs)
        report.pages = plan.pages

        # Search pages go last: their configuration (the index's spec ranges) is read
        # after the changed pages have been indexed.
        pages = [o for o in outputs if o.kind != "search"]
        dirty = [o for o in pages if full or previous.get(o.path) != o.fingerprint]
        # Media of the touched outputs only, unless every file is copied anyway.
        all_media = full or not (folder.root / "media").exists()
        old_media = (
            set() if all_media else manifest.media_of([o.path for o in dirty] + plan.removed)
        )

        hashes = manifest.hashes(None if plan.rescan else {o.path for o in dirty})
        changed_pages, new_media = render_all(
            catalog, dirty, folder, manifest, report, progress, hashes=hashes
        )

        known = manifest.kinds_of(plan.removed)
        for path in plan.removed:
            kind, page_id = known.get(path, (None, None))
            folder.remove(output_file(path))
            if kind in ("booth", "exhibit") and page_id:
                changed_pages.add(page_id)  # gone from search too
        manifest.forget(plan.removed)
        report.removed = len(plan.removed)

        manifest.set_booth_keys(
            plan.booth_keys, replace_all=plan.rescan and not languages, forget=plan.forget_booths
        )
        update_sitemaps(folder, manifest, catalog, plan, languages)

        if all_media:
            report.media_copied, missing = sync_media(folder, manifest)
        else:
            report.media_copied, missing = update_media(folder, manifest, old_media, new_media)
        report.warnings += [
            _("A page shows a media file that is missing: %(name)s") % {"name": name}
            for name in missing
        ]
        sync_theme_assets(folder)
        manifest.set("theme", theme)
        # A build of some languages leaves the others as they were, and a page that
        # failed to render is not in the manifest: the next build compares the whole
        # site again.
        retry = languages or report.errors
        manifest.set(JOURNAL_CURSOR_KEY, "" if retry else str(journal.cursor))
        manifest.set(JOURNAL_SEEN_KEY, ",".join(str(pk) for pk in sorted(journal.seen)))
        manifest.set(BUILT_AT_KEY, now.isoformat())
        manifest.commit()

        languages_built = [
            r.language_code
            for r in catalog.roots.values()
            if not languages or r.language_code in languages
        ]
        if index_search:
            report.indexed = update_search(manifest, changed_pages, full)
            if "postponed" in report.indexed:
                report.warnings.append(
                    _("Search is unavailable: %(count)s pages will be indexed by the next build.")
                    % {"count": report.indexed["postponed"]}
                )
            configs = search_configs(languages_built)
            for language in sorted(set(languages_built) - set(configs)):
                report.warnings.append(
                    _("The %(language)s search page says search is unavailable.")
                    % {"language": language}
                )
            manifest.set(SEARCH_CONFIG_KEY, json.dumps(configs, sort_keys=True))
        else:  # not touching search at all: the last known configuration stands
            configs = json.loads(manifest.get(SEARCH_CONFIG_KEY) or "{}")
        search_pages = []
        for output in (o for o in outputs if o.kind == "search"):
            config = configs.get(output.params["language"], {})
            output.reads = (*output.reads, digest(json.dumps(config, sort_keys=True)))
            if full or previous.get(output.path) != output.fingerprint:
                search_pages.append(output)
        render_all(catalog, search_pages, folder, manifest, report, None, search_configs=configs)
        report.skipped = plan.pages - report.rendered - len(report.errors)
        manifest.commit()
        changes.prune(now)
    finally:
        manifest.close()
    report.seconds = time.monotonic() - started
    for warning in report.warnings:
        logger.warning("%s", warning)
    if strict and (report.errors or report.warnings):
        raise BuildError("\n".join(report.errors + report.warnings))
    return report


def rescan_reason(manifest, theme, full, languages, folder, now):
    """Why this build must plan the whole site rather than follow the change journal."""
    if full:
        return "--full"
    if languages:
        return "some languages only"
    if not manifest.get(JOURNAL_CURSOR_KEY):
        return "no earlier build to follow on from"
    if manifest.get("theme") != theme:
        return "the theme, the builder or the translations changed"
    built_at = manifest.get(BUILT_AT_KEY)
    if not built_at or now - datetime.datetime.fromisoformat(built_at) > changes.retention():
        return "the last build is older than the change journal"
    if not (folder.root / "sitemap.xml").exists():
        return "the release folder is incomplete"
    return None


def plan_everything(previous, theme, languages):
    """Plan every output of the site; `previous` (the manifest's fingerprints) tells
    which of the last build's outputs are gone."""
    # Always the whole site: a page's language switcher and hreflang links name every
    # language even when only some are rebuilt (--locale).
    catalog = Catalog()
    if not catalog.roots:
        raise BuildError(_("There is no published home page: run `manage.py setup_site`."))
    outputs = Planner(catalog, theme).outputs()
    if languages:
        chosen = {lid for lid, r in catalog.roots.items() if r.language_code in languages}
        if not chosen:
            raise BuildError(
                _("No published home page in %(languages)s.") % {"languages": ", ".join(languages)}
            )
        outputs = [o for o in outputs if o.locale_id in chosen]
    scope = tuple(
        r.prefix for r in catalog.roots.values() if not languages or r.language_code in languages
    )
    planned = {o.path for o in outputs}
    removed = [
        path
        for path in previous
        if path not in planned and (not languages or path.startswith(scope))
    ]
    plan = IncrementalPlan(catalog, outputs, removed)
    plan.rescan = True
    plan.booth_keys = all_booth_keys(catalog)
    plan.sitemap_rows = all_sitemap_rows(catalog, outputs)
    return plan


def update_sitemaps(folder, manifest, catalog, plan, languages):
    """Store the plan's sitemap rows; rewrite the sitemap files whose URLs changed."""
    codes = {lid: r.language_code for lid, r in catalog.roots.items()}
    chosen = {lid for lid, code in codes.items() if not languages or code in languages}
    if plan.rescan:  # every row of the languages built is planned
        stored = {}
        for locale_id in chosen:
            stored.update(manifest.sitemap_rows(locale_id=locale_id))
        gone = set(stored) - set(plan.sitemap_rows)
    else:
        stored = manifest.sitemap_rows(paths=set(plan.sitemap_rows) | plan.sitemap_forget)
        gone = {p for p in plan.sitemap_forget if p in stored and p not in plan.sitemap_rows}
    changed = {
        path: row
        for path, row in plan.sitemap_rows.items()
        if row[0] in chosen and stored.get(path) != row
    }
    before = manifest.sitemap_counts()
    manifest.set_sitemap_rows(changed, forget=gone)
    counts = dict(before)
    for path in changed.keys() - stored.keys():
        counts[changed[path][0]] = counts.get(changed[path][0], 0) + 1
    for path in gone:
        counts[stored[path][0]] -= 1

    touched = {}  # locale_id -> numbers of the files to write (None: all of them)
    for path in [*changed, *gone]:
        locale_id = (changed.get(path) or stored[path])[0]
        files = sitemaps.file_count(counts[locale_id])
        touched.setdefault(locale_id, set()).add(sitemaps.file_of(path, files))
    rewrite_all = not (folder.root / "sitemap.xml").exists()
    for locale_id in codes:
        count, old_count = counts.get(locale_id, 0), before.get(locale_id, 0)
        if rewrite_all or sitemaps.file_count(count) != sitemaps.file_count(old_count):
            touched[locale_id] = None  # the URLs spread over another number of files
    for locale_id, numbers in touched.items():
        rows = manifest.sitemap_rows(locale_id=locale_id)
        for name, data in sitemaps.language_files(codes[locale_id], rows, numbers).items():
            folder.write(name, data)
    language_counts = {codes[lid]: counts.get(lid, 0) for lid in codes}
    for name, data in sitemaps.index_and_robots(language_counts).items():
        folder.write(name, data)
    for name in folder.files_under("sitemaps") - sitemaps.all_file_names(language_counts):
        folder.remove(name)


@dataclass(slots=True)
class Rendered:
    """What rendering one output produced, as sent back from a worker process."""

    index: int
    sha256: str = ""
    written: bool = False
    media: frozenset = frozenset()
    error: str = ""


# Set in the parent before forking, read by the workers (fork shares memory: no pickling
# of the catalog or the plan).
_WORK = {}
CHUNK = 500


def _render_chunk(indexes):
    """Render some outputs: load their pages (one snapshot per chunk, so that loading is
    spread over the workers like rendering), render, write."""
    catalog, outputs, folder = _WORK["catalog"], _WORK["outputs"], _WORK["folder"]
    hashes = _WORK["hashes"]
    page_ids = {root.home_id for root in catalog.roots.values()}
    for index in indexes:
        page_ids.update(outputs[index].page_ids)
    builder = ContextBuilder(
        catalog, Snapshot(catalog, page_ids), MediaRecorder(), _WORK["search_configs"]
    )
    results = []
    for index in indexes:
        output = outputs[index]
        builder.media.files = set()
        try:
            data = render_output(builder, output)
        except RenderError as error:
            results.append(Rendered(index, error=str(error)))
            continue
        relative = output_file(output.path)
        sha = release_files.sha256(data)
        written = folder.write(relative, data, known_sha256=hashes.get(output.path), sha256=sha)
        results.append(Rendered(index, sha, written, frozenset(builder.media.files)))
    return results


def _rendered(outputs, workers):
    """Render outputs in `workers` processes (fork) or in this one; yields Rendered.

    Loading and rendering pages is CPU-bound Python; a build of 100,000 pages uses every
    core. Database connections are closed before forking, since a forked connection must
    not be shared: each worker opens its own.
    """
    chunks = [range(i, min(i + CHUNK, len(outputs))) for i in range(0, len(outputs), CHUNK)]
    if workers <= 1 or len(chunks) < 2:
        for chunk in chunks:
            yield from _render_chunk(chunk)
        return
    import multiprocessing

    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for results in pool.imap_unordered(_render_chunk, chunks):
            yield from results


def render_all(
    catalog, outputs, folder, manifest, report, progress, hashes=None, search_configs=None
):
    """Render and write outputs; returns the ids of booth and exhibit pages written and
    the media files the outputs reference.

    hashes: {path: sha256} of the files the last build wrote (a file whose new bytes hash
    the same is not read back to compare)."""
    changed_pages, media, done = set(), set(), []
    _WORK.update(
        catalog=catalog,
        outputs=outputs,
        folder=folder,
        hashes=hashes or {},
        search_configs=search_configs or {},
    )
    try:
        for number, result in enumerate(_rendered(outputs, settings.SITE_BUILD_WORKERS), 1):
            output = outputs[result.index]
            if result.error:
                logger.error("%s", result.error)
                report.errors.append(result.error)
                continue
            report.rendered += 1
            report.rendered_paths.append(output.path)
            report.written += result.written
            done.append((output, result.sha256, result.media))
            media.update(result.media)
            if output.kind in ("booth", "exhibit"):
                changed_pages.add(output.page_id)
            if progress and (number % 500 == 0 or number == len(outputs)):
                progress(number, len(outputs))
            if len(done) == 2000:  # an interrupted build keeps what it wrote
                manifest.record(done)
                manifest.commit()
                done = []
        manifest.record(done)
    finally:
        _WORK.clear()
    return changed_pages, media


def sync_media(folder, manifest):
    """Copy the media files pages reference into `media/`, remove those none references."""
    copied, missing = 0, []
    wanted = manifest.referenced_media()
    media_root = Path(settings.MEDIA_ROOT)
    for name in sorted(wanted):
        source = media_root / name
        if not source.exists():
            missing.append(name)
        elif folder.copy_in(source, f"media/{name}"):
            copied += 1
    for relative in folder.files_under("media") - {f"media/{name}" for name in wanted}:
        folder.remove(relative)
    return copied, missing


def update_media(folder, manifest, old_media, new_media):
    """Copy the media the re-rendered pages reference; remove what nothing references any
    more (an incremental build: only the media of the outputs it touched)."""
    copied, missing = 0, []
    media_root = Path(settings.MEDIA_ROOT)
    for name in sorted(new_media):
        source = media_root / name
        if not source.exists():
            missing.append(name)
        elif folder.copy_in(source, f"media/{name}"):
            copied += 1
    unused = set(old_media) - set(new_media)
    for name in sorted(unused - manifest.still_referenced(unused)):
        folder.remove(f"media/{name}")
    return copied, missing


def sync_theme_assets(folder):
    """The theme's hashed files go to `static/`; stale hashes are removed."""
    source_root = settings.SITE_THEME_BUILD_DIR
    wanted = set()
    for source in sorted((source_root / "static").rglob("*")):
        if source.is_file():
            relative = str(source.relative_to(source_root))
            wanted.add(relative)
            folder.copy_in(source, relative)
    for relative in folder.files_under("static") - wanted:
        folder.remove(relative)


def update_search(manifest, changed_pages, full):
    """Index changed pages; when search is down, keep them for the next build."""
    from site_builder.search import indexer
    from site_builder.search.server import SearchUnavailable

    pending = {int(pk) for pk in manifest.get(PENDING_INDEX_KEY).split(",") if pk}
    try:
        if full:
            result = indexer.reindex_all()
        else:
            result = (
                indexer.update_pages(sorted(pending | changed_pages))
                if (pending or changed_pages)
                else {}
            )
    except (SearchUnavailable, indexer.IndexingFailed) as error:
        logger.warning("Search unavailable, indexing postponed to the next build: %s", error)
        manifest.set(PENDING_INDEX_KEY, ",".join(str(pk) for pk in sorted(pending | changed_pages)))
        return {"postponed": len(pending | changed_pages)}
    manifest.set(PENDING_INDEX_KEY, "")
    return result
