"""What an import did or would do: per-row outcomes, problems with row numbers, a summary.

The organizer fixes the spreadsheet, not the database, so every problem names the row as
the spreadsheet numbers it (the header is row 1) and the column, and all problems of a file
are reported at once rather than one per run.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
FAILED = "failed"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, FAILED)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell or row; `column` is empty when the whole row is meant."""

    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class RowError(Exception):
    """Raised by a row validator with every problem it found in that row."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass
class Action:
    """What happened (or would happen) to the record of one row."""

    row: int
    kind: str
    outcome: str
    label: str


@dataclass
class Report:
    kind: str
    dry_run: bool = False
    partial: bool = False
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    written: bool = False

    def add_problems(self, problems):
        self.problems.extend(problems)

    def warn(self, message):
        if message not in self.warnings:
            self.warnings.append(message)

    def record(self, row, kind, outcome, label=""):
        """Count an outcome for `kind`; rows of the imported kind are also listed."""
        self.counts.setdefault(kind, Counter())[outcome] += 1
        if row is not None:
            self.actions.append(Action(row, kind, outcome, label))

    def count(self, kind, outcome):
        return self.counts.get(kind, Counter())[outcome]

    @property
    def failed_rows(self):
        return sorted({problem.row for problem in self.problems})

    @property
    def ok(self):
        return not self.problems

    def problem_lines(self):
        return [str(problem) for problem in sorted(self.problems, key=lambda p: p.row)]

    def action_lines(self):
        # Whole sentences per outcome, so that translators never assemble fragments.
        if self.dry_run:
            sentences = {
                CREATED: _("Row %(row)s: would create %(label)s"),
                UPDATED: _("Row %(row)s: would update %(label)s"),
                UNCHANGED: _("Row %(row)s: would leave %(label)s unchanged"),
            }
        else:
            sentences = {
                CREATED: _("Row %(row)s: created %(label)s"),
                UPDATED: _("Row %(row)s: updated %(label)s"),
                UNCHANGED: _("Row %(row)s: %(label)s unchanged"),
            }
        return [
            sentences[action.outcome] % {"row": action.row, "label": action.label}
            for action in self.actions
            if action.outcome in sentences
        ]

    def summary_lines(self):
        lines = [_("Summary:")]
        kinds = [self.kind] + sorted(kind for kind in self.counts if kind != self.kind)
        for kind in kinds:
            counts = self.counts.get(kind, Counter())
            lines.append(
                "  "
                + _(
                    "%(kind)s: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(failed)s failed"
                )
                % {"kind": kind, **{outcome: counts[outcome] for outcome in OUTCOMES}}
            )
        if self.problems and self.partial:
            count = len(self.failed_rows)
            lines.append(
                ngettext(
                    "%(count)s bad row was left out (--partial).",
                    "%(count)s bad rows were left out (--partial).",
                    count,
                )
                % {"count": count}
            )
        if self.dry_run:
            lines.append(_("Dry run: nothing was written."))
        elif self.problems and not self.written:
            count = len(self.failed_rows)
            lines.append(
                ngettext(
                    "Nothing was imported because %(count)s row has errors; "
                    "fix it, or use --partial to import the good rows.",
                    "Nothing was imported because %(count)s rows have errors; "
                    "fix them, or use --partial to import the good rows.",
                    count,
                )
                % {"count": count}
            )
        return lines

    def lines(self, list_rows=False):
        """The whole report as text lines: warnings, problems, optionally every row, summary."""
        lines = [_("Warning: %(message)s") % {"message": message} for message in self.warnings]
        lines += self.problem_lines()
        if list_rows or self.dry_run:
            lines += self.action_lines()
        return lines + self.summary_lines()
