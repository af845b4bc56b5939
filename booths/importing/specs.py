"""Parsing a specifications cell such as "功率=5.5 kW; 重量=120 kg; 材质=橡木".

Numbers are kept as numbers with their unit so that buyers can filter exhibits by
specification ranges (SPEC 4.7.2); "5–20 kW", "5-20kW" and "5 ~ 20 kW" are ranges. A value
that does not start with a number ("橡木", "约5 kW", "1200×600 mm") is text only: a wrong
number is worse for a filter than none.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from booths.importing.cells import CellError

NAME_MAX_LENGTH = 80  # ExhibitSpec.name
VALUE_MAX_LENGTH = 255  # ExhibitSpec.value_text
UNIT_MAX_LENGTH = 20  # ExhibitSpec.unit

_ITEM_SEPARATORS = re.compile(r"[;；\n]")
_PAIR_SEPARATORS = re.compile(r"[=＝:：]")
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = r"-|–|—|~|～|〜|至|to"
_VALUE = re.compile(
    rf"(?P<low>{_NUMBER})\s*(?:(?:{_RANGE})\s*(?P<high>{_NUMBER}))?\s*(?P<unit>\S.*)?",
    re.IGNORECASE,
)
# A "unit" that is really the rest of a dimension ("×600 mm") or another number.
_NOT_A_UNIT = re.compile(r"[x×*X/\\.,]|\d", re.IGNORECASE)


class SpecError(CellError):
    """The specifications cell is malformed; the message quotes the offending part."""


@dataclass(frozen=True)
class ParsedSpec:
    name: str
    value_text: str
    value_number: float | None = None
    value_max: float | None = None
    unit: str = ""

    def as_tuple(self):
        return (self.name, self.value_text, self.value_number, self.value_max, self.unit)


def parse_specs(text):
    """The specifications in a cell, in order; SpecError names the first malformed item."""
    specs, names = [], set()
    for item in _ITEM_SEPARATORS.split(text or ""):
        item = item.strip()
        if not item:
            continue
        parts = _PAIR_SEPARATORS.split(item, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise SpecError(
                _("“%(item)s” is not written as name=value (e.g. 功率=5.5 kW).") % {"item": item}
            )
        name, value = parts[0].strip(), " ".join(parts[1].split())
        if len(name) > NAME_MAX_LENGTH:
            raise SpecError(
                _("the name “%(name)s” is longer than %(max)s characters.")
                % {"name": name, "max": NAME_MAX_LENGTH}
            )
        if len(value) > VALUE_MAX_LENGTH:
            raise SpecError(
                _("the value of “%(name)s” is longer than %(max)s characters.")
                % {"name": name, "max": VALUE_MAX_LENGTH}
            )
        if name.casefold() in names:
            raise SpecError(_("“%(name)s” is given twice.") % {"name": name})
        names.add(name.casefold())
        specs.append(parse_value(name, value))
    return specs


def parse_value(name, value):
    """One specification; the number, range and unit when the value starts with a number."""
    match = _VALUE.fullmatch(value)
    if match is None:
        return ParsedSpec(name, value)
    unit = (match["unit"] or "").strip()
    if unit and (_NOT_A_UNIT.match(unit) or len(unit) > UNIT_MAX_LENGTH):
        return ParsedSpec(name, value)
    low = _number(match["low"])
    high = _number(match["high"]) if match["high"] else None
    if high is not None and high < low:
        raise SpecError(
            _("the range “%(value)s” of “%(name)s” ends below where it starts.")
            % {"value": value, "name": name}
        )
    return ParsedSpec(name, value, low, high, unit)


def _number(text):
    return float(text.replace(",", ""))
