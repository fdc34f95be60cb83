"""The interface in the six UN languages: the five catalogues (Arabic, Chinese, French, Russian, Spanish)
translate every string of the covered parts of the product, keep every placeholder, hold no fuzzy
entry, are compiled, and miss nothing that the sources mark for translation; and no covered template
shows a user-facing string that does not go through the translation machinery.

Coverage grows part by part: COVERED_TEMPLATES and COVERED_PYTHON list what is finished. A part still
being written is added when its authors finish (see docs/i18n.md).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

import reprisals

ROOT = Path(reprisals.__file__).resolve().parent
LOCALE = ROOT / "locale"
TEMPLATES = ROOT / "templates"
LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]
NPLURALS = {"ar": 6, "zh_Hans": 1, "fr": 2, "ru": 4, "es": 3}

# Paths relative to reprisals/, as makemessages writes them in the "#:" references.
COVERED_TEMPLATES = [
    "templates/base.html",
    "templates/403_csrf.html",
    "templates/500.html",
    "templates/error.html",
    "templates/cases",
    "templates/registration",
    "templates/trackers",
    "templates/followup",
    "templates/linkage",
    "templates/reports",
    "templates/public",
    "templates/intake",
]
COVERED_PYTHON = ["accounts", "core", "cases", "reference", "trackers", "followup", "linkage", "reports", "intake"]
COVERED = COVERED_TEMPLATES + COVERED_PYTHON


def covered(reference: str) -> bool:
    path = reference.rsplit(":", 1)[0]
    return any(path == c or path.startswith(c.rstrip("/") + "/") for c in COVERED)


# --- a small reader of .po files (no third-party dependency) -------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(s: str) -> str:
    return ast.literal_eval(s)


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None
    started = False

    def flush() -> None:
        nonlocal entry, started
        if started:
            entries.append(entry)
        entry, started = Entry(), False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            current = None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            started = True
            continue
        if line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#:"):
            entry.references += line[2:].split()
            continue
        if line.startswith("#"):
            continue
        if line.startswith("msgctxt "):
            if started and current and current[0].startswith("msgstr"):
                flush()
            entry.msgctxt, current, started = _unquote(line[8:]), ("msgctxt", 0), True
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, current = _unquote(line[13:]), ("msgid_plural", 0)
        elif line.startswith("msgid "):
            if started and current and current[0].startswith("msgstr"):
                flush()
            entry.msgid, current, started = _unquote(line[6:]), ("msgid", 0), True
        elif line.startswith("msgstr["):
            n = int(line[7 : line.index("]")])
            entry.msgstr[n], current = _unquote(line[line.index("]") + 1 :].strip()), ("msgstr", n)
        elif line.startswith("msgstr "):
            entry.msgstr[0], current = _unquote(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and current:
            kind, n = current
            text = _unquote(line)
            if kind == "msgstr":
                entry.msgstr[n] += text
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + text)
    flush()
    return entries


def catalogue(lang: str) -> list[Entry]:
    return [e for e in read_po(LOCALE / lang / "LC_MESSAGES" / "django.po") if e.msgid and not e.obsolete]


def header(lang: str) -> Entry:
    return next(e for e in read_po(LOCALE / lang / "LC_MESSAGES" / "django.po") if e.msgid == "")


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text) or [m.group(0) for m in PLACEHOLDER.finditer(text)])


# --- (a) every covered entry translated, nothing fuzzy, placeholders kept -------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_fuzzy_entry_and_a_clean_header(lang: str) -> None:
    head = header(lang)
    assert "fuzzy" not in head.flags, f"{lang}: the header is marked fuzzy"
    assert f"nplurals={NPLURALS[lang]};" in head.msgstr[0], f"{lang}: wrong plural forms in the header"
    fuzzy = [e.msgid for e in catalogue(lang) if "fuzzy" in e.flags]
    assert not fuzzy, f"{lang}: fuzzy entries (review them, then remove the flag): {fuzzy[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_covered_msgid_has_a_translation(lang: str) -> None:
    missing = []
    for e in catalogue(lang):
        if not any(covered(r) for r in e.references):
            continue
        forms = NPLURALS[lang] if e.msgid_plural else 1
        if any(not e.msgstr.get(i, "").strip() for i in range(forms)):
            missing.append(e.msgid)
    assert not missing, f"{lang}: {len(missing)} untranslated entries, e.g. {missing[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang: str) -> None:
    wrong = []
    for e in catalogue(lang):
        for n, text in e.msgstr.items():
            if not text:
                continue
            source = e.msgid_plural if (e.msgid_plural and n > 0) else e.msgid
            expected = set(PLACEHOLDER.findall(source)) | set(PLACEHOLDER.findall(e.msgid))
            got = set(PLACEHOLDER.findall(text))
            # A plural form may drop the count when the language says it in words ("one", "two" in Arabic).
            droppable = 1 if e.msgid_plural else 0
            if not got <= expected or len(expected - got) > droppable:
                wrong.append((e.msgid, n, text))
    assert not wrong, f"{lang}: placeholders changed in {wrong[:5]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_are_not_english_copies(lang: str) -> None:
    """A handful of strings are the same in every language (codes, brand names, "API"); anything longer
    that equals the English is a copy, not a translation."""
    copies = [
        e.msgid
        for e in catalogue(lang)
        if any(covered(r) for r in e.references)
        and e.msgstr.get(0) == e.msgid
        and len(re.findall(r"[A-Za-z]{4,}", PLACEHOLDER.sub(" ", e.msgid))) >= 2
        and lang not in {"fr", "es"}  # French and Spanish share some words with English (e.g. "Code")
    ]
    assert not copies, f"{lang}: English left as the translation: {copies[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_the_source(lang: str) -> None:
    import gettext

    mo = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{lang}: run compilemessages"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for e in catalogue(lang):
        if e.msgid_plural or not e.msgstr.get(0) or "fuzzy" in e.flags:
            continue
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid
        if compiled._catalog.get(key) != e.msgstr[0]:  # type: ignore[attr-defined]
            stale.append(e.msgid)
    assert not stale, f"{lang}: the .mo is older than the .po; run compilemessages ({stale[:5]})"


def test_all_catalogues_hold_the_same_msgids() -> None:
    sets = {lang: {e.key for e in catalogue(lang)} for lang in LANGUAGES}
    first = sets[LANGUAGES[0]]
    for lang, keys in sets.items():
        assert keys == first, f"{lang} differs: {sorted(keys ^ first)[:10]}"


# --- (b) nothing marked for translation in the sources is missing from a catalogue ---------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    """Run Django's makemessages on a copy of the sources, exactly as a developer would, and read the
    fresh catalogue. The real catalogues are never touched."""
    if not shutil.which("xgettext"):
        pytest.skip("needs GNU gettext: apt-get install gettext")
    work = tmp_path_factory.mktemp("extract") / "reprisals"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns("static", "locale", "__pycache__", "*.mo", "*.po"))
    (work / "locale").mkdir()
    script = (
        "import django, os, sys\n"
        "from django.conf import settings\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'reprisals.settings'\n"
        "django.setup()\n"
        "from pathlib import Path\n"
        "settings.LOCALE_PATHS = [Path.cwd() / 'locale']\n"
        "from django.core.management import call_command\n"
        "call_command('makemessages', locale=['fr'], ignore_patterns=['static'], verbosity=0)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=work, check=True, timeout=300)
    return [e for e in read_po(work / "locale" / "fr" / "LC_MESSAGES" / "django.po") if e.msgid]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_holds_every_string_marked_in_the_covered_sources(extracted: list[Entry], lang: str) -> None:
    have = {e.key for e in catalogue(lang)}
    missing = [e.msgid for e in extracted if any(covered(r) for r in e.references) and e.key not in have]
    assert not missing, (
        f"{lang}: {len(missing)} strings in the sources are not in the catalogue; run makemessages "
        f"(see docs/i18n.md) and translate them: {missing[:10]}"
    )


# --- (c) no user-facing text in a covered template bypasses translation --------------------------

# Words that are the same in every language: brand names, codes, symbols.
NOT_TRANSLATED = {
    "Reprisals Tracker",  # only as an aria-hidden logo text, never as prose
    "JSON", "CSV", "XLSX", "PDF", "PNG", "JPEG", "UTC", "TOTP", "SHA-256", "URL", "API", "ISO", "M49",
    "HRI/MC/2015/6", "ECOSOC", "OHCHR", "FreeOTP", "Aegis",
}

TEMPLATE_NOISE = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
]
# Code, keyboard input and program output (column names, commands) are the same in every language.
SKIPPED_ELEMENTS = {"script", "style", "code", "kbd", "samp"}
USER_FACING_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "value", "label"}
LETTERS = re.compile(r"[^\W\d_]{2,}")
# References such as RT-2016-00012, and file names such as cases.csv.
CODE = re.compile(r"\b[A-Z]{1,5}-[\w-]+|\b[\w-]+\.(?:csv|json|xlsx|pdf|txt)\b")


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skip += 1
        for name, value in attrs:
            if value and name in USER_FACING_ATTRIBUTES - {"value"}:
                self._check(value, f'<{tag} {name}="…">')
            # A value is shown only on input buttons; elsewhere it is a code sent with the form.
            button = tag == "input" and dict(attrs).get("type") in {"submit", "button", "reset"}
            if value and name == "value" and button:
                self._check(value, f'<{tag} value="…">')

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._check(data, "text")

    def _check(self, text: str, where: str) -> None:
        text = " ".join(text.split())
        if not LETTERS.search(text):
            return
        rest = CODE.sub(" ", text)
        for word in sorted(NOT_TRANSLATED, key=len, reverse=True):
            rest = rest.replace(word, " ")
        if LETTERS.search(rest):
            self.found.append(f"{where}: {text!r}")


def untranslated_strings(source: str) -> list[str]:
    for pattern in TEMPLATE_NOISE:
        source = pattern.sub(" ", source)
    finder = _TextFinder()
    finder.feed(source)
    finder.close()
    return finder.found


def covered_templates() -> Iterator[Path]:
    for c in COVERED_TEMPLATES:
        path = ROOT / c
        yield from sorted(path.rglob("*.html")) if path.is_dir() else [path]


def test_the_scanner_finds_bare_text_and_attributes_and_accepts_translated_ones() -> None:
    bad = '<h1>Cases</h1><input type="search" placeholder="Find a case"><a title="{{ x }} Open">x</a>'
    assert len(untranslated_strings(bad)) == 3
    good = (
        '{% load i18n %}<h1>{% translate "Cases" %}</h1>{# a note #}'
        '<p>{% blocktranslate with n=count %}{{ n }} cases{% endblocktranslate %}</p>'
        '<input placeholder="{% translate \'Find a case\' %}"> <span>{{ case.title }} · RT-1 — 42</span>'
        "<abbr>UTC</abbr>"
    )
    assert untranslated_strings(good) == []


@pytest.mark.parametrize("template", list(covered_templates()), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_covered_template_has_no_untranslated_user_facing_string(template: Path) -> None:
    found = untranslated_strings(template.read_text(encoding="utf-8"))
    assert not found, f"{template.relative_to(ROOT)}: wrap in {{% translate %}}: {found}"
