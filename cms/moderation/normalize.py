"""One canonical spelling for text that is written to slip past a word list (SPEC 6.1.2).

Someone who wants a blocked word published writes it so that a plain substring search misses
it while a reader still sees it: ``ＦＵＣＫ``, ``賭博``, ``赌.博``, ``f\u200bu\u200bc\u200bk``,
``fuсk`` with a Cyrillic ``с``. `normalise` maps such variants onto one *compact* string, the
word list goes through the same function, and the matcher compares the two. Each compact
character remembers where it came from in the original, so a hit can be highlighted in the
text the user actually wrote, and what separated it from its neighbour (`breaks`), so the
matcher can tell a padded word ("f.u.c.k") from two words run together ("pen is").

The text is read as *clusters*: a base character with the combining marks that follow it.
Each cluster goes through these steps:

1. Unicode NFKC. Folds compatibility forms onto the plain character: full-width ``Ａ１``,
   circled ``ⓐ``, mathematical ``𝐚``, ligatures ``ﬁ``, half-width katakana, CJK
   compatibility ideographs. Done per cluster, so an accent typed as a combining mark is
   composed exactly as a precomposed one is.
2. Case folding (``str.casefold``: also ``ß`` → ``ss``).
3. Only letters and digits stay. Everything else is *padding* an evader can put between the
   letters and a reader skips over: whitespace (Z*), punctuation (P*), symbols and emoji
   (S*), control characters (Cc), zero-width and format characters (Cf: U+200B/C/D,
   U+2060, U+FEFF, the soft hyphen) and combining marks NFKC could not compose (M*:
   "Zalgo" stacks, emoji variation selectors, Arabic vowel signs, which are optional anyway).
4. Latin letters lose their diacritics (``é`` → ``e``, ``ü`` → ``u``): word lists are
   typed without them and ``fück`` is a common dodge. Other scripts keep theirs: Russian
   ``й`` is not ``и``.
5. Traditional Chinese characters become simplified ones, one character for one (``賭`` →
   ``赌``, ``臺`` → ``台``, ``裡`` → ``里``), with OpenCC's character table (`TSCharacters`,
   shipped by ``opencc-purepy``). Character by character rather than phrase by phrase: one
   output character per input keeps the positions exact, and the rare ambiguous character
   (``乾`` → ``干``) is folded the same way in the word list and in the text, so the two
   still meet.
6. ``@`` and ``$`` standing between letters are read as ``a`` and ``s`` (``gl@ss``,
   ``a$$hole``); anywhere else they are padding (an e-mail's ``@`` is between letters too,
   which only joins its two halves into one word).
7. Cyrillic and Greek letters that look Latin (``а е о р с у х і ј ѕ к м н т в``, ``ο α ε ι
   κ ν ρ τ υ χ`` …) become the Latin letter when they hide in a Latin word: when their word
   also has Latin letters (``fuсk``), or when their word is made only of such letters and the
   whitespace-delimited token around it has Latin letters (``f.u.с.k``). A word entirely in
   Cyrillic is left alone: Russian is one of the site's languages, and ``сор`` is not ``cop``.

Digits stay digits: no "leetspeak" reading of ``0`` as ``o`` or ``1`` as ``i``. A trade show is
full of model numbers and specifications (``A55-S4``, ``B00ST-3``, ``X10``) and folding
digits into letters would flag them; a word list can list a digit spelling explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

# What separates a compact character from the one before it (see `Normalised.breaks`).
NONE = 0  # nothing: the two are in the same word
JOIN = 1  # padding without a space (``f.u``, ``f\u200bu``, a line break): a word boundary
SPACE = 2  # a space or tab: a word boundary that also separates words in ordinary text

# Line breaks are padding, not spaces: a term broken over two lines ("fu-\nck") is still one
# word to a reader, while "pen is" on one line is two.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# Scripts written without spaces between words: a term in them can match anywhere.
# Hangul is written with spaces, but particles attach to the word (도박을), so it goes here too.
_UNSPACED_SCRIPTS = (
    "CJK",
    "IDEOGRAPHIC",
    "HIRAGANA",
    "KATAKANA",
    "BOPOMOFO",
    "HANGUL",
    "THAI",
    "LAO",
    "KHMER",
    "MYANMAR",
    "TIBETAN",
    "YI",
)

# Cyrillic and Greek letters that pass for Latin ones, keyed by case because the look-alike
# differs (Greek ``Η`` is an H, ``η`` an n). Applied before case folding.
_HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic
        "а": "a", "А": "A", "в": "b", "В": "B", "е": "e", "Е": "E", "ё": "e", "Ё": "E",
        "і": "i", "І": "I", "ї": "i", "Ї": "I", "ј": "j", "Ј": "J", "ѕ": "s", "Ѕ": "S",
        "к": "k", "К": "K", "м": "m", "М": "M", "н": "h", "Н": "H", "о": "o", "О": "O",
        "р": "p", "Р": "P", "с": "c", "С": "C", "т": "t", "Т": "T", "у": "y", "У": "Y",
        "х": "x", "Х": "X", "ԁ": "d", "ԛ": "q", "ԝ": "w", "Ԝ": "W", "һ": "h", "Һ": "H",
        "ӏ": "l", "Ӏ": "I",
        # Greek
        "α": "a", "Α": "A", "β": "b", "Β": "B", "γ": "y", "ε": "e", "Ε": "E", "ζ": "z",
        "Ζ": "Z", "η": "n", "Η": "H", "ι": "i", "Ι": "I", "κ": "k", "Κ": "K", "μ": "u",
        "Μ": "M", "ν": "v", "Ν": "N", "ο": "o", "Ο": "O", "ρ": "p", "Ρ": "P", "τ": "t",
        "Τ": "T", "υ": "u", "Υ": "Y", "χ": "x", "Χ": "X", "ϲ": "c", "Ϲ": "C",
    }
)  # fmt: skip
_LOOKALIKES = frozenset(chr(code).casefold() for code in _HOMOGLYPHS)
_MAYBE_LOOKALIKE = re.compile("[" + "".join(sorted(_LOOKALIKES)) + "]")
_ASCII_LETTER = re.compile("[a-z]")
_SYMBOL_LETTERS = frozenset("@$")

# Per-character steps are cached: a text repeats few distinct characters, and the caches are
# bounded because the characters come from users.
_CACHE_SIZE = 1 << 15


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text in canonical compact form, with the way back to the original.

    ``compact[i]`` came from ``original[positions[i]:ends[i]]`` (one cluster; a cluster can
    give several compact characters, ``ﬁ`` → ``fi``). ``breaks[i]`` says what separated
    ``compact[i]`` from ``compact[i - 1]`` (`NONE`, `JOIN` or `SPACE`); ``breaks`` has one
    more entry than ``compact``, and the start and end of the text count as `SPACE`.
    """

    original: str
    compact: str
    positions: tuple[int, ...]
    ends: tuple[int, ...]
    breaks: bytes

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The original ``[start, end)`` of compact characters ``first`` to ``last`` inclusive."""
        return self.positions[first], self.ends[last]


def normalise(text: str) -> Normalised:
    """Put `text` in canonical compact form (see the module docstring for the steps)."""
    starts, ends, forms, folded = _clusters(text)
    _read_symbols_as_letters(forms, folded)
    _fold_hidden_homoglyphs(forms, folded)
    return _compact(text, starts, ends, forms, folded)


def is_unspaced(char: str) -> bool:
    """Whether `char` belongs to a script written without spaces between words (CJK, Thai…)."""
    return _script(char) == "unspaced"


def _clusters(text: str) -> tuple[list[int], list[int], list[str], list[str]]:
    """Split `text` into clusters: their original spans, NFKC forms and folded letters.

    ``folded`` is the empty string for padding (see `_fold`); ``forms`` is kept to redo the
    folding when a later step reads a cluster differently. Most texts have no combining mark,
    every character is a cluster, and the work is done by `map` over cached functions.
    """
    if not any(map(_is_mark, text)):
        forms = list(map(_nfkc, text))
        return list(range(len(text))), list(range(1, len(text) + 1)), forms, list(map(_fold, forms))
    starts: list[int] = []
    ends: list[int] = []
    forms = []
    length = len(text)
    start = 0
    while start < length:
        end = start + 1
        while end < length and _is_mark(text[end]):
            end += 1
        starts.append(start)
        ends.append(end)
        forms.append(_nfkc(text[start:end]))
        start = end
    return starts, ends, forms, list(map(_fold, forms))


def _read_symbols_as_letters(forms: list[str], folded: list[str]) -> None:
    """Read a run of ``@``/``$`` between two letters as ``a``/``s`` (step 6)."""
    if _SYMBOL_LETTERS.isdisjoint(forms):
        return
    count = len(forms)
    index = 0
    while index < count:
        if forms[index] not in _SYMBOL_LETTERS:
            index += 1
            continue
        run_end = index
        while run_end < count and forms[run_end] in _SYMBOL_LETTERS:
            run_end += 1
        before = folded[index - 1][-1:] if index else ""
        after = folded[run_end][:1] if run_end < count else ""
        if before.isalpha() and after.isalpha():
            for symbol in range(index, run_end):
                folded[symbol] = "a" if forms[symbol] == "@" else "s"
        index = run_end


def _fold_hidden_homoglyphs(forms: list[str], folded: list[str]) -> None:
    """Fold Cyrillic/Greek look-alikes hiding in Latin words to Latin (step 7).

    A *word* here is a run of letter/digit clusters; a *token* a run of clusters without
    whitespace. Most texts have no Latin letter or no look-alike at all and return at once.
    """
    joined = "".join(folded)
    if not (_ASCII_LETTER.search(joined) and _MAYBE_LOOKALIKE.search(joined)):
        return
    words: list[list[int]] = []  # cluster indices of each word
    token_of_word: list[int] = []
    token = 0
    for index, form in enumerate(forms):
        if not folded[index]:
            if _is_space(form):
                token += 1
            continue
        if index == 0 or not folded[index - 1]:
            words.append([])
            token_of_word.append(token)
        words[-1].append(index)

    def letters(word: list[int]) -> str:
        return "".join(folded[index] for index in word)

    latin_tokens = {
        word_token
        for word, word_token in zip(words, token_of_word, strict=True)
        if any(_script(char) == "latin" for char in letters(word))
    }
    for word, word_token in zip(words, token_of_word, strict=True):
        word_letters = [char for char in letters(word) if char.isalpha()]
        if not any(char in _LOOKALIKES for char in word_letters):
            continue
        mixed = any(_script(char) == "latin" for char in word_letters)
        disguised = word_token in latin_tokens and all(char in _LOOKALIKES for char in word_letters)
        if mixed or disguised:
            for index in word:
                latin = forms[index].translate(_HOMOGLYPHS)
                if latin != forms[index]:  # leaves alone an ``@`` read as ``a`` by step 6
                    folded[index] = _fold(latin)


def _compact(
    text: str, starts: list[int], ends: list[int], forms: list[str], folded: list[str]
) -> Normalised:
    """Join the folded clusters and record where each character came from."""
    positions: list[int] = []
    char_ends: list[int] = []
    breaks = bytearray()
    gap = SPACE  # the start of the text is a word boundary
    for start, end, form, letters in zip(starts, ends, forms, folded, strict=True):
        if not letters:
            if _is_space(form):
                gap = SPACE
            elif gap == NONE:
                gap = JOIN
            continue
        breaks.append(gap)
        positions.append(start)
        char_ends.append(end)
        if len(letters) > 1:  # ``ﬁ`` → ``fi``: one cluster, several characters
            breaks.extend(bytes(len(letters) - 1))
            positions.extend([start] * (len(letters) - 1))
            char_ends.extend([end] * (len(letters) - 1))
        gap = NONE
    breaks.append(SPACE)  # and so is its end
    return Normalised(
        original=text,
        compact="".join(folded),
        positions=tuple(positions),
        ends=tuple(char_ends),
        breaks=bytes(breaks),
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


@lru_cache(maxsize=_CACHE_SIZE)
def _nfkc(cluster: str) -> str:
    return unicodedata.normalize("NFKC", cluster)


@lru_cache(maxsize=_CACHE_SIZE)
def _is_space(form: str) -> bool:
    return form.isspace() and not any(char in _LINE_BREAKS for char in form)


@lru_cache(maxsize=_CACHE_SIZE)
def _fold(form: str) -> str:
    """The letters and digits of an NFKC cluster, case-folded, unaccented, simplified.

    Returns ``""`` for padding.
    """
    folded = []
    for char in form.casefold():
        category = unicodedata.category(char)
        if category[0] not in "LN":
            continue
        if category[0] == "L" and not char.isascii():
            char = _traditional_to_simplified().get(char) or _strip_latin_accent(char)
        folded.append(char)
    return "".join(folded)


def _strip_latin_accent(char: str) -> str:
    """``é`` → ``e``; any letter whose base is not an ASCII letter is returned unchanged."""
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() and base.isalpha() else char


@cache
def _traditional_to_simplified() -> dict[str, str]:
    """OpenCC's one-character traditional → simplified table, loaded once (~70 ms)."""
    from opencc_purepy import OpenCC

    table, _longest = OpenCC("t2s").dictionary.ts_characters
    # Entries list alternatives separated by spaces ("乾": "干 乾"): the first is the usual one.
    single = {
        source: target.split()[0]
        for source, target in table.items()
        if len(source) == 1 and target and len(target.split()[0]) == 1
    }
    if not single:  # opencc-purepy records load errors instead of raising
        raise RuntimeError("opencc-purepy's traditional-to-simplified table did not load")
    return single


@lru_cache(maxsize=_CACHE_SIZE)
def _script(char: str) -> str:
    """``latin``, ``cyrillic``, ``greek``, ``unspaced`` or ``""``, from the character's name."""
    name = unicodedata.name(char, "")
    if name.startswith(_UNSPACED_SCRIPTS):
        return "unspaced"
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.lower()
    return ""
