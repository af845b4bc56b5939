"""DeepL: hosted machine translation (API v2), for installations that may call out.

Options (settings.MACHINE_TRANSLATION["deepl"]["OPTIONS"]):
  AUTH_KEY         the API key (env DEEPL_AUTH_KEY); keys of the free plan end in ":fx"
                   and are sent to api-free.deepl.com, other keys to api.deepl.com
  API_URL          full URL of the translate endpoint, replacing the one chosen from the key
                   (a proxy, or a local server in tests)
  TIMEOUT          seconds per request
  ENGLISH_VARIANT  DeepL target for plain "en": "EN-US" (default) or "EN-GB"
  PORTUGUESE_VARIANT  DeepL target for plain "pt": "PT-PT" (default) or "PT-BR"
"""

from django.utils.translation import gettext as _

from booths.machine_translators.base import MachineTranslationError
from booths.machine_translators.remote import RemoteTranslationEngine

FREE_API_URL = "https://api-free.deepl.com/v2/translate"
PRO_API_URL = "https://api.deepl.com/v2/translate"

# DeepL wants a script or regional variant for some target languages; sources are always
# the bare language (ZH, EN, PT).
TARGET_VARIANTS = {
    "zh-hans": "ZH-HANS",
    "zh-hant": "ZH-HANT",
    "en-gb": "EN-GB",
    "en-us": "EN-US",
    "pt-br": "PT-BR",
    "pt-pt": "PT-PT",
}


class DeepLTranslator(RemoteTranslationEngine):
    display_name = "DeepL"
    max_batch_texts = 50  # DeepL's limit of texts per request
    # DeepL caps a request at 128 KiB; Chinese takes three bytes a character in UTF-8.
    max_batch_chars = 30_000

    def __init__(self, options=None):
        super().__init__(options)
        self.auth_key = self.option("AUTH_KEY", required=True)

    def api_url(self):
        if self.option("API_URL"):
            return self.option("API_URL")
        return FREE_API_URL if self.auth_key.endswith(":fx") else PRO_API_URL

    def source_code(self, code):
        return code.split("-")[0].upper()

    def target_code(self, code):
        code = code.lower()
        if code in TARGET_VARIANTS:
            return TARGET_VARIANTS[code]
        if code == "en":
            return self.option("ENGLISH_VARIANT", "EN-US").upper()
        if code == "pt":
            return self.option("PORTUGUESE_VARIANT", "PT-PT").upper()
        return code.split("-")[0].upper()

    def translate_html(self, texts, source_language, target_language):
        texts = list(texts)
        body = self.post_json(
            self.api_url(),
            {
                "text": texts,
                "source_lang": self.source_code(source_language),
                "target_lang": self.target_code(target_language),
                "tag_handling": "html",
            },
            headers={"Authorization": f"DeepL-Auth-Key {self.auth_key}"},
        )
        try:
            return [item["text"] for item in body["translations"]]
        except (KeyError, TypeError) as error:
            raise MachineTranslationError(
                _("DeepL answered without a list of translations.")
            ) from error
