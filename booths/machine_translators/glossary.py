"""The organizer's glossary in front of any machine translation engine (SPEC 6.2.2.2).

wagtail-localize calls `GlossaryMachineTranslator` for its "Machine translate" button (and
`booths.machine_translation` calls it for imports and `manage.py translate_missing`). Before
any engine sees the text, the glossary of the target language is applied, so a category,
a specification name or a unit reads the same on every booth whatever the engine does:

1. a string that is exactly a glossary term (ignoring surrounding whitespace) becomes the
   target term, and the engine is not asked at all;
2. in any other string every occurrence of a term, longest term first, is replaced by its
   target term wrapped in `<span translate="no" class="notranslate">`, markup that DeepL
   and LibreTranslate both leave alone in HTML mode; the wrapper is removed afterwards.

All strings that still need the engine travel together, split only where the engine's
request limits demand it.
"""

import re

from bs4 import BeautifulSoup
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue, lstrip_keep, rstrip_keep

from booths.machine_translators.base import (
    MachineTranslationConfigError,
    get_engine,
    get_engine_class,
)

PROTECT_OPEN = '<span translate="no" class="notranslate">'
PROTECT_CLOSE = "</span>"
# Tags and character references are never searched for terms: a Latin term such as "b" or
# "amp" must not match inside "<b>" or "&amp;".
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def _html_text(text):
    """Plain text as it appears inside a wagtail-localize string (which is HTML)."""
    return escape(text).replace("&#x27;", "'").replace("&quot;", '"')


class Glossary:
    """The terms of one target language, applied to HTML fragments.

    Terms match case-sensitively and as written: the source language is Chinese by default,
    where case does not exist, and an organizer who writes "PVC" does not mean "pvc".
    """

    def __init__(self, terms):
        self.terms = {
            _html_text(source.strip()): _html_text(target.strip())
            for source, target in dict(terms).items()
            if source.strip() and target.strip()
        }
        # Alternatives are tried in order, so longest first makes the longest term win
        # where terms overlap ("实木餐椅" before "实木").
        ordered = sorted(self.terms, key=lambda term: (-len(term), term))
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    @classmethod
    def for_locale(cls, locale):
        from booths.models import GlossaryTerm

        return cls(
            GlossaryTerm.objects.filter(locale=locale).values_list("source_term", "target_term")
        )

    def __bool__(self):
        return bool(self.terms)

    def exact(self, html):
        """The translation of a string that is one glossary term, else None."""
        text, leading = lstrip_keep(html)
        text, trailing = rstrip_keep(text)
        target = self.terms.get(text)
        return None if target is None else f"{leading}{target}{trailing}"

    def protect(self, html):
        """The string with every term replaced by its protected target term."""
        if self.pattern is None:
            return html
        parts = _MARKUP.split(html)
        # re.split with a capturing group alternates text (even) and markup (odd).
        for index in range(0, len(parts), 2):
            parts[index] = self.pattern.sub(self._protected_target, parts[index])
        return "".join(parts)

    def _protected_target(self, match):
        return f"{PROTECT_OPEN}{self.terms[match.group(0)]}{PROTECT_CLOSE}"


def unprotect(html):
    """Remove the protecting spans (whatever attribute order the engine gave back)."""
    if "translate" not in html and "notranslate" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for span in soup.find_all("span"):
        if span.get("translate") == "no" or "notranslate" in (span.get("class") or []):
            span.unwrap()
    return str(soup)


class GlossaryMachineTranslator(BaseMachineTranslator):
    """wagtail-localize's machine translator: glossary first, then the configured engine.

    OPTIONS["BACKEND"] names an entry of `settings.MACHINE_TRANSLATION` (default
    `settings.MT_BACKEND`). An engine instance may be passed directly instead.
    """

    def __init__(self, options=None, engine=None):
        super().__init__(options or {})
        self._engine = engine

    @cached_property
    def engine(self):
        return self._engine or get_engine(self.options.get("BACKEND"))

    @property
    def display_name(self):
        # Read without building the engine: the admin shows this name on every translation
        # edit page, and a misconfigured engine must not break those pages.
        try:
            name = (self._engine or get_engine_class(self.options.get("BACKEND"))).display_name
        except MachineTranslationConfigError:
            name = gettext("machine translation")
        return gettext("%(engine)s with glossary") % {"engine": name}

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code.lower() != target_locale.language_code.lower()

    def translate(self, source_locale, target_locale, strings):
        """`{StringValue: StringValue}` for every string the glossary or the engine could do."""
        glossary = Glossary.for_locale(target_locale)
        results, pending = {}, []
        for string in strings:
            exact = glossary.exact(string.data)
            if exact is not None:
                results[string] = StringValue(exact)
            else:
                pending.append(string)
        source, target = source_locale.language_code, target_locale.language_code
        if pending and self.engine.supports(source, target):
            translated = self.engine.translate_in_batches(
                [glossary.protect(string.data) for string in pending], source, target
            )
            for string, html in zip(pending, translated, strict=True):
                results[string] = StringValue(unprotect(html))
        return results
