"""Keep the gettext catalogs in step with the theme's Jinja2 templates and the builder.

Django's `makemessages` reads Django templates and needs GNU gettext installed; the theme
is Jinja2. This extracts messages from the theme (Jinja2's own extractor) and from the
site builder's Python (an `ast` walk for gettext calls), and merges them into every
`locale/*/LC_MESSAGES/django.po` with polib: new messages are added untranslated, known
ones keep their translation and get current source references, and messages the theme
and builder no longer use are marked obsolete. `manage.py theme_messages --check` fails
when a catalog is out of date or a message is untranslated (CI runs the tests that do).
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

GETTEXT_FUNCTIONS = {
    "_": ("msgid",),
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "ngettext": ("msgid", "msgid_plural"),
    "ngettext_lazy": ("msgid", "msgid_plural"),
    "pgettext": ("msgctxt", "msgid"),
    "pgettext_lazy": ("msgctxt", "msgid"),
    "npgettext": ("msgctxt", "msgid", "msgid_plural"),
}
# The apps whose Python messages are extracted here too (Django's makemessages would need
# GNU gettext, and would mark the theme's Jinja2 messages obsolete), and those whose Django
# templates (admin views, e-mails) are.
PYTHON_SOURCES = ("site_builder", "booths", "engagement", "cms")
DJANGO_TEMPLATE_SOURCES = ("booths", "engagement")


@dataclass
class Message:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    occurrences: list = field(default_factory=list)

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


def _add(messages, values, occurrence):
    message = Message(**values)
    known = messages.setdefault(message.key, message)
    known.occurrences.append(occurrence)


def template_messages(base):
    """Messages of every Jinja2 template of the theme, with file:line references."""
    from django.template import engines

    env = engines["jinja2"].env
    messages = {}
    root = base / "templates"
    for path in sorted(root.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(settings.BASE_DIR))
        for lineno, function, strings in env.extract_translations(source):
            names = GETTEXT_FUNCTIONS.get(function)
            if names is None:
                continue
            strings = strings if isinstance(strings, tuple) else (strings,)
            values = dict(zip(names, strings, strict=False))
            if not values.get("msgid"):
                continue
            _add(messages, values, (relative, str(lineno)))
    return messages


def python_messages(package):
    messages = {}
    for path in sorted((Path(settings.BASE_DIR) / package).rglob("*.py")):
        relative = str(path.relative_to(settings.BASE_DIR))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            names = GETTEXT_FUNCTIONS.get(name)
            if names is None or len(node.args) < len(names):
                continue
            args = node.args[: len(names)]
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                continue
            values = dict(zip(names, (a.value for a in args), strict=True))
            _add(messages, values, (relative, str(node.lineno)))
    return messages


def _calls(line):
    """The gettext calls of one line of templatized text, as message values. Each line is
    tokenized on its own: the text around the calls is not Python (it need not indent or
    close its brackets)."""
    import io
    import tokenize

    tokens = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            tokens.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    for index, token in enumerate(tokens):
        names = GETTEXT_FUNCTIONS.get(token.string) if token.type == tokenize.NAME else None
        if names is None or index + 1 >= len(tokens) or tokens[index + 1].string != "(":
            continue
        strings = []
        for argument in tokens[index + 2 :: 2][: len(names)]:
            if argument.type != tokenize.STRING:
                break
            strings.append(ast.literal_eval(argument.string))
        if len(strings) == len(names) and strings[names.index("msgid")]:
            yield dict(zip(names, strings, strict=True))


def django_template_messages(package):
    """Messages of an app's Django templates ({% translate %}, {% blocktranslate %}).

    Django's `templatize` turns a template into text where each message is a gettext call
    on its own line (what `makemessages` feeds to xgettext); Python's tokenizer reads the
    calls out of it without needing the rest to be valid Python.
    """
    from django.utils.translation.template import templatize

    messages = {}
    root = Path(settings.BASE_DIR) / package / "templates"
    for path in sorted([*root.rglob("*.html"), *root.rglob("*.txt")]):
        relative = str(path.relative_to(settings.BASE_DIR))
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for number, line in enumerate(text.splitlines(), start=1):
            for values in _calls(line.strip()):
                _add(messages, values, (relative, str(number)))
    return messages


def extract():
    messages = template_messages(settings.THEME_DIR)
    sources = [python_messages(package) for package in PYTHON_SOURCES]
    sources += [django_template_messages(package) for package in DJANGO_TEMPLATE_SOURCES]
    for found in sources:
        for key, message in found.items():
            known = messages.setdefault(key, message)
            if known is not message:
                known.occurrences.extend(message.occurrences)
    return messages


def _extracted_here(path):
    """True for a source file this module extracts: the theme's templates, the Python of
    PYTHON_SOURCES and the Django templates of DJANGO_TEMPLATE_SOURCES."""
    theme = str(Path(settings.THEME_DIR).relative_to(settings.BASE_DIR))
    return (
        path.startswith(theme)
        or (path.startswith(PYTHON_SOURCES) and path.endswith(".py"))
        or path.startswith(tuple(f"{package}/templates/" for package in DJANGO_TEMPLATE_SOURCES))
    )


def _ours(entry):
    return bool(entry.occurrences) and all(
        _extracted_here(path) for path, _line in entry.occurrences
    )


def merge(po, messages):
    """Merge extracted messages into one catalog; returns (added, obsoleted)."""
    by_key = {(entry.msgctxt, entry.msgid): entry for entry in po}
    added = obsoleted = 0
    for key, message in sorted(messages.items(), key=lambda item: (item[0][1], item[0][0] or "")):
        entry = by_key.get(key)
        if entry is None:
            entry = polib.POEntry(
                msgid=message.msgid,
                msgctxt=message.msgctxt,
                msgid_plural=message.msgid_plural,
                msgstr="" if not message.msgid_plural else "",
                msgstr_plural=dict.fromkeys(range(_plural_count(po)), "")
                if message.msgid_plural
                else {},
                flags=["python-format"] if "%(" in message.msgid else [],
            )
            po.append(entry)
            added += 1
        elif entry.obsolete:
            entry.obsolete = False
        others = [(path, line) for path, line in entry.occurrences if not _extracted_here(path)]
        entry.occurrences = others + sorted(message.occurrences)
    for entry in po:
        if entry.obsolete or (entry.msgctxt, entry.msgid) in messages:
            continue
        if _ours(entry) or (
            entry.occurrences and all(p.startswith("themes/") for p, _ in entry.occurrences)
        ):
            entry.obsolete = True
            obsoleted += 1
    return added, obsoleted


def _plural_count(po):
    forms = po.metadata.get("Plural-Forms", "nplurals=2;")
    try:
        return int(forms.split("nplurals=")[1].split(";")[0])
    except (IndexError, ValueError):
        return 2


def catalogs():
    for base in settings.LOCALE_PATHS:
        yield from sorted(Path(base).glob("*/LC_MESSAGES/django.po"))


def update(check=False):
    """Merge into every catalog; returns {path: (added, obsoleted, untranslated)}."""
    messages = extract()
    results = {}
    for path in catalogs():
        po = polib.pofile(str(path), wrapwidth=78)
        added, obsoleted = merge(po, messages)
        untranslated = [
            entry.msgid
            for entry in po
            if not entry.obsolete
            and (entry.msgctxt, entry.msgid) in messages
            and not entry.translated()
        ]
        if not check and (added or obsoleted):
            po.save(str(path))
        results[path] = (added, obsoleted, untranslated)
    return results
