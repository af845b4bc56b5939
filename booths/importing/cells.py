"""Checks and splits for single cells: formula injection, e-mail, phone, lists, websites.

Imported text ends up in exports that organizers open in Excel or WPS again, where a
cell such as `=HYPERLINK("http://evil", "click")` or `@SUM(...)` would run (CSV/formula
injection, SPEC 6.1.2). Such cells are refused, not silently escaped, so that the
organizer sees the odd cell and the stored text is exactly what they wrote.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from booths.markets import parse_country, parse_market

# Separators people type between list items: ASCII and full-width semicolons.
LIST_SEPARATORS = re.compile(r"[;；]")
# What may follow a leading + or - in a cell that is a number or phone number.
_NUMBERISH = re.compile(r"[+-]\s*[\d\s().,/–-]*\d[\d\s().,/–-]*")
PHONE_MAX_LENGTH = 40  # Contact.phone


class CellError(ValueError):
    """A cell's value is unusable; the message says why, for the organizer."""


def formula_problem(text):
    """A message if a spreadsheet would run `text` as a formula, else None.

    `=` and `@` always start a formula; `+` and `-` do unless what follows is a number,
    so that "+86 513 8123 4567" and "-5" pass while "+cmd|' /C calc'!A0" does not.
    """
    if not text:
        return None
    first = text[0]
    if first in "=@":
        return _("starts with “%(char)s”, so a spreadsheet would run it as a formula.") % {
            "char": first
        }
    if first in "+-" and not _NUMBERISH.fullmatch(text):
        return _(
            "starts with “%(char)s” followed by text, so a spreadsheet would run it as a "
            "formula. Remove the “%(char)s” or put a space or letter before it."
        ) % {"char": first}
    return None


def split_list(text):
    """The non-empty, stripped items of a `;`-separated cell, duplicates dropped, in order."""
    seen, items = set(), []
    for item in LIST_SEPARATORS.split(text or ""):
        item = item.strip()
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            items.append(item)
    return items


def clean_email(text):
    """The e-mail address, lower-cased domain, or CellError."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError as error:
        raise CellError(
            _("“%(value)s” is not a valid e-mail address.") % {"value": text}
        ) from error
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_phone(text):
    """The phone number as written, or CellError if it is too short or too long.

    Lenient on purpose: "0513-8123 4567 转 8001" and "+86 (513) 81234567" are both real.
    """
    text = " ".join((text or "").split())
    if not text:
        return ""
    if sum(char.isdigit() for char in text) < 5 or len(text) > PHONE_MAX_LENGTH:
        raise CellError(_("“%(value)s” is not a phone number.") % {"value": text})
    return text


def clean_website(text):
    """An absolute http(s) URL; a bare "www.example.com" gets https:// added."""
    text = (text or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as error:
        raise CellError(_("“%(value)s” is not a website address.") % {"value": text}) from error
    return text


def clean_country(text):
    """An ISO code for a code or an English/Chinese country name, or CellError."""
    text = (text or "").strip()
    if not text:
        return ""
    code = parse_country(text)
    if code is None:
        raise CellError(
            _("unknown country “%(value)s”; write an ISO code such as CN or DE, or its name.")
            % {"value": text}
        )
    return code


def clean_markets(text):
    """(country codes, region codes) for a `;`-separated market list, or CellError."""
    countries, regions, unknown = [], [], []
    for item in split_list(text):
        market = parse_market(item)
        if market is None:
            unknown.append(item)
        elif market[0] == "country" and market[1] not in countries:
            countries.append(market[1])
        elif market[0] == "region" and market[1] not in regions:
            regions.append(market[1])
    if unknown:
        raise CellError(
            _("unknown market(s): %(items)s; write ISO country codes or region names.")
            % {"items": ", ".join(f"“{item}”" for item in unknown)}
        )
    return sorted(countries), regions
