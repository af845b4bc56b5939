"""Sentences of the demo in each language, written from catalogue terms.

Each function returns the text for one language; grammar that differs between languages
(list separators, decimal commas, word order) is handled here rather than in templates.
"""

from django.utils.html import escape

from booths.demo.catalogue import UNITS, Term

LIST_SEPARATORS = {"zh-hans": "、", "en": ", ", "ru": ", ", "ar": "، "}


def join(items, language):
    """A list as written in running text: "A、B、C", "A, B and C", "A, B и C", "A، B وC"."""
    items = list(items)
    if len(items) < 2 or language == "zh-hans":
        return LIST_SEPARATORS[language].join(items)
    last = {"en": " and ", "ru": " и ", "ar": " و"}[language]
    return LIST_SEPARATORS[language].join(items[:-1]) + last + items[-1]


def in_sentence(name, language):
    """A product name inside running text: "down pillow", not "Down pillow" (en, ru)."""
    if language in {"en", "ru"} and len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def number(value, language):
    """A spec number without trailing zeros; Russian writes a decimal comma."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "ru" else text


def measurement(value, value_max, unit_symbol, language):
    """ "5.5 kW", "16–96 S", "5,5 кВт": the value_text of a numeric spec."""
    text = number(value, language)
    if value_max is not None:
        text += "–" + number(value_max, language)
    if not unit_symbol:
        return text
    unit = UNITS[unit_symbol].term.get(language)
    if unit in {"%", "°"}:
        return text + unit
    return f"{text} {unit}"


def dimensions(variant, unit_symbol, language):
    """ "200 × 230 cm" with the unit as each language writes it."""
    return f"{variant} {UNITS[unit_symbol].term.get(language)}"


def company_name(city, brand, line, language):
    """How a Chinese company calls itself in each language."""
    if language == "zh-hans":
        return f"{city.zh}{brand.zh}{line.zh}有限公司"
    if language == "en":
        return f"{city.en} {brand.en} {line.en} Co., Ltd."
    if language == "ru":
        return f"{line.ru} «{city.ru} {brand.ru}»"
    return f"شركة {city.ar} {brand.ar} {line.ar} المحدودة"


def edition_title(ordinal: Term, series: Term, language):
    if language == "zh-hans":
        return f"{ordinal.zh}{series.zh}"
    if language == "ar":
        return f"{series.ar} – {ordinal.ar}"
    return f"{ordinal.get(language)} {series.get(language)}"


def russian_plural(count, one, few, many):
    """Russian nouns after numbers: 1 товар, 3 товара, 5 товаров, 21 товар."""
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def arabic_products(count):
    """Arabic counted noun: 3–10 take the plural, 11 and up the singular accusative."""
    return "منتجات" if 3 <= count <= 10 else "منتجاً"


def edition_description(number_of_halls, hall_names, language):
    halls = join(hall_names, language)
    if language == "zh-hans":
        return (
            f"<p>本届云展会设{halls}{number_of_halls}个展馆，汇集南通及长三角地区的家纺、家具和机械企业，"
            "面向全球采购商在线展示、洽谈和签约。</p>"
            "<p>采购商可按品类、型号和规格搜索展品，预约视频洽谈，观看企业直播。</p>"
        )
    if language == "en":
        return (
            f"<p>This edition has {number_of_halls} halls: {halls}. Home textile, furniture and "
            "machinery makers from Nantong and the Yangtze River Delta show, negotiate and sign "
            "with buyers from around the world, online.</p>"
            "<p>Buyers can search exhibits by category, model and specification, book video "
            "meetings and watch the exhibitors' live streams.</p>"
        )
    if language == "ru":
        return (
            f"<p>В этом году работают {number_of_halls} павильона: {halls}. Производители "
            "домашнего текстиля, мебели и оборудования из Наньтуна и дельты Янцзы проводят "
            "онлайн-показы, переговоры и подписывают контракты с покупателями со всего мира.</p>"
            "<p>Покупатели ищут экспонаты по категории, модели и характеристикам, назначают "
            "видеовстречи и смотрят прямые трансляции экспонентов.</p>"
        )
    return (
        f"<p>تضم هذه الدورة {number_of_halls} أجنحة: {halls}. يعرض فيها مصنعو المنسوجات "
        "المنزلية والأثاث والآلات من نانتونغ ودلتا نهر اليانغتسي منتجاتهم ويتفاوضون ويوقّعون "
        "العقود مع المشترين من جميع أنحاء العالم عبر الإنترنت.</p>"
        "<p>يمكن للمشترين البحث عن المعروضات حسب الفئة والطراز والمواصفات، وحجز اجتماعات "
        "فيديو، ومشاهدة البث المباشر للعارضين.</p>"
    )


def booth_introduction(company, city, year, business, products, markets, language):
    """Two short paragraphs: who the exhibitor is, what it makes, where it sells."""
    company, city = escape(company), escape(city)
    products = escape(join([in_sentence(p, language) for p in products], language))
    markets = escape(join(markets, language))
    if language == "zh-hans":
        return (
            f"<p>{company}位于{city}，成立于{year}年，专业从事{business}的研发、生产和销售，"
            f"主营{products}。</p><p>产品远销{markets}等国家和地区，欢迎各国采购商洽谈合作。</p>"
        )
    if language == "en":
        return (
            f"<p>{company}, founded in {year} in {city}, designs, makes and sells {business}. "
            f"Main products: {products}.</p><p>We export to {markets} and more, and welcome "
            "buyers from every country.</p>"
        )
    if language == "ru":
        return (
            f"<p>{company} основана в {year} году в городе {city}. Профиль компании — "
            f"{business}: разработка, производство и продажа. Основная продукция: {products}."
            f"</p><p>Основные рынки сбыта: {markets}. Приглашаем покупателей к сотрудничеству.</p>"
        )
    return (
        f"<p>تأسست {company} عام {year} في مدينة {city}، وتعمل في تطوير وإنتاج وبيع {business}. "
        f"من أبرز منتجاتها: {products}.</p><p>تُصدّر منتجاتها إلى {markets} وغيرها، وترحب "
        "بالمشترين من جميع البلدان.</p>"
    )


def booth_story(company, exhibit_count, language):
    """The rich-text block at the top of a booth's body."""
    company = escape(company)
    if language == "zh-hans":
        return (
            f"<h2>关于我们</h2><p>{company}本届展出{exhibit_count}款产品，全部支持 OEM/ODM，"
            "可提供样品和第三方检测报告。</p><ul><li>在线视频看厂</li><li>7×24 小时询盘回复</li>"
            "<li>支持 FOB、CIF 等贸易方式</li></ul>"
        )
    if language == "en":
        return (
            f"<h2>About us</h2><p>{company} shows {exhibit_count} products at this expo, all "
            "available for OEM/ODM, with samples and third-party test reports.</p><ul>"
            "<li>Online video factory tours</li><li>Inquiries answered around the clock</li>"
            "<li>FOB, CIF and other trade terms</li></ul>"
        )
    if language == "ru":
        return (
            f"<h2>О нас</h2><p>{company} представляет на выставке {exhibit_count} "
            f"{russian_plural(exhibit_count, 'товар', 'товара', 'товаров')}; все доступны "
            "по схеме OEM/ODM, предоставляем образцы и отчёты "
            "независимых лабораторий.</p><ul><li>Онлайн-экскурсии по фабрике</li>"
            "<li>Ответ на запросы круглосуточно</li><li>Условия поставки FOB, CIF и другие</li></ul>"
        )
    return (
        f"<h2>من نحن</h2><p>تعرض {company} في هذا المعرض {exhibit_count} "
        f"{arabic_products(exhibit_count)}، جميعها متاحة "
        "بنظام OEM/ODM، مع عينات وتقارير اختبار من جهات مستقلة.</p><ul><li>جولات افتراضية "
        "في المصنع عبر الفيديو</li><li>الرد على الاستفسارات على مدار الساعة</li><li>شروط "
        "تسليم FOB وCIF وغيرها</li></ul>"
    )


def exhibit_title(product_name, model_number, language):
    return f"{product_name} {model_number}"


def exhibit_description(name, model, highlight, spec_summary, moq, moq_unit, language):
    name, summary = escape(name), escape(spec_summary)
    if language == "zh-hans":
        return (
            f"<p>{name}（型号 {model}），{highlight}。</p><p>主要参数：{summary}。"
            f"起订量 {moq} {moq_unit}，支持 OEM/ODM 定制，可寄样。</p>"
        )
    if language == "en":
        return (
            f"<p>{name} (model {model}): {highlight}.</p><p>Key specifications: {summary}. "
            f"MOQ {moq} {moq_unit}; OEM/ODM welcome, samples available.</p>"
        )
    if language == "ru":
        return (
            f"<p>{name} (модель {model}): {highlight}.</p><p>Основные характеристики: {summary}. "
            f"Минимальный заказ — {moq} {moq_unit}; OEM/ODM, образцы по запросу.</p>"
        )
    return (
        f"<p>{name} (الطراز {model}): {highlight}.</p><p>المواصفات الرئيسية: {summary}. "
        f"الحد الأدنى للطلب {moq} {moq_unit}؛ نقبل طلبات OEM/ODM وتتوفر عينات.</p>"
    )


def spec_pair(name, value, language):
    return f"{name}{'：' if language == 'zh-hans' else ': '}{value}"


SPEC_SEPARATORS = {"zh-hans": "；", "en": "; ", "ru": "; ", "ar": "؛ "}

GALLERY_TITLES = Term("产品图集", "Product gallery", "Галерея продукции", "معرض صور المنتجات")
LIVE_TITLES = Term(
    "新品发布直播",
    "Live: new product launch",
    "Прямой эфир: презентация новинок",
    "بث مباشر: إطلاق منتجات جديدة",
)
PANORAMA_TITLES = Term("360° 展厅", "360° showroom", "Шоурум 360°", "صالة عرض 360°")
VR_LINK_LABELS = Term(
    "VR 看厂", "VR factory tour", "VR-экскурсия по фабрике", "جولة افتراضية في المصنع"
)
BROCHURE_TITLES = Term(
    "产品画册（PDF）", "Product catalogue (PDF)", "Каталог продукции (PDF)", "كتالوج المنتجات (PDF)"
)
VIDEO_CAPTIONS = Term("企业宣传片", "Company video", "Видео о компании", "فيديو تعريفي بالشركة")


def model_alt(product_name, model_number, language):
    """Screen-reader text of a 3D model block."""
    return {
        "zh-hans": f"{product_name} {model_number} 三维模型",
        "en": f"3D model of the {product_name} {model_number}",
        "ru": f"3D-модель: {product_name} {model_number}",
        "ar": f"نموذج ثلاثي الأبعاد: {product_name} {model_number}",
    }[language]
