"""Compile the project's gettext catalogs (.po → .mo) in pure Python, with polib.

An installation then needs no system gettext (`msgfmt`): `make` and the test session
call compile_catalogs(). Like `msgfmt --check-format`, a catalog whose translation uses a
%(placeholder)s its source does not have is refused, because at run time that message
would raise KeyError instead of telling an exhibitor what is wrong with an upload.
"""

import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

logger = logging.getLogger(__name__)

# %(name)s style and positional %s / %d conversions; "%%" is a literal percent sign.
_NAMED = re.compile(r"%\((\w+)\)[#0 +\-]*\d*(?:\.\d+)?[a-zA-Z]")
_POSITIONAL = re.compile(r"%(?!\()[#0 +\-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE = re.compile(r"\{(\w*)\}")


class CatalogError(Exception):
    """A catalog cannot be compiled: a translation would break message formatting."""


@dataclass(frozen=True)
class CompiledCatalog:
    po_path: Path
    mo_path: Path
    translated: int
    total: int
    written: bool  # False when the existing .mo already had exactly these bytes


def _without_literal_percents(text):
    return text.replace("%%", "")


def placeholder_problems(entry):
    """Why `entry`'s translations would fail to format, as a list of sentences (empty if fine).

    Only entries gettext marks as python-format / python-brace-format are checked, as
    msgfmt does; a translation may leave out a named placeholder (a singular form often
    does) but never add one, and must keep the number of positional ones.
    """
    if not entry.translated():
        return []
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    problems = []
    if "python-format" in entry.flags:
        allowed = {name for text in sources for name in _NAMED.findall(text)}
        positional = len(_POSITIONAL.findall(_without_literal_percents(entry.msgid)))
        for text in translations:
            unknown = set(_NAMED.findall(text)) - allowed
            if unknown:
                problems.append(
                    f"{entry.msgid!r}: translation uses unknown placeholder(s) "
                    + ", ".join(f"%({name})s" for name in sorted(unknown))
                )
            found = len(_POSITIONAL.findall(_without_literal_percents(text)))
            if positional and found != positional:
                problems.append(
                    f"{entry.msgid!r}: translation has {found} positional placeholder(s), "
                    f"the source has {positional}"
                )
    if "python-brace-format" in entry.flags:
        allowed = {name for text in sources for name in _BRACE.findall(text)}
        for text in translations:
            unknown = set(_BRACE.findall(text)) - allowed
            if unknown:
                problems.append(
                    f"{entry.msgid!r}: translation uses unknown placeholder(s) "
                    + ", ".join("{" + name + "}" for name in sorted(unknown))
                )
    return problems


def _problems(po_path, catalog):
    return [f"{po_path}: {problem}" for entry in catalog for problem in placeholder_problems(entry)]


def _write(po_path, catalog, mo_path):
    """Write the .mo atomically, and only when its bytes change (same input, same output)."""
    data = catalog.to_binary()
    written = not (mo_path.exists() and mo_path.read_bytes() == data)
    if written:
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=mo_path.parent, suffix=".mo.tmp", delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, mo_path)
    return CompiledCatalog(
        po_path=po_path,
        mo_path=mo_path,
        translated=len(catalog.translated_entries()),
        total=len([entry for entry in catalog if not entry.obsolete]),
        written=written,
    )


def find_catalogs(locale_dirs=None):
    """Every <locale dir>/<language>/LC_MESSAGES/*.po, in a stable order."""
    dirs = settings.LOCALE_PATHS if locale_dirs is None else locale_dirs
    return [po for directory in dirs for po in sorted(Path(directory).glob("*/LC_MESSAGES/*.po"))]


def compile_catalogs(locale_dirs=None):
    """Compile every catalog under `locale_dirs` (default settings.LOCALE_PATHS).

    All catalogs are checked before any is written, so a bad translation never leaves a
    half-updated set of .mo files behind.
    """
    catalogs = [(path, polib.pofile(str(path))) for path in find_catalogs(locale_dirs)]
    problems = [problem for path, catalog in catalogs for problem in _problems(path, catalog)]
    if problems:
        raise CatalogError("\n".join(problems))
    results = [_write(path, catalog, path.with_suffix(".mo")) for path, catalog in catalogs]
    for result in results:
        logger.debug(
            "Compiled %s: %s of %s messages translated%s",
            result.po_path,
            result.translated,
            result.total,
            "" if result.written else " (unchanged)",
        )
    return results
