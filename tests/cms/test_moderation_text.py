"""The text-screening engine catches disguised terms and leaves innocent text alone (SPEC 6.1.2).

The word list is a fixture: a few English profanities and spam words, Chinese gambling and
invoice-fraud terms, a Russian one. Each payload is ``(list, action)`` as the caller uses it.
"""

import random

import ahocorasick
import pytest

from cms.moderation import Hit, WordMatcher, normalise
from cms.moderation import matcher as matcher_module
from cms.moderation.normalize import JOIN, NONE, SPACE

WORD_LIST = [
    ("fuck", ("profanity", "block")),
    ("shit", ("profanity", "block")),
    ("ass", ("profanity", "review")),
    ("cock", ("profanity", "review")),
    ("cunt", ("profanity", "block")),  # the one "Scunthorpe" contains
    ("penis", ("adult", "review")),
    ("sex", ("adult", "review")),
    ("anal", ("adult", "review")),
    ("xxx", ("adult", "review")),
    ("cialis", ("spam", "block")),
    ("casino", ("gambling", "block")),
    ("scam", ("spam", "review")),
    ("free money", ("spam", "review")),
    ("guaranteed profit", ("spam", "review")),
    ("казино", ("gambling", "block")),
    ("赌博", ("gambling", "block")),
    ("博彩", ("gambling", "block")),
    ("六合彩", ("gambling", "block")),
    ("发票", ("fraud", "review")),
    ("代开发票", ("fraud", "block")),
]


@pytest.fixture(scope="module")
def matcher():
    return WordMatcher(WORD_LIST)


def found_terms(matcher, text):
    return {hit.term for hit in matcher.find(text)}


EVASIONS = [
    pytest.param("ＦＵＣＫ this", "fuck", id="full-width letters"),
    pytest.param("what a ｓｈｉｔ show", "shit", id="full-width lower case"),
    pytest.param("这是赌博网站", "赌博", id="plain simplified"),
    pytest.param("這是賭博網站", "赌博", id="traditional characters"),
    pytest.param("代開發票，請聯繫", "代开发票", id="traditional phrase"),
    pytest.param("f\u200bu\u200bc\u200bk", "fuck", id="zero-width spaces"),
    pytest.param("f\u200du\u200dc\u200dk", "fuck", id="zero-width joiners"),
    pytest.param("s\u2060h\u2060i\u2060t", "shit", id="word joiners"),
    pytest.param("\ufeffshit\u00ad", "shit", id="byte-order mark and soft hyphen"),
    pytest.param("f u c k you", "fuck", id="spaced-out letters"),
    pytest.param("f.u.c.k", "fuck", id="dots"),
    pytest.param("f-u-c-k", "fuck", id="dashes"),
    pytest.param("f🔥u🔥c🔥k", "fuck", id="emoji between letters"),
    pytest.param("FuCk", "fuck", id="mixed case"),
    pytest.param("fu\u0441k", "fuck", id="Cyrillic es in a Latin word"),
    pytest.param("\u0455hit", "shit", id="Cyrillic dze in a Latin word"),
    pytest.param("c\u03bfck", "cock", id="Greek omicron in a Latin word"),
    pytest.param("\u0421ASINO night", "casino", id="Cyrillic capital es starting a word"),
    pytest.param("f.u.\u0441.k", "fuck", id="Cyrillic letter alone between dotted Latin"),
    pytest.param("ⓕⓤⓒⓚ", "fuck", id="circled letters"),
    pytest.param("𝐟𝐮𝐜𝐤", "fuck", id="mathematical bold letters"),
    pytest.param("guaranteed proﬁt", "guaranteed profit", id="fi ligature"),
    pytest.param("fück", "fuck", id="Latin diacritic"),
    pytest.param("fu\u0308ck", "fuck", id="combining diaeresis"),
    pytest.param("f̸u̸c̸k̸", "fuck", id="stacked combining marks"),
    pytest.param("what the fu-\nck", "fuck", id="hyphenated over a line break"),
    pytest.param("赌\n博", "赌博", id="Chinese over a line break"),
    pytest.param("赌·博", "赌博", id="middle dot"),
    pytest.param("赌 博", "赌博", id="space in Chinese"),
    pytest.param("赌\u3000博", "赌博", id="ideographic space"),
    pytest.param("赌＊博", "赌博", id="full-width asterisk"),
    pytest.param("赌\u200b博", "赌博", id="zero-width space in Chinese"),
    pytest.param("博 彩 网 站", "博彩", id="spaced Chinese"),
    pytest.param("六合彩开奖", "六合彩", id="Chinese inside a sentence"),
    pytest.param("欢迎来玩casino游戏", "casino", id="English inside Chinese"),
    pytest.param("sc@m alert", "scam", id="at sign for a"),
    pytest.param("best ca$ino", "casino", id="dollar sign for s"),
    pytest.param("FREE\tMONEY!!!", "free money", id="multi-word term, tab"),
    pytest.param("free-money", "free money", id="multi-word term, dash"),
    pytest.param("КАЗИНО", "казино", id="Russian upper case"),
    pytest.param("к а з и н о", "казино", id="Russian spaced out"),
    pytest.param("CiAlIs", "cialis", id="alternating case"),
]


@pytest.mark.parametrize("text, term", EVASIONS)
def test_disguised_term_is_caught(matcher, text, term):
    assert term in found_terms(matcher, text)


INNOCENT = [
    pytest.param("Please attend the class assessment at 10:00.", id="class assessment"),
    pytest.param("Visitors from Scunthorpe United", id="Scunthorpe"),
    pytest.param("Cocktail glassware and bar tools", id="cocktail glassware"),
    pytest.param("Our plant in Essex, Sussex and Middlesex", id="Essex"),
    pytest.param("Ask a specialist about our socialist-era designs", id="specialist"),
    pytest.param("Spectral analysis and analogue canal sensors", id="analysis"),
    pytest.param("Dried shitake mushrooms", id="shitake"),
    pytest.param("Passport control, embassy, bass guitar, assembly line", id="ass inside words"),
    pytest.param("Peacock feathers, Hancock valves, shuttlecock", id="cock inside words"),
    pytest.param("Penistone Steel works", id="Penistone"),
    pytest.param("The pen is mightier than the sword", id="words running into a term"),
    pytest.param("Casinos? No: Casinovo Kitchen Co.", id="longer word starting with a term"),
    pytest.param("Models A55-S4, 5H1T-200 and SEX2000 pumps", id="model numbers"),
    pytest.param("Contact sales@assembly-tech.com", id="e-mail address"),
    pytest.param("Scampi, and crabs scampering", id="scampi"),
    pytest.param("ХХХ съезд и Казинский проспект", id="Russian look-alike letters"),
    pytest.param("Насосы Grundfos: сорт, рокер, сосок", id="Russian words next to Latin"),
    pytest.param("欢迎参观博览会", id="Chinese sharing one character"),
    pytest.param("我跟你打赌这台机器最好", id="Chinese bet without the term"),
    pytest.param("南京六合区的工厂", id="Chinese place name sharing a prefix"),
    pytest.param("第三代开发板", id="Chinese sharing three characters"),
    pytest.param("精彩博物馆", id="Chinese characters of a term reversed"),
    pytest.param("معرض تجاري للمضخات والمعدات الصناعية", id="Arabic"),
    pytest.param("مَعْرِضٌ تِجَارِيٌّ", id="Arabic with vowel marks"),
    pytest.param("Precision 5 µm, resistance 10 kΩ, Ø 20 mm", id="units with Greek letters"),
    pytest.param("Free shipping on money orders over $100", id="multi-word term split"),
    pytest.param("A$100 or HK$5 per unit", id="currency symbols"),
    pytest.param("Ｃｌａｓｓ Ａ ｇｌａｓｓ", id="full-width innocent words"),
]


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_text_is_not_flagged(matcher, text):
    assert matcher.find(text) == []


@pytest.mark.parametrize(
    "text, term, span",
    [
        ("Please f.u.c.k off", "fuck", "f.u.c.k"),
        ("x f\u200bu\u200bc\u200bk x", "fuck", "f\u200bu\u200bc\u200bk"),
        ("這是賭博網站", "赌博", "賭博"),
        ("赌·博!", "赌博", "赌·博"),
        ("a f̸u̸c̸k̸.", "fuck", "f̸u̸c̸k̸"),
        ("ＦＵＣＫ", "fuck", "ＦＵＣＫ"),
        ("guaranteed proﬁt!", "guaranteed profit", "guaranteed proﬁt"),
        ("what the fu-\nck", "fuck", "fu-\nck"),
    ],
)
def test_hit_span_is_the_disguised_text_in_the_original(matcher, text, term, span):
    [hit] = [hit for hit in matcher.find(text) if hit.term == term]
    assert text[hit.start : hit.end] == span


def test_overlapping_terms_are_all_reported_in_text_order(matcher):
    text = "可以代开发票，也可以赌博"
    hits = matcher.find(text)
    assert [(hit.term, text[hit.start : hit.end]) for hit in hits] == [
        ("代开发票", "代开发票"),
        ("发票", "发票"),
        ("赌博", "赌博"),
    ]
    assert matcher.first(text) == hits[0]
    assert matcher.first("nothing here") is None


def test_payloads_come_back_unchanged():
    payload = ("list-7", "block")
    [hit] = WordMatcher([("赌博", payload)]).find("赌博")
    assert hit == Hit("赌博", payload, 0, 2)
    assert hit.payload is payload


def test_traditional_and_simplified_terms_each_give_a_hit():
    matcher = WordMatcher([("賭博", "traditional list"), ("赌博", "simplified list")])
    assert {hit.payload for hit in matcher.find("赌博")} == {
        "traditional list",
        "simplified list",
    }


def test_empty_matcher_finds_nothing():
    matcher = WordMatcher([])
    assert len(matcher) == 0
    assert matcher.find("anything at all, 赌博") == []


def test_empty_whitespace_and_punctuation_terms_are_ignored():
    matcher = WordMatcher([("", 1), ("   ", 2), ("\u200b", 3), ("...", 4), ("赌博", 5)])
    assert len(matcher) == 1
    assert [hit.payload for hit in matcher.find("... 赌博")] == [5]


def test_duplicate_terms_count_once():
    matcher = WordMatcher([("scam", 1), ("scam", 1), ("SCAM", 1)])
    assert len(matcher) == 2  # "SCAM" is another term with the same normalised form
    assert {hit.term for hit in matcher.find("a scam")} == {"scam", "SCAM"}


def test_one_automaton_pass_per_text_whatever_the_number_of_terms(monkeypatch):
    """Linear time, checked structurally: find() scans the normalised text once, in the
    Aho-Corasick automaton, for 10,000 terms as for one; no timing is asserted."""
    scans = []
    real_automaton = ahocorasick.Automaton

    class CountingAutomaton:
        def __init__(self):
            self._automaton = real_automaton()

        def __getattr__(self, name):
            return getattr(self._automaton, name)

        def iter(self, text):
            scans.append(len(text))
            return self._automaton.iter(text)

    monkeypatch.setattr(matcher_module.ahocorasick, "Automaton", CountingAutomaton)
    rng = random.Random(6102)
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    terms = [("".join(rng.choices(alphabet, k=12)) + str(n), n) for n in range(10_000)]
    matcher = WordMatcher(terms)
    filler = "booth pump 5-20 kW 欢迎参观博览会 "
    text = filler * (100_000 // len(filler)) + " " + terms[1234][0] + " " + filler * 100
    assert len(text) > 100_000

    hits = matcher.find(text)

    assert [hit.payload for hit in hits] == [1234]
    assert scans == [len(normalise(text).compact)]


def test_normalise_maps_traditional_to_simplified_characters():
    assert normalise("習賭博發票臺台裡").compact == "习赌博发票台台里"


def test_normalise_folds_width_and_case_and_drops_padding():
    norm = normalise("Ｈｅｌｌｏ, Wörld!\u200b")
    assert norm.compact == "helloworld"
    assert norm.positions == (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)
    assert norm.ends == (1, 2, 3, 4, 5, 8, 9, 10, 11, 12)
    assert list(norm.breaks) == [SPACE, NONE, NONE, NONE, NONE, SPACE] + [NONE] * 4 + [SPACE]


def test_normalise_records_padding_without_space_as_join():
    assert list(normalise("a.b\nc d").breaks) == [SPACE, JOIN, JOIN, SPACE, SPACE]


def test_normalise_keeps_digits_as_digits():
    assert normalise("A55 5H1T B00ST-3").compact == "a555h1tb00st3"


def test_normalise_leaves_russian_words_in_cyrillic():
    assert normalise("Сорт кокос, Привет!").compact == "сорткокоспривет"


def test_normalise_folds_look_alikes_only_inside_latin_words():
    assert normalise("Grundfos fuсk насос").compact == "grundfosfuckнасос"


def test_normalise_reads_at_and_dollar_only_between_letters():
    assert normalise("gl@ss").compact == "glass"
    assert normalise("a$$hole").compact == "asshole"
    assert normalise("@home $5").compact == "home5"


def test_normalise_composes_a_combining_accent_like_a_precomposed_one():
    assert normalise("cafe\u0301").compact == normalise("café").compact == "cafe"
    assert normalise("й").compact == "й"  # not a Latin letter: the breve stays
