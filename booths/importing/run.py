"""One import from start to end: read, check every row, then write in one transaction.

All rows are checked before anything is written, and the writing happens in a single
transaction: a file with a bad row imports nothing (the organizer fixes the sheet and runs
it again), unless `partial` asks for the good rows anyway. A dry run performs the whole
import and rolls it back, so its report ("would create 3, would update 1") is exactly what
a real run would do, with no second code path to drift from the real one.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from booths.importing import buyers, exhibitors, exhibits
from booths.importing.context import TRANSLATION_LANGUAGE, ImportContext
from booths.importing.readers import ReadError, read_table
from booths.importing.report import CREATED, FAILED, Problem, Report, RowError
from booths.importing.taxonomy import CategoryMatcher, IndustryMatcher
from booths.models import ExhibitionPage

logger = logging.getLogger(__name__)

KINDS = {module.KIND: module for module in (exhibitors, exhibits, buyers)}
# Kinds whose records live in an exhibition edition.
EDITION_KINDS = {exhibitors.KIND, exhibits.KIND}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, unknown kind, missing columns)."""


def infer_kind(header):
    """The kind whose own columns the header uses most; ImportFileError if it is unclear."""
    present = set(header)
    scores = {kind: len(present & set(module.SIGNATURE)) for kind, module in KINDS.items()}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    if best == 0 or len(winners) > 1:
        raise ImportFileError(
            _("Cannot tell from the columns what this file holds; pass --kind %(kinds)s.")
            % {"kinds": "|".join(KINDS)}
        )
    return winners[0]


def _edition(source_locale, slug):
    editions = ExhibitionPage.objects.filter(locale=source_locale)
    if slug:
        edition = editions.filter(slug=slug).first()
        if edition is None:
            raise ImportFileError(
                _("No exhibition edition has the slug “%(slug)s”.") % {"slug": slug}
            )
        return edition
    edition = editions.current()
    if edition is None:
        raise ImportFileError(_("There is no exhibition edition to import into; create one first."))
    return edition


def _check_header(module, header, report):
    present = [column for column in header if column]
    missing = [column for column in module.REQUIRED if column not in present]
    if missing:
        raise ImportFileError(
            _("Required column(s) missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    for column in present:
        if column not in module.COLUMNS:
            report.warn(_("unknown column “%(column)s” is ignored.") % {"column": column})
    duplicated = sorted({column for column in present if present.count(column) > 1})
    for column in duplicated:
        report.warn(
            _("column “%(column)s” appears twice; the first one is used.") % {"column": column}
        )
    return [column for column in module.COLUMNS if column in present]


def _check_rows(module, table, context, report):
    """Checked rows, in file order; problems (with duplicates of external_id) go to the report."""
    checked, first_row = [], {}
    for row in table.rows:
        problems = []
        external_id = row.get("external_id")
        if external_id in first_row:
            problems.append(
                Problem(
                    row.number,
                    "external_id",
                    _("“%(id)s” is also on row %(row)s; each id may appear once.")
                    % {"id": external_id, "row": first_row[external_id]},
                )
            )
        elif external_id:
            first_row[external_id] = row.number
        try:
            data = module.clean(row, context)
        except RowError as error:
            problems.extend(error.problems)
        if problems:
            report.add_problems(problems)
        else:
            checked.append(data)
    return checked


def _validation_problems(row_number, error):
    if hasattr(error, "error_dict"):
        return [
            Problem(row_number, field if field != "__all__" else "", message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [Problem(row_number, "", message) for message in error.messages]


def import_directory(
    path,
    kind=None,
    dry_run=False,
    partial=False,
    create_categories=False,
    draft=False,
    edition=None,
    progress=None,
):
    """Import an exhibitor, exhibit or buyer directory file; returns its Report.

    Raises ImportFileError for problems with the file as a whole. `progress(done, total)`
    is called while rows are written, for long imports.
    """
    try:
        table = read_table(path)
    except ReadError as error:
        raise ImportFileError(str(error)) from error
    kind = kind or infer_kind(table.header)
    if kind not in KINDS:
        raise ImportFileError(_("Unknown kind “%(kind)s”.") % {"kind": kind})
    module = KINDS[kind]
    report = Report(kind=kind, dry_run=dry_run, partial=partial)
    columns = _check_header(module, table.header, report)

    source_locale = Locale.objects.get(language_code=settings.SOURCE_LOCALE)
    translation_locale = Locale.objects.filter(language_code=TRANSLATION_LANGUAGE).first()
    if translation_locale is None and any(column.endswith("_en") for column in columns):
        report.warn(
            _("the site has no “%(language)s” language, so the _en columns are ignored.")
            % {"language": TRANSLATION_LANGUAGE}
        )
    context = ImportContext(
        kind=kind,
        columns=columns,
        source_locale=source_locale,
        translation_locale=translation_locale,
        edition=_edition(source_locale, edition) if kind in EDITION_KINDS else None,
        draft=draft,
        categories=CategoryMatcher(source_locale, create=create_categories),
        industries=IndustryMatcher(source_locale, create=create_categories),
        report=report,
    )

    checked = _check_rows(module, table, context, report)
    with transaction.atomic():
        if report.ok or partial:
            _write(module, checked, context, report, progress)
        for _row in report.failed_rows:
            report.record(None, kind, FAILED)
        if dry_run or not (report.ok or partial):
            transaction.set_rollback(True)
        else:
            report.written = True
    logger.info(
        "Import of %s from %s: %s%s",
        kind,
        path,
        dict(report.counts.get(kind, {})),
        " (dry run)" if dry_run else "",
    )
    return report


def _write(module, checked, context, report, progress):
    for done, data in enumerate(checked, start=1):
        marks = len(context.categories.created), len(context.industries.created)
        try:
            with transaction.atomic():
                outcome, label = module.apply(data, context)
        except ValidationError as error:
            context.categories.forget_after(marks[0])
            context.industries.forget_after(marks[1])
            report.add_problems(_validation_problems(data.number, error))
            if not report.partial:
                # One bad row spoils the file: nothing of it is kept, so drop the outcomes.
                report.actions.clear()
                report.counts.clear()
                return
        else:
            report.record(data.number, context.kind, outcome, label)
        if progress:
            progress(done, len(checked))
    for created in context.categories.created:
        report.record(None, "categories", CREATED, created.name)
    for created in context.industries.created:
        report.record(None, "industries", CREATED, created.name)
