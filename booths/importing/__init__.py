"""Importing exhibitor, exhibit and buyer directories from CSV or XLSX (SPEC 4.1).

Organizers collect their target lists through many channels (SPEC 4.1); spreadsheets are
the commonest. `run.import_directory()` reads a file, checks every row, and writes the good
ones in one transaction; `manage.py import_directory` is its command-line face. The column
rules are documented in docs/import.md.
"""

from booths.importing.run import ImportFileError, import_directory

__all__ = ["ImportFileError", "import_directory"]
