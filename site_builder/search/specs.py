"""Numeric specifications made comparable: one key and one base unit per kind of spec.

Buyers filter exhibits by specification (SPEC 4.7.2): "power 5–20 kW" must find an exhibit
written "10 kW", one written "15000 W" and a range "15–30 kW", whatever language the page
is in. So every numeric spec is indexed under a key that is the same in every language —
the slug of its *source-language* name (translated to English through the organizer's
glossary when that name is Chinese) plus its dimension's base unit, e.g. 功率 → "power_w" —
with its values converted to that base unit (W, m, kg, …). Units this module does not
know are kept as they are (factor 1) under a key of their own, so nothing is lost; only
comparisons across different unknown units are impossible.
"""

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass

from django.utils.text import slugify


@dataclass(frozen=True)
class Dimension:
    name: str
    base: str  # the base unit's symbol, as shown
    suffix: str  # the base unit in a spec key: "power_w"


@dataclass(frozen=True)
class Unit:
    symbol: str  # canonical symbol, as shown to buyers
    dimension: Dimension
    factor: float  # base units per one of this unit
    offset: float = 0.0  # base = value * factor + offset (temperatures only)

    def to_base(self, value):
        return tidy(value * self.factor + self.offset)

    @property
    def scale(self):
        """Base units per displayed unit, or None when the conversion is not a plain scale."""
        return None if self.offset else self.factor


POWER = Dimension("power", "W", "w")
LENGTH = Dimension("length", "m", "m")
MASS = Dimension("mass", "kg", "kg")
VOLTAGE = Dimension("voltage", "V", "v")
CURRENT = Dimension("current", "A", "a")
FREQUENCY = Dimension("frequency", "Hz", "hz")
VOLUME = Dimension("volume", "L", "l")
AREA = Dimension("area", "m²", "m2")
PRESSURE = Dimension("pressure", "Pa", "pa")
TEMPERATURE = Dimension("temperature", "°C", "c")
TIME = Dimension("time", "s", "s")
COUNT = Dimension("count", "pcs", "pcs")
SPEED = Dimension("speed", "m/s", "m_s")
ROTATION = Dimension("rotation", "rpm", "rpm")
ENERGY = Dimension("energy", "Wh", "wh")
RATIO = Dimension("ratio", "%", "pct")
ANGLE = Dimension("angle", "°", "deg")

# (symbol, dimension, factor, aliases). Aliases include the Chinese names exhibitors write.
# Volume has one base (L): "m³" and "L" of the same spec must land under one key.
_TABLE = [
    ("mW", POWER, 1e-3, ["毫瓦"]),
    ("W", POWER, 1, ["w", "watt", "watts", "瓦", "瓦特"]),
    ("kW", POWER, 1e3, ["kw", "KW", "Kw", "kilowatt", "kilowatts", "千瓦"]),
    ("MW", POWER, 1e6, ["兆瓦"]),
    ("hp", POWER, 745.69987158227, ["HP", "Hp", "bhp"]),
    ("PS", POWER, 735.49875, ["马力"]),
    ("µm", LENGTH, 1e-6, ["μm", "um", "微米"]),
    ("mm", LENGTH, 1e-3, ["MM", "毫米"]),
    ("cm", LENGTH, 1e-2, ["CM", "厘米", "公分"]),
    ("dm", LENGTH, 0.1, ["分米"]),
    ("m", LENGTH, 1, ["meter", "meters", "metre", "metres", "米"]),
    ("km", LENGTH, 1e3, ["KM", "千米", "公里"]),
    ("in", LENGTH, 0.0254, ["inch", "inches", '"', "″", "英寸"]),
    ("ft", LENGTH, 0.3048, ["feet", "foot", "′", "英尺"]),
    ("yd", LENGTH, 0.9144, ["yard", "yards"]),
    ("mg", MASS, 1e-6, ["毫克"]),
    ("g", MASS, 1e-3, ["gram", "grams", "克"]),
    ("kg", MASS, 1, ["KG", "Kg", "kgs", "kilogram", "kilograms", "千克", "公斤"]),
    ("t", MASS, 1e3, ["ton", "tons", "tonne", "tonnes", "吨"]),
    ("lb", MASS, 0.45359237, ["lbs", "LB", "LBS", "pound", "pounds", "磅"]),
    ("oz", MASS, 0.028349523125, ["盎司"]),
    ("斤", MASS, 0.5, ["jin"]),
    ("mV", VOLTAGE, 1e-3, ["毫伏"]),
    ("V", VOLTAGE, 1, ["v", "volt", "volts", "伏", "伏特"]),
    ("kV", VOLTAGE, 1e3, ["kv", "KV", "千伏"]),
    ("mA", CURRENT, 1e-3, ["毫安"]),
    ("A", CURRENT, 1, ["amp", "amps", "ampere", "安", "安培"]),
    ("kA", CURRENT, 1e3, ["千安"]),
    ("Hz", FREQUENCY, 1, ["hz", "HZ", "赫兹", "赫"]),
    ("kHz", FREQUENCY, 1e3, ["khz", "KHz", "KHZ", "千赫"]),
    ("MHz", FREQUENCY, 1e6, ["mhz", "MHZ", "兆赫"]),
    ("GHz", FREQUENCY, 1e9, ["ghz", "GHZ", "吉赫"]),
    ("mL", VOLUME, 1e-3, ["ml", "ML", "cc", "cm³", "cm3", "毫升"]),
    ("cL", VOLUME, 1e-2, ["cl"]),
    ("dL", VOLUME, 0.1, ["dl"]),
    ("L", VOLUME, 1, ["l", "litre", "litres", "liter", "liters", "升", "公升"]),
    ("m³", VOLUME, 1e3, ["m3", "M3", "cbm", "CBM", "立方米", "方"]),
    ("gal", VOLUME, 3.785411784, ["gallon", "gallons", "加仑"]),
    ("mm²", AREA, 1e-6, ["mm2", "平方毫米"]),
    ("cm²", AREA, 1e-4, ["cm2", "平方厘米"]),
    ("m²", AREA, 1, ["m2", "M2", "sqm", "sq m", "㎡", "平方米", "平米"]),
    ("ha", AREA, 1e4, ["公顷"]),
    ("km²", AREA, 1e6, ["km2", "平方公里", "平方千米"]),
    ("ft²", AREA, 0.09290304, ["ft2", "sq ft", "sqft"]),
    ("亩", AREA, 2000 / 3, ["mu"]),
    ("Pa", PRESSURE, 1, ["pa", "帕", "帕斯卡"]),
    ("kPa", PRESSURE, 1e3, ["kpa", "KPa", "KPA", "千帕"]),
    ("MPa", PRESSURE, 1e6, ["mpa", "Mpa", "MPA", "兆帕"]),
    ("bar", PRESSURE, 1e5, ["Bar", "BAR", "巴"]),
    ("mbar", PRESSURE, 100, ["mBar", "毫巴"]),
    ("psi", PRESSURE, 6894.757293168, ["PSI"]),
    ("atm", PRESSURE, 101325, ["标准大气压", "大气压"]),
    ("°C", TEMPERATURE, 1, ["℃", "C", "degC", "摄氏度"]),
    ("ms", TIME, 1e-3, ["毫秒"]),
    ("s", TIME, 1, ["sec", "secs", "second", "seconds", "秒"]),
    ("min", TIME, 60, ["mins", "minute", "minutes", "分钟"]),
    ("h", TIME, 3600, ["hr", "hrs", "hour", "hours", "小时", "时"]),
    ("d", TIME, 86400, ["day", "days", "天", "日"]),
    (
        "pcs",
        COUNT,
        1,
        ["pc", "piece", "pieces", "件", "个", "只", "台", "套", "sets", "set", "units"],
    ),
    ("m/s", SPEED, 1, ["米/秒"]),
    ("m/min", SPEED, 1 / 60, ["米/分", "米/分钟"]),
    ("km/h", SPEED, 1 / 3.6, ["kph", "公里/小时", "千米/时"]),
    ("rpm", ROTATION, 1, ["r/min", "RPM", "转/分", "转/分钟"]),
    ("Wh", ENERGY, 1, ["瓦时"]),
    ("kWh", ENERGY, 1e3, ["kwh", "KWH", "度电", "千瓦时"]),
    ("%", RATIO, 1, ["％", "percent"]),
    ("°", ANGLE, 1, ["deg", "degree", "degrees"]),
]
# Affine temperature scales, converted to °C.
_AFFINE = [
    ("°F", TEMPERATURE, 5 / 9, -32 * 5 / 9, ["℉", "F", "degF", "华氏度"]),
    ("K", TEMPERATURE, 1, -273.15, ["开尔文"]),
]

UNITS = {}
for _symbol, _dimension, _factor, _aliases in _TABLE:
    UNITS[_symbol] = _unit = Unit(_symbol, _dimension, _factor)
    for _alias in _aliases:
        UNITS.setdefault(_alias, _unit)
for _symbol, _dimension, _factor, _offset, _aliases in _AFFINE:
    UNITS[_symbol] = _unit = Unit(_symbol, _dimension, _factor, _offset)
    for _alias in _aliases:
        UNITS.setdefault(_alias, _unit)

_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "°": "deg", "%": "pct", "％": "pct"})


def tidy(value):
    """Round away binary noise (0.1 * 1000 = 100.00000000000001) at 12 significant digits."""
    if value == 0 or not math.isfinite(value):
        return float(value)
    digits = 12 - int(math.floor(math.log10(abs(value)))) - 1
    return float(round(value, digits))


def _ascii_slug(text, separator="_"):
    return slugify(unicodedata.normalize("NFKD", text)).replace("-", separator)


def parse_unit(text):
    """The Unit written `text` ("kW", "千瓦", "m2" …); an unknown unit becomes a dimension
    of its own with factor 1, and no unit at all a bare number ("" suffix)."""
    text = (text or "").strip()
    unit = UNITS.get(text) or UNITS.get(text.replace(" ", ""))
    if unit is not None:
        return unit
    suffix = _ascii_slug(text.translate(_SUPERSCRIPTS).replace("/", " per "))
    if text and not suffix:
        suffix = "u" + hashlib.sha1(text.encode()).hexdigest()[:6]  # noqa: S324 (a name, not a secret)
    return Unit(text, Dimension(f"unit:{text}", text, suffix), 1.0)


def normalized_range(value_number, value_max, unit_text):
    """(min, max) in the base unit of the spec's dimension, or None for a text spec."""
    if value_number is None:
        return None
    unit = parse_unit(unit_text)
    low = unit.to_base(value_number)
    high = unit.to_base(value_max if value_max is not None else value_number)
    return (min(low, high), max(low, high))


_HAS_LATIN = re.compile(r"[A-Za-z]")


class SpecKeys:
    """Spec key derivation with the organizer's glossary (source term → English term).

    The key is language-neutral: it is derived from the spec's name in the source language,
    so "功率" on the Chinese page and "Power" on its English translation share "power_w".
    A Chinese name goes through the glossary's English term; a name with no usable slug
    (Chinese, not in the glossary) gets a short stable hash so it still filters.
    """

    def __init__(self, english_terms):
        self.english_terms = {
            source.strip(): target.strip() for source, target in dict(english_terms).items()
        }

    @classmethod
    def from_glossary(cls, names=None):
        """Keys with the glossary's English terms (for `names` only, when given)."""
        from booths.models import GlossaryTerm

        terms = GlossaryTerm.objects.filter(locale__language_code="en")
        if names is not None:
            terms = terms.filter(source_term__in=set(names))
        # A "spec" term wins over the same word filed as another kind.
        rows = terms.order_by("source_term", "kind").values_list(
            "source_term", "target_term", "kind"
        )
        english = {}
        for source, target, kind in rows:
            if kind == "spec" or source not in english:
                english[source] = target
        return cls(english)

    def name_slug(self, source_name):
        name = (source_name or "").strip()
        english = self.english_terms.get(name)
        if english is None and not _HAS_LATIN.search(name):
            english = ""
        slug = _ascii_slug(english if english is not None else name)
        if not slug:
            slug = "spec_" + hashlib.sha1(name.encode()).hexdigest()[:8]  # noqa: S324
        return slug

    def key(self, source_name, unit_text):
        """ "power_w" for ("功率", "kW"); a bare number keeps its name slug alone."""
        suffix = parse_unit(unit_text).dimension.suffix
        slug = self.name_slug(source_name)
        return f"{slug}_{suffix}" if suffix else slug
