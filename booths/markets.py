"""Target markets: ISO 3166 countries (django-countries) plus the trade regions buyers use.

Import files and editors may name a market by ISO code, by English or Chinese country name,
or by a region name or alias below; everything is stored as codes.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

REGIONS = {
    "asean": (_("ASEAN"), ("asean", "东盟", "东南亚", "southeast asia")),
    "eu": (_("European Union"), ("eu", "european union", "欧盟", "europe", "欧洲")),
    "middle-east": (_("Middle East"), ("middle east", "中东", "gcc", "海湾")),
    "africa": (_("Africa"), ("africa", "非洲")),
    "latin-america": (_("Latin America"), ("latin america", "latam", "拉美", "拉丁美洲", "南美")),
    "north-america": (_("North America"), ("north america", "北美")),
    "cis": (_("CIS / Central Asia"), ("cis", "central asia", "独联体", "中亚", "俄语区")),
    "oceania": (_("Oceania"), ("oceania", "大洋洲")),
    "east-asia": (_("East Asia"), ("east asia", "东亚", "日韩")),
    "south-asia": (_("South Asia"), ("south asia", "南亚")),
    "belt-and-road": (_("Belt and Road countries"), ("belt and road", "一带一路")),
}
REGION_CHOICES = [(code, label) for code, (label, _aliases) in REGIONS.items()]

_REGION_ALIASES = {
    alias.casefold(): code for code, (_label, aliases) in REGIONS.items() for alias in aliases
}


def _country_names():
    """Upper-cased ISO code by casefolded English and Chinese name."""
    from django.utils import translation

    names = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for code, name in countries:
                names[str(name).casefold()] = code
    # Names people commonly write that differ from ISO's.
    names.update(
        {
            "usa": "US",
            "united states": "US",
            "america": "US",
            "美国": "US",
            "uk": "GB",
            "england": "GB",
            "britain": "GB",
            "英国": "GB",
            "russia": "RU",
            "俄罗斯": "RU",
            "korea": "KR",
            "south korea": "KR",
            "韩国": "KR",
            "vietnam": "VN",
            "越南": "VN",
            "uae": "AE",
            "阿联酋": "AE",
            "中国": "CN",
            "china": "CN",
            "中国香港": "HK",
            "香港": "HK",
            "中国台湾": "TW",
            "台湾": "TW",
            "iran": "IR",
            "伊朗": "IR",
            "turkey": "TR",
            "土耳其": "TR",
        }
    )
    return names


_COUNTRY_NAMES = None


def parse_country(value):
    """ISO alpha-2 code for a code or a country name, or None if unknown."""
    global _COUNTRY_NAMES
    text = (value or "").strip()
    if not text:
        return None
    if len(text) == 2 and text.upper() in dict(countries):
        return text.upper()
    if _COUNTRY_NAMES is None:
        _COUNTRY_NAMES = _country_names()
    return _COUNTRY_NAMES.get(text.casefold())


def parse_market(value):
    """("country", code) or ("region", code) for one market token, or None if unknown."""
    text = (value or "").strip()
    if text.casefold() in REGIONS:
        return ("region", text.casefold())
    if text.casefold() in _REGION_ALIASES:
        return ("region", _REGION_ALIASES[text.casefold()])
    code = parse_country(text)
    return ("country", code) if code else None
