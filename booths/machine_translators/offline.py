"""The air-gapped default engine: terminology only, no network, always the same answer.

A private-cloud installation may have no translation service at all. With this engine the
"Machine translate" button still does something useful and predictable: the glossary layer
has already replaced every organizer glossary term with its translation, and this engine
returns the rest of the text unchanged for a translator to finish. It never invents a
translation, so nothing it produces can be mistaken for real machine translation.

Real machine translation needs a LibreTranslate server (`MT_BACKEND=libretranslate`,
self-hostable inside the private cloud) or DeepL (`MT_BACKEND=deepl`); see
docs/translation.md.
"""

from django.utils.translation import gettext_lazy as _

from booths.machine_translators.base import TranslationEngine


class OfflineTranslator(TranslationEngine):
    display_name = _("Offline")
    # Nothing travels anywhere, so there is no reason to split the work.
    max_batch_texts = 10_000_000
    max_batch_chars = 10_000_000_000

    def translate_html(self, texts, source_language, target_language):
        """The texts as given: glossary substitutions are all the translation there is."""
        return list(texts)
