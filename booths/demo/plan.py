"""The demo as plain data: who exhibits what, who buys what, drawn from one seeded generator.

Planning never touches the database, so the same seed always gives the same exhibitors,
exhibits, specs and buyers, and `seed` only has to write what is planned here.
"""

import random
import uuid
from dataclasses import dataclass, field

from django.utils.text import slugify

from booths.demo import texts
from booths.demo.catalogue import (
    BOOTH_TAGS,
    BRANDS,
    BUSINESS_FIELDS,
    BUYER_CONTACT_ROLES,
    BUYER_COUNTRY_WEIGHTS,
    BUYER_FEEDBACK,
    BUYER_NAMES,
    CHINESE_GIVEN_NAMES,
    CHINESE_SURNAMES,
    CITIES,
    COUNTRIES,
    COUNTRY_PEOPLE,
    COUNTRY_REGIONS,
    COUNTRY_TEXT_LANGUAGE,
    DIAL_CODES,
    EXHIBITOR_CONTACT_ROLES,
    EXHIBITOR_FEEDBACK,
    FOREIGN_EXHIBITORS,
    HALL_CITIES,
    HALLS,
    LANGUAGES,
    MATERIALS,
    PEOPLE,
    PRODUCTS,
    SPECS,
    Count,
    Num,
    Pick,
    Size,
    Term,
)

SEED = 20261129
EXHIBITS_PER_BOOTH = (3, 3, 3, 4, 4, 5)
# Exhibitor numbers that took part in the past editions ("few booths", SPEC Annex A item 7).
PAST_EDITION_EVERY = {1: 15, 2: 6}
NAMESPACE = uuid.UUID("6f1d2a4e-8c1b-4f0e-9a57-20261129a001")


def stable_uuid(*parts):
    """A translation_key that is the same on every run for the same planned object."""
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


@dataclass
class SpecPlan:
    key: str
    name: Term
    value: Term
    number: float | None = None
    number_max: float | None = None
    unit: str = ""


@dataclass
class ExhibitPlan:
    key: str
    product_key: str
    category_key: str
    model_number: str
    title: Term
    description: Term
    specs: list
    moq: int
    moq_unit: Term
    colour: tuple
    with_glb: bool = False


@dataclass
class ExhibitorPlan:
    number: int
    external_id: str
    hall_key: str
    name: Term
    slug: str
    country: str
    company_name: str
    founded: int
    category_keys: list
    exhibits: list
    markets: list
    regions: list
    website: str
    main_exhibits: str
    buyer_needs_served: str
    contacts: list
    booth_number: str
    tags: list
    introduction: Term
    story: Term
    colour: tuple
    past_editions: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    features: set = field(default_factory=set)


@dataclass
class BuyerPlan:
    number: int
    external_id: str
    company_name: str
    country: str
    business_field: str
    main_products: str
    category_keys: list
    keywords: str
    needs: list
    contact: dict
    feedback: list = field(default_factory=list)


@dataclass
class DemoPlan:
    exhibitors: list
    buyers: list


def hall(key):
    return next(h for h in HALLS if h.key == key)


def leaf_categories(hall_def):
    """(category key, product keys) of the categories exhibits are filed under."""
    leaves = []
    for category in hall_def.categories:
        if category.children:
            leaves.extend((child.key, child.products) for child in category.children)
        else:
            leaves.append((category.key, category.products))
    return leaves


PRODUCT_CATEGORY = {
    product: category
    for hall_def in HALLS
    for category, products in leaf_categories(hall_def)
    for product in products
}


def _jitter(rng, colour, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def _draw_spec(rng, key, rule):
    name, unit = SPECS[key]
    if isinstance(rule, Num):
        steps = round((rule.hi - rule.lo) / rule.step)
        value = round(rule.lo + rng.randint(0, steps) * rule.step, 2)
        value_max = round(value + rule.span, 2) if rule.span else None
        text = Term(*(texts.measurement(value, value_max, unit, lang) for lang in LANGUAGES))
        return SpecPlan(key, name, text, value, value_max, unit or "")
    if isinstance(rule, Count):
        value = rng.choice(rule.values)
        return SpecPlan(key, name, Term(*([str(value)] * 4)), float(value))
    if isinstance(rule, Size):
        variant = rng.choice(rule.variants)
        text = Term(*(texts.dimensions(variant, rule.unit, lang) for lang in LANGUAGES))
        return SpecPlan(key, name, text)
    if isinstance(rule, Pick):
        return SpecPlan(key, name, MATERIALS[rng.choice(rule.keys)])
    raise TypeError(f"Unknown spec rule {rule!r}")


def _plan_exhibit(rng, exhibitor_number, index, product_key, hall_def, used_models):
    product = PRODUCTS[product_key]
    model = _unique(
        lambda: f"{product.code}-{rng.randint(100, 989)}{rng.choice(('', '', 'A', 'B', 'S'))}",
        used_models,
        lambda model, n: f"{model}-{n}",
    )
    specs = [_draw_spec(rng, key, rule) for key, rule in product.specs]
    lo, hi, step = product.moq
    moq = lo + rng.randint(0, (hi - lo) // step) * step
    highlight = rng.choice(hall_def.highlights)
    title = Term(*(texts.exhibit_title(product.name.get(lang), model, lang) for lang in LANGUAGES))
    description = Term(
        *(
            texts.exhibit_description(
                product.name.get(lang),
                model,
                highlight.get(lang),
                texts.SPEC_SEPARATORS[lang].join(
                    texts.spec_pair(spec.name.get(lang), spec.value.get(lang), lang)
                    for spec in specs[:3]
                ),
                moq,
                product.moq_unit.get(lang),
                lang,
            )
            for lang in LANGUAGES
        )
    )
    return ExhibitPlan(
        key=f"{exhibitor_number:04d}-{index}",
        product_key=product_key,
        category_key=PRODUCT_CATEGORY[product_key],
        model_number=model,
        title=title,
        description=description,
        specs=specs,
        moq=moq,
        moq_unit=product.moq_unit,
        colour=_jitter(rng, product.colour),
    )


def _chinese_name(rng):
    return rng.choice(CHINESE_SURNAMES) + rng.choice(CHINESE_GIVEN_NAMES)


def _phone(rng, country):
    digits = "".join(str(rng.randint(0, 9)) for _ in range(10))
    if country == "CN":
        return f"+86 13{rng.randint(0, 9)} {digits[:4]} {digits[4:8]}"
    return f"{DIAL_CODES[country]} {digits[:3]} {digits[3:6]} {digits[6:]}"


def _unique(draw, used, variant, attempts=500):
    """A value from draw() not in `used`; after many clashes, a numbered variant of one."""
    for _attempt in range(attempts):
        value = draw()
        if value not in used:
            break
    n = 2
    while value in used:
        value, n = variant(draw(), n), n + 1
    used.add(value)
    return value


def _numbered_brand(brand, n):
    """A second factory of a brand, for runs with more exhibitors than name combinations."""
    return Term(f"{brand.zh}{n}号", f"{brand.en} {n}", f"{brand.ru}-{n}", f"{brand.ar} {n}")


def _company_names(rng, count):
    """Distinct (hall key, country, name Term, home town Term) for `count` exhibitors."""
    shares = [(h.key, h.share) for h in HALLS]
    foreign = {25 + 50 * i: entry for i, entry in enumerate(FOREIGN_EXHIBITORS)}
    used = set()
    result = []
    for number in range(1, count + 1):
        if number in foreign:
            result.append(foreign[number])
            continue
        hall_key = rng.choices([k for k, _ in shares], weights=[w for _, w in shares])[0]
        hall_def = hall(hall_key)
        city, brand, line = _unique(
            lambda hall_key=hall_key, hall_def=hall_def: (
                CITIES[rng.choice(HALL_CITIES[hall_key])],
                rng.choice(BRANDS),
                rng.choice(hall_def.lines),
            ),
            used,
            lambda parts, n: (parts[0], _numbered_brand(parts[1], n), parts[2]),
        )
        name = Term(*(texts.company_name(city, brand, line, lang) for lang in LANGUAGES))
        result.append((hall_key, "CN", name, city))
    return result


def _unique_slug(base, used):
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def plan_exhibitors(rng, count):
    """`count` exhibitors (a few from abroad) with 3–5 exhibits each, in hall proportions."""
    used_slugs, used_models = set(), set()
    exhibitors = []
    hall_counters = {h.key: 0 for h in HALLS}
    glb_candidates = 0
    market_pool = [code for code in BUYER_COUNTRY_WEIGHTS if code != "CN"]
    for number, (hall_key, country, name, city) in enumerate(_company_names(rng, count), start=1):
        hall_def = hall(hall_key)
        leaves = leaf_categories(hall_def)
        chosen = rng.sample(leaves, k=min(len(leaves), rng.choice((1, 2, 2))))
        products = [p for _key, product_keys in chosen for p in product_keys]
        exhibit_count = rng.choice(EXHIBITS_PER_BOOTH)
        exhibits = [
            _plan_exhibit(rng, number, i, rng.choice(products), hall_def, used_models)
            for i in range(1, exhibit_count + 1)
        ]
        markets = rng.sample(market_pool, k=rng.randint(2, 5))
        regions = sorted({region for code in markets for region in COUNTRY_REGIONS[code]})
        slug = _unique_slug(
            slugify(name.en.removesuffix(" Co., Ltd.")) or f"exhibitor-{number}", used_slugs
        )
        seat = hall_counters[hall_key]
        hall_counters[hall_key] += 1
        founded = rng.randint(1988, 2019)
        product_names = {lang: [] for lang in LANGUAGES}
        for exhibit in exhibits:
            for lang in LANGUAGES:
                product_name = PRODUCTS[exhibit.product_key].name.get(lang)
                if product_name not in product_names[lang]:
                    product_names[lang].append(product_name)
        introduction = Term(
            *(
                texts.booth_introduction(
                    name.get(lang),
                    city.get(lang),
                    founded,
                    hall_def.business.get(lang),
                    product_names[lang],
                    [COUNTRIES[code].get(lang) for code in markets],
                    lang,
                )
                for lang in LANGUAGES
            )
        )
        story = Term(
            *(texts.booth_story(name.get(lang), len(exhibits), lang) for lang in LANGUAGES)
        )
        contacts = [
            {
                "name": _person(rng, country)[0],
                "role": rng.choice(EXHIBITOR_CONTACT_ROLES),
                "email": f"sales{i or ''}@{slug}.example.com",
                "phone": _phone(rng, country),
                "wechat": f"{slug[:14]}_{number}{i}" if country == "CN" else "",
            }
            for i in range(rng.randint(1, 2))
        ]
        plan = ExhibitorPlan(
            number=number,
            external_id=f"DEMO-E-{number:04d}",
            hall_key=hall_key,
            name=name,
            slug=slug,
            country=country,
            company_name=name.zh if country == "CN" else name.en,
            founded=founded,
            category_keys=sorted({exhibit.category_key for exhibit in exhibits}),
            exhibits=exhibits,
            markets=markets,
            regions=regions,
            website=f"https://www.{slug}.example.com",
            main_exhibits="、".join(product_names["zh-hans"]),
            buyer_needs_served=rng.choice(
                (
                    "批发商、连锁商超和电商卖家的 OEM/ODM 订单",
                    "酒店、公寓等工程项目的批量采购",
                    "海外品牌商的小批量多品种定制",
                    "进口商和分销商的整柜采购",
                )
            ),
            contacts=contacts,
            booth_number=f"{hall_def.letter}{seat // 20 + 1}-{seat % 20 + 1:02d}",
            tags=rng.sample(BOOTH_TAGS, k=rng.randint(2, 3)),
            introduction=introduction,
            story=story,
            colour=_jitter(rng, PRODUCTS[exhibits[0].product_key].colour, 30),
        )
        for edition_number, every in PAST_EDITION_EVERY.items():
            if number % every == 1:
                plan.past_editions.append(edition_number)
                plan.feedback.append((edition_number, *rng.choice(EXHIBITOR_FEEDBACK)))
        _assign_features(plan, number)
        if any(PRODUCTS[e.product_key].glb for e in exhibits):
            if glb_candidates % 25 == 0:
                plan.features.add("model_3d")
                next(e for e in exhibits if PRODUCTS[e.product_key].glb).with_glb = True
            glb_candidates += 1
        exhibitors.append(plan)
    return exhibitors


def _assign_features(plan, number):
    """Which rich media a booth body carries; the first booths carry one of each."""
    rules = {
        "panorama": (35, 1),
        "video": (40, 2),
        "live_stream": (27, 3),
        "vr_link": (50, 4),
        "brochure": (3, 0),
    }
    for feature, (every, remainder) in rules.items():
        if number % every == remainder:
            plan.features.add(feature)


def _buyer_name(rng, country, used):
    pattern, firsts, seconds = BUYER_NAMES[country]
    for _attempt in range(50):
        name = pattern.format(a=rng.choice(firsts), b=rng.choice(seconds))
        if name not in used:
            used.add(name)
            return name
    n = 2
    while f"{name} {n}" in used:
        n += 1
    used.add(f"{name} {n}")
    return f"{name} {n}"


def _person(rng, country):
    """A contact's name as written in their country, and the language of their job title."""
    group = COUNTRY_PEOPLE.get(country, "generic")
    if group == "zh":
        return _chinese_name(rng), "zh"
    men, women, families, feminine = PEOPLE[group]
    family = rng.choice(families)
    if rng.random() < 0.5:
        first = rng.choice(men)
    else:
        first, family = rng.choice(women), family + feminine
    role_language = "ru" if group in {"ru", "kz"} else "en"
    return f"{first} {family}", role_language


def plan_buyers(rng, count):
    """`count` buyers with a realistic country mix and what they want to buy (SPEC 4.1.3)."""
    countries = list(BUYER_COUNTRY_WEIGHTS)
    weights = list(BUYER_COUNTRY_WEIGHTS.values())
    used = set()
    buyers = []
    for number in range(1, count + 1):
        country = rng.choices(countries, weights=weights)[0]
        language = COUNTRY_TEXT_LANGUAGE.get(country) or ("ar" if country in {"SA", "EG"} else "en")
        hall_def = rng.choices(HALLS, weights=[h.share for h in HALLS])[0]
        leaves = rng.sample(leaf_categories(hall_def), k=rng.randint(1, 3))
        products = [PRODUCTS[p] for _key, keys in leaves for p in keys]
        wanted = rng.sample(products, k=min(len(products), rng.randint(2, 4)))
        materials = {
            MATERIALS[rule.keys[0]]
            for product in wanted
            for _key, rule in product.specs
            if isinstance(rule, Pick) and not rule.keys[0].startswith("sizes")
        }
        keywords = [p.name.get(language) for p in wanted] + [
            m.get(language) for m in sorted(materials)[:2]
        ]
        company = _buyer_name(rng, country, used)
        person, role_language = _person(rng, country)
        ascii_slug = slugify(company)
        domain = ascii_slug[:30] if len(ascii_slug) >= 4 else f"buyer-{number:04d}"
        buyer = BuyerPlan(
            number=number,
            external_id=f"DEMO-B-{number:04d}",
            company_name=company,
            country=country,
            business_field=BUSINESS_FIELDS[hall_def.key].get(language),
            main_products=texts.join([p.name.get(language) for p in wanted], language),
            category_keys=[key for key, _products in leaves],
            keywords="; ".join(keywords),
            needs=sorted(
                rng.sample(["viewing", "meeting", "negotiation"], k=rng.randint(1, 3)),
                key=["viewing", "meeting", "negotiation"].index,
            ),
            contact={
                "name": person,
                "role": rng.choice(BUYER_CONTACT_ROLES[role_language]),
                "email": f"purchasing@{domain}.example.com",
                "phone": _phone(rng, country),
            },
        )
        for edition_number, chance in ((1, 0.15), (2, 0.35)):
            if rng.random() < chance:
                buyer.feedback.append((edition_number, *rng.choice(BUYER_FEEDBACK)))
        buyers.append(buyer)
    return buyers


def build_plan(exhibitors=210, buyers=650, seed=SEED):
    """The whole demo for this many exhibitors and buyers; same seed, same demo."""
    rng = random.Random(seed)
    exhibitor_plans = plan_exhibitors(rng, exhibitors)
    buyer_plans = plan_buyers(rng, buyers)
    return DemoPlan(exhibitors=exhibitor_plans, buyers=buyer_plans)
