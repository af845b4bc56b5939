"""Machine translation with the organizer's glossary (SPEC 6.2.2.2: automatic translation of
important information, consistent terminology, marked until a translator reviews it)."""

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup, NavigableString
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue

from booths.machine_translation import machine_translate_instance
from booths.machine_translators.base import (
    MachineTranslationConfigError,
    MachineTranslationError,
    TranslationEngine,
    get_engine,
)
from booths.machine_translators.deepl import DeepLTranslator
from booths.machine_translators.glossary import GlossaryMachineTranslator
from booths.machine_translators.libretranslate import LibreTranslateTranslator
from booths.machine_translators.offline import OfflineTranslator
from booths.models import BoothPage, Category, ExhibitPage, GlossaryTerm
from booths.translation_status import (
    is_machine_translated,
    machine_translated_keys,
    machine_translation_status,
    mark_reviewed,
)
from tests.builders import make_booth, make_category, make_exhibit, make_exhibitor, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The assertions read English messages; the site's default language is Chinese."""
    with translation.override("en"):
        yield


# --- builders --------------------------------------------------------------------------


def locale(code):
    return Locale.objects.get(language_code=code)


def add_terms(code, **terms):
    """Glossary terms for one target language: add_terms("en", 实木="solid wood")."""
    for source, target in terms.items():
        GlossaryTerm.objects.create(source_term=source, target_term=target, locale=locale(code))


def fake_translate(html, target):
    """What a real engine does in HTML mode, recognisably: every text node outside a
    translate="no" element becomes "[en:…]", protected elements come back untouched."""
    soup = BeautifulSoup(html, "html.parser")
    for text in list(soup.find_all(string=True)):
        if any(parent.get("translate") == "no" for parent in text.parents if parent.name):
            continue
        if text.strip():
            text.replace_with(NavigableString(f"[{target}:{text}]"))
    return str(soup)


class RecordingEngine(TranslationEngine):
    """An engine that records each call and translates with `fake_translate`."""

    display_name = "Recording engine"

    def __init__(self, options=None):
        super().__init__(options)
        self.calls = []

    def translate_html(self, texts, source_language, target_language):
        self.calls.append((list(texts), source_language, target_language))
        return [fake_translate(text, target_language) for text in texts]


def translate(strings, target="en", engine=None):
    """Run the glossary translator the way wagtail-localize calls it; returns plain dict."""
    translator = GlossaryMachineTranslator({}, engine=engine or RecordingEngine())
    values = [StringValue(s) for s in strings]
    result = translator.translate(locale("zh-hans"), locale(target), values)
    return {key.data: value.data for key, value in result.items()}


@contextlib.contextmanager
def local_api(respond):
    """A real HTTP server on 127.0.0.1 (random port, own thread) standing in for an engine.

    `respond(request)` gets {"path", "headers", "json"} and returns (status, json body);
    yields the base URL and the list of requests received.
    """
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            request = {
                "path": self.path,
                "headers": dict(self.headers),
                "json": json.loads(raw) if raw else None,
            }
            received.append(request)
            status, body = respond(request)
            data = json.dumps(body).encode()
            # A client that timed out has hung up; that is the point of the timeout test.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", received
    finally:
        server.shutdown()
        server.server_close()


def libretranslate_api(request):
    """Answers like LibreTranslate's POST /translate with a list `q`."""
    body = request["json"]
    if request["path"] != "/translate" or body.get("format") != "html":
        return 400, {"error": "bad request shape"}
    if body.get("api_key") != "lt-key":
        return 403, {"error": "Invalid API key"}
    return 200, {"translatedText": [fake_translate(text, body["target"]) for text in body["q"]]}


def deepl_api(request):
    """Answers like DeepL's POST /v2/translate (JSON body, key in the Authorization header)."""
    body = request["json"]
    if request["headers"].get("Authorization") != "DeepL-Auth-Key dl-key:fx":
        return 403, {"message": "Wrong authentication key"}
    if request["path"] != "/v2/translate" or body.get("tag_handling") != "html":
        return 400, {"message": "bad request shape"}
    return 200, {
        "translations": [
            {"detected_source_language": "ZH", "text": fake_translate(text, body["target_lang"])}
            for text in body["text"]
        ]
    }


def booth_with_terms(edition, introduction):
    return make_booth(edition, make_exhibitor(), introduction=introduction)


# --- the glossary wins over the engine ---------------------------------------------------


def test_a_segment_that_is_a_glossary_term_is_translated_without_the_engine(site):
    add_terms("en", 实木="solid wood")
    engine = RecordingEngine()
    result = translate(["实木", "  实木 "], engine=engine)
    assert result == {"实木": "solid wood", "  实木 ": "  solid wood "}
    assert engine.calls == []


def test_terms_inside_a_sentence_are_protected_from_the_engine_and_kept(site):
    add_terms("en", 实木="solid wood")
    engine = RecordingEngine()
    result = translate(["我们生产<b>实木</b>家具"], engine=engine)
    (sent,), _source, _target = engine.calls[0]
    assert '<span translate="no" class="notranslate">solid wood</span>' in sent
    assert result["我们生产<b>实木</b>家具"] == "[en:我们生产]<b>solid wood</b>[en:家具]"


def test_the_longest_term_wins_where_terms_overlap(site):
    add_terms("en", 实木="solid wood", 实木餐椅="solid-wood dining chair", 餐椅="dining chair")
    result = translate(["我们的实木餐椅和实木桌"])
    assert result["我们的实木餐椅和实木桌"] == (
        "[en:我们的]solid-wood dining chair[en:和]solid wood[en:桌]"
    )


def test_terms_apply_per_target_language(site):
    add_terms("en", 实木="solid wood")
    add_terms("ru", 实木="массив дерева")
    assert translate(["实木"], target="en") == {"实木": "solid wood"}
    assert translate(["实木"], target="ru") == {"实木": "массив дерева"}
    assert translate(["实木"], target="ar") == {"实木": "[ar:实木]"}


def test_terms_never_match_inside_markup(site):
    add_terms("en", b="B-grade", amp="ampere")
    result = translate(["<b>x</b> &amp; b"])
    assert result["<b>x</b> &amp; b"] == "<b>[en:x]</b>[en: &amp; ]B-grade"


def test_all_strings_go_to_the_engine_in_one_call(site):
    add_terms("en", 实木="solid wood")
    engine = RecordingEngine()
    translate(["实木", "桌子", "椅子", "实木床", "沙发"], engine=engine)
    assert len(engine.calls) == 1
    assert len(engine.calls[0][0]) == 4  # the exact term never travels


def test_batches_respect_the_engine_limits():
    engine = RecordingEngine()
    engine.max_batch_texts = 2
    result = engine.translate_in_batches(["一", "二", "三"], "zh-hans", "en")
    assert result == ["[en:一]", "[en:二]", "[en:三]"]
    assert [texts for texts, _s, _t in engine.calls] == [["一", "二"], ["三"]]


def test_same_language_cannot_be_machine_translated(site):
    translator = GlossaryMachineTranslator({"BACKEND": "offline"})
    assert translator.can_translate(locale("zh-hans"), locale("en"))
    assert not translator.can_translate(locale("en"), locale("en"))


# --- the offline default -----------------------------------------------------------------


def test_offline_engine_applies_terms_without_any_network(site, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the offline engine opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    add_terms("en", 实木="solid wood")
    translator = GlossaryMachineTranslator({"BACKEND": "offline"})
    assert isinstance(translator.engine, OfflineTranslator)
    strings = [StringValue("我们生产实木家具"), StringValue("实木"), StringValue("沙发")]
    with translation.override("en"):
        assert str(translator.display_name) == "Offline with glossary"
    first = translator.translate(locale("zh-hans"), locale("en"), strings)
    again = translator.translate(locale("zh-hans"), locale("en"), strings)
    assert {k.data: v.data for k, v in first.items()} == {
        "我们生产实木家具": "我们生产solid wood家具",
        "实木": "solid wood",
        "沙发": "沙发",  # nothing it can translate: left for a translator
    }
    assert first == again


# --- LibreTranslate and DeepL against a real local HTTP server ---------------------------


def test_libretranslate_request_and_answer(site):
    add_terms("en", 实木="solid wood")
    with local_api(libretranslate_api) as (url, received):
        engine = LibreTranslateTranslator({"URL": url + "/", "API_KEY": "lt-key", "TIMEOUT": 5})
        result = translate(["实木家具", "沙发"], engine=engine)
    assert result == {"实木家具": "solid wood[en:家具]", "沙发": "[en:沙发]"}
    (request,) = received
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"]["source"] == "zh"
    assert request["json"]["target"] == "en"
    assert request["json"]["q"][0].startswith('<span translate="no"')


def test_libretranslate_language_codes():
    engine = LibreTranslateTranslator({"URL": "http://127.0.0.1:9"})
    assert engine.language_code("zh-hans") == "zh"
    assert engine.language_code("zh-hant") == "zt"
    assert engine.language_code("pt-br") == "pb"
    assert engine.language_code("ug") == "ug"
    newer = LibreTranslateTranslator(
        {"URL": "http://127.0.0.1:9", "LANGUAGE_CODES": {"zh-hans": "zh-Hans"}}
    )
    assert newer.language_code("zh-hans") == "zh-Hans"


def test_deepl_request_and_answer(site):
    add_terms("ru", 实木="массив дерева")
    with local_api(deepl_api) as (url, received):
        engine = DeepLTranslator({"AUTH_KEY": "dl-key:fx", "API_URL": url + "/v2/translate"})
        result = translate(["实木家具"], target="ru", engine=engine)
    assert result == {"实木家具": "массив дерева[RU:家具]"}
    (request,) = received
    assert request["json"]["source_lang"] == "ZH"
    assert request["json"]["target_lang"] == "RU"
    assert request["json"]["text"] == [
        '<span translate="no" class="notranslate">массив дерева</span>家具'
    ]


def test_deepl_endpoint_follows_the_key_and_codes_follow_deepl():
    assert DeepLTranslator({"AUTH_KEY": "abc:fx"}).api_url() == (
        "https://api-free.deepl.com/v2/translate"
    )
    pro = DeepLTranslator({"AUTH_KEY": "abc"})
    assert pro.api_url() == "https://api.deepl.com/v2/translate"
    assert pro.source_code("zh-hans") == "ZH"
    assert pro.target_code("zh-hans") == "ZH-HANS"
    assert pro.target_code("en") == "EN-US"
    assert DeepLTranslator({"AUTH_KEY": "k", "ENGLISH_VARIANT": "en-gb"}).target_code("en") == (
        "EN-GB"
    )
    assert pro.target_code("ar") == "AR"


def test_http_errors_become_a_clear_error(site):
    with local_api(libretranslate_api) as (url, _received):
        engine = LibreTranslateTranslator({"URL": url, "API_KEY": "wrong"})
        with pytest.raises(MachineTranslationError, match=r"HTTP 403.*Invalid API key"):
            engine.translate_html(["沙发"], "zh-hans", "en")
    with local_api(deepl_api) as (url, _received):
        engine = DeepLTranslator({"AUTH_KEY": "stolen", "API_URL": url + "/v2/translate"})
        with pytest.raises(MachineTranslationError, match="Wrong authentication key") as error:
            engine.translate_html(["沙发"], "zh-hans", "en")
        assert "stolen" not in str(error.value)


def test_unreachable_and_slow_engines_become_a_clear_error():
    with local_api(libretranslate_api) as (url, _received):
        pass  # the server is gone: its port now refuses connections
    with pytest.raises(MachineTranslationError, match="could not be reached"):
        LibreTranslateTranslator({"URL": url}).translate_html(["沙发"], "zh-hans", "en")

    def slow(request):
        time.sleep(1)
        return 200, {"translatedText": ["late"]}

    with local_api(slow) as (url, _received):
        engine = LibreTranslateTranslator({"URL": url, "TIMEOUT": 0.2})
        with pytest.raises(MachineTranslationError, match="did not answer"):
            engine.translate_html(["沙发"], "zh-hans", "en")


# --- configuration -----------------------------------------------------------------------


def unconfigured_engines():
    """MACHINE_TRANSLATION as a fresh installation has it: no URL, no key (whatever the
    environment running the tests says)."""
    return {
        "offline": {
            "BACKEND": "booths.machine_translators.offline.OfflineTranslator",
            "OPTIONS": {},
        },
        "libretranslate": {
            "BACKEND": "booths.machine_translators.libretranslate.LibreTranslateTranslator",
            "OPTIONS": {"URL": "", "API_KEY": ""},
        },
        "deepl": {
            "BACKEND": "booths.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": ""},
        },
        "broken": {"BACKEND": "booths.machine_translators.nowhere.Engine", "OPTIONS": {}},
    }


def test_engines_are_chosen_by_name_and_bad_config_is_reported(settings):
    settings.MACHINE_TRANSLATION = unconfigured_engines()
    settings.MT_BACKEND = "offline"
    assert isinstance(get_engine(), OfflineTranslator)
    with pytest.raises(MachineTranslationConfigError, match="not configured"):
        get_engine("babelfish")
    with pytest.raises(MachineTranslationConfigError, match="no importable BACKEND"):
        get_engine("broken")
    with pytest.raises(MachineTranslationConfigError, match="URL"):
        get_engine("libretranslate")
    with pytest.raises(MachineTranslationConfigError, match="AUTH_KEY"):
        get_engine("deepl")


def _check_ids():
    return {message.id for message in run_checks() if message.id.startswith("booths.E")}


def test_system_checks_report_bad_machine_translation_settings(settings):
    settings.MACHINE_TRANSLATION = unconfigured_engines()
    settings.MT_BACKEND = "offline"
    assert not _check_ids() & {"booths.E002", "booths.E003", "booths.E004"}
    settings.MT_BACKEND = "babelfish"
    assert "booths.E002" in _check_ids()
    settings.MT_BACKEND = "libretranslate"
    assert "booths.E003" in _check_ids()
    settings.MT_BACKEND = "deepl"
    assert "booths.E004" in _check_ids()


# --- machine translating content, and its review status ----------------------------------


def test_machine_translating_a_booth_marks_it_unreviewed(
    edition, django_capture_on_commit_callbacks
):
    add_terms("en", 实木="solid wood")
    booth = booth_with_terms(edition, "<p>我们生产实木家具。</p>")
    with django_capture_on_commit_callbacks(execute=True):
        done = machine_translate_instance(booth, "en")
    english = BoothPage.objects.get(pk=done.target.pk)
    assert english.locale.language_code == "en" and english.alias_of_id is None
    assert english.live
    assert "solid wood" in english.introduction
    status = machine_translation_status(english)
    assert status.is_machine_translated
    assert {"title", "introduction"} <= set(status.fields)
    assert english.translation_key in machine_translated_keys(locale("en"))
    assert not is_machine_translated(booth)  # the source itself is not a translation


def test_a_draft_source_gives_a_draft_translation(edition, django_capture_on_commit_callbacks):
    booth = make_booth(edition, make_exhibitor(), introduction="<p>沙发</p>", publish=False)
    BoothPage.objects.filter(pk=booth.pk).update(live=False)
    booth.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        done = machine_translate_instance(booth, "en", publish=True)
    assert not Page.objects.get(pk=done.target.pk).live


def test_an_unpublished_translation_leaves_the_public_page_as_it_was(
    edition, django_capture_on_commit_callbacks
):
    """A page mirrored as an alias keeps showing the source until the translation is published."""
    booth = make_booth(edition, make_exhibitor())
    exhibit = make_exhibit(booth, title="沙发", specs=[("材质", "实木", None, "")])
    call_command("locales", "add", "fr")
    add_terms("fr", 沙发="canapé", 实木="bois massif")
    with django_capture_on_commit_callbacks(execute=True):
        machine_translate_instance(exhibit, "fr", publish=False)
    french = ExhibitPage.objects.get(translation_key=exhibit.translation_key, locale=locale("fr"))
    assert french.live and french.alias_of_id is None and french.has_unpublished_changes
    assert french.title == "沙发"
    assert [spec.value_text for spec in french.specs.all()] == ["实木"]
    draft = french.get_latest_revision_as_object()
    assert draft.title == "canapé"
    assert [spec.value_text for spec in draft.specs.all()] == ["bois massif"]

    with django_capture_on_commit_callbacks(execute=True):
        french.get_latest_revision().publish()
    french = ExhibitPage.objects.get(pk=french.pk)
    assert french.title == "canapé"
    assert [spec.value_text for spec in french.specs.all()] == ["bois massif"]


def test_a_manual_edit_ends_the_machine_mark_for_that_string(
    edition, client, django_capture_on_commit_callbacks
):
    booth = booth_with_terms(edition, "<p>沙发</p>")
    with django_capture_on_commit_callbacks(execute=True):
        done = machine_translate_instance(booth, "en")
    english = done.target
    assert "introduction" in machine_translation_status(english).fields

    client.force_login(make_user("admin", is_superuser=True))
    segment = StringSegment.objects.get(
        source=done.translation.source, context__path__startswith="introduction"
    )
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[done.translation.pk, segment.pk]
    )
    response = client.put(
        url, urlencode({"value": "Sofa"}), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200, response.content

    status = machine_translation_status(english)
    assert "introduction" not in status.fields and "title" in status.fields
    assert mark_reviewed(english) >= 1
    assert not is_machine_translated(english)
    assert english.translation_key not in machine_translated_keys(locale("en"))


def test_related_categories_are_translated_first_with_their_glossary_names(
    edition, django_capture_on_commit_callbacks
):
    add_terms("en", 家纺馆="Home Textiles Hall", 床上用品="Bedding")
    hall = make_category("家纺馆")
    bedding = make_category("床上用品", parent=hall)
    booth = make_booth(edition, make_exhibitor())
    exhibit = make_exhibit(booth, title="被子", category=bedding)
    with django_capture_on_commit_callbacks(execute=True):
        done = machine_translate_instance(exhibit, "en")
    category = done.target.category
    assert category.locale.language_code == "en"
    assert str(category) == "Home Textiles Hall › Bedding"
    assert Category.objects.filter(locale=locale("en")).count() == 2


def test_a_translation_taken_over_by_hand_is_never_overwritten(
    edition, django_capture_on_commit_callbacks
):
    booth = booth_with_terms(edition, "<p>沙发</p>")
    with django_capture_on_commit_callbacks(execute=True):
        done = machine_translate_instance(booth, "en")
    Translation.objects.filter(pk=done.translation.pk).update(enabled=False)
    assert machine_translate_instance(booth, "en") is None
    assert not is_machine_translated(done.target)  # a person owns that text now


def test_wagtail_localize_machine_translate_button_uses_the_glossary(
    edition, client, django_capture_on_commit_callbacks
):
    add_terms("en", 实木="solid wood", 床垫="mattress")
    booth = booth_with_terms(edition, "<p>床垫</p><p>我们生产实木家具。</p>")
    admin = make_user("admin", is_superuser=True)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"  # assertions below read English admin text
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(booth, [locale("en")], user=admin)
    translation = Translation.objects.get(source__object_id=booth.translation_key)
    english = BoothPage.objects.get(translation_key=booth.translation_key, locale=locale("en"))

    client.force_login(admin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    editor = client.get(edit_url)
    assert editor.status_code == 200
    assert "Offline with glossary" in editor.content.decode()
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": edit_url},
    )
    assert response.status_code == 302 and response.url == edit_url

    strings = StringTranslation.objects.filter(
        locale=locale("en"), context__object_id=booth.translation_key
    )
    assert strings.exists()
    assert set(strings.values_list("translation_type", flat=True)) == {"machine"}
    data = set(strings.values_list("data", flat=True))
    assert "mattress" in data
    assert "我们生产solid wood家具。" in data
    assert all("with glossary" in name for name in strings.values_list("tool_name", flat=True))
    assert is_machine_translated(english)


# --- manage.py translate_missing ---------------------------------------------------------


def test_translate_missing_fills_a_language_and_then_has_nothing_left(
    edition, capsys, django_capture_on_commit_callbacks
):
    add_terms("en", 沙发="sofa")
    booth = make_booth(edition, make_exhibitor(), title="沙发")
    make_category("客厅")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("translate_missing", "--locale", "en", "--publish")
    assert "en: " in capsys.readouterr().out
    english = BoothPage.objects.get(translation_key=booth.translation_key, locale=locale("en"))
    assert english.alias_of_id is None and english.live and english.title == "sofa"
    assert is_machine_translated(english)
    assert Category.objects.filter(locale=locale("en"), name="客厅").exists()
    assert not Page.objects.filter(locale=locale("en"), alias_of__isnull=False).exists()

    call_command("translate_missing", "--locale", "en")
    assert "Nothing left to translate." in capsys.readouterr().out


def test_translate_missing_stops_at_the_limit(edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("translate_missing", "--locale", "ru", "--limit", "1")
    real = Page.objects.filter(locale=locale("ru"), alias_of__isnull=True)
    assert real.count() == 1  # the home page, first in tree order


def test_translate_missing_rejects_an_unknown_language(site):
    with pytest.raises(CommandError, match="locales add"):
        call_command("translate_missing", "--locale", "fr")


def test_a_failing_engine_is_reported_to_the_translator_not_a_server_error(
    edition, client, settings, django_capture_on_commit_callbacks
):
    booth = booth_with_terms(edition, "<p>我们生产实木家具。</p>")
    admin = make_user("admin-mt-down", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(booth, [locale("en")], user=admin)
    translation = Translation.objects.get(source__object_id=booth.translation_key)
    english = BoothPage.objects.get(translation_key=booth.translation_key, locale=locale("en"))
    # A LibreTranslate server that is not there: nothing listens on port 9 (discard).
    settings.MT_BACKEND = "libretranslate"
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "libretranslate": {
            "BACKEND": "booths.machine_translators.libretranslate.LibreTranslateTranslator",
            "OPTIONS": {"URL": "http://127.0.0.1:9", "API_KEY": "", "TIMEOUT": 2},
        },
    }
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "booths.machine_translators.glossary.GlossaryMachineTranslator",
        "OPTIONS": {"BACKEND": "libretranslate"},
    }
    client.force_login(admin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": edit_url},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == edit_url
    shown = [str(message) for message in response.context["messages"]]
    assert any("Machine translation failed" in text or "机器翻译失败" in text for text in shown)
    assert not StringTranslation.objects.filter(
        locale=locale("en"), context__object_id=booth.translation_key, translation_type="machine"
    ).exists()


def test_public_page_says_it_is_machine_translated_until_a_translator_marks_it_reviewed(
    edition, client, django_capture_on_commit_callbacks
):
    add_terms("en", 床垫="mattress")
    booth = booth_with_terms(edition, "<p>床垫</p>")
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        english = machine_translate_instance(booth, locale("en"), publish=True).target
    url = english.get_url()
    notice = "translated by machine and has not been reviewed"
    with translation.override("en"):
        assert notice in client.get(url).content.decode()

        outsider = make_user("outsider-mt", Group.objects.get(name="Exhibitor"))
        client.force_login(outsider)
        review_url = reverse("booths_mark_translation_reviewed", args=[english.pk])
        assert client.post(review_url).status_code in (302, 403)
        assert is_machine_translated(english)

        client.force_login(make_user("boss-mt", is_superuser=True))
        edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
        explorer = reverse("wagtailadmin_explore", args=[english.pk])
        assert review_url in client.get(explorer).content.decode()  # offered in its header
        assert client.get(review_url).status_code == 200
        assert client.post(review_url).url == edit_url
        client.logout()
        assert not is_machine_translated(english)
        assert notice not in client.get(url).content.decode()
