"""Reading a CSV or XLSX file into a header and numbered rows of text cells.

Rows keep the number a spreadsheet shows (the header is row 1), blank rows included, so
that a problem report points at the line the organizer sees. Every cell becomes stripped
text: the importer parses numbers and lists itself, and sees a formula cell as the formula
text ("=HYPERLINK(...)") rather than its cached value, so that it can refuse it.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _


class ReadError(Exception):
    """The file cannot be read as a table at all (wrong format, encoding, no header)."""


@dataclass
class Row:
    number: int
    cells: dict

    def get(self, column):
        return self.cells.get(column, "")


@dataclass
class Table:
    header: list
    rows: list


def normalise_column(name):
    """'Company Name ' → 'company_name', so headers written by hand still match."""
    return "_".join(str(name or "").strip().lstrip("\ufeff").casefold().replace("-", " ").split())


def read_table(path):
    """The file's header and non-blank rows; the format is taken from the file name."""
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        records = _csv_records(path)
    elif suffix in {".xlsx", ".xlsm"}:
        records = _xlsx_records(path)
    else:
        raise ReadError(
            _("%(name)s is not a .csv or .xlsx file.") % {"name": path.name},
        )
    return _table(records)


def _table(records):
    # Numbers count records from the file's first line, as the spreadsheet does, so a
    # blank line above the header does not shift them.
    numbered = enumerate(records, start=1)
    header = None
    for _number, raw_header in numbered:
        if any(_text(cell) for cell in raw_header):
            header = [normalise_column(cell) for cell in raw_header]
            break
    if header is None:
        raise ReadError(_("The file is empty: the first row must name the columns."))
    rows = []
    for number, record in numbered:
        record = list(record) + [None] * (len(header) - len(record))
        cells = {}
        for column, cell in zip(header, record, strict=False):
            if column and column not in cells:
                cells[column] = _text(cell)
        if any(cells.values()):
            rows.append(Row(number, cells))
    return Table(header=header, rows=rows)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _csv_records(path):
    raw = path.read_bytes()
    try:
        # utf-8-sig reads files with and without the byte-order mark Excel writes.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            _("%(name)s is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
            % {"name": path.name}
        ) from error
    # The delimiter is judged from the header alone: cells hold ";"-separated lists, which
    # would fool csv.Sniffer, but column names never contain a delimiter.
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_records(path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: formula cells come back as their "=..." text, which we refuse.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise ReadError(
            _("%(name)s cannot be opened as an Excel workbook.") % {"name": path.name}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
