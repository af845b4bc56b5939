"""LibreTranslate: open-source machine translation that a private cloud can host itself.

Options (settings.MACHINE_TRANSLATION["libretranslate"]["OPTIONS"]):
  URL       the server, e.g. http://10.0.0.5:5000 (env LIBRETRANSLATE_URL)
  API_KEY   only if the server requires keys (env LIBRETRANSLATE_API_KEY)
  TIMEOUT   seconds per request
  LANGUAGE_CODES  overrides of the Wagtail → LibreTranslate code map below, for servers
                  that use other codes (recent releases also accept "zh-Hans"/"zh-Hant").
"""

from django.utils.translation import gettext as _

from booths.machine_translators.base import MachineTranslationError
from booths.machine_translators.remote import RemoteTranslationEngine

# Self-hosted LibreTranslate (argos-translate models) names most languages by their
# two-letter ISO 639-1 code, with a few exceptions of its own.
LANGUAGE_CODES = {
    "zh-hans": "zh",
    "zh-hant": "zt",
    "pt-br": "pb",
}


class LibreTranslateTranslator(RemoteTranslationEngine):
    display_name = "LibreTranslate"
    max_batch_texts = 50
    max_batch_chars = 20_000

    def __init__(self, options=None):
        super().__init__(options)
        self.url = self.option("URL", required=True).rstrip("/")

    def language_code(self, code):
        code = code.lower()
        overrides = {**LANGUAGE_CODES, **self.option("LANGUAGE_CODES", {})}
        return overrides.get(code, code.split("-")[0])

    def supports(self, source_language, target_language):
        return self.language_code(source_language) != self.language_code(target_language)

    def translate_html(self, texts, source_language, target_language):
        texts = list(texts)
        payload = {
            "q": texts,
            "source": self.language_code(source_language),
            "target": self.language_code(target_language),
            "format": "html",
            # Servers without keys ignore an empty one; servers with keys require it.
            "api_key": self.option("API_KEY", ""),
        }
        body = self.post_json(f"{self.url}/translate", payload)
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise MachineTranslationError(
                _("LibreTranslate answered without a list of translatedText.")
            )
        return translated
