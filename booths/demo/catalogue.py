"""The demo's vocabulary: halls, categories, products with spec templates, names, places.

Pure data, no randomness and no database: `booths.demo.plan` draws from it with a seeded
generator. Every public term is a `Term` in the four demo languages (source zh-hans, then
en, ru, ar) so that translated pages read as real translations, not transformed strings
(SPEC 6.2.2.2). Private records (buyer companies, contacts) use the language of their
country, as an organizer's import would.
"""

from typing import NamedTuple

LANGUAGES = ("zh-hans", "en", "ru", "ar")
TRANSLATION_LANGUAGES = LANGUAGES[1:]


class Term(NamedTuple):
    """One term in every demo language."""

    zh: str
    en: str
    ru: str
    ar: str

    def get(self, language):
        return self[LANGUAGES.index(language)]


T = Term


# ---------------------------------------------------------------------------------------
# Units and specifications. `symbol` is stored in ExhibitSpec.unit (synchronised across
# languages); the Term is how the unit is written after a number in each language.
# ---------------------------------------------------------------------------------------
class Unit(NamedTuple):
    symbol: str
    term: Term


UNITS = {
    "kW": Unit("kW", T("kW", "kW", "кВт", "كيلوواط")),
    "V": Unit("V", T("V", "V", "В", "فولت")),
    "m": Unit("m", T("m", "m", "м", "م")),
    "cm": Unit("cm", T("cm", "cm", "см", "سم")),
    "mm": Unit("mm", T("mm", "mm", "мм", "مم")),
    "kg": Unit("kg", T("kg", "kg", "кг", "كغ")),
    "S": Unit("S", T("S", "S", "S", "S")),
    "TC": Unit("TC", T("TC", "TC", "нит./дюйм²", "خيط/بوصة²")),
    "g/m²": Unit("g/m²", T("g/m²", "g/m²", "г/м²", "غ/م²")),
    "rpm": Unit("rpm", T("rpm", "rpm", "об/мин", "دورة/دقيقة")),
    "spm": Unit("spm", T("针/分", "stitches/min", "стежков/мин", "غرزة/دقيقة")),
    "m/min": Unit("m/min", T("m/min", "m/min", "м/мин", "م/دقيقة")),
    "m²/h": Unit("m²/h", T("m²/h", "m²/h", "м²/ч", "م²/ساعة")),
    "pcs/h": Unit("pcs/h", T("件/时", "pcs/h", "шт./ч", "قطعة/ساعة")),
    "°C": Unit("°C", T("°C", "°C", "°C", "°م")),
    "%": Unit("%", T("%", "%", "%", "%")),
    "°": Unit("°", T("°", "°", "°", "°")),
    "TOG": Unit("TOG", T("TOG", "TOG", "TOG", "TOG")),
}

# Spec names. A unit of None means the value is text (a material) or a bare count.
SPECS = {
    "power": (T("功率", "Power", "Мощность", "القدرة"), "kW"),
    "spindle_power": (
        T("主轴功率", "Spindle power", "Мощность шпинделя", "قدرة عمود الدوران"),
        "kW",
    ),
    "voltage": (T("电压", "Voltage", "Напряжение", "الجهد الكهربائي"), "V"),
    "working_width": (T("宽幅", "Working width", "Рабочая ширина", "عرض العمل"), "m"),
    "fabric_width": (T("门幅", "Fabric width", "Ширина ткани", "عرض القماش"), "cm"),
    "weight": (T("重量", "Weight", "Вес", "الوزن"), "kg"),
    "load": (T("承重", "Load capacity", "Допустимая нагрузка", "الحمولة القصوى"), "kg"),
    "capacity": (T("装载量", "Batch capacity", "Загрузка", "سعة الدفعة"), "kg"),
    "yarn_count": (T("支数", "Yarn count", "Номер пряжи", "نمرة الغزل"), "S"),
    "yarn_range": (
        T("纺纱支数范围", "Yarn count range", "Диапазон номеров пряжи", "نطاق نمرة الغزل"),
        "S",
    ),
    "thread_count": (T("密度", "Thread count", "Плотность ткани", "كثافة النسيج"), "TC"),
    "gsm": (T("克重", "Fabric weight", "Поверхностная плотность", "وزن القماش"), "g/m²"),
    "speed": (
        T("主轴转速", "Spindle speed", "Частота вращения шпинделя", "سرعة عمود الدوران"),
        "rpm",
    ),
    "loom_speed": (T("车速", "Machine speed", "Скорость станка", "سرعة الآلة"), "rpm"),
    "rotor_speed": (T("转杯转速", "Rotor speed", "Скорость ротора", "سرعة الدوّار"), "rpm"),
    "stitch_speed": (T("缝纫速度", "Sewing speed", "Скорость шитья", "سرعة الخياطة"), "spm"),
    "feed_speed": (T("进料速度", "Feed speed", "Скорость подачи", "سرعة التغذية"), "m/min"),
    "print_speed": (T("打印速度", "Print speed", "Скорость печати", "سرعة الطباعة"), "m²/h"),
    "output": (T("包装效率", "Output", "Производительность", "الإنتاجية"), "pcs/h"),
    "max_temperature": (
        T("最高温度", "Max. temperature", "Макс. температура", "أقصى درجة حرارة"),
        "°C",
    ),
    "blackout": (T("遮光率", "Blackout rate", "Светонепроницаемость", "نسبة التعتيم"), "%"),
    "recline": (T("最大躺角", "Max. recline angle", "Макс. угол наклона", "أقصى زاوية إمالة"), "°"),
    "tog": (T("保暖值", "Warmth rating", "Теплота", "درجة الدفء"), "TOG"),
    "seat_height": (T("座高", "Seat height", "Высота сиденья", "ارتفاع المقعد"), "cm"),
    "height_range": (T("高度调节范围", "Height range", "Диапазон высоты", "نطاق الارتفاع"), "cm"),
    "thickness": (T("厚度", "Thickness", "Толщина", "السماكة"), "cm"),
    "pile_height": (T("绒高", "Pile height", "Высота ворса", "ارتفاع الوبر"), "mm"),
    "stitch_length": (
        T("最大针距", "Max. stitch length", "Макс. длина стежка", "أقصى طول للغرزة"),
        "mm",
    ),
    "panel_thickness": (T("板厚范围", "Panel thickness", "Толщина панели", "سماكة اللوح"), "mm"),
    "print_width": (T("打印宽度", "Print width", "Ширина печати", "عرض الطباعة"), "m"),
    "mattress_width": (
        T("最大床垫宽度", "Max. mattress width", "Макс. ширина матраса", "أقصى عرض للمرتبة"),
        "m",
    ),
    "size": (T("尺寸", "Size", "Размер", "المقاس"), None),
    "working_area": (T("加工幅面", "Working area", "Рабочая зона", "مساحة العمل"), None),
    "material": (T("材质", "Material", "Материал", "المادة"), None),
    "shell": (T("面料", "Shell fabric", "Ткань чехла", "قماش الغلاف"), None),
    "filling": (T("填充物", "Filling", "Наполнитель", "الحشوة"), None),
    "core": (T("芯材", "Core", "Наполнение", "القلب"), None),
    "frame": (T("框架", "Frame", "Каркас", "الهيكل"), None),
    "firmness": (T("软硬度", "Firmness", "Жёсткость", "درجة الصلابة"), None),
    "sizes": (T("尺码", "Sizes", "Размеры", "المقاسات"), None),
    "spindles": (T("锭数", "Spindles", "Число веретён", "عدد المغازل"), None),
    "positions": (
        T("纺位数", "Spinning positions", "Число прядильных камер", "عدد مواضع الغزل"),
        None,
    ),
    "needles": (T("针数", "Needles", "Число игл", "عدد الإبر"), None),
    "threads": (T("线数", "Threads", "Число нитей", "عدد الخيوط"), None),
    "heads": (T("喷头数", "Print heads", "Число печатающих головок", "عدد رؤوس الطباعة"), None),
    "seats": (T("座位数", "Seats", "Число мест", "عدد المقاعد"), None),
    "layers": (T("层数", "Layers", "Число слоёв", "عدد الطبقات"), None),
    "abrasion": (
        T(
            "耐磨次数",
            "Martindale rub count",
            "Износостойкость (Мартиндейл)",
            "مقاومة الاحتكاك (مارتنديل)",
        ),
        None,
    ),
}

# Text values of specs: materials, fillings, firmness.
MATERIALS = {
    "oak": T("橡木", "Oak", "Дуб", "خشب البلوط"),
    "walnut": T("胡桃木", "Walnut", "Орех", "خشب الجوز"),
    "ash": T("白蜡木", "Ash", "Ясень", "خشب الدردار"),
    "pine": T("松木", "Pine", "Сосна", "خشب الصنوبر"),
    "e0_board": T("E0级板材", "E0-grade board", "Плита класса E0", "ألواح من فئة E0"),
    "steel": T("钢架", "Steel", "Сталь", "فولاذ"),
    "aluminium": T("铝合金", "Aluminium alloy", "Алюминиевый сплав", "سبيكة ألومنيوم"),
    "pe_rattan": T("PE藤", "PE rattan", "Искусственный ротанг", "روطان صناعي"),
    "mesh": T("网布", "Mesh", "Сетка", "قماش شبكي"),
    "leather": T("头层牛皮", "Top-grain leather", "Натуральная кожа", "جلد طبيعي"),
    "tech_fabric": T("科技布", "Tech fabric", "Технологичная ткань", "قماش تقني"),
    "velvet": T("丝绒", "Velvet", "Бархат", "مخمل"),
    "linen": T("亚麻", "Linen", "Лён", "كتان"),
    "cotton": T("纯棉", "100% cotton", "100% хлопок", "قطن 100%"),
    "long_staple": T("长绒棉", "Long-staple cotton", "Длинноволокнистый хлопок", "قطن طويل التيلة"),
    "bamboo": T("竹纤维", "Bamboo fibre", "Бамбуковое волокно", "ألياف الخيزران"),
    "tencel": T("天丝", "Tencel lyocell", "Лиоцелл Tencel", "ليوسيل تنسل"),
    "polyester": T("涤纶", "Polyester", "Полиэстер", "بوليستر"),
    "coral_fleece": T("珊瑚绒", "Coral fleece", "Коралловый флис", "صوف المرجان"),
    "wool": T("新西兰羊毛", "New Zealand wool", "Новозеландская шерсть", "صوف نيوزيلندي"),
    "silk_floss": T("桑蚕丝", "Mulberry silk floss", "Шёлк тутового шелкопряда", "حرير التوت"),
    "goose_down": T("白鹅绒", "White goose down", "Белый гусиный пух", "زغب الإوز الأبيض"),
    "duck_down": T("白鸭绒", "White duck down", "Белый утиный пух", "زغب البط الأبيض"),
    "memory_foam": T("记忆棉", "Memory foam", "Пена с эффектом памяти", "إسفنج الذاكرة"),
    "latex": T("天然乳胶", "Natural latex", "Натуральный латекс", "لاتكس طبيعي"),
    "pocket_springs": T("独立袋装弹簧", "Pocket springs", "Независимые пружины", "نوابض مستقلة"),
    "nonslip_rubber": T(
        "防滑橡胶底",
        "Non-slip rubber back",
        "Нескользящая резиновая основа",
        "قاعدة مطاطية مانعة للانزلاق",
    ),
    "medium": T("适中", "Medium", "Средняя", "متوسطة"),
    "firm": T("偏硬", "Firm", "Жёсткая", "صلبة"),
    "soft": T("偏软", "Soft", "Мягкая", "ناعمة"),
}


class Num(NamedTuple):
    """A number drawn from lo..hi in steps; a `span` makes it a range (value_max)."""

    lo: float
    hi: float
    step: float
    span: float = 0


class Pick(NamedTuple):
    """A text value drawn from MATERIALS keys."""

    keys: tuple


class Count(NamedTuple):
    """A bare count (no unit), drawn from the listed values."""

    values: tuple


class Size(NamedTuple):
    """Dimensions written as text ("200 × 230 cm"), drawn from the listed variants."""

    variants: tuple
    unit: str = "cm"


# ---------------------------------------------------------------------------------------
# Products. `shape` names the picture media.product_image() draws; `glb` the 3D model
# media.glb_model() builds for a few of them.
# ---------------------------------------------------------------------------------------
class Product(NamedTuple):
    key: str
    name: Term
    code: str
    shape: str
    colour: tuple
    specs: tuple
    moq: tuple  # (lo, hi, step)
    moq_unit: Term
    glb: str = ""


PIECES = T("件", "pieces", "шт.", "قطعة")
SETS = T("套", "sets", "компл.", "طقم")
METRES = T("米", "metres", "м", "متر")
MACHINE_SET = T("台", "set", "компл.", "آلة")
MACHINES = T("台", "units", "шт.", "وحدة")

_QUILT_SIZES = Size(("150 × 200", "200 × 230", "220 × 240"))
_PILLOW_SIZES = Size(("48 × 74", "50 × 80", "60 × 40 × 12"))

PRODUCTS = {
    p.key: p
    for p in (
        # Home textiles ------------------------------------------------------------
        Product(
            "silk_quilt",
            T("蚕丝被", "Mulberry silk quilt", "Шёлковое одеяло", "لحاف من الحرير الطبيعي"),
            "SQ",
            "quilt",
            (236, 226, 204),
            (
                ("filling", Pick(("silk_floss",))),
                ("shell", Pick(("cotton", "long_staple", "tencel"))),
                ("size", _QUILT_SIZES),
                ("weight", Num(1.0, 3.0, 0.5)),
            ),
            (100, 500, 50),
            PIECES,
        ),
        Product(
            "down_duvet",
            T("羽绒被", "Down duvet", "Пуховое одеяло", "لحاف من الزغب"),
            "DD",
            "quilt",
            (240, 240, 236),
            (
                ("filling", Pick(("goose_down", "duck_down"))),
                ("shell", Pick(("cotton", "long_staple"))),
                ("size", _QUILT_SIZES),
                ("weight", Num(0.8, 2.0, 0.2)),
            ),
            (100, 400, 50),
            PIECES,
        ),
        Product(
            "cotton_set",
            T(
                "纯棉四件套",
                "Cotton bedding set, 4 pieces",
                "Комплект постельного белья из хлопка, 4 предмета",
                "طقم مفارش قطني من 4 قطع",
            ),
            "BS",
            "bedset",
            (120, 160, 200),
            (
                ("material", Pick(("cotton", "long_staple"))),
                ("yarn_count", Num(40, 80, 20)),
                ("thread_count", Num(200, 600, 100)),
                ("size", Size(("150 × 200", "180 × 220", "200 × 230"))),
            ),
            (100, 300, 50),
            SETS,
        ),
        Product(
            "tencel_set",
            T(
                "天丝四件套",
                "Tencel bedding set, 4 pieces",
                "Комплект постельного белья из тенсела, 4 предмета",
                "طقم مفارش من التنسل من 4 قطع",
            ),
            "TS",
            "bedset",
            (176, 196, 180),
            (
                ("material", Pick(("tencel",))),
                ("yarn_count", Num(60, 80, 20)),
                ("gsm", Num(110, 140, 10)),
                ("size", Size(("180 × 220", "200 × 230"))),
            ),
            (100, 300, 50),
            SETS,
        ),
        Product(
            "memory_pillow",
            T(
                "记忆棉枕",
                "Memory foam pillow",
                "Подушка с эффектом памяти",
                "وسادة من إسفنج الذاكرة",
            ),
            "MP",
            "pillow",
            (226, 232, 240),
            (
                ("core", Pick(("memory_foam",))),
                ("size", _PILLOW_SIZES),
                ("weight", Num(1.0, 1.6, 0.1)),
            ),
            (200, 1000, 100),
            PIECES,
        ),
        Product(
            "down_pillow",
            T("羽绒枕", "Down pillow", "Пуховая подушка", "وسادة محشوة بالزغب"),
            "DP",
            "pillow",
            (246, 244, 238),
            (
                ("filling", Pick(("goose_down", "duck_down"))),
                ("shell", Pick(("cotton", "long_staple"))),
                ("size", _PILLOW_SIZES),
                ("weight", Num(0.8, 1.2, 0.1)),
            ),
            (200, 1000, 100),
            PIECES,
        ),
        Product(
            "face_towel",
            T("纯棉毛巾", "Cotton face towel", "Хлопковое полотенце для лица", "منشفة وجه قطنية"),
            "FT",
            "towels",
            (214, 96, 80),
            (
                ("material", Pick(("cotton", "long_staple"))),
                ("gsm", Num(350, 500, 50)),
                ("yarn_count", Num(16, 32, 8)),
                ("size", Size(("34 × 76", "35 × 75"))),
            ),
            (500, 3000, 500),
            PIECES,
        ),
        Product(
            "bath_towel",
            T("浴巾", "Bath towel", "Банное полотенце", "منشفة حمام"),
            "BT",
            "towels",
            (70, 140, 190),
            (
                ("material", Pick(("cotton", "bamboo"))),
                ("gsm", Num(450, 650, 50)),
                ("size", Size(("70 × 140", "80 × 160"))),
            ),
            (300, 2000, 100),
            PIECES,
        ),
        Product(
            "bamboo_towel",
            T(
                "竹纤维毛巾",
                "Bamboo fibre towel",
                "Полотенце из бамбукового волокна",
                "منشفة من ألياف الخيزران",
            ),
            "BF",
            "towels",
            (134, 184, 120),
            (
                ("material", Pick(("bamboo",))),
                ("gsm", Num(400, 600, 50)),
                ("size", Size(("34 × 76", "70 × 140"))),
            ),
            (500, 3000, 500),
            PIECES,
        ),
        Product(
            "blackout_curtain",
            T("遮光窗帘", "Blackout curtain", "Штора блэкаут", "ستارة معتمة"),
            "BC",
            "curtain",
            (92, 84, 140),
            (
                ("material", Pick(("polyester", "linen"))),
                ("fabric_width", Num(280, 320, 10)),
                ("blackout", Num(85, 100, 5)),
                ("gsm", Num(250, 400, 50)),
            ),
            (500, 2000, 500),
            METRES,
        ),
        Product(
            "upholstery_fabric",
            T("沙发布", "Upholstery fabric", "Мебельная ткань", "قماش تنجيد"),
            "UF",
            "rolls",
            (160, 110, 80),
            (
                ("material", Pick(("velvet", "tech_fabric", "linen"))),
                ("fabric_width", Num(140, 150, 5)),
                ("gsm", Num(250, 450, 50)),
                ("abrasion", Count((30000, 50000, 80000, 100000))),
            ),
            (500, 3000, 500),
            METRES,
        ),
        Product(
            "bathrobe",
            T(
                "珊瑚绒睡袍",
                "Coral fleece bathrobe",
                "Халат из кораллового флиса",
                "رداء حمام من صوف المرجان",
            ),
            "BR",
            "robe",
            (200, 140, 170),
            (
                ("material", Pick(("coral_fleece",))),
                ("gsm", Num(260, 350, 10)),
                ("sizes", Pick(("sizes_s_xxl",))),
            ),
            (300, 1000, 100),
            PIECES,
        ),
        Product(
            "pyjamas",
            T("纯棉睡衣", "Cotton pyjamas", "Хлопковая пижама", "بيجامة قطنية"),
            "PJ",
            "robe",
            (150, 180, 214),
            (
                ("material", Pick(("cotton", "long_staple"))),
                ("yarn_count", Num(40, 60, 20)),
                ("sizes", Pick(("sizes_s_xxl",))),
            ),
            (300, 1000, 100),
            SETS,
        ),
        Product(
            "wool_rug",
            T(
                "手工羊毛地毯",
                "Hand-tufted wool rug",
                "Шерстяной ковёр ручной работы",
                "سجادة صوف مصنوعة يدوياً",
            ),
            "WR",
            "rug",
            (170, 60, 56),
            (
                ("material", Pick(("wool",))),
                ("pile_height", Num(8, 20, 2)),
                ("size", Size(("160 × 230", "200 × 300", "240 × 340"))),
                ("weight", Num(8, 20, 1)),
            ),
            (20, 100, 10),
            PIECES,
        ),
        Product(
            "door_mat",
            T("入户地垫", "Door mat", "Придверный коврик", "ممسحة أرجل"),
            "DM",
            "rug",
            (96, 96, 96),
            (
                ("material", Pick(("polyester",))),
                ("core", Pick(("nonslip_rubber",))),
                ("size", Size(("40 × 60", "50 × 80", "60 × 90"))),
            ),
            (500, 3000, 500),
            PIECES,
        ),
        Product(
            "baby_sleeping_bag",
            T("婴儿睡袋", "Baby sleeping bag", "Детский спальный мешок", "كيس نوم للرضع"),
            "SB",
            "pillow",
            (250, 206, 120),
            (
                ("material", Pick(("cotton", "bamboo"))),
                ("tog", Num(0.5, 3.5, 0.5)),
                ("sizes", Pick(("sizes_baby",))),
            ),
            (200, 1000, 100),
            PIECES,
        ),
        Product(
            "muslin_swaddle",
            T("纱布包巾", "Muslin swaddle", "Муслиновая пелёнка", "قماط من الموسلين"),
            "MS",
            "towels",
            (250, 236, 200),
            (
                ("material", Pick(("cotton", "bamboo"))),
                ("layers", Count((2, 4, 6))),
                ("size", Size(("110 × 110", "120 × 120"))),
            ),
            (300, 2000, 100),
            PIECES,
        ),
        # Furniture ----------------------------------------------------------------
        Product(
            "dining_chair",
            T(
                "实木餐椅",
                "Solid wood dining chair",
                "Обеденный стул из массива",
                "كرسي طعام من الخشب الصلب",
            ),
            "DC",
            "chair",
            (160, 112, 70),
            (
                ("material", Pick(("oak", "walnut", "ash"))),
                ("seat_height", Num(44, 47, 1)),
                ("weight", Num(5, 8, 0.5)),
                ("load", Num(120, 150, 10)),
            ),
            (50, 200, 50),
            PIECES,
            glb="chair",
        ),
        Product(
            "dining_table",
            T(
                "实木餐桌",
                "Solid wood dining table",
                "Обеденный стол из массива",
                "طاولة طعام من الخشب الصلب",
            ),
            "DT",
            "table",
            (150, 100, 62),
            (
                ("material", Pick(("oak", "walnut", "ash"))),
                ("size", Size(("160 × 90 × 75", "180 × 90 × 75", "200 × 100 × 76"))),
                ("weight", Num(35, 60, 5)),
            ),
            (20, 50, 10),
            PIECES,
            glb="table",
        ),
        Product(
            "double_bed",
            T(
                "实木双人床",
                "Solid wood double bed",
                "Двуспальная кровать из массива",
                "سرير مزدوج من الخشب الصلب",
            ),
            "WB",
            "bed",
            (128, 88, 56),
            (
                ("material", Pick(("oak", "walnut", "pine"))),
                ("size", Size(("150 × 200", "180 × 200"))),
                ("load", Num(300, 500, 50)),
            ),
            (20, 50, 10),
            PIECES,
            glb="bed",
        ),
        Product(
            "wardrobe",
            T(
                "实木衣柜",
                "Solid wood wardrobe",
                "Шкаф для одежды из массива",
                "خزانة ملابس من الخشب الصلب",
            ),
            "WD",
            "cabinet",
            (180, 140, 100),
            (
                ("material", Pick(("oak", "walnut", "e0_board"))),
                ("size", Size(("120 × 60 × 220", "160 × 60 × 220", "200 × 60 × 240"))),
                ("weight", Num(80, 150, 10)),
            ),
            (20, 50, 10),
            PIECES,
            glb="cabinet",
        ),
        Product(
            "tv_cabinet",
            T("电视柜", "TV cabinet", "Тумба под телевизор", "خزانة تلفزيون"),
            "TV",
            "lowcabinet",
            (210, 190, 160),
            (
                ("material", Pick(("oak", "ash", "e0_board"))),
                ("size", Size(("180 × 40 × 50", "200 × 45 × 55"))),
                ("weight", Num(30, 55, 5)),
            ),
            (30, 100, 10),
            PIECES,
            glb="cabinet",
        ),
        Product(
            "leather_sofa",
            T("真皮沙发", "Leather sofa", "Кожаный диван", "أريكة جلدية"),
            "LS",
            "sofa",
            (110, 64, 40),
            (
                ("material", Pick(("leather",))),
                ("frame", Pick(("pine", "steel"))),
                ("seats", Count((2, 3))),
                ("size", Size(("200 × 95 × 85", "230 × 98 × 88"))),
            ),
            (20, 60, 10),
            PIECES,
            glb="sofa",
        ),
        Product(
            "fabric_sofa",
            T("布艺沙发", "Fabric sofa", "Тканевый диван", "أريكة قماشية"),
            "FS",
            "sofa",
            (120, 140, 150),
            (
                ("material", Pick(("tech_fabric", "velvet", "linen"))),
                ("frame", Pick(("pine", "steel"))),
                ("seats", Count((2, 3))),
                ("size", Size(("210 × 92 × 82", "240 × 95 × 85"))),
            ),
            (20, 60, 10),
            PIECES,
            glb="sofa",
        ),
        Product(
            "recliner_sofa",
            T(
                "电动功能沙发",
                "Power recliner sofa",
                "Диван с электрореклайнером",
                "أريكة بإمالة كهربائية",
            ),
            "RS",
            "sofa",
            (70, 70, 80),
            (
                ("material", Pick(("leather", "tech_fabric"))),
                ("recline", Num(140, 170, 5)),
                ("seats", Count((2, 3))),
                ("voltage", Num(220, 220, 1)),
            ),
            (20, 60, 10),
            PIECES,
            glb="sofa",
        ),
        Product(
            "pocket_mattress",
            T(
                "独立弹簧床垫",
                "Pocket spring mattress",
                "Матрас с независимыми пружинами",
                "مرتبة بنوابض مستقلة",
            ),
            "PM",
            "mattress",
            (236, 236, 244),
            (
                ("core", Pick(("pocket_springs",))),
                ("thickness", Num(22, 30, 2)),
                ("firmness", Pick(("medium", "firm", "soft"))),
                ("size", Size(("150 × 200", "180 × 200"))),
            ),
            (20, 100, 10),
            PIECES,
            glb="mattress",
        ),
        Product(
            "latex_mattress",
            T(
                "乳胶床垫",
                "Natural latex mattress",
                "Матрас из натурального латекса",
                "مرتبة من اللاتكس الطبيعي",
            ),
            "LM",
            "mattress",
            (244, 238, 220),
            (
                ("core", Pick(("latex",))),
                ("thickness", Num(15, 25, 5)),
                ("firmness", Pick(("medium", "soft"))),
                ("size", Size(("150 × 200", "180 × 200"))),
            ),
            (20, 100, 10),
            PIECES,
            glb="mattress",
        ),
        Product(
            "office_chair",
            T(
                "人体工学椅",
                "Ergonomic office chair",
                "Эргономичное офисное кресло",
                "كرسي مكتب مريح",
            ),
            "EC",
            "office_chair",
            (50, 56, 66),
            (
                ("material", Pick(("mesh",))),
                ("height_range", Num(42, 45, 1, span=10)),
                ("load", Num(120, 150, 10)),
                ("weight", Num(14, 20, 1)),
            ),
            (50, 300, 50),
            PIECES,
            glb="chair",
        ),
        Product(
            "office_desk",
            T(
                "升降办公桌",
                "Height-adjustable desk",
                "Стол с регулировкой высоты",
                "مكتب قابل لتعديل الارتفاع",
            ),
            "HD",
            "table",
            (200, 200, 196),
            (
                ("material", Pick(("e0_board", "steel"))),
                ("height_range", Num(62, 72, 5, span=55)),
                ("size", Size(("140 × 70", "160 × 80"))),
                ("load", Num(80, 120, 20)),
            ),
            (50, 200, 50),
            PIECES,
            glb="table",
        ),
        Product(
            "rattan_chair",
            T("藤编休闲椅", "Rattan lounge chair", "Кресло из ротанга", "كرسي استرخاء من الروطان"),
            "RC",
            "chair",
            (176, 140, 90),
            (
                ("material", Pick(("pe_rattan",))),
                ("frame", Pick(("aluminium", "steel"))),
                ("weight", Num(6, 12, 1)),
            ),
            (50, 200, 50),
            PIECES,
            glb="chair",
        ),
        Product(
            "outdoor_table",
            T(
                "铝合金户外桌",
                "Aluminium outdoor table",
                "Уличный стол из алюминия",
                "طاولة خارجية من الألومنيوم",
            ),
            "OT",
            "table",
            (150, 156, 162),
            (
                ("material", Pick(("aluminium",))),
                ("size", Size(("120 × 80 × 74", "160 × 90 × 74"))),
                ("weight", Num(10, 22, 2)),
            ),
            (30, 100, 10),
            PIECES,
            glb="table",
        ),
        Product(
            "kids_bed",
            T("儿童床", "Children's bed", "Детская кровать", "سرير أطفال"),
            "KB",
            "bed",
            (120, 170, 210),
            (
                ("material", Pick(("pine", "e0_board"))),
                ("size", Size(("90 × 190", "120 × 200"))),
                ("load", Num(100, 150, 25)),
            ),
            (20, 60, 10),
            PIECES,
            glb="bed",
        ),
        Product(
            "kids_desk",
            T(
                "儿童学习桌",
                "Children's study desk",
                "Детский письменный стол",
                "مكتب دراسة للأطفال",
            ),
            "KD",
            "table",
            (250, 190, 120),
            (
                ("material", Pick(("e0_board", "pine"))),
                ("height_range", Num(52, 56, 2, span=20)),
                ("size", Size(("100 × 60", "120 × 65"))),
            ),
            (30, 100, 10),
            PIECES,
            glb="table",
        ),
        # Machinery ----------------------------------------------------------------
        Product(
            "airjet_loom",
            T("喷气织机", "Air-jet loom", "Пневматический ткацкий станок", "نول نفث الهواء"),
            "JA",
            "loom",
            (70, 120, 160),
            (
                ("working_width", Num(1.9, 3.6, 0.1)),
                ("loom_speed", Num(600, 1200, 50)),
                ("power", Num(3.5, 7.5, 0.5)),
                ("weight", Num(3000, 5000, 100)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "rapier_loom",
            T("剑杆织机", "Rapier loom", "Рапирный ткацкий станок", "نول الرابير"),
            "RP",
            "loom",
            (60, 140, 110),
            (
                ("working_width", Num(1.9, 3.4, 0.1)),
                ("loom_speed", Num(400, 650, 25)),
                ("power", Num(3.0, 5.5, 0.5)),
                ("weight", Num(2500, 4500, 100)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "waterjet_loom",
            T("喷水织机", "Water-jet loom", "Гидравлический ткацкий станок", "نول نفث الماء"),
            "WJ",
            "loom",
            (40, 110, 190),
            (
                ("working_width", Num(1.5, 3.4, 0.1)),
                ("loom_speed", Num(700, 1100, 50)),
                ("power", Num(2.2, 4.0, 0.2)),
                ("weight", Num(1800, 3000, 100)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "ring_spinning",
            T("环锭细纱机", "Ring spinning frame", "Кольцевая прядильная машина", "آلة غزل حلقي"),
            "RF",
            "spinning",
            (96, 120, 140),
            (
                ("spindles", Count((480, 720, 960, 1200, 1440, 1680))),
                ("speed", Num(15000, 25000, 1000)),
                ("yarn_range", Num(16, 20, 4, span=80)),
                ("power", Num(30, 55, 5)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "rotor_spinning",
            T(
                "转杯纺纱机",
                "Rotor spinning machine",
                "Пневмомеханическая прядильная машина",
                "آلة غزل دوّارة",
            ),
            "RT",
            "spinning",
            (130, 96, 60),
            (
                ("positions", Count((240, 320, 400, 480))),
                ("rotor_speed", Num(80000, 150000, 10000)),
                ("power", Num(20, 45, 5)),
                ("weight", Num(8000, 14000, 500)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "lockstitch",
            T(
                "电脑平缝机",
                "Computerised lockstitch machine",
                "Компьютеризированная швейная машина",
                "ماكينة خياطة محوسبة بغرزة مقفلة",
            ),
            "LK",
            "sewing",
            (236, 236, 230),
            (
                ("stitch_speed", Num(4000, 5500, 500)),
                ("power", Num(0.4, 0.6, 0.05)),
                ("stitch_length", Num(4, 5, 1)),
                ("weight", Num(40, 60, 5)),
            ),
            (20, 100, 10),
            MACHINES,
        ),
        Product(
            "overlock",
            T("包缝机", "Overlock machine", "Оверлок", "ماكينة حبكة"),
            "OV",
            "sewing",
            (220, 224, 236),
            (
                ("threads", Count((3, 4, 5))),
                ("stitch_speed", Num(6000, 7000, 500)),
                ("power", Num(0.4, 0.55, 0.05)),
            ),
            (20, 100, 10),
            MACHINES,
        ),
        Product(
            "computer_quilter",
            T(
                "电脑绗缝机",
                "Computerised quilting machine",
                "Компьютеризированная стегальная машина",
                "آلة تضريب محوسبة",
            ),
            "CQ",
            "quilter",
            (200, 70, 60),
            (
                ("working_width", Num(2.4, 3.2, 0.2)),
                ("speed", Num(1000, 3000, 500)),
                ("power", Num(3.0, 5.5, 0.5)),
                ("weight", Num(1500, 2500, 100)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "multi_needle_quilter",
            T(
                "多针绗缝机",
                "Multi-needle quilting machine",
                "Многоигольная стегальная машина",
                "آلة تضريب متعددة الإبر",
            ),
            "MN",
            "quilter",
            (220, 120, 40),
            (
                ("needles", Count((16, 25, 36, 48, 60))),
                ("working_width", Num(2.0, 2.8, 0.2)),
                ("speed", Num(800, 1200, 100)),
                ("power", Num(4.0, 7.5, 0.5)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "hthp_dyeing",
            T(
                "高温高压染色机",
                "HTHP dyeing machine",
                "Высокотемпературная красильная машина",
                "آلة صباغة بالحرارة والضغط العاليين",
            ),
            "HT",
            "tank",
            (150, 160, 170),
            (
                ("capacity", Num(250, 1000, 50)),
                ("max_temperature", Num(130, 140, 5)),
                ("power", Num(15, 45, 5)),
                ("weight", Num(4000, 9000, 500)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "digital_printer",
            T(
                "数码印花机",
                "Digital textile printer",
                "Цифровой текстильный принтер",
                "طابعة منسوجات رقمية",
            ),
            "DG",
            "printer",
            (60, 60, 70),
            (
                ("print_width", Num(1.8, 3.2, 0.2)),
                ("print_speed", Num(150, 600, 50)),
                ("heads", Count((4, 8, 12, 16))),
                ("power", Num(5, 12, 1)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "cnc_router",
            T(
                "数控开料机",
                "CNC nesting router",
                "Раскроечный фрезерный станок с ЧПУ",
                "آلة تقطيع الألواح بالتحكم الرقمي",
            ),
            "NC",
            "cnc",
            (230, 130, 30),
            (
                ("working_area", Size(("1300 × 2500", "1300 × 2800", "1500 × 3000"), unit="mm")),
                ("spindle_power", Num(9, 12, 1.5)),
                ("speed", Num(18000, 24000, 2000)),
                ("weight", Num(2000, 3500, 250)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "edge_bander",
            T(
                "全自动封边机",
                "Automatic edge banding machine",
                "Автоматический кромкооблицовочный станок",
                "آلة تغليف حواف أوتوماتيكية",
            ),
            "EB",
            "machine",
            (40, 130, 90),
            (
                ("feed_speed", Num(12, 25, 1)),
                ("panel_thickness", Num(10, 12, 2, span=48)),
                ("power", Num(8, 15, 1)),
                ("weight", Num(1500, 3500, 250)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "vacuum_packer",
            T(
                "被子真空包装机",
                "Quilt vacuum packing machine",
                "Вакуумная упаковочная машина для одеял",
                "آلة تغليف اللحف بالتفريغ",
            ),
            "VP",
            "packer",
            (80, 150, 200),
            (
                ("output", Num(120, 300, 20)),
                ("power", Num(2.2, 5.5, 0.5)),
                ("voltage", Num(380, 380, 1)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
        Product(
            "mattress_packer",
            T(
                "床垫卷包机",
                "Mattress roll-packing machine",
                "Машина для рулонной упаковки матрасов",
                "آلة لف وتغليف المراتب",
            ),
            "MR",
            "packer",
            (120, 120, 200),
            (
                ("mattress_width", Num(2.0, 2.2, 0.1)),
                ("output", Num(40, 80, 10)),
                ("power", Num(7.5, 15, 1.5)),
                ("voltage", Num(380, 380, 1)),
            ),
            (1, 1, 1),
            MACHINE_SET,
            glb="machine",
        ),
    )
}

# Size ranges written as text values (not materials, but drawn the same way).
MATERIALS.update(
    {
        "sizes_s_xxl": T("S–XXL", "S–XXL", "S–XXL", "S–XXL"),
        "sizes_baby": T(
            "0–6个月，6–18个月", "0–6 and 6–18 months", "0–6 и 6–18 месяцев", "0–6 و6–18 شهراً"
        ),
    }
)


# ---------------------------------------------------------------------------------------
# Halls, categories, industries. Keys become the (language-neutral) snippet slugs.
# ---------------------------------------------------------------------------------------
class CategoryDef(NamedTuple):
    key: str
    name: Term
    products: tuple = ()
    children: tuple = ()


class Hall(NamedTuple):
    key: str
    name: Term
    letter: str
    industry: Term
    business: Term  # what the companies of this hall make, as a sentence phrase
    lines: tuple  # company business lines: (Term for names, ru and ar name patterns)
    highlights: tuple
    share: float  # share of the exhibitors
    categories: tuple


C = CategoryDef

HALLS = (
    Hall(
        "home-textiles",
        T("家纺馆", "Home Textiles Hall", "Павильон домашнего текстиля", "جناح المنسوجات المنزلية"),
        "A",
        T("家用纺织品", "Home textiles", "Домашний текстиль", "المنسوجات المنزلية"),
        T("家用纺织品", "home textiles", "домашний текстиль", "المنسوجات المنزلية"),
        (
            T("家纺", "Home Textiles", "Текстильная компания", "للمنسوجات المنزلية"),
            T("纺织品", "Textile", "Текстильная фабрика", "للنسيج"),
            T("床上用品", "Bedding", "Фабрика постельных принадлежностей", "لمفروشات الأسرّة"),
            T("巾被", "Towel & Quilt", "Фабрика полотенец и одеял", "للمناشف واللحف"),
        ),
        (
            T(
                "柔软亲肤，透气舒适",
                "soft on the skin and breathable",
                "мягкость и воздухопроницаемость",
                "نعومة على البشرة وتهوية جيدة",
            ),
            T(
                "通过 OEKO-TEX Standard 100 认证",
                "certified to OEKO-TEX Standard 100",
                "сертификат OEKO-TEX Standard 100",
                "شهادة OEKO-TEX Standard 100",
            ),
            T(
                "可机洗，不易起球",
                "machine washable and pill-resistant",
                "машинная стирка без катышков",
                "قابلية الغسل في الغسالة ومقاومة التوبّر",
            ),
            T(
                "活性印染，色牢度 4 级以上",
                "reactive-dyed, colour fastness grade 4 or better",
                "реактивное крашение, цветостойкость не ниже 4 баллов",
                "صباغة تفاعلية بثبات لون من الدرجة 4 أو أعلى",
            ),
        ),
        0.42,
        (
            C(
                "bedding",
                T("床上用品", "Bedding", "Постельные принадлежности", "مفروشات الأسرّة"),
                children=(
                    C(
                        "quilts",
                        T("被芯", "Quilts and duvets", "Одеяла", "اللحف"),
                        ("silk_quilt", "down_duvet"),
                    ),
                    C(
                        "bedding-sets",
                        T(
                            "四件套",
                            "Bedding sets",
                            "Комплекты постельного белья",
                            "أطقم مفارش الأسرّة",
                        ),
                        ("cotton_set", "tencel_set"),
                    ),
                    C(
                        "pillows",
                        T("枕芯", "Pillows", "Подушки", "الوسائد"),
                        ("memory_pillow", "down_pillow"),
                    ),
                ),
            ),
            C(
                "towels",
                T("毛巾浴巾", "Towels", "Полотенца", "المناشف"),
                ("face_towel", "bath_towel", "bamboo_towel"),
            ),
            C(
                "curtains-fabrics",
                T(
                    "窗帘布艺",
                    "Curtains and upholstery fabrics",
                    "Шторы и мебельные ткани",
                    "الستائر وأقمشة التنجيد",
                ),
                ("blackout_curtain", "upholstery_fabric"),
            ),
            C(
                "homewear",
                T("家居服", "Homewear", "Домашняя одежда", "ملابس المنزل"),
                ("bathrobe", "pyjamas"),
            ),
            C(
                "rugs",
                T("地毯地垫", "Carpets and rugs", "Ковры и коврики", "السجاد والبسط"),
                ("wool_rug", "door_mat"),
            ),
            C(
                "baby-textiles",
                T("婴童家纺", "Baby textiles", "Детский текстиль", "منسوجات الأطفال"),
                ("baby_sleeping_bag", "muslin_swaddle"),
            ),
        ),
    ),
    Hall(
        "furniture",
        T("家具馆", "Furniture Hall", "Павильон мебели", "جناح الأثاث"),
        "B",
        T("家具", "Furniture", "Мебель", "الأثاث"),
        T("家具", "furniture", "мебель", "الأثاث"),
        (
            T("家具", "Furniture", "Мебельная фабрика", "للأثاث"),
            T("木业", "Wood Industry", "Деревообрабатывающая компания", "للصناعات الخشبية"),
            T("家居用品", "Home Furnishing", "Компания товаров для дома", "للمفروشات المنزلية"),
        ),
        (
            T(
                "榫卯结构，稳固耐用",
                "mortise-and-tenon joints for lasting strength",
                "соединения шип-паз для долговечности",
                "وصلات النقر واللسان لمتانة تدوم طويلاً",
            ),
            T(
                "水性漆环保涂装",
                "an eco-friendly water-based finish",
                "экологичное покрытие на водной основе",
                "طلاء صديق للبيئة بأساس مائي",
            ),
            T(
                "可拆装设计，节省运费",
                "a knock-down design that saves freight",
                "разборная конструкция экономит на доставке",
                "تصميم قابل للفك يوفر تكاليف الشحن",
            ),
            T(
                "通过 SGS 承重与耐久测试",
                "load and durability tested by SGS",
                "испытания SGS на нагрузку и износ",
                "اختبارات SGS للحمولة والمتانة",
            ),
        ),
        0.34,
        (
            C(
                "solid-wood",
                T("实木家具", "Solid wood furniture", "Мебель из массива", "أثاث الخشب الصلب"),
                children=(
                    C(
                        "dining",
                        T(
                            "餐桌椅",
                            "Dining tables and chairs",
                            "Обеденные столы и стулья",
                            "طاولات وكراسي الطعام",
                        ),
                        ("dining_chair", "dining_table"),
                    ),
                    C("beds", T("床", "Beds", "Кровати", "الأسرّة"), ("double_bed",)),
                    C(
                        "cabinets",
                        T("柜类", "Cabinets and wardrobes", "Шкафы и тумбы", "الخزائن"),
                        ("wardrobe", "tv_cabinet"),
                    ),
                ),
            ),
            C(
                "sofas",
                T("沙发", "Sofas", "Диваны", "الأرائك"),
                ("leather_sofa", "fabric_sofa", "recliner_sofa"),
            ),
            C(
                "mattresses",
                T("床垫", "Mattresses", "Матрасы", "المراتب"),
                ("pocket_mattress", "latex_mattress"),
            ),
            C(
                "office",
                T("办公家具", "Office furniture", "Офисная мебель", "الأثاث المكتبي"),
                ("office_chair", "office_desk"),
            ),
            C(
                "outdoor",
                T("户外家具", "Outdoor furniture", "Уличная мебель", "الأثاث الخارجي"),
                ("rattan_chair", "outdoor_table"),
            ),
            C(
                "kids-furniture",
                T("儿童家具", "Children's furniture", "Детская мебель", "أثاث الأطفال"),
                ("kids_bed", "kids_desk"),
            ),
        ),
    ),
    Hall(
        "machinery",
        T("机械馆", "Machinery Hall", "Павильон оборудования", "جناح الآلات"),
        "C",
        T(
            "纺织及木工机械",
            "Textile and woodworking machinery",
            "Текстильное и деревообрабатывающее оборудование",
            "آلات النسيج والنجارة",
        ),
        T(
            "纺织及木工机械",
            "textile and woodworking machinery",
            "текстильное и деревообрабатывающее оборудование",
            "آلات النسيج والنجارة",
        ),
        (
            T("纺织机械", "Textile Machinery", "Завод текстильного машиностроения", "لآلات النسيج"),
            T("机械制造", "Machinery Manufacturing", "Машиностроительный завод", "لصناعة الآلات"),
            T(
                "智能装备",
                "Intelligent Equipment",
                "Компания интеллектуального оборудования",
                "للمعدات الذكية",
            ),
        ),
        (
            T(
                "伺服电机驱动，节能高效",
                "servo-driven for energy-efficient operation",
                "сервоприводы для энергоэффективной работы",
                "محركات مؤازرة لتشغيل موفر للطاقة",
            ),
            T(
                "触摸屏操作，支持远程运维",
                "touch-screen control with remote maintenance",
                "сенсорное управление и удалённое обслуживание",
                "تحكم باللمس مع صيانة عن بُعد",
            ),
            T(
                "提供海外安装调试与培训",
                "overseas installation, commissioning and training",
                "монтаж, пусконаладка и обучение за рубежом",
                "تركيب وتشغيل وتدريب في الخارج",
            ),
            T(
                "关键部件采用进口品牌",
                "key components from leading international brands",
                "ключевые узлы ведущих мировых брендов",
                "مكونات رئيسية من علامات عالمية رائدة",
            ),
        ),
        0.24,
        (
            C(
                "textile-machinery",
                T("纺织机械", "Textile machinery", "Текстильное оборудование", "آلات النسيج"),
                children=(
                    C(
                        "looms",
                        T("织机", "Looms", "Ткацкие станки", "الأنوال"),
                        ("airjet_loom", "rapier_loom", "waterjet_loom"),
                    ),
                    C(
                        "spinning",
                        T(
                            "纺纱设备",
                            "Spinning equipment",
                            "Прядильное оборудование",
                            "معدات الغزل",
                        ),
                        ("ring_spinning", "rotor_spinning"),
                    ),
                ),
            ),
            C(
                "sewing",
                T("缝制设备", "Sewing equipment", "Швейное оборудование", "معدات الخياطة"),
                ("lockstitch", "overlock"),
            ),
            C(
                "quilting",
                T("绗缝设备", "Quilting machines", "Стегальные машины", "آلات التضريب"),
                ("computer_quilter", "multi_needle_quilter"),
            ),
            C(
                "dyeing-printing",
                T(
                    "印染设备",
                    "Dyeing and printing equipment",
                    "Красильное и печатное оборудование",
                    "معدات الصباغة والطباعة",
                ),
                ("hthp_dyeing", "digital_printer"),
            ),
            C(
                "woodworking",
                T(
                    "木工机械",
                    "Woodworking machinery",
                    "Деревообрабатывающие станки",
                    "آلات النجارة",
                ),
                ("cnc_router", "edge_bander"),
            ),
            C(
                "packaging",
                T("包装机械", "Packaging machinery", "Упаковочное оборудование", "آلات التغليف"),
                ("vacuum_packer", "mattress_packer"),
            ),
        ),
    ),
)

SERIES = T(
    "南通国际家纺家具及机械云展会",
    "Nantong International Home Textiles, Furniture & Machinery Cloud Expo",
    "Международная облачная выставка домашнего текстиля, мебели и оборудования «Наньтун»",
    "معرض نانتونغ الدولي السحابي للمنسوجات المنزلية والأثاث والآلات",
)
SERIES_SLUG = "nantong-cloud-expo"
EDITION_ORDINALS = {
    1: T("第一届", "1st", "1-я", "الدورة الأولى"),
    2: T("第二届", "2nd", "2-я", "الدورة الثانية"),
    3: T("第三届", "3rd", "3-я", "الدورة الثالثة"),
}
ORGANIZER = T(
    "南通云展会组委会",
    "Nantong Cloud Expo Organising Committee",
    "Оргкомитет облачной выставки «Наньтун»",
    "اللجنة المنظمة لمعرض نانتونغ السحابي",
)
VENUE = T(
    "江苏南通（线上）",
    "Nantong, Jiangsu (online)",
    "Наньтун, провинция Цзянсу (онлайн)",
    "نانتونغ، جيانغسو (عبر الإنترنت)",
)

# ---------------------------------------------------------------------------------------
# Company names: city + brand + business line. Transcriptions follow pinyin (en),
# the Palladius system (ru) and common Arabic practice.
# ---------------------------------------------------------------------------------------
CITIES = (
    T("南通", "Nantong", "Наньтун", "نانتونغ"),
    T("海门", "Haimen", "Хаймэнь", "هايمن"),
    T("通州", "Tongzhou", "Тунчжоу", "تونغتشو"),
    T("如皋", "Rugao", "Жугао", "روقاو"),
    T("启东", "Qidong", "Цидун", "تشيدونغ"),
    T("海安", "Hai'an", "Хайань", "هايآن"),
    T("如东", "Rudong", "Жудун", "رودونغ"),
    T("叠石桥", "Dieshiqiao", "Дешицяо", "دييشيتشياو"),
    T("常州", "Changzhou", "Чанчжоу", "تشانغتشو"),
    T("无锡", "Wuxi", "Уси", "ووشي"),
    T("绍兴", "Shaoxing", "Шаосин", "شاوشينغ"),
    T("佛山", "Foshan", "Фошань", "فوشان"),
)
# Where each hall's exhibitors come from (indices into CITIES); Nantong's own first.
HALL_CITIES = {
    "home-textiles": (0, 1, 2, 3, 4, 6, 7, 10),
    "furniture": (0, 2, 3, 5, 11),
    "machinery": (0, 1, 2, 4, 5, 8, 9),
}

BRANDS = (
    T("华艺", "Huayi", "Хуаи", "هوايي"),
    T("恒源", "Hengyuan", "Хэнъюань", "هنغيوان"),
    T("蓝天", "Lantian", "Ланьтянь", "لانتيان"),
    T("富安", "Fu'an", "Фуань", "فوآن"),
    T("鸿运", "Hongyun", "Хунъюнь", "هونغيون"),
    T("瑞丰", "Ruifeng", "Жуйфэн", "رويفنغ"),
    T("嘉禾", "Jiahe", "Цзяхэ", "جياخه"),
    T("锦绣", "Jinxiu", "Цзиньсю", "جينشيو"),
    T("天成", "Tiancheng", "Тяньчэн", "تيانتشنغ"),
    T("永盛", "Yongsheng", "Юншэн", "يونغشنغ"),
    T("新宇", "Xinyu", "Синьюй", "شينيو"),
    T("宏达", "Hongda", "Хунда", "هونغدا"),
    T("明珠", "Mingzhu", "Минчжу", "مينغتشو"),
    T("江海", "Jianghai", "Цзянхай", "جيانغهاي"),
    T("德润", "Derun", "Дэжунь", "ديرون"),
    T("雅居", "Yaju", "Яцзюй", "ياجو"),
    T("聚源", "Juyuan", "Цзюйюань", "جويوان"),
    T("宝丽", "Baoli", "Баоли", "باولي"),
    T("银河", "Yinhe", "Иньхэ", "يينخه"),
    T("振华", "Zhenhua", "Чжэньхуа", "تشنهوا"),
    T("盛世", "Shengshi", "Шэнши", "شنغشي"),
    T("安泰", "Antai", "Аньтай", "آنتاي"),
    T("康乐", "Kangle", "Канлэ", "كانغله"),
    T("美佳", "Meijia", "Мэйцзя", "مييجيا"),
    T("汇通", "Huitong", "Хуэйтун", "هويتونغ"),
    T("海韵", "Haiyun", "Хайюнь", "هاييون"),
    T("和顺", "Heshun", "Хэшунь", "خهشون"),
    T("凯瑞", "Kairui", "Кайжуй", "كايروي"),
    T("日升", "Risheng", "Жишэн", "ريشنغ"),
    T("鼎立", "Dingli", "Динли", "دينغلي"),
    T("博远", "Boyuan", "Боюань", "بويوان"),
    T("森达", "Senda", "Сэньда", "سندا"),
    T("优品", "Youpin", "Юпинь", "يوبين"),
    T("立信", "Lixin", "Лисинь", "ليشين"),
    T("青禾", "Qinghe", "Цинхэ", "تشينغخه"),
    T("云帆", "Yunfan", "Юньфань", "يونفان"),
    T("金诺", "Jinnuo", "Цзиньно", "جينّوو"),
    T("朗润", "Langrun", "Ланжунь", "لانغرون"),
    T("悦达", "Yueda", "Юэда", "يويدا"),
    T("同创", "Tongchuang", "Тунчуан", "تونغتشوانغ"),
)

# A few exhibitors from abroad: (hall key, country, name, home town).
FOREIGN_EXHIBITORS = (
    (
        "machinery",
        "DE",
        T(
            "克雷菲尔德纺织机械有限公司",
            "Krefelder Textilmaschinen GmbH",
            "Krefelder Textilmaschinen GmbH",
            "شركة كريفلدر لآلات النسيج المحدودة",
        ),
        T("克雷菲尔德", "Krefeld", "Крефельд", "كريفلد"),
    ),
    (
        "home-textiles",
        "TR",
        T(
            "代尼兹利毛巾纺织股份公司",
            "Denizli Havlu Tekstil A.Ş.",
            "Denizli Havlu Tekstil A.Ş.",
            "شركة دنيزلي للمناشف والمنسوجات",
        ),
        T("代尼兹利", "Denizli", "Денизли", "دنيزلي"),
    ),
    (
        "furniture",
        "IT",
        T(
            "布里安扎家居有限公司",
            "Brianza Arredo S.r.l.",
            "Brianza Arredo S.r.l.",
            "شركة بريانزا أريدو المحدودة",
        ),
        T("梅达", "Meda", "Меда", "ميدا"),
    ),
    (
        "furniture",
        "VN",
        T(
            "平阳家具有限责任公司",
            "Binh Duong Furniture Co., Ltd.",
            "Мебельная компания «Биньзыонг»",
            "شركة بينه دونغ للأثاث المحدودة",
        ),
        T("土龙木", "Thu Dau Mot", "Тхузаумот", "ثو داو موت"),
    ),
)

# Countries named on public pages (target markets) and the buyers' countries with weights.
COUNTRIES = {
    "CN": T("中国", "China", "Китай", "الصين"),
    "RU": T("俄罗斯", "Russia", "Россия", "روسيا"),
    "KZ": T("哈萨克斯坦", "Kazakhstan", "Казахстан", "كازاخستان"),
    "UZ": T("乌兹别克斯坦", "Uzbekistan", "Узбекистан", "أوزبكستان"),
    "AE": T("阿联酋", "the UAE", "ОАЭ", "الإمارات"),
    "SA": T("沙特阿拉伯", "Saudi Arabia", "Саудовская Аравия", "السعودية"),
    "EG": T("埃及", "Egypt", "Египет", "مصر"),
    "US": T("美国", "the United States", "США", "الولايات المتحدة"),
    "DE": T("德国", "Germany", "Германия", "ألمانيا"),
    "PL": T("波兰", "Poland", "Польша", "بولندا"),
    "IT": T("意大利", "Italy", "Италия", "إيطاليا"),
    "GB": T("英国", "the United Kingdom", "Великобритания", "المملكة المتحدة"),
    "TR": T("土耳其", "Türkiye", "Турция", "تركيا"),
    "VN": T("越南", "Vietnam", "Вьетнам", "فيتنام"),
    "TH": T("泰国", "Thailand", "Таиланд", "تايلاند"),
    "MY": T("马来西亚", "Malaysia", "Малайзия", "ماليزيا"),
    "ID": T("印度尼西亚", "Indonesia", "Индонезия", "إندونيسيا"),
    "IN": T("印度", "India", "Индия", "الهند"),
    "NG": T("尼日利亚", "Nigeria", "Нигерия", "نيجيريا"),
    "BR": T("巴西", "Brazil", "Бразилия", "البرازيل"),
    "JP": T("日本", "Japan", "Япония", "اليابان"),
    "KR": T("韩国", "South Korea", "Южная Корея", "كوريا الجنوبية"),
    "AU": T("澳大利亚", "Australia", "Австралия", "أستراليا"),
}
BUYER_COUNTRY_WEIGHTS = {
    "CN": 28,
    "RU": 12,
    "KZ": 6,
    "UZ": 3,
    "AE": 8,
    "SA": 6,
    "EG": 2,
    "US": 7,
    "DE": 5,
    "PL": 2,
    "IT": 1,
    "GB": 2,
    "TR": 3,
    "VN": 6,
    "TH": 2,
    "MY": 2,
    "ID": 1,
    "IN": 2,
    "NG": 2,
    "BR": 2,
    "JP": 1,
    "KR": 1,
    "AU": 1,
}
# booths.markets region codes per country, for ExhibitorProfile.target_regions.
COUNTRY_REGIONS = {
    "RU": ("cis", "belt-and-road"),
    "KZ": ("cis", "belt-and-road"),
    "UZ": ("cis", "belt-and-road"),
    "AE": ("middle-east",),
    "SA": ("middle-east",),
    "EG": ("middle-east", "africa"),
    "US": ("north-america",),
    "DE": ("eu",),
    "PL": ("eu",),
    "IT": ("eu",),
    "GB": (),
    "TR": ("middle-east", "belt-and-road"),
    "VN": ("asean", "belt-and-road"),
    "TH": ("asean",),
    "MY": ("asean",),
    "ID": ("asean",),
    "IN": ("south-asia",),
    "NG": ("africa",),
    "BR": ("latin-america",),
    "JP": ("east-asia",),
    "KR": ("east-asia",),
    "AU": ("oceania",),
}
DIAL_CODES = {
    "CN": "+86",
    "RU": "+7",
    "KZ": "+7",
    "UZ": "+998",
    "AE": "+971",
    "SA": "+966",
    "EG": "+20",
    "US": "+1",
    "DE": "+49",
    "PL": "+48",
    "IT": "+39",
    "GB": "+44",
    "TR": "+90",
    "VN": "+84",
    "TH": "+66",
    "MY": "+60",
    "ID": "+62",
    "IN": "+91",
    "NG": "+234",
    "BR": "+55",
    "JP": "+81",
    "KR": "+82",
    "AU": "+61",
}

BOOTH_TAGS = (
    T("出口", "export", "экспорт", "تصدير"),
    T("OEM", "OEM", "OEM", "OEM"),
    T("来样定制", "custom orders", "изготовление на заказ", "تصنيع حسب الطلب"),
    T("现货", "in stock", "в наличии", "متوفر في المخزون"),
    T("源头工厂", "factory direct", "напрямую с фабрики", "من المصنع مباشرة"),
    T("绿色环保", "eco-friendly", "экологичная продукция", "صديق للبيئة"),
    T("智能制造", "smart manufacturing", "умное производство", "تصنيع ذكي"),
)

# ---------------------------------------------------------------------------------------
# Private records: people and buyer companies, in their own language.
# ---------------------------------------------------------------------------------------
CHINESE_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡"
CHINESE_GIVEN_NAMES = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "建国",
    "丹",
    "玲",
    "志强",
    "海燕",
    "晓东",
    "雪梅",
    "建华",
    "红霞",
)
EXHIBITOR_CONTACT_ROLES = ("销售经理", "外贸经理", "总经理", "市场部主管", "外贸业务员")
BUYER_CONTACT_ROLES = {
    "zh": ("采购经理", "总经理", "采购专员"),
    "ru": ("менеджер по закупкам", "генеральный директор", "коммерческий директор"),
    "en": ("Purchasing Manager", "Managing Director", "Sourcing Manager", "Buyer"),
}

# (male given names, female given names, family names, suffix of a woman's family name)
PEOPLE = {
    "ru": (
        ("Иван", "Сергей", "Алексей", "Дмитрий", "Михаил", "Андрей"),
        ("Ольга", "Наталья", "Елена", "Анна", "Татьяна", "Мария"),
        (
            "Петров",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Волков",
            "Соколов",
            "Лебедев",
            "Новиков",
            "Морозов",
            "Козлов",
        ),
        "а",
    ),
    "kz": (
        ("Нурлан", "Ержан", "Асхат", "Данияр"),
        ("Айгерим", "Динара", "Гульнара", "Жанна"),
        ("Ахметов", "Сулейменов", "Жумабаев", "Касымов", "Омаров", "Искаков"),
        "а",
    ),
    "uz": (
        ("Aziz", "Jasur", "Otabek", "Sardor"),
        ("Dilnoza", "Malika", "Nodira", "Zarina"),
        ("Karimov", "Rashidov", "Tursunov", "Yusupov", "Aliyev", "Nazarov"),
        "a",
    ),
    "ar": (
        ("Ahmed", "Mohammed", "Khalid", "Omar", "Yousef"),
        ("Fatima", "Aisha", "Noura", "Mariam", "Layla"),
        (
            "Al Mansouri",
            "Al Harbi",
            "Al Qahtani",
            "Haddad",
            "Al Nuaimi",
            "El Sayed",
            "Al Shamsi",
            "Farouk",
        ),
        "",
    ),
    "en": (
        ("James", "Michael", "David", "Daniel", "Robert"),
        ("Emily", "Sarah", "Jessica", "Laura", "Olivia"),
        (
            "Smith",
            "Johnson",
            "Brown",
            "Taylor",
            "Miller",
            "Wilson",
            "Clark",
            "Walker",
            "Hall",
            "Young",
        ),
        "",
    ),
    "de": (
        ("Lukas", "Felix", "Jonas", "Matthias"),
        ("Anna", "Julia", "Katrin", "Sabine"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner"),
        "",
    ),
    "generic": (
        ("Minh", "Somchai", "Arjun", "Chinedu", "Kenji", "Marco", "Emre"),
        ("Linh", "Siti", "Priya", "Ana", "Ji-woo", "Agnieszka", "Ayşe"),
        (
            "Nguyen",
            "Tran",
            "Wongsakul",
            "Rahman",
            "Sharma",
            "Patel",
            "Okafor",
            "Silva",
            "Tanaka",
            "Kim",
            "Rossi",
            "Yılmaz",
            "Demir",
        ),
        "",
    ),
}
# Which name list, contact-role language and text language (for keywords) each country uses.
COUNTRY_PEOPLE = {
    "CN": "zh",
    "RU": "ru",
    "KZ": "kz",
    "UZ": "uz",
    "AE": "ar",
    "SA": "ar",
    "EG": "ar",
    "US": "en",
    "GB": "en",
    "AU": "en",
    "DE": "de",
}
COUNTRY_TEXT_LANGUAGE = {"CN": "zh-hans", "RU": "ru", "KZ": "ru"}

# Buyer company names: (pattern, first parts, second parts) per country.
BUYER_NAMES = {
    "CN": (
        "{a}{b}有限公司",
        (
            "上海",
            "北京",
            "广州",
            "杭州",
            "成都",
            "武汉",
            "西安",
            "郑州",
            "义乌",
            "青岛",
            "沈阳",
            "重庆",
        ),
        (
            "优家商贸",
            "佳居家居",
            "华联酒店用品",
            "万家电子商务",
            "锦程进出口",
            "恒通家纺批发",
            "安居建材",
            "同心供应链",
        ),
    ),
    "RU": (
        "ООО «{a}» ({b})",
        (
            "Уютный дом",
            "Текстиль-Трейд",
            "Домотекс",
            "Сибирский текстиль",
            "Волжская мебель",
            "Северный комфорт",
            "Мебель-Центр",
            "ТексМаш",
            "Уральский дом",
            "Балтик Хоум",
            "Русский лён",
            "Сон и уют",
            "Мир подушек",
            "Гранд Мебель",
            "Ивтекс",
            "Дом ткани",
            "Спальный мир",
            "Профшвей",
        ),
        (
            "Москва",
            "Санкт-Петербург",
            "Новосибирск",
            "Екатеринбург",
            "Казань",
            "Самара",
            "Иваново",
            "Ростов-на-Дону",
        ),
    ),
    "KZ": (
        "ТОО «{a}» ({b})",
        (
            "Алматы Текстиль",
            "Астана Мебель",
            "Степной дом",
            "Каспий Трейд",
            "Евразия Хоум",
            "Алтын Уй",
            "Жибек Жолы",
            "Сарыарка Комфорт",
        ),
        ("Алматы", "Астана", "Шымкент", "Караганда"),
    ),
    "UZ": (
        "{a} {b} MChJ",
        ("Toshkent", "Samarqand", "Buxoro", "Farg'ona", "Namangan", "Andijon"),
        ("To'qimachilik", "Mebel", "Tekstil Savdo", "Uy Jihozlari"),
    ),
    "AE": (
        "{a} {b}",
        (
            "Al Noor",
            "Al Waha",
            "Al Safa",
            "Al Manar",
            "Al Baraka",
            "Gulf",
            "Desert Rose",
            "Falcon",
            "Palm Bay",
            "Marina",
        ),
        (
            "Home Furnishings LLC",
            "Textiles Trading LLC",
            "Furniture Trading FZE",
            "Interiors LLC",
            "Hotel Supplies FZCO",
            "General Trading LLC",
        ),
    ),
    "SA": (
        "{a} {b}",
        ("مؤسسة", "شركة"),
        (
            "النور للمفروشات",
            "الواحة للأثاث",
            "الصفا للتجارة",
            "المنار للمنسوجات",
            "البركة للتجهيزات الفندقية",
            "نجد للأثاث المكتبي",
            "الريان للمفروشات",
            "السلام للتجارة",
            "الخليج للمنسوجات",
            "الفيصلية للأثاث",
        ),
    ),
    "EG": (
        "{a} {b}",
        ("شركة",),
        (
            "الدلتا للمنسوجات",
            "النيل للأثاث",
            "المحلة للغزل",
            "القاهرة للمفروشات",
            "الإسكندرية للتجارة",
            "دمياط للأثاث",
        ),
    ),
    "US": (
        "{a} {b}",
        (
            "Hudson",
            "Prairie",
            "Redwood",
            "Lakeside",
            "Bluebird",
            "Summit",
            "Harbor",
            "Maple",
            "Cedar",
            "Evergreen",
            "Granite",
            "Sterling",
        ),
        (
            "Home Goods Inc.",
            "Furniture LLC",
            "Linens Inc.",
            "Textiles LLC",
            "Interiors Inc.",
            "Hospitality Supply LLC",
        ),
    ),
    "GB": (
        "{a} {b}",
        ("Thames", "Pennine", "Cotswold", "Mersey", "Highland"),
        ("Home Ltd", "Furniture Ltd", "Linen Company Ltd"),
    ),
    "AU": (
        "{a} {b}",
        ("Coral Coast", "Outback", "Harbourside", "Southern Cross"),
        ("Homewares Pty Ltd", "Furniture Pty Ltd"),
    ),
    "DE": (
        "{a} {b} GmbH",
        ("Rheinland", "Bayern", "Hanse", "Schwarzwald", "Elbe", "Nordsee", "Allgäu", "Spree"),
        ("Heimtextil", "Möbelhandel", "Wohnen", "Textilhandel", "Maschinenhandel"),
    ),
    "PL": (
        "{a} {b} Sp. z o.o.",
        ("Wisła", "Mazowsze", "Bałtyk", "Tatry"),
        ("Tekstylia", "Meble", "Dom"),
    ),
    "IT": (
        "{a} {b} S.r.l.",
        ("Brianza", "Toscana", "Veneto", "Lago"),
        ("Arredamenti", "Tessuti", "Casa"),
    ),
    "TR": (
        "{a} {b} A.Ş.",
        ("Anadolu", "Boğaziçi", "Ege", "Marmara", "Bursa"),
        ("Tekstil", "Mobilya", "Ev Tekstili"),
    ),
    "VN": (
        "Công ty TNHH {b} {a}",
        ("Sài Gòn", "Hà Nội", "Đà Nẵng", "Mekong", "Hồng Hà", "Bình Dương"),
        ("Dệt may", "Nội thất", "Thương mại"),
    ),
    "TH": (
        "{a} {b} Co., Ltd.",
        ("Siam", "Chao Phraya", "Lanna", "Andaman"),
        ("Textile", "Furniture", "Home"),
    ),
    "MY": ("{a} {b} Sdn. Bhd.", ("Klang Valley", "Penang", "Johor"), ("Furnishings", "Textiles")),
    "ID": ("PT {a} {b}", ("Nusantara", "Jaya", "Surya"), ("Tekstil", "Mebel")),
    "IN": (
        "{a} {b} Pvt. Ltd.",
        ("Shree Ganesh", "Panipat", "Karur", "Jaipur"),
        ("Textiles", "Home Furnishings", "Exports"),
    ),
    "NG": (
        "{a} {b} Ltd",
        ("Lagos", "Abuja", "Kano", "Eko"),
        ("Home Furnishings", "Textiles", "Furniture"),
    ),
    "BR": (
        "{a} {b} Ltda.",
        ("Casa Verde", "Paulista", "Minas", "Sul"),
        ("Móveis", "Têxtil", "Decorações"),
    ),
    "JP": ("{a} {b} K.K.", ("Sakura", "Fuji", "Kansai"), ("Interior", "Textile")),
    "KR": ("{a} {b} Co., Ltd.", ("Hanbit", "Seoul", "Busan"), ("Living", "Textile")),
}

BUSINESS_FIELDS = {
    "home-textiles": T(
        "家纺批发与零售",
        "Home textile wholesale and retail",
        "Оптовая и розничная торговля домашним текстилем",
        "تجارة المنسوجات المنزلية بالجملة والتجزئة",
    ),
    "furniture": T(
        "家具进口与分销",
        "Furniture import and distribution",
        "Импорт и дистрибуция мебели",
        "استيراد الأثاث وتوزيعه",
    ),
    "machinery": T(
        "纺织服装生产",
        "Textile and garment production",
        "Текстильное и швейное производство",
        "إنتاج المنسوجات والملابس",
    ),
}

EXHIBITOR_FEEDBACK = (
    (5, "询盘数量超出预期，海外采购商比例较高。"),
    (5, "视频洽谈效率高，现场签约两单。"),
    (4, "采购商匹配比较精准，希望增加俄语翻译支持。"),
    (4, "展位搭建简单，3D 展示效果好。"),
    (4, "直播带来不少新客户，回放观看数据很有用。"),
    (3, "询盘质量一般，希望按品类做更多专场对接会。"),
    (3, "展期偏短，建议延长线上展示时间。"),
    (2, "本届匹配的采购商与我司品类不符。"),
)
BUYER_FEEDBACK = (
    (5, "Found two new suppliers; the video meetings saved us a trip."),
    (4, "Good range of exhibits, specs were easy to compare."),
    (4, "Удобный поиск по характеристикам, быстро нашли поставщиков."),
    (3, "Some exhibitors replied slowly to inquiries."),
    (3, "希望增加更多小批量起订的供应商。"),
    (2, "Machinery section was too small for our needs."),
)
