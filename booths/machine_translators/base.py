"""The one shape every machine translation engine has (SPEC 6.2.2.2: automatic translation).

An engine turns a list of HTML fragments in one language into the same number of fragments
in another. Engines know nothing about Wagtail, pages or the glossary: the glossary layer
(`glossary.py`) protects terminology before the text reaches them, so a new engine only has
to speak its HTTP API. Engines are named in `settings.MACHINE_TRANSLATION` as
`{"name": {"BACKEND": "dotted.path", "OPTIONS": {...}}}` and chosen with `MT_BACKEND`.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class MachineTranslationConfigError(ImproperlyConfigured):
    """The engine settings are missing or wrong (unknown backend, missing URL or key)."""


class MachineTranslationError(Exception):
    """The engine was reached but could not translate (HTTP error, malformed answer).

    Raised instead of a bare `requests` exception so that the admin and the importer can
    tell a translator what went wrong without a traceback.
    """


class TranslationEngine:
    """Base class of machine translation engines: subclasses implement `translate_html`.

    `max_batch_texts` and `max_batch_chars` describe what one request to the engine may
    carry; `translate_in_batches` splits any amount of text along those limits so that
    callers can hand over everything at once and still make as few requests as possible.
    """

    display_name = "Unknown engine"
    max_batch_texts = 50
    max_batch_chars = 30_000

    def __init__(self, options=None):
        self.options = dict(options or {})

    def translate_html(self, texts, source_language, target_language):
        """Translate HTML fragments; returns a list of the same length and order.

        Languages are Wagtail locale codes (`zh-hans`, `en`); each engine maps them to
        its own codes. Elements marked `translate="no"` must come back untouched.
        """
        raise NotImplementedError

    def supports(self, source_language, target_language):
        """Whether this engine can translate between the two Wagtail language codes."""
        return source_language != target_language

    def translate_in_batches(self, texts, source_language, target_language):
        """`translate_html` over any number of texts, in as few engine calls as the limits allow."""
        texts = list(texts)
        results = []
        for batch in self.batches(texts):
            translated = list(self.translate_html(batch, source_language, target_language))
            if len(translated) != len(batch):
                raise MachineTranslationError(
                    _("%(engine)s returned %(got)d translations for %(sent)d texts.")
                    % {"engine": self.display_name, "got": len(translated), "sent": len(batch)}
                )
            results.extend(translated)
        return results

    def batches(self, texts):
        """Consecutive runs of texts that respect `max_batch_texts` and `max_batch_chars`.

        A single text longer than the character limit travels alone rather than being cut,
        since cutting HTML could break its markup.
        """
        batch, size = [], 0
        for text in texts:
            if batch and (
                len(batch) >= self.max_batch_texts or size + len(text) > self.max_batch_chars
            ):
                yield batch
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield batch

    def option(self, name, default=None, required=False):
        """An entry of OPTIONS; a missing required one is a configuration error."""
        value = self.options.get(name, default)
        if required and not value:
            raise MachineTranslationConfigError(
                _("The %(engine)s machine translation engine needs the %(option)s option.")
                % {"engine": self.display_name, "option": name}
            )
        return value


def get_engine_class(name=None):
    """The engine class configured as `name` (default: `settings.MT_BACKEND`), not yet built."""
    name = name or settings.MT_BACKEND
    config = _engine_config(name)
    try:
        return import_string(config["BACKEND"])
    except (ImportError, KeyError) as error:
        raise MachineTranslationConfigError(
            _("MACHINE_TRANSLATION[%(name)r] has no importable BACKEND: %(error)s")
            % {"name": name, "error": error}
        ) from error


def get_engine(name=None):
    """The engine configured as `name` (default: `settings.MT_BACKEND`), built from its OPTIONS."""
    name = name or settings.MT_BACKEND
    return get_engine_class(name)(_engine_config(name).get("OPTIONS", {}))


def _engine_config(name):
    engines = getattr(settings, "MACHINE_TRANSLATION", {})
    if name not in engines:
        raise MachineTranslationConfigError(
            _("Machine translation engine %(name)r is not configured; choose one of: %(known)s")
            % {"name": name, "known": ", ".join(sorted(engines)) or "-"}
        )
    return engines[name]
