"""Text that can be stored and printed: one rule for what is refused on the way in and what is left out on
the way out.

* In: a value with a control character other than tab, line feed and carriage return (C0 ``U+0000``-
  ``U+001F``, DEL ``U+007F`` and C1 ``U+0080``-``U+009F``), or with broken Unicode (a lone surrogate), is
  refused with ``text_problem``, which says which character and where. The submissions' checks
  (``intake.rows.check``: the API, file imports, the public form, Uwazi) use it; ``refuse_control`` is the
  same rule as a Django validator; ``refuse_control_in`` applies it to the text a service writes (every
  text field of a row, or those a change sets), ``refuse_control_text`` to one value, both as the
  ``ValidationFailed`` naming the field that the API (422) and the forms show.
* Out: ``printable`` drops from any text what XML 1.0 cannot hold (and the C1 controls), so text stored
  before the rule, or by a path that does not check it, can never break a DOCX, PDF, HTML or CSV document.
  Vertical tab, form feed and NEL (``U+0085``), which people paste as line breaks, become a space.
* Read: ``is_ignorable`` (the table ``IGNORABLE``) says which characters print as nothing (Unicode's default
  ignorable code points, and the interlinear annotation characters), and ``fold_name`` is the one way a name,
  or a word, is compared with another wherever a name is withheld or blanked: without case, diacritics or
  what prints as nothing. ``blanked_alone`` says which names, and which words of a name, are blanked wherever
  they stand as a word; never the particles and titles of ``NEVER_ALONE``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from reprisals.core.errors import ValidationFailed

#: Refused on input: NUL and the other C0 controls except tab, LF and CR; DEL; C1; lone surrogates.
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
#: Left out on output: the same, and U+FFFE/U+FFFF, which XML 1.0 does not allow either.
_NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_AS_SPACE = re.compile(r"[\x0b\x0c\x85]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None: names the first bad character and its position."""
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return _("contains characters that are not text (broken Unicode) at position %(pos)d") % {
            "pos": found.start() + 1}
    return _("contains a control character that is not text (U+%(code)04X at position %(pos)d); only tab and "
             "line breaks are allowed") % {"code": ord(char), "pos": found.start() + 1}


def refuse_control(value: object) -> None:
    """A Django validator: the ``text_problem`` rule on a form or model field."""
    problem = text_problem(value) if isinstance(value, str) else None
    if problem:
        raise ValidationError(problem, code="control_character")


def refuse_control_text(field: str, value: Any) -> None:
    """Refuse ``value`` (a text, or a list of texts such as a name's variants) with ``ValidationFailed`` naming
    ``field`` when ``text_problem`` finds a character that is not text in it."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise ValidationFailed.single(field, problem)
    elif isinstance(value, list | tuple):
        for item in value:
            refuse_control_text(field, item)


def refuse_control_in(instance: models.Model, fields: Iterable[str] | None = None) -> None:
    """``refuse_control_text`` on every text field of ``instance`` (its text columns, encrypted ones
    included, and the texts of its JSON lists), or on those of ``fields`` only: a change checks what it
    writes, so a value stored before the rule does not block an edit of another field."""
    names = None if fields is None else set(fields)
    for field in instance._meta.concrete_fields:
        if names is None or field.name in names:
            refuse_control_text(field.name, getattr(instance, field.attname, None))


def printable(value: str, dropped: str = "") -> str:
    """``value`` with what XML 1.0 cannot hold left out (vertical tab, form feed and NEL become a space);
    tab, line feed and carriage return are kept. Cheap when there is nothing to do. ``dropped`` stands in
    for each character left out (the report redaction marks where one was, to read the words around it)."""
    if _NOT_PRINTABLE.search(value) is None and _AS_SPACE.search(value) is None:
        return value
    return _NOT_PRINTABLE.sub(dropped, _AS_SPACE.sub(" ", value))


#: The characters that print as nothing, as ranges of code points: Unicode's default ignorable code points
#: (soft hyphen, combining grapheme joiner, Arabic letter mark, the Hangul fillers, the Khmer inherent vowels,
#: the Mongolian variation selectors and vowel separator, the zero-width space and joiners, direction marks
#: and embeddings, word joiner and invisible operators, the variation selectors, the zero-width no-break
#: space (byte order mark), the shorthand and musical format controls, the tag characters) and the
#: interlinear annotation characters (``U+FFF9``-``U+FFFB``), which print as nothing too.
IGNORABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFFB), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
#: The same characters, one by one.
IGNORABLE: frozenset[str] = frozenset(chr(c) for low, high in IGNORABLE_RANGES for c in range(low, high + 1))
#: The same characters as the body of a regular expression's character class (``f"[{IGNORABLE_CLASS}]"``).
IGNORABLE_CLASS = "".join(f"\\U{low:08x}" if low == high else f"\\U{low:08x}-\\U{high:08x}"
                          for low, high in IGNORABLE_RANGES)


#: Scripts written without spaces between words, as the body of a regular expression's character class
#: (``f"[{UNSPACED_CLASS}]"``): Thai, Lao, Burmese (and its extensions), Khmer (and its symbols), kana, Han
#: and Hangul. There a name is looked for inside a sentence, and the search indexes each character as a word.
UNSPACED_CLASS = (r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                  r"\ua9e0-\ua9ff\uaa60-\uaa7f\uac00-\ud7af\uf900-\ufaff")


def is_ignorable(ch: str) -> bool:
    """Whether the character ``ch`` prints as nothing (``IGNORABLE``)."""
    return ch in IGNORABLE


#: Letters that carry their mark in themselves, as their plain letter ("ı" is also "i" after ``casefold``).
_MARKED_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ƶ": "z", "ɨ": "i",
                                 "ƀ": "b", "ǥ": "g"})
_TATWEEL = "\u0640"


#: The combining marks ``fold_name`` takes off: the diacritics of the scripts with case (the combining
#: diacritical marks and their extensions and supplement, the marks for symbols, the half marks, the Cyrillic
#: combining marks), the Arabic harakat (``U+064B``-``U+065F``, ``U+0670``) and the Hebrew points, all written
#: or left out at will. The marks of Thai, Lao, Khmer and Burmese (a tone mark, a vowel sign) and of the
#: Indic scripts (a virama, a nukta, a vowel sign) are letters of the word and kept: "นี้" is not "นี".
_DIACRITIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5),
    (0x05C7, 0x05C7), (0x064B, 0x065F), (0x0670, 0x0670), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
    (0x2DE0, 0x2DFF), (0xA66F, 0xA67D), (0xFE20, 0xFE2F),
)
_DIACRITICS: frozenset[str] = frozenset(chr(c) for low, high in _DIACRITIC_RANGES for c in range(low, high + 1)
                                        if unicodedata.category(chr(c))[0] == "M")


def _no_letter(ch: str) -> bool:
    """What ``fold_name`` takes off: a diacritic (``_DIACRITICS``), the Arabic tatweel, a format character
    (category Cf) and whatever else prints as nothing (``is_ignorable``)."""
    return ch in _DIACRITICS or ch == _TATWEEL or ch in IGNORABLE or unicodedata.category(ch) == "Cf"


@functools.lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """A name, or a word, as it is compared with another wherever a name is withheld or blanked: in
    compatibility form, case-folded, without diacritics, the Arabic tatweel or what prints as nothing
    (``is_ignorable``, and any format character), and with the letters that carry their mark in themselves
    ("ı", "ł", "ø", "đ", "ħ") as their plain letter. So "José Núñez", "JOSE NUNEZ", "Jose Nunez" and the
    decomposed "José" (e and a combining accent) are one; so are "İlknur Kılıç" and "ILKNUR KILIC", "Weiß",
    "WEIẞ" and "WEISS". The result is a key, decomposed: it is compared, never shown. It is made character by
    character, so a text folds as its characters do."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in decomposed if not _no_letter(ch)).translate(_MARKED_LETTERS)


#: Words of a name never blanked on their own, folded (``fold_name``): the particles of Arabic, Berber, Hebrew,
#: Spanish, Portuguese, French, Italian, Dutch and German names ("al", "bin", "abu", "abd", "ait", "ould", "de",
#: "des", "los", "della", "van", "ter", "von", "zur"), the words that join the words of a name ("y", "e", "the",
#: "and", "of", "for") and titles ("mr", "ms", "mrs"). Blanked alone, they would blank every "de", "des" or "the"
#: of a text; they are blanked as part of a whole name. The one list of them, for every
#: place that blanks a word of a name alone (``blanked_alone``): the withholding from other entities' focal points
#: (``cases.selectors``) and the public redaction (``reports.redaction``).
NEVER_ALONE: frozenset[str] = frozenset({
    "al", "el", "ul", "ad", "as", "ash", "bin", "ibn", "bint", "ben", "abu", "umm", "de", "del", "da", "das", "dos",
    "do", "du", "van", "von", "der", "den", "le", "la", "les", "y", "e", "the", "and", "of", "for", "mr", "ms", "mrs",
    "des", "los", "las", "della", "delle", "degli", "dello", "dei", "ter", "ten", "vom", "zum", "zur", "abd", "ait",
    "ould",
})


#: Scripts where one character is a syllable (Han, kana, Hangul): a name of one character is a name.
_SYLLABIC = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                       r"\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]")
def _name_words(name: str) -> list[str]:
    """The words of a name: runs of letters and digits, with the marks written inside or after them."""
    words, word = [], ""
    for ch in unicodedata.normalize("NFC", name):
        if ch.isalnum() or (word and unicodedata.category(ch)[0] == "M"):
            word += ch
        elif word:
            words.append(word)
            word = ""
    return [*words, word] if word else words


def ascii_spelling(word: str) -> str:
    """A word as the search indexes it and as the withholding and the public redaction compare names written in
    another script: ``fold_name``, then, when that is not ASCII, its transliteration (``anyascii``), lower-cased.
    So "Иванов" and "IVANOV" are "ivanov", "Guðrún" is "gudrun", "Bæk" "baek", "Þór" "thor"."""
    folded = fold_name(word)
    return folded if folded.isascii() else anyascii(folded).casefold()


def blanked_alone(name: str, *, word_of_name: bool = False) -> bool:
    """Whether ``name`` is blanked wherever it stands as a word of a text.

    * A name of its own: a name of two words or more always is; a name of one word only with three letters or more
      (counted composed), or written in syllables (Han, kana, Hangul), where one character is a name. So a
      stand-in "A" or "Li" recorded as a name does not blank every "a" or "li" of a text; a name of no word at all
      is not blanked.
    * One word of a longer name (``word_of_name``: a family name standing alone in a sentence, given as one word):
      only with three letters or more, counted composed, in every script, and never a particle or a title
      (``NEVER_ALONE``). So "Hassan" and "Ali" of "Ali Hassan" are, while "al" of "Maryam al-Khawaja" is not, nor
      the one Hangul syllable "김" of "김 민수", which would blank every 김 of a text, and every word that holds it
      where a name is looked for inside words."""
    words = _name_words(name)
    if word_of_name:
        return len(words) == 1 and len(words[0]) >= 3 and fold_name(words[0]) not in NEVER_ALONE
    if len(words) != 1:
        return bool(words)
    return len(words[0]) >= 3 or bool(_SYLLABIC.search(words[0]))
