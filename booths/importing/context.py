"""What every row of one import shares: languages, edition, name matchers, options.

Looked up once per import so that checking a thousand rows costs a handful of queries.
"""

from dataclasses import dataclass, field

from booths.importing.taxonomy import CategoryMatcher, IndustryMatcher

# The `_en` columns fill this language's translation.
TRANSLATION_LANGUAGE = "en"


@dataclass
class ImportContext:
    kind: str
    columns: list
    source_locale: object
    translation_locale: object = None
    edition: object = None
    draft: bool = False
    categories: CategoryMatcher = None
    industries: IndustryMatcher = None
    report: object = None
    cache: dict = field(default_factory=dict)

    def cached(self, key, build):
        """A lookup table built once per import (e.g. booths by exhibitor id)."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]

    def translated_locales(self, strings):
        """The locales a row's imported strings will translate its page into."""
        return [self.translation_locale] if strings and self.translation_locale else []
