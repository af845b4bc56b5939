"""Numeric specifications become comparable numbers under language-neutral keys (SPEC 4.7.2)."""

import pytest

from site_builder.search.specs import SpecKeys, normalized_range, parse_unit


@pytest.mark.parametrize(
    ("number", "maximum", "unit", "expected"),
    [
        (10, None, "kW", (10_000, 10_000)),
        (15, 30, "kW", (15_000, 30_000)),
        (2000, None, "W", (2000, 2000)),
        (5, None, "千瓦", (5000, 5000)),
        (1, None, "hp", (745.69987158227, 745.69987158227)),
        (1.8, None, "m", (1.8, 1.8)),
        (1800, None, "mm", (1.8, 1.8)),
        (24, None, "in", (0.6096, 0.6096)),
        (500, None, "g", (0.5, 0.5)),
        (2, None, "t", (2000, 2000)),
        (380, None, "V", (380, 380)),
        (10, None, "kV", (10_000, 10_000)),
        (500, None, "mA", (0.5, 0.5)),
        (2.4, None, "GHz", (2.4e9, 2.4e9)),
        (750, None, "mL", (0.75, 0.75)),
        (2, None, "m³", (2000, 2000)),
        (12, None, "m2", (12, 12)),
        (8, None, "bar", (800_000, 800_000)),
        (1.6, None, "MPa", (1_600_000, 1_600_000)),
        (212, None, "°F", (100, 100)),
        (200, None, "℃", (200, 200)),
        (2, None, "h", (7200, 7200)),
        (30, None, "min", (1800, 1800)),
        (30, 10, "kW", (10_000, 30_000)),  # a range written backwards is still a range
    ],
)
def test_values_are_converted_to_the_base_unit_of_their_dimension(number, maximum, unit, expected):
    low, high = normalized_range(number, maximum, unit)
    assert (low, high) == pytest.approx(expected)


def test_text_specs_have_no_numbers():
    assert normalized_range(None, None, "") is None


def test_megawatts_and_milliwatts_are_not_confused():
    assert parse_unit("MW").factor == 1e6
    assert parse_unit("mW").factor == 1e-3


def test_the_key_comes_from_the_glossary_when_the_source_name_is_chinese():
    keys = SpecKeys({"功率": "Power", "最高温度": "Max. temperature"})
    assert keys.key("功率", "kW") == "power_w"
    assert keys.key("功率", "W") == "power_w"  # one key whatever unit the exhibitor wrote
    assert keys.key("功率", "hp") == "power_w"
    assert keys.key("最高温度", "°C") == "max_temperature_c"


def test_latin_names_are_slugified_and_unknown_chinese_names_still_get_a_stable_key():
    keys = SpecKeys({})
    assert keys.key("Working width", "m") == "working_width_m"
    unknown = keys.key("转速", "rpm")
    assert unknown.startswith("spec_") and unknown.endswith("_rpm")
    assert unknown == SpecKeys({}).key("转速", "r/min")


def test_unknown_units_are_kept_under_a_key_of_their_own():
    keys = SpecKeys({"克重": "Fabric weight", "保暖值": "Warmth rating"})
    assert keys.key("克重", "g/m²") == "fabric_weight_g_per_m2"
    assert keys.key("保暖值", "TOG") == "warmth_rating_tog"
    assert normalized_range(4.5, None, "TOG") == (4.5, 4.5)


def test_a_bare_number_keeps_the_name_alone():
    assert SpecKeys({"针数": "Needles"}).key("针数", "") == "needles"
