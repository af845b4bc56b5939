"""Checking one row: every problem of the row is collected before the row is given up.

Kind modules (exhibitors, exhibits, buyers) read cells through a RowChecker, which applies
the checks every cell gets (formula injection, required values, lengths) and turns a
CellError from any parser into a problem on that cell, so an organizer sees all the
mistakes of a row at once.
"""

from django.utils.translation import gettext as _

from booths.importing.cells import CellError, formula_problem, split_list
from booths.importing.report import Problem, RowError


class RowChecker:
    def __init__(self, row, present_columns, required=()):
        self.row = row
        self.present = present_columns
        self.problems = []
        # A formula cell is reported once, as a formula, not again by its parser.
        self.formula_columns = set()
        for column in present_columns:
            message = formula_problem(row.get(column))
            if message:
                self.error(column, message)
                self.formula_columns.add(column)
        for column in required:
            if not row.get(column):
                self.error(column, _("a value is required."))

    @property
    def number(self):
        return self.row.number

    def has(self, column):
        """True if the file has this column; absent columns leave their field alone."""
        return column in self.present

    def text(self, column, max_length=None):
        value = self.row.get(column)
        if max_length and len(value) > max_length:
            self.error(
                column,
                _("is %(length)s characters long; at most %(max)s fit.")
                % {"length": len(value), "max": max_length},
            )
            return value[:max_length]
        return value

    def items(self, column):
        return split_list(self.row.get(column))

    def parse(self, column, parser, value=None):
        """parser(value of the cell); a CellError becomes a problem and the result None."""
        if column in self.formula_columns:
            return None
        try:
            return parser(self.row.get(column) if value is None else value)
        except CellError as error:
            self.error(column, str(error))
            return None

    def error(self, column, message):
        self.problems.append(Problem(self.row.number, column, message))

    def finish(self):
        """Raise RowError if anything was wrong with the row."""
        if self.problems:
            raise RowError(self.problems)
