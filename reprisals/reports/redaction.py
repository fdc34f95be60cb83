"""The one redaction step for everything public: documents, pages, open data, charts.

Texts for publication are written once with **markers** instead of names: ``⟦p:ID⟧`` for a person or
organisation (party ``ID``), ``⟦t:ID:N⟧`` for the N-th word of that party's name found on its own in a
free text, ``⟦x⟧`` for a protected value (a source, a contact, a risk note) found in a free text.
``scrub`` puts the markers into free texts (titles, summaries, narratives, places) when a report is
built; ``resolve`` replaces them at the moment of use with the name when that party's consent to
publication by name is in force *then*, and with the public description otherwise ("a woman human
rights defender"). So a revoked consent takes effect in the next document or page, and a final
report's frozen text never holds a name. ``Redactor`` loads the consent in force and does both, plus a
last guard that blanks any full name of a party who may not be named wherever it still appears.

Nothing here reads a source's identity, a contact, a risk note or an internal note into a public text:
they are only ever passed in as ``secrets`` to be blanked.

Names of people of *other* cases (withdrawn, closed, of another period: anyone in the register) are
scrubbed too: ``RegisterNames`` holds every name of every party, loaded in one query, and blanks them in
free texts when a report is built, again in every text at the moment of use, and keeps a party's
description from naming anyone. A person erased from the register is no longer there to be found, so
``ErasedNames`` keeps their names as keyed hashes only, and ``RegisterNames`` blanks them (whole names and
their words written as names) as well. A marker resolves only for a party of the entry it is in, and the place
of an incident (``⟦place⟧…⟦/place⟧``) is shown only while everyone in the entry may be named.

Every text and every name enters through one normalising step, ``_as_parted``: as it will be printed, and as it
reads, so that a character that prints as nothing (a control character stored before input refused them, a
soft hyphen, a zero-width space or joiner) hides no name, in a text or in a stored name. Names are compared
through one folding (``core.text.fold_name``: without case, diacritics or what prints as nothing), so "Jose
Nunez", "JOSE NUNEZ" and a decomposed "José Núñez" are all the protected "José Núñez"; a word is compared whole.
"""

from __future__ import annotations

import base64
import collections
import functools
import hashlib
import heapq
import hmac
import inspect
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils.translation import gettext_noop

from reprisals.core.text import (
    IGNORABLE_CLASS,
    NEVER_ALONE,
    UNSPACED_CLASS,
    ascii_spelling,
    blanked_alone,
    fold_name,
    is_ignorable,
    printable,
)

OPEN, CLOSE = "\u27e6", "\u27e7"
WITHHELD = "[…]"
_MARKER = re.compile(OPEN + r"(p:(\d+)|t:(\d+):(\d+)|x)" + CLOSE)


def _category_classes() -> tuple[str, str, str]:
    """Every mark (Unicode category M: an accent, a vowel sign, a virama), every lower-case letter (Ll) and every
    capital (Lu), each as the body of a character class."""
    ranges: dict[str, list[list[int]]] = {"M": [], "Ll": [], "Lu": []}
    for code in (*range(0x41, 0x20000), *range(0xE0100, 0xE01F0)):
        category = unicodedata.category(chr(code))
        kind = "M" if category[0] == "M" else category if category in ("Ll", "Lu") else None
        if kind is None:
            continue
        found = ranges[kind]
        if found and found[-1][1] == code - 1:
            found[-1][1] = code
        else:
            found.append([code, code])
    return tuple("".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges[kind])  # type: ignore[return-value]
                 for kind in ("M", "Ll", "Lu"))


_MARKS, _LOWER, _UPPER = _category_classes()
#: The characters of a word, as the body of a character class (what goes between ``[`` and ``]``): letters,
#: digits and the underscore (``\w``) and every mark (an accent, a vowel sign, a virama), so that a word of
#: Hindi, Thai or Khmer (whose vowel signs are marks) or a decomposed "Núñez" is one word. Public: another module
#: that must part a text into the same words as the redaction (``cases.selectors``) builds its classes from it.
WORD_CHARACTERS = f"\\w{_MARKS}"
#: A word: letters and digits with the marks written inside or after them, so that a word of Hindi, Thai or
#: Khmer (whose vowel signs are marks) or a decomposed "Núñez" is one word ("राम" is not the start of "रामायण").
_WORD = re.compile(f"[{WORD_CHARACTERS}]+")
#: The words of a text in ASCII (``_WORD`` there, in one search that costs less: no mark is in ASCII).
_ASCII_WORD = re.compile(r"\w+", re.ASCII)
#: Words as the hashes of an erased name were first made (``ErasedNames.rows``), kept to find those rows.
_LEGACY_WORD = re.compile(r"\w+")
# Words of a name too short or too common to blank on their own: the one list, shared with the withholding.
_NOT_ALONE = NEVER_ALONE
MIN_SECRET = 4


# ---------------------------------------------------------------- the one way in: texts and names as read
#
# A text or a name enters the redaction only through ``_as_parted`` (texts: the entry points marked
# ``@_reads_text``; names: ``NameSet``, through which every name passes, ``PartyView`` and ``Guard``), and
# nothing inside reads one any other way: what will be printed is what is scrubbed, and a character that
# prints as nothing hides no name.

ZWSP = "\u200b"  # zero-width space: where the words of a text are parted by a character that prints as nothing
_DROPPED = "\ufdd0"  # a noncharacter: where ``printable`` left a control character out (or the text held one)
#: A noncharacter: where the redaction parts the words of a text that a character left out parted
#: (``_as_parted``). It is read as a zero-width space and left out of what an entry point returns
#: (``_reads_text``): the text prints as ``printable`` prints it, without a zero-width space it did not hold.
_PART = "\ufdd1"
#: Print as nothing (``core.text.is_ignorable``), and where ``printable`` left a character out.
_HIDDEN = re.compile(f"[{IGNORABLE_CLASS}{_DROPPED}]+")
#: Part two words: a zero-width space, and a control character left out ("ALI\x00HASSAN" prints "ALIHASSAN").
_PARTING = frozenset(ZWSP + _DROPPED)
#: Kept where they shape or order the letters of a script without case (Arabic, Persian, Indic scripts,
#: Mongolian, emoji: joiners, direction marks, variation selectors, tag characters of a flag), and the
#: zero-width space that parts the words of Thai; between two letters of a script with case (Latin, Greek,
#: Cyrillic) they do nothing and are left out.
_KEPT = frozenset(ZWSP + "\u034f\u061c\u180b\u180c\u180d\u180f\u200c\u200d\u200e\u200f\u202a\u202b\u202c"
                  "\u202d\u202e\u2066\u2067\u2068\u2069"
                  + "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0020, 0xE0080)))
                  + "".join(map(chr, range(0xE0100, 0xE01F0))))


def _cased(char: str) -> bool:
    return char.isupper() or char.islower()


def _hidden(m: re.Match[str]) -> str:
    """What ``as_read`` prints for a run of characters that print as nothing: between two letters of a script
    with case nothing, or a zero-width space where it parts a word in lower case from one with a capital
    ("Ali\\x00Hassan" prints "AliHassan" and reads "Ali", "Hassan"); elsewhere what shapes or parts the
    letters of scripts without case (``_KEPT``)."""
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    if _cased(before) and _cased(after):
        return ZWSP if before.islower() and after.isupper() else ""
    return "".join(c for c in m.group(0) if c in _KEPT)


def _parted(m: re.Match[str], part: str = ZWSP) -> str:
    """What the redaction reads for a run of characters that print as nothing (``_as_parted``), decided by the
    characters themselves, never by the case of the letters around them: a zero-width space or a control
    character left out parts two words (a zero-width space: the matching reads the words glued as well); a
    soft hyphen, a word joiner and the rest part nothing. Where no zero-width space parts them, ``part`` does
    (in a text, ``_PART``: read as one, never printed)."""
    run = m.group(0)
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    parts = not _PARTING.isdisjoint(run)
    if _cased(before) and _cased(after):  # "Has\u00adsan" reads "Hassan"; "ALI\x00HASSAN" "ALI\u200bHASSAN"
        return (ZWSP if ZWSP in run else part) if parts else ""
    kept = "".join(c for c in run if c in _KEPT)  # a joiner where it shapes; a space between words
    if parts and ZWSP not in kept and before.isalnum() and after.isalnum():
        kept = part + kept
    return kept


def _parted_text(m: re.Match[str]) -> str:
    return _parted(m, _PART)


def as_read(text: str) -> str:
    """A text or a name as it will be printed (``printable``) and as it reads. A character that prints as
    nothing (``core.text.is_ignorable``: a soft hyphen, a zero-width space or joiner, a word joiner, a
    direction mark, a variation selector, a tag character..., or a control character left out) is left out
    between two letters of a word ("Ha\\u00adssan", "Nad\\x01ia": "Hassan", "Nadia"); where it parts a word in
    lower case from one with a capital ("Ali\\x00Hassan", which prints "AliHassan"), it becomes a zero-width
    space, which prints the same and parts the words. Elsewhere only what shapes or parts the letters of
    scripts without case (joiners, direction marks, variation selectors, a zero-width space) is kept.
    Printable text without such characters is unchanged. (The redaction itself reads a text through
    ``_as_parted``, which parts words by what the character is.)"""
    text = printable(text, _DROPPED)
    return _HIDDEN.sub(_hidden, text) if _HIDDEN.search(text) else text


def _as_parted(text: str) -> str:
    """The one normalising step of the redaction: a text or a name as it will be printed (``printable``) and
    as the redaction reads it. A character that prints as nothing (``core.text.is_ignorable``) between two
    letters of a word is left out ("Ha\\u00adssan", "Mc\\u2060Donald": "Hassan", "McDonald"), except a
    zero-width space, which is kept, or a control character left out, which becomes ``_PART``: read as a
    zero-width space, it parts the words ("ALI\\x00HASSAN", "maryam\\u200bexample"), and the matching also
    reads them glued ("Has\\x01san" is still "Hassan"); it is never printed (``_reads_text``). Elsewhere only
    what shapes or parts the letters of scripts without case is kept (``_KEPT``). Printable text without such
    characters is unchanged."""
    text = printable(text, _DROPPED)
    return _HIDDEN.sub(_parted_text, text) if _HIDDEN.search(text) else text


def _parting(m: re.Match[str]) -> str:
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    return ZWSP if before.isalnum() and after.isalnum() else _parted(m)


_SPACES = re.compile(f"[\\s{ZWSP}]+")
#: What joins two words of a name as one, besides a space: a hyphen or a dash ("Al-Khawaja", "Al–Khawaja") and an
#: apostrophe ("Al’Khawaja", "O'Brien"). The one list: the readings of a name without them (``_readings``) and what
#: may stand between the words of a name that ends in a handle (``_NAME_GAP``).
NAME_JOINERS = "-\u2010\u2011\u2012\u2013\u2014\u2212'\u2019\u02bc\u2018"
_JOINED = re.compile(f"(?<=[{WORD_CHARACTERS}])[{re.escape(NAME_JOINERS)}](?=[{WORD_CHARACTERS}])")


def _readings(names: Iterable[str | None]) -> tuple[str, ...]:
    """Names as read (``_as_parted``, and as printed: ``as_read``) and as they may have been meant, so that
    however a text spells the name it is found: parted into two words wherever a character that prints as
    nothing stands between two letters ("Ali\\u00adHassan" is also "Ali Hassan"), glued as printed
    ("Ali\\x00Hassan" is also "AliHassan"), and a name of several words also written as one ("Ali Hassan" is
    also "AliHassan", as a text that hides a soft hyphen or a word joiner between them prints it). In order,
    each once (a dictionary: twenty thousand names are read in linear time)."""
    return _read_names(names)[0]


def _read_names(names: Iterable[str | None]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The readings of ``_readings``, and, apart, each name as read, from which ``_variants_of`` gives the name as
    others spell it, only where it is asked for (``NameSet.variants``)."""
    out: dict[str, None] = {}
    reads: list[str] = []
    fused: list[str] = []
    for name in names:
        raw = printable(name or "", _DROPPED)
        if _HIDDEN.search(raw):
            read = _HIDDEN.sub(_parted, raw)
            readings = (read, _HIDDEN.sub(_hidden, raw), _HIDDEN.sub(_parting, raw))
        else:
            read, readings = raw, (raw,)
        read = read.strip()
        if not read:
            continue
        reads.append(read)
        for reading in readings:
            out.setdefault(reading)
            if ZWSP in reading:
                out.setdefault(reading.replace(ZWSP, ""))
        joined = _SPACES.sub("", read)
        if joined != read and len(_WORD.findall(read)) > 1:
            out.setdefault(joined)
        if _JOINED.search(read):
            fused.append(read)
    # Last, so that the words of the readings before keep their order (``NameSet.tokens``): a name whose words a hyphen
    # or an apostrophe joins also without it, as a handle fuses them ("Maryam Al-Khawaja" is "Maryam AlKhawaja" and
    # "MaryamAlKhawaja": "@Maryam_Alkhawaja", "@MARYAMALKHAWAJA").
    for read in fused:
        without = _JOINED.sub("", read)
        out.setdefault(without)
        if len(_WORD.findall(without)) > 1:
            out.setdefault(_SPACES.sub("", without))
    return tuple(r for r in out if r.strip()), tuple(reads)


def _variants_of(reads: Iterable[str], own: tuple[str, ...]) -> tuple[str, ...]:
    """Names as read (``_read_names``) as others spell them (``_variants``: "Abdul Hadi Khawaja" for "Abdulhadi
    Al-Khawaja", "Дмитрию Иванову" for "Дмитрий Иванов"; ``NameSet.variants``), found given name first, as written
    and in the words of a handle ("@AbdulHadiKhawaja85"), never glued in one word nor family name first
    (``PhraseIndex.add``): a bounded few readings more for each name, read in linear time. None is one of ``own``,
    their readings: the words of a name blanked alone are those of ``own`` only (``NameSet.tokens``), so a variant
    adds no word ("Abdul", "Hadi") that the name as stored does not have."""
    more: dict[str, None] = {}
    for read in reads:
        for variant in _variants(read):
            more.setdefault(variant)
    kept = set(own)
    keys = {_key(r) for r in own}  # a variant is never a name as read ("kong hong" of "Kong Hong"), whose readings
    return tuple(r for r in more if r not in kept and _key(r) not in keys)  # family name first are its own


# ---------------------------------------------------------------- a name as others may write it: its variants

#: The Arabic article as a word of a name, folded: "al", and as it is also romanised ("el", "ul", "il").
_ARTICLES = ("al", "el", "ul", "il")
#: The article assimilated to the sun letter that begins the next word ("ad-Din", "an-Nour", "ar-Rahman",
#: "as-Salam", "ash-Shami", "at-Tahir", "az-Zahra"; "ed-", "ud-"): a word of these is the article only before
#: a word that begins with its consonant, so "An" of "Nguyen An Khang" is no article.
_SUN = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")
_ASSIMILATED = frozenset(v + c for c in _SUN for v in "aeu")
#: "Abd" written as one word before the word it joins ("Abdul Hadi", "Abd al-Hadi", "Abdel Hadi").
_ABD_WORDS = frozenset({"abd", "abdul", "abdel", "abdal", "abdil", "abdol", "abdoul"})
#: "Abd" joined to its word ("Abdulhadi", "Abdelkader", "Abdurrahman", "Abderrahmane"): the word it joins
#: after the article, or after the article assimilated to the word's sun letter, doubled.
_ABD_JOINED = re.compile("abd(?:oul|ul|el|al|il|ol)([a-z]{4,})")
_ABD_SUN = re.compile(f"abd[aeiou]({'|'.join(_SUN)})(\\1[a-z]{{2,}})")
#: "Son of" ("daughter of") between a given name and his father's, as others write it, or left out: "Ali ibn Salman",
#: "Ali Salman" for "Ali bin Salman".
_SON_OF = {"bin": ("ibn",), "ibn": ("bin",), "bint": ()}
#: The words "Abd" joins that are no name of their own ("Abdullah" is "Abd Allah", one name).
_NOT_ABD_WORD = frozenset({"lah", "llah", "allah", "ullah", "aye", "laye"})
#: How many readings of a name its variants may give at most, the commonest (``_Form``) first (for a name of two
#: pieces that vary, every combination whose ranks sum to 4 or less: "Abdur-Rahman Ash-Shami", "Abdul Rahman
#: Alshami" for "Abd al-Rahman al-Shami"); and how many combinations of forms are weighed for them at most.
_MOST_VARIANTS = 40
_MOST_COMBINED = 1024


def _sun(word: str) -> str:
    """The sun letter a word begins with, as romanised ("sh" of "shami", "r" of "rahman"), or ""."""
    return next((c for c in _SUN if word.startswith(c) and len(word) > len(c)), "")


#: A form of a piece of a name and how rare it is (0 the commonest), to leave out the rarest first.
_Form = tuple[int, str]


def _with_article(word: str) -> list[_Form]:
    """A word of a name that the article begins ("Al-Khawaja", "ash-Shami"), as others write it: with the article
    as "al", without it, as "el", assimilated to its sun letter ("ash Shami", "esh Shami", "ush Shami"), as "ul",
    "il"."""
    sun = _sun(word)
    forms = [(0, f"al {word}"), (1, word), (2, f"el {word}"), (2, f"al{word}"), (5, f"ul {word}"), (6, f"il {word}")]
    if sun:
        forms += [(1, f"a{sun} {word}"), (3, f"e{sun} {word}"), (4, f"u{sun} {word}")]
    return forms


def _article_added(word: str) -> list[_Form]:
    """A word of a name that no article begins ("Khawaja" of "Abdulhadi Khawaja", "Rajab" of "Nabeel Rajab"), as
    others write it: as it is, and with the article, as "al", glued ("Alkhawaja") or as "el"."""
    return [(0, word), (1, f"al {word}"), (2, f"al{word}"), (3, f"el {word}")]


def _with_abd(word: str) -> list[_Form]:
    """A name that "Abd" begins ("Abdulhadi": ``word`` "hadi"), as others write it: joined and split, with the
    article as "ul", "el" or "al", and assimilated to the word's sun letter ("Abdurrahman", "Abd ar-Rahman", "Abdur
    Rahman", "Abderrahman")."""
    sun = _sun(word)
    forms = [(0, f"abdul{word}"), (1, f"abdul {word}"), (2, f"abdel {word}"), (2, f"abd al {word}"),
             (3, f"abdel{word}"), (5, f"abd el {word}"), (4, f"abdoul {word}"), (6, f"abdoul{word}"),
             (6, f"abdol {word}")]
    if sun:
        forms += [(3, f"abd a{sun} {word}"), (3, f"abdu{sun}{word}"), (2, f"abdu{sun} {word}"),
                  (5, f"abde{sun}{word}")]
    return forms


def _arabic_units(words: list[str]) -> list[list[_Form]] | None:
    """The words of a name (folded) as the pieces whose spelling varies in Arabic names, each as the forms others
    write it (``_with_article``, ``_with_abd``), the others as they are, but for a word of four letters or more that
    is not the first, which may be written with the article (``_article_added``: "Al-Khawaja" for "Khawaja"): each
    such word where a piece varies, else the last word only ("Nabeel al-Rajab" for "Nabeel Rajab"); and "bin" or
    "ibn" after the first word written as the other or left out (``_SON_OF``). None when fewer
    than two of the pieces are name words (not particles of ``core.text.NEVER_ALONE``): a reading keeps two name
    words at least, so "Al-Khawaja" alone never gives "Khawaja"."""
    units: list[list[_Form]] = []
    named = 0
    varies = False
    i = 0
    while i < len(words):
        word, after = words[i], words[i + 1] if i + 1 < len(words) else ""
        if word in _ABD_WORDS and after:  # "Abdul Hadi", "Abd al-Hadi", "Abd ar-Rahman"
            j = i + 1
            if j + 1 < len(words) and (words[j] in _ARTICLES or (words[j] in _ASSIMILATED
                                                                  and words[j + 1].startswith(words[j][1:]))):
                j += 1
            stem = words[j]
            if len(stem) >= 3 and stem not in _NOT_ALONE and stem not in _NOT_ABD_WORD:
                units.append(_with_abd(stem))
                named, varies, i = named + 1, True, j + 1
                continue
        joined = _ABD_SUN.fullmatch(word) or _ABD_JOINED.fullmatch(word)
        stem = joined.group(joined.lastindex or 1) if joined else ""
        if joined and stem not in _NOT_ABD_WORD and not stem.startswith("lah"):
            units.append(_with_abd(stem))
            named, varies, i = named + 1, True, i + 1
            continue
        if word in _SON_OF and 0 < i and len(after) >= 3 and after not in _NOT_ALONE:  # "Ali bin Salman"
            units.append([(0, word), *((1, other) for other in _SON_OF[word]), (2, "")])
            varies, i = True, i + 1
            continue
        if len(after) >= 3 and after not in _NOT_ALONE and (
                word in _ARTICLES or (word in _ASSIMILATED and after.startswith(word[1:]))):
            units.append(_with_article(after))
            named, varies, i = named + 1, True, i + 2
            continue
        units.append([(0, word)])
        named += word not in _NOT_ALONE
        i += 1
    if named < 2:
        return None
    # The article may also be added before a word of the name that is not the first ("Abdulhadi Al-Khawaja" for
    # "Abdulhadi Khawaja"): before each, in a name whose spelling varies otherwise; else, only before the last.
    plain = [k for k in range(1, len(units)) if len(units[k]) == 1 and len(units[k][0][1]) >= 4
             and units[k][0][1] not in _NOT_ALONE and units[k - 1][0][1] not in _ARTICLES
             and units[k][0][1].isalpha()]
    for k in plain if varies else plain[-1:] if plain and plain[-1] == len(units) - 1 else []:
        units[k] = _article_added(units[k][0][1])
    return units


def _variants(read: str) -> list[str]:
    """Readings of a name (as read) in the spellings others give the same name, folded, each of two name words or
    more: an Arabic name with its article dropped or written otherwise, and its "Abd" joined or split
    (``_arabic_units``: "Abdulhadi Khawaja", "Abdul Hadi El-Khawaja" for "Abdulhadi Al-Khawaja"). The forms of
    each piece are combined, as a text writes them all at once, the commonest combinations (the least sum of the
    forms' ranks) first, at most ``_MOST_VARIANTS`` of them; a name that varies only by the article added before its
    last word and is a Russian name ("Dmitry Ivanov"), and any name in Cyrillic, in the cases of a Russian text
    (``_declined``: "Дмитрию Иванову" for "Дмитрий Иванов"). May hold the name as read."""
    key = _key(read)
    if not key.isascii():
        return _declined(read)
    units = _arabic_units(_WORD.findall(key))
    if units is None:
        return _declined(read)
    if not any(len(unit) > len(_article_added("")) or unit[0][1] in _SON_OF for unit in units):  # a Russian name?
        declined = _declined(read)
        if declined:
            return declined
    while math.prod(map(len, units)) > _MOST_COMBINED:  # a name of many such pieces: their rarest forms left out
        rarest = max((unit for unit in units if len(unit) > 1), key=lambda unit: max(unit))
        rarest.remove(max(rarest))
    commonest = heapq.nsmallest(_MOST_VARIANTS, itertools.product(*units),
                                key=lambda forms: sum(rank for rank, _ in forms))
    out = [" ".join(form for _, form in forms if form) for forms in commonest]
    if len(units) == 2 and len(units[0]) == 1 and len(out) < _MOST_VARIANTS - 1:
        # A name of two words, the second the father's or the family's name ("Ali Salman"), also with "bin" or "ibn"
        # between them ("Ali bin Salman"), as the second is written, or without its article ("Ali Al-Salman"), and
        # only so: two forms more a name; never a Slavic name's, declined instead (``_declined``: "Maria Kalesnikava").
        given = units[0][0][1]
        family = units[1][0][1] if len(units[1]) == 1 else next(
            (form for _, form in units[1] if form.isalpha() and not form.startswith(_ARTICLES)), "")
        if given.isalpha() and family.isalpha() and given not in _NOT_ALONE and family not in _NOT_ALONE:
            out += [f"{given} bin {family}", f"{given} ibn {family}"]
    return out


# The five cases of a Russian text besides the nominative, in this order: genitive, dative, accusative,
# instrumental, prepositional. A name's words are declined together, in one case at a time, as a text writes them.
_Endings = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_ADJECTIVE_M: _Endings = (("ого",), ("ому",), ("ого",), ("им",), ("ом",))
_ADJECTIVE_F: _Endings = (("ой",), ("ой",), ("ую",), ("ой",), ("ой",))

#: A word in "-ь" in the cases of a Russian text ("Игорь": "Игоря", "Игорю", "Игорем", "Игоре").
_SOFT_SIGN: _Endings = (("я",), ("ю",), ("я",), ("ем",), ("е",))

#: How the words of Russian names decline in a Russian text (in a Ukrainian or Belarusian one: ``_UKRAINIAN``,
#: ``_BELARUSIAN``), by their ending in the nominative, the longest first: that ending in Cyrillic, the same ending
#: as romanised in a name written in Latin letters ("Dmitry", "Dmitriy", "Dmitrii" for "Дмитрий"), and what takes
#: its place in each case (``_Endings``), one or two forms a case where a name may decline in two ways ("Марина":
#: "Марины", a given name, or "Мариной", a family name).
_DECLENSIONS: tuple[tuple[str, tuple[str, ...], _Endings], ...] = (
    ("ский", ("skiy", "skii", "skij", "sky", "ski"), tuple(tuple("ск" + e for e in c) for c in _ADJECTIVE_M)),
    ("цкий", ("tskiy", "tskii", "tsky", "tski"), tuple(tuple("цк" + e for e in c) for c in _ADJECTIVE_M)),
    ("ская", ("skaya", "skaia", "skaja", "ska"), tuple(tuple("ск" + e for e in c) for c in _ADJECTIVE_F)),
    ("цкая", ("tskaya", "tskaia"), tuple(tuple("цк" + e for e in c) for c in _ADJECTIVE_F)),
    ("ова", ("ova",), (("овой",), ("овой",), ("ову",), ("овой",), ("овой",))),
    ("ева", ("eva",), (("евой",), ("евой",), ("еву",), ("евой",), ("евой",))),
    ("ёва", (), (("ёвой",), ("ёвой",), ("ёву",), ("ёвой",), ("ёвой",))),
    ("ина", ("ina",), (("иной", "ины"), ("иной", "ине"), ("ину",), ("иной",), ("иной", "ине"))),
    ("ына", ("yna",), (("ыной",), ("ыной",), ("ыну",), ("ыной",), ("ыной",))),
    ("ия", ("iya", "ia", "ija"), (("ии",), ("ии",), ("ию",), ("ией",), ("ии",))),
    ("ая", ("aya", "aia", "aja"), _ADJECTIVE_F),
    ("ов", ("ov",), (("ова",), ("ову",), ("ова",), ("овым",), ("ове",))),
    ("ев", ("ev",), (("ева",), ("еву",), ("ева",), ("евым",), ("еве",))),
    ("ёв", (), (("ёва",), ("ёву",), ("ёва",), ("ёвым",), ("ёве",))),
    ("ин", ("in",), (("ина",), ("ину",), ("ина",), ("иным", "ином"), ("ине",))),
    ("ын", ("yn",), (("ына",), ("ыну",), ("ына",), ("ыным",), ("ыне",))),
    ("ий", ("iy", "ii", "ij", "y", "i"), (("ия",), ("ию",), ("ия",), ("ием",), ("ии",))),
    ("ей", ("ey", "ei", "ej"), (("ея",), ("ею",), ("ея",), ("еем",), ("ее",))),
    ("ай", ("ay", "ai", "aj"), (("ая",), ("аю",), ("ая",), ("аем",), ("ае",))),
    ("ой", ("oy", "oi", "oj"), (("ого",), ("ому",), ("ого",), ("ым",), ("ом",))),
    ("ый", (), (("ого",), ("ому",), ("ого",), ("ым",), ("ом",))),
    ("ь", (), _SOFT_SIGN),
    ("я", ("ya", "ja"), (("и",), ("е",), ("ю",), ("ей",), ("е",))),
)
#: A word of a name ending in "а": "ы" in the genitive, "и" after these letters ("Ольги", "Саши").
_A_GENITIVE_I = ("г", "к", "х", "ж", "ш", "ч", "щ", "kh", "zh", "sh", "ch", "g", "k")
_A_ENDINGS = ((), ("е",), ("у",), ("ой",), ("е",))
#: A word ending in a consonant: "Иван", "Гнатюк", "Иванович"; after a hushing letter, "ем" in the instrumental.
_CONSONANT: _Endings = (("а",), ("у",), ("а",), ("ом",), ("е",))
_HUSHING = ("ж", "ш", "ч", "щ", "ц", "zh", "sh", "ch", "ts")
_CYRILLIC_CONSONANT = re.compile("[бвгджзйклмнпрстфхцчшщ]$")
_LATIN_CONSONANT = re.compile("[bcdfghklmnpqrstvwxz]$")
#: A name written in Cyrillic letters (folded as ``fold_name`` does not: "й" and "ё" kept), a word's apostrophe one
#: of its letters ("марʼяна").
_CYRILLIC_WORD_OF_NAME = "[\u0400-\u04ff]+(?:\u02bc[\u0400-\u04ff]+)*"
_CYRILLIC_NAME = re.compile(f"{_CYRILLIC_WORD_OF_NAME}(?: {_CYRILLIC_WORD_OF_NAME})+")
#: A name written in Latin letters is declined only when a word of it ends as a Slavic family name or patronymic
#: does ("Ivanov", "Ivanova", "Kovalsky", "Kovalska", "Hnatiuk", "Ivanovich"): others are no Russian names.
_SLAVIC_LATIN = re.compile(
    r"(?:ov|ev|ova|eva|ava|in|ina|yn|yna|sky|skiy|skii|ski|skaya|ska|enko|uk|yuk|vich|ovna|evna)$")
#: So is a name whose family name (its last word) is romanised from an adjective ("Navalny", "Navalnyy", "Tolstoy",
#: "Navalnaya").
_SLAVIC_LATIN_FAMILY = re.compile(r"(?:(?:[nlkvrt]|ch|sh|zh|ts)(?:y|yy|iy|yi)|oy|aya)$")
#: A family name romanised from a man's adjective in "ый" or "ий" ("Navalny", "Navalnyy", "Navalniy": "Навальный"),
#: declined as one ("Навального", "Навальному"), not as a given name in "ий" is ("Dmitry": "Дмитрия").
_ADJECTIVE_LATIN = re.compile(r"(?<=[^aeiouy])(?:yy|yi|iy|y)$")
#: The endings of a woman's family name ("Иванова", "Сорокина", "Навальная", "Ковальская"), and of a man's: the
#: family name, not any word of the name, tells a woman's name ("Илья Сорокин", "Никита Иванов" are men's).
_FEMININE_FAMILY = ("ова", "ева", "ёва", "єва", "ина", "ына", "ая", "іна", "ська", "цька", "ава", "ova", "eva", "ina",
                    "yna", "aya", "aia", "aja", "ska")
_MASCULINE_FAMILY = ("ов", "ев", "ёв", "єв", "ин", "ын", "ий", "ый", "ой", "ін", "ій", "скі", "цкі", "аў", "ov", "ev",
                     "in", "yn", "y", "iy", "ii", "yi", "oy", "oi", "ski")
#: Common men's given names that end in "а" or "я", as a woman's do: where the family name tells nothing ("Микола
#: Шевченко"), the name is still a man's.
_MENS_NAMES_IN_A = frozenset({"микола", "mykola", "mikola", "ілля", "illia", "illya", "илья", "ilya", "ilia",
                              "никита", "nikita", "mykyta", "микита", "кузьма", "kuzma", "фома", "foma", "хома",
                              "khoma", "лука", "luka", "сава", "sava", "савва", "savva"})
#: Women's given names that end in a consonant or "ь", as a man's do ("Любовь", Ukrainian "Любов"), and their
#: cases in a Russian text and in a Ukrainian one ("Любови", "Любовью"; "Любові", "Любов'ю", its apostrophe
#: written as ``_declined`` writes one, ``APOSTROPHE``).
_WOMENS_NAMES_IN_CONSONANT = frozenset({"любовь", "любов"})
_WOMENS_IN_CONSONANT_RU: list[tuple[str, ...]] = [("любови", "любви"), ("любови",), ("любовь",), ("любовью",),
                                                  ("любови",)]
_WOMENS_IN_CONSONANT_UK: list[tuple[str, ...]] = [("любові",), ("любові",), ("любов",), ("любов\u02bcю",),
                                                  ("любові",)]
#: How many declined readings a name gives at most in a Russian text, and in a Ukrainian or a Belarusian one each,
#: besides each case with the same form in every word, which a name always gives (``_together``; at most
#: ``_MOST_VARIANTS`` in all).
_MOST_DECLINED = 16
_MOST_DECLINED_OTHER = 24
#: Russian given names whose last vowel falls out when they decline ("Лев": "Льва", "Льву", "Львом"; "Павел":
#: "Павла"), by the stem they decline from, in Cyrillic and romanised.
_FLEETING = {"лев": "льв", "павел": "павл", "lev": "lv", "pavel": "pavl"}

# The cases of a Ukrainian text (Ukrainian: A Comprehensive Grammar, 1999; ``_Endings`` in the same order; the dative
# and the locative of a man's name in "-ові" or "-у", "-еві" or "-ю", and a text may write one and the other in one
# name: "Тарасові Шевченку").
_UK_ADJECTIVE_M: _Endings = (("ого",), ("ому",), ("ого",), ("им",), ("ому", "ім"))
_UK_ADJECTIVE_F: _Endings = (("ої",), ("ій",), ("у",), ("ою",), ("ій",))
#: A man's name ending in a hard consonant ("Тарас", "Гнатюк"), or in "о" ("Петро", "Шевченко": the "о" dropped).
_UK_HARD: _Endings = (("а",), ("ові", "у"), ("а",), ("ом",), ("ові", "у"))
#: A man's name ending in a hushing consonant ("Лукаш", "Григорович").
_UK_HUSHING: _Endings = (("а",), ("еві", "у"), ("а",), ("ем",), ("еві", "у"))
#: The words of Ukrainian names by their ending, as ``_DECLENSIONS``; a family name in "-о" ("-енко", "-ко") declines
#: only for a man, in a Ukrainian text only (a Russian one leaves it).
_UKRAINIAN: tuple[tuple[str, tuple[str, ...], _Endings], ...] = (
    ("ський", ("skyi", "skyy", "skyj"), tuple(tuple("ськ" + e for e in c) for c in _UK_ADJECTIVE_M)),
    ("цький", ("tskyi", "tskyy", "tskyj"), tuple(tuple("цьк" + e for e in c) for c in _UK_ADJECTIVE_M)),
    ("ська", ("ska",), tuple(tuple("ськ" + e for e in c) for c in _UK_ADJECTIVE_F)),
    ("цька", ("tska",), tuple(tuple("цьк" + e for e in c) for c in _UK_ADJECTIVE_F)),
    ("ова", ("ova",), (("ової",), ("овій",), ("ову",), ("овою",), ("овій",))),
    ("ева", ("eva",), (("евої",), ("евій",), ("еву",), ("евою",), ("евій",))),
    ("єва", (), (("євої",), ("євій",), ("єву",), ("євою",), ("євій",))),
    ("іна", ("ina",), (("іної",), ("іній",), ("іну",), ("іною",), ("іній",))),
    ("ов", ("ov",), (("ова",), ("ову", "ові"), ("ова",), ("овим",), ("ові", "ову"))),
    ("ев", ("ev",), (("ева",), ("еву", "еві"), ("ева",), ("евим",), ("еві", "еву"))),
    ("єв", (), (("єва",), ("єву", "єві"), ("єва",), ("євим",), ("єві", "єву"))),  # "Асєєв": "Асєєвим", "Асєєві"
    ("ін", ("in",), (("іна",), ("іну",), ("іна",), ("іним",), ("іні",))),
    ("ин", ("yn",), (("ина",), ("ину",), ("ина",), ("иним",), ("ині",))),
    ("ій", ("ii", "iy", "iyi"), (("ія",), ("ієві", "ію"), ("ія",), ("ієм",), ("ієві", "ії"))),
    ("ай", ("ai", "ay", "aj"), (("ая",), ("аєві", "аю"), ("ая",), ("аєм",), ("аєві", "аї"))),
    ("ей", ("ei", "ey", "ej"), (("ея",), ("еєві", "ею"), ("ея",), ("еєм",), ("еєві", "еї"))),
    ("ія", ("iia", "iya", "ia"), (("ії",), ("ії",), ("ію",), ("ією",), ("ії",))),
    ("ь", (), (("я",), ("еві", "ю"), ("я",), ("ем",), ("еві", "і"))),
    ("я", ("ia", "ya"), (("і",), ("і",), ("ю",), ("ею",), ("і",))),
)
#: "г", "к", "х" before the "-і" of a Ukrainian dative ("Ольга": "Ользі") or the "-е" of a Belarusian one ("Вольга":
#: "Вользе"), in Cyrillic and romanised ("Olha": "Olzi").
_SOFTENED = (("г", "з"), ("к", "ц"), ("х", "с"), ("kh", "s"), ("h", "z"), ("k", "ts"), ("g", "z"))
_UK_HUSHING_LETTERS = ("ж", "ш", "ч", "щ", "zh", "sh", "ch")
#: Ukrainian given names whose stem is soft though written with a hard consonant ("Ігор": "Ігоря", "Ігореві",
#: "Ігорем"), in Cyrillic and romanised, declined as a word in "-ь" is.
_UK_SOFT_STEMS = frozenset({"ігор", "ihor", "igor"})
_UK_SOFT: _Endings = (("я",), ("еві", "ю"), ("я",), ("ем",), ("еві", "і"))

# The cases of a Belarusian text (its unstressed "о" written "а": "Ігарам", "Бяляцкага").
_BE_ADJECTIVE_M: _Endings = (("ага",), ("аму",), ("ага",), ("ім",), ("ім",))
_BE_ADJECTIVE_F: _Endings = (("ай",), ("ай",), ("ую",), ("ай", "аю"), ("ай",))
_BE_HARD: _Endings = (("а",), ("у",), ("а",), ("ам",), ("у",))
_BE_SOFT: _Endings = (("я",), ("ю",), ("я",), ("ем",), ("ю",))
#: A woman's given name romanised in "-ia" or "-yia" ("Maria", "Maryia": "Марыя"), in a Belarusian text.
_BE_LATIN_IA: _Endings = (("ыі",), ("ыі",), ("ыю",), ("ыяй", "ыяю"), ("ыі",))
#: The last letters of a given name romanised that may stand for a soft consonant, its "ь" not written ("Ales" for
#: "Алесь", "Vasyl" for "Василь"): declined in a Ukrainian or Belarusian text both hard and soft.
_SOFT_IN_LATIN = ("s", "l", "n", "z")
_BELARUSIAN: tuple[tuple[str, tuple[str, ...], _Endings], ...] = (
    ("скі", ("ski",), tuple(tuple("ск" + e for e in c) for c in _BE_ADJECTIVE_M)),
    ("цкі", ("tski",), tuple(tuple("цк" + e for e in c) for c in _BE_ADJECTIVE_M)),
    ("ская", ("skaya", "skaia", "skaja"), tuple(tuple("ск" + e for e in c) for c in _BE_ADJECTIVE_F)),
    ("цкая", ("tskaya", "tskaia"), tuple(tuple("цк" + e for e in c) for c in _BE_ADJECTIVE_F)),
    ("ава", ("ava",), (("авай",), ("авай",), ("аву",), ("авай", "аваю"), ("авай",))),
    ("ова", ("ova",), (("овай",), ("овай",), ("ову",), ("овай", "оваю"), ("овай",))),
    ("аў", (), (("ава",), ("аву",), ("ава",), ("авым",), ("аву",))),
    ("енка", ("enka",), (("енкі",), ("енку",), ("енку",), ("енкам",), ("енку",))),
    ("энка", (), (("энкі",), ("энку",), ("энку",), ("энкам",), ("энку",))),
    ("ей", ("ei", "ey"), (("ея",), ("ею",), ("ея",), ("еем",), ("ею",))),
    ("эй", (), (("эя",), ("эю",), ("эя",), ("эем",), ("эю",))),
    ("ай", ("ai", "ay", "aj"), (("ая",), ("аю",), ("ая",), ("аем",), ("аю",))),
    ("ь", (), (("я",), ("ю",), ("я",), ("ем",), ("ю",))),
    ("я", (), (("і",), ("і",), ("ю",), ("яй", "яю"), ("і",))),
)
#: After these a Belarusian dative in "-а" is "-ы" ("Святлана": "Святлане", but "Тамара": "Тамары").
_BE_HARDENED = ("ж", "ш", "ч", "р", "ц", "дж")
#: Family names that mark a Ukrainian name written in the Russian alphabet or romanised ("Тарас Шевченко", "Taras
#: Shevchenko"), and those that mark a Belarusian name romanised ("Ales Bialiatski", "Lukashenka").
_UKRAINIAN_FAMILY = ("енко", "ук", "юк", "ський", "цький", "ська", "цька", "enko", "uk", "yuk", "iuk", "skyi", "tskyi")
_BELARUSIAN_LATIN_FAMILY = ("ski", "enka", "ouskaya", "auskaya", "ava")
#: The letters of the Russian alphabet that Ukrainian does not write: a name in the Russian alphabet without them, and
#: without a word in "-ий" (Ukrainian "-ій"), may be a Ukrainian name ("Олег Сенцов", "Василь Стус").
_RUSSIAN_ONLY = frozenset("ыэъё")
#: A family name in Cyrillic of a Ukrainian or Belarusian pattern, for the scrubbing to decline alone.
_OTHER_CYRILLIC_FAMILY = re.compile("(?:енко|ук|юк|ський|цький|ська|цька|ін|іна|єв|єва|скі|цкі|ава|аў|енка|энка)$")


@functools.lru_cache(maxsize=512)
def _ending_spelled(ending: str) -> str:
    """An ending of a case (Cyrillic) romanised, for a name written in Latin letters (``ascii_spelling``), its soft
    sign not written, as a name romanised does not write it ("ської": "skoi", of "Kovalska"): the few endings, made
    once."""
    return ascii_spelling(ending).replace("'", "")


@functools.lru_cache(maxsize=8192)  # a given name is declined once: thousands share it
def _declined_word(word: str, latin: bool, feminine: bool = False,
                   family: bool = False) -> list[tuple[str, ...]] | None:
    """A word of a name (in lower case: Cyrillic, or with ``latin`` in ASCII) in each of the five cases, one or two
    forms each, or None where it does not decline ("Шевченко", "Черных", "Dumas"). With ``feminine`` (a woman's
    name: ``_is_feminine``), a word ending in a consonant also as it is: a woman's family name "Гнатюк" does not
    decline ("Галины Гнатюк"). With ``family`` (the family name), a romanised man's adjective ("Navalny") declines
    as one (``_ADJECTIVE_LATIN``)."""
    if word in _WOMENS_NAMES_IN_CONSONANT:
        return _WOMENS_IN_CONSONANT_RU if word == "любовь" else None
    if not latin and word.endswith("ець") and len(word) >= 5:  # "Кравець": "Кравца"... as "-ь" declines, "е" out
        stem = _without_fleeting_e(word)
        return [tuple(stem + e for e in forms) for forms in _SOFT_SIGN]
    adjective = _ADJECTIVE_LATIN.search(word) if latin and family and not word.endswith("ski") else None
    if adjective and adjective.start() >= 3:
        stem = word[:adjective.start()]
        return [tuple(stem + _ending_spelled(e) for e in forms) for forms in _ADJECTIVE_M]
    for ending, romanised_as, cases in _DECLENSIONS:
        for written in (romanised_as if latin else (ending,)):
            if word.endswith(written) and len(word) - len(written) >= 2:
                stem = word[:-len(written)]
                if feminine and family and ending == "ь":  # a woman's "Соболь" stays as it is, or may be read so
                    cases = tuple((*forms, "ь") for forms in cases)
                return [tuple(stem + (_ending_spelled(e) if latin else e) for e in forms) for forms in cases]
    stem = word
    if word.endswith("а" if not latin else "a") and len(word) >= 4:
        stem = word[:-1]
        genitive = "и" if stem.endswith(_A_GENITIVE_I) else "ы"
        cases = ((genitive,), *_A_ENDINGS[1:])
    elif (_LATIN_CONSONANT if latin else _CYRILLIC_CONSONANT).search(word) and len(word) >= 3:
        cases = (*_CONSONANT[:3], ("ем",) if word.endswith(_HUSHING) else ("ом",), _CONSONANT[4])
        stem = _FLEETING.get(word, word) if not family else word
        if feminine:
            cases = tuple((*forms, "") for forms in cases)
    else:
        return None
    return [tuple(stem + (_ending_spelled(e) if latin else e) for e in forms) for forms in cases]


#: The "і" of a Ukrainian word's closed last syllable, an "о" where the syllable opens ("Федір": "Федора", "Яків":
#: "Якова", "Чорновіл": "Чорновола"), and the vowels of a Ukrainian word.
_UK_CLOSED_I = re.compile("і[бвгдзклмнпрстфх]$")
_UK_VOWEL = re.compile("[аеиоуяюєії]")


def _without_fleeting_e(word: str) -> str:
    """The stem a word in "-ець" declines from, its "е" dropped ("Кравець": "Кравц-"; "Стрілець": "Стрільц-"), or kept
    where no vowel would be left ("Швець": "Шевц-")."""
    stem = word[:-3] + ("ьц" if word[-4] == "л" else "ц")
    return stem if _UK_VOWEL.search(stem) else stem[0] + "е" + stem[1:]


def _with_stems(stems: tuple[str, ...], cases: _Endings, spelled: Callable[[str], str]) -> list[tuple[str, ...]]:
    """Each case of a word declined from several stems, the first stem's forms first."""
    return [tuple(dict.fromkeys(stem + spelled(e) for stem in stems for e in forms)) for forms in cases]


@functools.lru_cache(maxsize=8192)  # a given name is declined once: thousands share it
def _declined_word_other(word: str, latin: bool, feminine: bool, family: bool,
                         ukrainian: bool) -> list[tuple[str, ...]] | None:
    """A word of a name, as ``_declined_word`` declines it in a Russian text, in the cases of a Ukrainian text (with
    ``ukrainian``: ``_UKRAINIAN``; "Тарасові", "Шевченка", "Андрієві", "Ользі") or of a Belarusian one (``_BELARUSIAN``:
    "Алесю", "Бяляцкага", "Святлане", "Ігарам"). A woman's family name that ends in "-о" or a consonant does not
    decline ("Ганні Коваленко", "Марії Гнатюк"), nor, in Belarusian, in "-енка". In a Ukrainian text, also in a sixth
    case, the vocative (``_uk_vocative``: "Тарасе", "Олеже", "Миколо", "Шевченку"), and the locative also in "-і" (a
    given name's, "на Тарасі", "на Олезі", "на Григоровичі"; a family name's in a consonant, "на Жадані", "на
    Протасевичі", not in "-ов", "-ко", "-к")."""
    cases = _declined_word_five(word, latin, feminine, family, ukrainian)
    if not ukrainian:
        return cases
    vocative = _uk_vocative(word, latin, feminine, family)
    if cases is None:
        return None if vocative == (word,) else [*((word,),) * 5, vocative]
    cases = list(cases)
    spelled = _ending_spelled if latin else _same
    stem = next((form[:-len(dative)] for form in cases[4] for dative in (spelled("ові"), spelled("еві"))
                 if form.endswith(dative) and (dative == spelled("ові")
                                               or form[:-len(dative)].endswith(_UK_HUSHING_LETTERS))), None)
    # A family name only where the "-ові" follows the word as it is, or its "і" opened ("Жадані", "Протасевичі",
    # "Чорноволі"), not after "г", "к", "х": never an "-ов" or "-ко" of its own ("Іванові", "Шевченкові": no "Івані",
    # "Шевченкі"), nor "Гнатюці".
    if stem is not None and len(stem) >= 3 and (not family or (
            stem == word or not latin and _UK_CLOSED_I.search(word) and stem == word[:-2] + "о" + word[-1]) and (
            not stem.endswith(("г", "к", "х", "g", "k", "h")))):
        softened = next((stem[:-len(c)] + spelled(to) for c, to in _SOFTENED if stem.endswith(c)
                         and c.isascii() == latin), stem)
        cases[4] = tuple(dict.fromkeys((*cases[4], softened + spelled("і"))))  # last: "-у" aligns with "-у"
    return [*cases, vocative]


#: The "-ові" of a Ukrainian dative or locative, romanised.
_UK_DATIVE_LATIN = _ending_spelled("ові")
#: "г", "к", "х" before the "-е" of a Ukrainian vocative ("Олег": "Олеже"), in Cyrillic and romanised.
_UK_VOCATIVE_SOFTENED = (("г", "ж"), ("к", "ч"), ("х", "ш"), ("kh", "sh"), ("h", "zh"), ("g", "zh"), ("k", "ch"))
#: Endings of a Ukrainian name that the vocative keeps: adjectives ("Ковальська", "Новицький", "Навальна").
_UK_VOCATIVE_KEPT = ("ський", "цький", "ська", "цька", "skyi", "skyy", "tskyi", "ska", "ий")


def _uk_vocative(word: str, latin: bool, feminine: bool, family: bool) -> tuple[str, ...]:
    """A word of a Ukrainian name (in lower case: Cyrillic, or with ``latin`` romanised) in the vocative, one form or
    two: a man's name in a hard consonant in "-е" ("Тарасе", "Олеже", "Сенцове"), in a soft one, "-й" or "-ь", in
    "-ю" ("Андрію", "Василю", "Ігорю", "Миколаю"), in "-ко" or "-ук", "-юк", "-ич" in "-у" ("Шевченку", "Гнатюку",
    "Григоровичу"), in "-ак", "-як" in "-у" or "-че" ("Подоляку", "Подоляче"), "Лев" also "Льве", in another "-о" in
    "-е" ("Петре"); a name in "-а" in "-о" ("Оксано", "Миколо"), "-е" after a hushing letter ("Саше"), in "-ія" or
    "-йя" in "-є" ("Маріє", "Майє"), in a consonant doubled and "-я" in "-е" or "-є" ("Ілле", "Іллє"), another "-я" in
    "-ю" ("Олю"). An adjective ("Ковальська", "Новицький") and a woman's family name keep their form; a family name
    may also be written as it is ("Тарасе Шевченко", "Олеже Сенцов"), and so is read both ways."""
    if word in _WOMENS_NAMES_IN_CONSONANT:
        return ("любове",)
    if len(word) < 3 or word.endswith(_UK_VOCATIVE_KEPT) or (family and feminine):
        return (word,)
    spelled = _ending_spelled if latin else _same

    def ending(*written: str) -> str | None:
        return next((w for w in written if word.endswith(w) and len(word) - len(w) >= 2), None)

    out: tuple[str, ...] | None = None
    if latin:
        ia, a, o, ko, soft, hushing = (ending("iia", "iya", "ia"), ending("a"), ending("o"), ending("ko"),
                                       ending("ii", "iy", "ai", "ay", "ei", "ey"), ending("ch", "sh", "zh"))
        soft_stem = word in _UK_SOFT_STEMS or ending(*_SOFT_IN_LATIN) and not family
        consonant = _LATIN_CONSONANT.search(word) and not word.endswith(("j", "y"))
        ya = ending("ya")
    else:
        ia, a, o, ko, soft, hushing = (ending("ія"), ending("а"), ending("о"), ending("ко"), ending("ій", "ай", "ей"),
                                       ending(*_UK_HUSHING_LETTERS))
        soft_stem = word in _UK_SOFT_STEMS or ending("ь")
        consonant = _CYRILLIC_CONSONANT.search(word) and not word.endswith("й")
        ya = ending("я")
    if ia:
        out = (word[:-len(ia)] + spelled("іє"),)
    elif ya and not latin and word.endswith("йя"):
        out = (word[:-1] + "є",)  # "Майя": "Майє"
    elif ya and not latin and word[-2] == word[-3] and _CYRILLIC_CONSONANT.search(word[:-1]):
        # "Ілля": "Ілле", and "Іллє" and "Іллю" as texts also write it
        out = (word[:-1] + "е", word[:-1] + "є", word[:-len(ya)] + "ю")
    elif ya:
        out = (word[:-len(ya)] + spelled("ю"),)
    elif a:
        stem = word[:-1]
        out = (stem + spelled("е" if stem.endswith(_UK_HUSHING_LETTERS) else "о"),)
    elif ko:
        out = (word[:-1] + spelled("у"),)
    elif o:
        out = (word[:-1] + spelled("е"),)
    elif soft:
        out = (word[:-1] + spelled("ю"),)  # "Андрій": "Андрію"; "Andrii": "Andriyu"
    elif not latin and word.endswith("ець") and len(word) >= 5:
        out = (_without_fleeting_e(word) + "ю",)  # "Кравець": "Кравцю"
    elif soft_stem and not latin:
        out = (word.removesuffix("ь") + "ю",)
    elif hushing or ending("ук", "юк", "ик", "uk", "yuk", "iuk", "yk", "ik"):
        out = (word + spelled("у"),)  # "Григорович": "Григоровичу"; "Гнатюк": "Гнатюку"
    elif ending("ак", "як", "ak", "iak", "yak"):
        out = (word + spelled("у"), word[:-1] + spelled("че"))  # "Подоляк": "Подоляку", "Подоляче"
    elif consonant:
        if not latin and not family and _UK_CLOSED_I.search(word) and len(word) >= 4:
            word_stem = word[:-2] + "о" + word[-1]  # "Федір": "Федоре"
        else:
            word_stem = next((word[:-len(c)] + spelled(to) for c, to in _UK_VOCATIVE_SOFTENED
                              if word.endswith(c) and c.isascii() == latin), word)
        out = (word_stem + spelled("е"),)
        if not latin and word in _FLEETING:  # "Лев": "Леве", "Льве"
            out = (*out, _FLEETING[word] + "е")
        if soft_stem:  # "Ihor": "Ігорю"; "Ales", "Vasyl": "Алесю", "Василю" as well
            out = (*out, word + spelled("ю"))
    if out is None:
        return (word,)
    return (*out, word) if family else out


def _declined_word_five(word: str, latin: bool, feminine: bool, family: bool,
                        ukrainian: bool) -> list[tuple[str, ...]] | None:
    """``_declined_word_other`` in the five cases a Russian text declines."""
    table = _UKRAINIAN if ukrainian else _BELARUSIAN
    spelled = _ending_spelled if latin else _same
    if word in _WOMENS_NAMES_IN_CONSONANT:
        return _WOMENS_IN_CONSONANT_UK if ukrainian else None
    if ukrainian and family and not latin and word.endswith("ий") and len(word) >= 5 and not feminine and (
            word[-3] not in "аеиоуяюєії"):  # a man's adjective family name: "Навальний", "Білий"
        return [tuple(word[:-2] + e for e in forms) for forms in _UK_ADJECTIVE_M]
    if not latin and word.endswith("ець") and len(word) >= 5 and not (family and feminine):
        # "Кравець": "Кравця", "Кравцеві"; "Стрілець": "Стрільця"; "Швець", with no vowel left, "Шевця".
        return _with_stems((_without_fleeting_e(word),), _UK_SOFT if ukrainian else _BE_SOFT, spelled)
    if ukrainian and not latin and not family and _UK_CLOSED_I.search(word) and len(word) >= 4:
        return _with_stems((word[:-2] + "о" + word[-1], word), _UK_HARD, spelled)  # "Антін": "Антона", not "Антіна"
    if feminine and family and word.endswith(("енка", "энка", "enka", "ь")):  # a woman's "Бандарэнка", "Соболь"
        return None
    for ending, romanised_as, cases in table:
        for written in (romanised_as if latin else (ending,)):
            if word.endswith(written) and len(word) - len(written) >= 2:
                stem = word[:-len(written)]
                return [tuple(stem + spelled(e) for e in forms) for forms in cases]
    if len(word) < 3:
        return None
    if latin and not ukrainian and word.endswith(("ia", "ya")) and len(word) >= 5:  # "Maryia", "Maria": "Марыі"
        stem = word[:-3] if word.endswith(("yia", "iia")) else word[:-2]
        return [tuple(stem + spelled(e) for e in forms) for forms in _BE_LATIN_IA]
    if word.endswith("а" if not latin else "a") and len(word) >= 4:
        stem = word[:-1]
        softened = next((stem[:-len(c)] + spelled(to) for c, to in _SOFTENED if stem.endswith(c)
                         and c.isascii() == latin), None)
        if ukrainian:
            hushing = stem.endswith(_UK_HUSHING_LETTERS)
            cases = (("і" if hushing else "и",), ("і",), ("у",), ("ею" if hushing else "ою",), ("і",))
            dative = (softened + spelled("і"),) if softened else None
        else:
            hard = stem.endswith(("г", "к", "х", "g", "k", "h"))
            cases = (("і" if hard else "ы",), ("ы" if stem.endswith(_BE_HARDENED) else "е",), ("у",), ("ай", "аю"),
                     ("ы" if stem.endswith(_BE_HARDENED) else "е",))
            dative = (softened + spelled("ы" if stem.endswith("к") else "е"),) if softened else None
        out = [tuple(stem + spelled(e) for e in forms) for forms in cases]
        if dative:
            out[1] = out[4] = dative
        return out
    if family and feminine:  # "Коваленко", "Гнатюк" for a woman
        return None
    if ukrainian and word in _UK_SOFT_STEMS:
        stem, cases = word, _UK_SOFT
    elif word.endswith("о" if not latin else "o") and ukrainian and len(word) >= 4:  # "Петро", "Шевченко"
        stem, cases = word[:-1], _UK_HARD
    elif (_LATIN_CONSONANT if latin else _CYRILLIC_CONSONANT).search(word) and not word.endswith("й"):
        stem = word  # a word in "-й" not of the table ("Толстой") is no hard consonant: never "Толстойа"
        cases = _BE_HARD if not ukrainian else _UK_HUSHING if word.endswith(_UK_HUSHING_LETTERS) else _UK_HARD
        if latin and not family and word.endswith(_SOFT_IN_LATIN):  # "Ales": "Алесь", "Алеся"; "Vasyl": "Василя"
            soft = _UK_SOFT if ukrainian else _BE_SOFT
            cases = tuple(tuple(dict.fromkeys(form for pair in itertools.zip_longest(hard, softened) for form in pair
                                              if form is not None))
                          for hard, softened in zip(cases, soft, strict=True))  # "ові", "еві", "у", "ю": both alike
        elif not latin and word.endswith("ок") and len(word) >= 5:  # "Дзядок": "Дзядка"; also as written
            return _with_stems((word[:-2] + "к", word), cases, spelled)
        elif not latin and ukrainian and _UK_CLOSED_I.search(word) and len(word) >= 4:  # "Чорновіл": "Чорновола"
            return _with_stems((word[:-2] + "о" + word[-1], word), cases, spelled)
    else:
        return None
    return [tuple(stem + spelled(e) for e in forms) for forms in cases]


def _languages(words: list[str], latin: bool) -> tuple[bool, bool, bool]:
    """Whether a name (its words in lower case) is declined as a Russian one, a Ukrainian one and a Belarusian one. A
    name in Cyrillic by its letters: a Ukrainian "ї", "є", "ґ", a Belarusian "ў", "э"; "і" with "и", a word in "-ій"
    or "-о", "-ськ-" is Ukrainian, "і" with "ы" or a family name in "-скі", "-енка" Belarusian, "і" alone either ("Ігар
    Лосік"); a name in the Russian alphabet only is Russian, and also Ukrainian with a family name of a Ukrainian
    pattern ("Тарас Шевченко", "Оксана Ковальська") or without the letters Ukrainian does not write and a word in
    "-ий" (``_RUSSIAN_ONLY``: "Олег Сенцов", not "Дмитрий Иванов"). A name romanised is Russian, and also Ukrainian or
    Belarusian by its family name (``_UKRAINIAN_FAMILY``, ``_BELARUSIAN_LATIN_FAMILY``: "Taras Shevchenko")."""
    family = words[-1]
    if latin:  # Letters romanised tell no language: a Ukrainian text is read for every name, a Belarusian one by the
        # family name or an "h" for "г" ("Oleh", "Ihar").
        return True, True, family.endswith(_BELARUSIAN_LATIN_FAMILY) or any(
            _H_FOR_G.search(word) for word in words)
    letters = set("".join(words))
    has_i = "і" in letters
    uk_letters = bool(letters & {"ї", "є", "ґ"})
    be_letters = bool(letters & {"ў", "э"})
    belarusian = be_letters or (has_i and not uk_letters and "и" not in letters and not any(
        word.endswith(("ій", "о")) or "ськ" in word or "цьк" in word for word in words))
    ukrainian = uk_letters or (has_i and not be_letters and "ы" not in letters
                               and not family.endswith(("скі", "цкі", "енка")))
    # "і" alone, neither Ukrainian nor Belarusian by any other mark ("Ігар Лосік", "Мікалай Статкевіч"), is also read
    # in the cases of a Russian text, as every Cyrillic name was before the other two were read.
    russian = not (uk_letters or be_letters) and (not has_i or (belarusian and ukrainian))
    if russian and (family.endswith(_UKRAINIAN_FAMILY) or not (
            letters & _RUSSIAN_ONLY or any(word.endswith("ий") for word in words))):
        ukrainian = True  # "Тарас Шевченко", "Олег Сенцов", "Василь Стус": not "Дмитрий Иванов", "Алексей Навальный"
    return russian, ukrainian, belarusian


def _together(words: list[str], declined: list[list[tuple[str, ...]] | None], most: int) -> list[str]:
    """The words of a name declined together (``declined``: each word's forms in each case, or None where it does not
    decline): first each case with the same form in every word, its first forms, then its second forms, and so on (a
    word with fewer forms in its last, and in its first again: "тарасові григоровичеві шевченкові", "тарасу
    григоровичу шевченку", "тарасі григоровичі шевченку", "тарасі григоровичі шевченкові"), every one of them, as a
    text writes a name; then the combinations that mix the forms
    ("тарасові шевченку"), the commoner first (by the sum of the forms' places, then the latest place), until there
    are ``most``: no case's forms together are left out for a rare mixed one."""
    out: dict[str, None] = {}
    cases = max(len(forms) for forms in declined if forms is not None)  # five, or six with a Ukrainian vocative
    every = [[(word,) if forms is None else forms[case] for word, forms in zip(words, declined, strict=True)]
             for case in range(cases)]
    for place in range(max(len(forms) for pieces in every for forms in pieces)):
        for pieces in every:
            if any(len(forms) > place for forms in pieces):
                out.setdefault(" ".join(forms[min(place, len(forms) - 1)] for forms in pieces))
                out.setdefault(" ".join(forms[place % len(forms)] for forms in pieces))
    if sum(math.prod(len(forms) for forms in pieces) for pieces in every) <= most + 1:  # all of them: no choice
        for pieces in every:
            out.update(dict.fromkeys(" ".join(combined) for combined in itertools.product(*pieces)))
        return list(out)
    sizes = [[len(forms) for forms in pieces] for pieces in every]
    for rank in range(1, max(sum(size) - len(size) for size in sizes) + 1):  # made a rank at a time, until enough
        level = sorted((max(places), case, places) for case in range(cases) for places in _places(sizes[case], rank))
        for _latest, case, places in level:
            if len(out) >= most + 1:
                return list(out)
            out.setdefault(" ".join(forms[place] for forms, place in zip(every[case], places, strict=True)))
    return list(out)


def _places(sizes: list[int], total: int) -> list[tuple[int, ...]]:
    """The places of one form in each of lists of ``sizes`` forms whose sum is ``total``."""
    if len(sizes) == 1:
        return [(total,)] if total < sizes[0] else []
    return [(first, *rest) for first in range(min(sizes[0], total + 1)) for rest in _places(sizes[1:], total - first)]


#: Given names romanised as only Belarusian ("be") or only Ukrainian ("uk") is (the national and passport systems:
#: "Ihar", "Siarhei", "Uladzimir"; "Mykola", "Vasyl", "Oleksandr"), not as Russian is nor as other languages write
#: names: the language of a name in Latin letters whose family name shows none ("Ihar Losik", "Vasyl Stus"), in whose
#: cases, and those only, it is read (``_declined_words``). Not a name other languages share ("Raman", Belarusian
#: and Indian; "Hanna", Ukrainian and Finnish, German; "Yurii", "Vitalii", Ukrainian and Russian).
_GIVEN_NAME_LANGUAGE: dict[str, str] = {
    **dict.fromkeys((
        "ihar", "ales", "aliaksandr", "aliaksei", "siarhei", "uladzimir", "mikalai", "yauhen", "zmitser", "zmitsier",
        "viktar", "ryhor", "uladzislau", "yahor", "leanid", "dzianis", "dzmitry", "dzmitryi", "viachaslau",
        "paval", "anatol", "ihnat", "kastus", "aliaksandra", "sviatlana", "tatsiana", "volha", "maryia", "katsiaryna",
        "palina", "veranika", "nasta"), "be"),
    **dict.fromkeys((
        "mykola", "mykhailo", "oleksandr", "oleksii", "oleksiy", "serhii", "serhiy", "volodymyr", "dmytro", "andrii",
        "andriy", "vasyl", "taras", "bohdan", "ostap", "oleh", "ihor", "petro", "yevhen", "hryhorii", "mykyta",
        "halyna", "olena", "nataliia", "kateryna", "yuliia", "tetiana", "liudmyla", "oleksandra", "viktoriia",
        "solomiia"), "uk"),
}
#: A family name in Latin letters declined by its given name's language: one of letters ending in a consonant or
#: "a" ("Losik", "Stus", "Barysa"), in "-ei", "-ai" or "-ii" and "-ey", "-ay", "-iy" (a "-й": "Karnei", "Karney":
#: "Карнея") or in "-o" ("Kuzio": "Кузьо", which a text also leaves as it is: ``_AS_IT_IS``), at least three letters
#: long.
_FAMILY_BY_GIVEN_NAME = re.compile("[a-z]{2,}(?:[bcdfghklmnprstvza]|[aei][iy])|[a-z]{3,}o")
#: A family name in "-o" declined by its given name's language (``_FAMILY_BY_GIVEN_NAME``), which a text may also
#: leave as it is ("Тараса Кузьо", "Тарасові Кузьо"): read in each case both ways.
_AS_IT_IS = "o"
#: An apostrophe between two Latin letters of a name ("D'iachenko", "D’iachenko"): a romanised soft sign, left out
#: before the name is declined ("Diachenko": "Дяченко"), as a text in Cyrillic does not write it.
_APOSTROPHE_IN_LATIN = re.compile(f"(?<=[a-z])[{re.escape(NAME_JOINERS[-4:])}`]{{1,2}}(?=[a-z])")

#: A family name of a Slavic pattern, in Cyrillic: "Иванов", "Сорокина", "Ковальский", "Навальная", "Толстой".
_SLAVIC_CYRILLIC_FAMILY = re.compile("(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|ая|ый|ой|ий)$")


def _declined_family_name(names: Iterable[str]) -> dict[str, str]:
    """The family name of a person's names (the last word of a name of two words or more, folded), where it is one of a
    Slavic pattern (``_SLAVIC_CYRILLIC_FAMILY``, ``_SLAVIC_LATIN``, ``_SLAVIC_LATIN_FAMILY``) of five letters or more,
    in the five other cases of a Russian text ("Иванову", "Ivanovu" for "Иванов"), each form folded with the family
    name it is a form of: a word of the name alone declined, as the scrubbing marks the family name alone."""
    out: dict[str, str] = {}
    for name in names:
        # Declined as written, in lower case ("навальный"), folded after: the folding writes "й" as "и"; a name in
        # Latin letters as folded ("kovalcuk" for "Kovalčuk").
        words = _WORD.findall(APOSTROPHE_IN_WORD.sub(APOSTROPHE, unicodedata.normalize("NFC", name).lower()))
        if len(words) < 2 or len(raw := words[-1]) < 5:
            continue
        family = _key(raw)
        latin = family.isascii()
        if latin:
            words = [_key(word) for word in words]
            raw = family
        if not (_SLAVIC_LATIN.search(raw) or _SLAVIC_LATIN_FAMILY.search(raw) if latin
                else _SLAVIC_CYRILLIC_FAMILY.search(raw) or _OTHER_CYRILLIC_FAMILY.search(raw)):
            continue
        feminine = _is_feminine(words)
        russian, ukrainian, belarusian = _languages(words, latin)
        declined = [_declined_word(raw, latin, feminine, family=True) if russian else None,
                    _declined_word_other(raw, latin, feminine, True, True) if ukrainian else None,
                    _declined_word_other(raw, latin, feminine, True, False) if belarusian else None]
        for cases in declined:
            for forms in cases or ():
                for form in forms:
                    folded = _key(form)
                    if folded != family:
                        out.setdefault(folded, family)
    return out


def _is_feminine(words: list[str]) -> bool:
    """Whether a name (its words in lower case, given name first) is a woman's: told by its family name, the last
    word ("Анна Иванова", "Yulia Navalnaya"; never "Илья Сорокин", "Nikita Ivanov", whose given names end in "а" or
    "я"), or, where the family name tells nothing ("Гнатюк", "Шевченко"), by a given name in "а" or "я" ("Галина
    Гнатюк")."""
    family = words[-1]
    if family.endswith(_FEMININE_FAMILY):
        return True
    if family.endswith(_MASCULINE_FAMILY):
        return False
    return (words[0].endswith(("a", "а", "я")) and words[0] not in _MENS_NAMES_IN_A) or (
        words[0] in _WOMENS_NAMES_IN_CONSONANT)


#: An apostrophe inside a word of Cyrillic letters: part of a Ukrainian or Belarusian word ("Лук'яненко", "Мар'яна"),
#: declined as one word. ``APOSTROPHE_IN_WORD`` whatever mark a name or a text writes for it (``APOSTROPHE_MARKS``,
#: one or two of them: "Мар'яна", "Мар’яна", "Марʼяна", "Мар`яна", "Мар‘яна", "Марʹяна", "Мар''яна"), written as
#: ``APOSTROPHE``, a letter of the word ("марʼяна"), as the names are declined and the texts read
#: (``_apostrophes_joined``); the one definition the withholding and the erasure read a word with too
#: (``cases.selectors``, ``cases.erasure``), so that no path reads another apostrophe than this one.
APOSTROPHE_MARKS = "'\u2019\u02bc\u2018`\u02b9\u02bb\u2032"
APOSTROPHE_IN_WORD = re.compile(f"(?<=[\u0400-\u04ff])[{APOSTROPHE_MARKS}]{{1,2}}(?=[\u0400-\u04ff])")


def _declined(read: str) -> list[str]:
    """``_declined_words``, a word with an apostrophe inside declined as one word ("Лук'яненко": "лукʼяненку", not
    "лукові яненку"), its forms written with the one apostrophe the redaction reads a text's words with
    (``APOSTROPHE``), and each also with a space for it ("лук яненку"), as a text may write a space where the
    apostrophe is ("Мар яна Лук янчук"; every path reads "Лук'яненку" itself as one word, whichever mark it writes:
    ``APOSTROPHE_IN_WORD``): the same forms, written two ways (so a name with an apostrophe may have twice
    ``_MOST_VARIANTS`` spellings). The name as stored, with a space for its apostrophe, comes first ("мар яна лук
    янчук")."""
    held = APOSTROPHE_IN_WORD.sub(APOSTROPHE, unicodedata.normalize("NFC", read).lower())
    out: list[str] = []
    if APOSTROPHE_IN_WORD.search(held):  # the name itself with a space for its apostrophe: "мар яна лук янчук"
        out.append(" ".join(_WORD.findall(held)).replace(APOSTROPHE, " "))
    for form in _declined_words(held):
        out.append(form)
        if APOSTROPHE in form:
            out.append(form.replace(APOSTROPHE, " "))
    return out


def _declined_words(read: str) -> list[str]:
    """A name of two words or more written in Cyrillic ("Дмитрий Иванов", "Анна Иванова"), or in Latin letters as a
    Russian name is romanised ("Dmitry Ivanov": ``_SLAVIC_LATIN``), in the five other cases of a Russian text, its
    words declined together ("Дмитрию Иванову", "с Дмитрием Ивановым", "Анной Ивановой"; "Dmitriyu Ivanovu", which
    is how those are transliterated, and so meets "Дмитрию Иванову" wherever ``Дмитрий Иванов`` meets "Dmitry
    Ivanov"), given name first: at most ``_MOST_DECLINED``, in lower case. Family name first ("Иванову Дмитрию")
    they are read as any name so read is (``PhraseIndex.add``): where the words are written as names, so that
    "толстому роману" is no "Роман Толстой" turned round."""
    lowered = unicodedata.normalize("NFC", read).lower()
    if not lowered.isascii() or "'" in lowered:
        lowered = _APOSTROPHE_IN_LATIN.sub("", lowered)  # "D'iachenko": "diachenko"
    words = _WORD.findall(lowered)
    if len(words) < 2 or len(words) > 4:
        return []
    spaced = " ".join(words)
    latin = spaced.isascii()
    by_given_name = None
    if latin:
        if not any(_SLAVIC_LATIN.search(word) for word in words if word not in _NOT_ALONE) and (
                not _SLAVIC_LATIN_FAMILY.search(words[-1])):
            by_given_name = _GIVEN_NAME_LANGUAGE.get(words[0])
            if by_given_name is None or not _FAMILY_BY_GIVEN_NAME.fullmatch(words[-1]):
                return []
    elif not _CYRILLIC_NAME.fullmatch(spaced):
        return []
    feminine = _is_feminine(words)
    russian, ukrainian, belarusian = _languages(words, latin) if by_given_name is None else (
        False, by_given_name == "uk", by_given_name == "be")
    out: dict[str, None] = {}
    if russian:
        declined = [None if word in _NOT_ALONE else _declined_word(word, latin, feminine, family=i == len(words) - 1)
                    for i, word in enumerate(words)]
        if any(forms is not None for forms in declined):
            for case in range(5):
                pieces = [(word,) if forms is None else forms[case]
                          for word, forms in zip(words, declined, strict=True)]
                for combined in itertools.product(*pieces):
                    out.setdefault(" ".join(combined))
            out.pop(spaced, None)
            out = dict.fromkeys(list(out)[:_MOST_DECLINED])
    for other, asked in ((True, ukrainian), (False, belarusian)):
        if not asked:
            continue
        declined = [None if word in _NOT_ALONE else _declined_word_other(word, latin, feminine, i == len(words) - 1,
                                                                         other) for i, word in enumerate(words)]
        if by_given_name is not None and words[-1].endswith(_AS_IT_IS) and declined[-1] is not None:
            declined[-1] = [forms if words[-1] in forms else (*forms, words[-1]) for forms in declined[-1]]
        if any(forms is not None for forms in declined):
            for form in _together(words, declined, _MOST_DECLINED_OTHER):
                if form != spaced and form not in out:
                    out[form] = None
                    if len(out) >= _MOST_VARIANTS:
                        return list(out)
    return list(out)


# ---------------------------------------------------------------- the one folding: texts as matched


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """One character as names are compared (``core.text.fold_name``, recomposed so that a Hangul syllable
    stays one character); a zero-width space stays, to part the words, and ``_PART`` is read as one."""
    if ch == ZWSP or ch == _PART:
        return ZWSP
    return unicodedata.normalize("NFC", fold_name(ch))


def _same(ch: str) -> str:
    return ch


#: The characters that do not fold into exactly one ("ß" into "ss", a combining accent into nothing).
_UNEVEN: set[str] = set()


class _FoldTable(dict):  # type: ignore[type-arg]
    """``_fold_char`` as a table for ``str.translate``, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            _UNEVEN.add(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def _fold_key(text: str) -> str:
    """A name, or a word, as the matching holds it: folded character by character as the texts are."""
    return text.lower() if text.isascii() else _apostrophes_joined(text.translate(_FOLD_TABLE))


#: An apostrophe between two Cyrillic letters, in a folded text: "'" (U+0027, and "＇" folded), "’" (U+2019), "ʼ"
#: (U+02BC), or another mark a text writes for it (``APOSTROPHE_MARKS``: "‘", "`", "ʹ", "ʻ", "′"), or two ("''").
_APOSTROPHE_FOLDED = APOSTROPHE_IN_WORD
_APOSTROPHE_SET = frozenset(APOSTROPHE_MARKS) - {"\u02bc"}
#: The one apostrophe of a Ukrainian or Belarusian word as the matching reads it: the modifier letter, a letter of
#: the word ("Мар'яна" is one word, never "Мар" and "яна").
APOSTROPHE = "\u02bc"


def _apostrophes_joined(folded: str) -> str:
    """A folded text (or name) with each apostrophe between two Cyrillic letters read as ``APOSTROPHE``, one
    character for one, or for two doubled: "В'ячеслав", "В’ячеслав", "В`ячеслав", "В''ячеслав" and "Вʼячеслав" are
    one word, the same; and an ``APOSTROPHE`` at the start or the end of a word, a quotation mark ("ʼТарасові
    Шевченкуʼ"), read as "'", which is none of the word's letters."""
    if _APOSTROPHE_SET.isdisjoint(folded) and APOSTROPHE not in folded:
        return folded
    return _APOSTROPHE_READ.sub(_apostrophe_read, folded)


#: An apostrophe between two Cyrillic letters (``_APOSTROPHE_FOLDED``), or an ``APOSTROPHE`` that is not between two
#: letters: a quotation mark, not a letter of the word beside it, though Unicode counts the modifier letter as one.
_APOSTROPHE_READ = re.compile(f"({_APOSTROPHE_FOLDED.pattern})|(?<![^\\W\\d_\u02bc])\u02bc|\u02bc(?![^\\W\\d_\u02bc])")


def _apostrophe_read(m: re.Match[str]) -> str:
    return APOSTROPHE if m.group(1) else "'"


def _apostrophes_joined_at(folded: str, starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """``_apostrophes_joined``, with where each character of the folded text came from (``starts``, ``ends``): a
    doubled apostrophe is one character that came from both."""
    if _APOSTROPHE_SET.isdisjoint(folded) and APOSTROPHE not in folded:
        return folded, starts, ends
    out: list[str] = []
    at_start: list[int] = []
    at_end: list[int] = []
    last = 0
    for m in _APOSTROPHE_READ.finditer(folded):
        out += [folded[last:m.start()], _apostrophe_read(m)]
        at_start += [*starts[last:m.start()], starts[m.start()]]
        at_end += [*ends[last:m.start()], ends[m.end() - 1]]
        last = m.end()
    out.append(folded[last:])
    return "".join(out), at_start + starts[last:], at_end + ends[last:]


#: The words that have another spelling in ASCII (``spelling_key``): letters of alphabets, Latin ones folding into
#: no ASCII letter ("ð", "þ", "æ"), Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Georgian, with their
#: marks and joiners. Not the scripts written without spaces (Chinese, Japanese, Korean, Thai...): a character of
#: those transliterates to a syllable that is also a Latin word or a piece of one.
_SPELLED = re.compile("[0-9_a-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f\u0370-\u03ff"
                      "\u1f00-\u1fff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
                      "\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u0900-\u097f\u10a0-\u10ff\u1c90-\u1cbf"
                      "\u200c\u200d]+")
#: Scripts written without short vowels (Hebrew, Arabic): their transliteration is a skeleton of consonants
#: ("محمد" is "mhmd"), compared only with words written in a script other than ASCII, never with English words.
_ABJAD = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


class _CyrillicSpelled(dict):  # type: ignore[type-arg]
    """``ascii_spelling`` of each Cyrillic character, as a table for ``str.translate``, filled as characters are met:
    the spelling of a word of Cyrillic letters is that of its letters one by one (``anyascii`` and ``fold_name``
    read a Cyrillic letter alone), made without folding and transliterating the word each time."""

    def __missing__(self, code: int) -> str:
        self[code] = spelled = ascii_spelling(chr(code))
        return spelled


_CYRILLIC_SPELLED = _CyrillicSpelled({ord(APOSTROPHE): ""})  # "Вʼячеслав": "vyacheslav", as romanised
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff][\u0400-\u04ff\u02bc]*")


@functools.lru_cache(maxsize=65536)
def spelling_key(word: str) -> str | None:
    """A folded word (``_fold_key``) as written in ASCII: its transliteration, lower-cased, as the search indexes
    it and as the withholding compares the words of a withheld name (``core.text.ascii_spelling``: "иванов" is "ivanov",
    "guðrun" "gudrun", "þor" "thor"); ``None`` for a word in ASCII already, in a script written without spaces,
    or whose transliteration is shorter than three letters."""
    if word.isascii():
        return None
    if _CYRILLIC_WORD.fullmatch(word):
        key = word.translate(_CYRILLIC_SPELLED)
    elif _SPELLED.fullmatch(word):
        key = ascii_spelling(word)
    else:
        return None
    return key if len(key) >= 3 and key != word else None


_NOT_ASCII_LETTER = re.compile("[^a-z]+")


@functools.lru_cache(maxsize=65536)
def romanised(spelling: str) -> frozenset[str]:
    """A word in ASCII (a word of a name, or a ``spelling_key``) in the one spelling where the romanisations of
    Russian and Belarusian meet, as the linkage reads them (``linkage.names.slavic``: BGN/PCGN, ALA-LC, the
    passport system, German and French conventions), with "x" as "ks" and "kh" as "h" too: "Dmitry", "Dmitriy",
    "Dmitri" and "Дмитрий" ("dmitrii") are all "dmitri"; "Yuri", "Yury", "Iurii", "Jurij", "Iouri" and "Юрий" all
    "iuri"; "Alexey" and "Алексей" "aleksei"; "Mihail" and "Михаил" "mihail". Empty for a word of fewer than three
    letters. A key, compared only with a word written in another alphabet, never shown."""

    letters = _NOT_ASCII_LETTER.sub("", spelling)
    if len(letters) < 3:
        return frozenset()
    keys = _romanised_letters(letters)
    if (as_e := _IE.sub("e", letters)) != letters:  # "aseyev", "asieiev" ("Асєєв"), "haradzienski": also "e"
        keys |= _romanised_letters(as_e)
    if (as_o := _IO.sub("o", letters)) != letters:  # "kuzio" ("Кузьо"): also "kuzo"
        keys |= _romanised_letters(as_o)
    return keys


#: "ie" or "ye" after a letter, which a romanisation writes for a Ukrainian "є" ("Асєєв": "Asieiev"), for a Russian
#: "е" after a vowel ("Асеев": "Aseyev") and, in the Belarusian national system, for an "е" after a consonant
#: ("Гарадзенскі": "Haradzienski"): read also as the "e" the transliteration of "е" writes, so that "Stanislav
#: Aseyev" meets "Станіслав Асєєв" and "Haradzienski" "Гарадзенскі". A key, compared only with a word in another
#: alphabet: two words in Latin letters are compared as written.
_IE = re.compile("(?<=[a-z])[iy]e")
#: "io" after a consonant, which the Ukrainian national romanisation writes for "ьо" ("Кузьо": "Kuzio", "Сьомак":
#: "Siomak"): read also as the "o" the transliteration of "ьо" keeps, besides the "ё" ``linkage.names.slavic`` reads.
_IO = re.compile("(?<=[bcdfghklmnprstvz])io")


def _romanised_letters(letters: str) -> frozenset[str]:
    """``romanised`` of a word's letters, as read once."""
    if not _READ_OTHERWISE.search(letters):  # nothing for ``slavic`` to read otherwise ("ivanov", "petrov")
        return frozenset((letters,))
    from reprisals.linkage.names import slavic

    return frozenset(r.replace("x", "ks").replace("kh", "h") for r in slavic(letters))


#: What ``linkage.names.slavic`` reads otherwise (German "z", "w", "j", "ch", "tz", French "ou", "ch", "j", the
#: glides "y", "io", "ie", a letter doubled), and "x" and "kh": a word without any is its own only spelling.
_READ_OTHERWISE = re.compile(r"[zwjyx]|ch|ou|io|ie|kh|(.)\1")


class _Spellings:
    """The words of names (folded) by their ``spelling_key``, to find them written in another script: a word of a
    text in another alphabet whose key is a name's word or its key ("Иванов" for "Ivanov"), and a word in ASCII
    that is the key of a name's word in Cyrillic, Greek... ("Ivanov" for "Иванов")."""

    __slots__ = ("keys", "of_ascii")

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.keys: dict[str, str] = {}
        self.of_ascii: dict[str, str] = {}
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        key = spelling_key(word)
        if key is None:
            if word.isascii():
                self.keys.setdefault(word, word)
            return
        self.keys.setdefault(key, word)
        if not _ABJAD.search(word):
            self.of_ascii.setdefault(key, word)

    def match(self, word: str) -> str | None:
        """The name's word that ``word`` (folded) spells otherwise, if any."""
        if word.isascii():
            return self.of_ascii.get(word)
        key = spelling_key(word)
        return None if key is None else self.keys.get(key)


@functools.lru_cache(maxsize=65536)
def _sound_key(word: str) -> str:
    """A word's sound key as the search finds names (``cases.search.sound_key``), or ""."""
    from reprisals.cases.search import sound_key  # here: the search module reads the database's vendor

    return sound_key(word)


def _name_sounds(names: Iterable[str]) -> frozenset[str]:
    """The sound keys of the words of a party's names."""
    return frozenset(k for name in names for w in _WORD.findall(_key(name)) if (k := _sound_key(w)))


def _beside(reading: _Reading, words: list[re.Match[str]], found: Mapping[int, str],
            sounds: Callable[[str], frozenset[str]]) -> list[tuple[int, str]]:
    """The words next to those ``found`` (their index, and the name's word found there) that are a name in another
    alphabet than ASCII, written as a name, sounding as a word of the same party's names (``_sound_key``):
    "Дмитрий" beside "Иванов" for "Dmitry Ivanov", although "Дмитрий" is romanised "Dmitrii", as the withholding
    from focal points blanks it (``cases.selectors._another_scripts_name``). An ASCII word never is, for its sound
    alone: "Bakri under threat" keeps "under" for "Nader Bakri"."""
    out: list[tuple[int, str]] = []
    for j, token in found.items():
        for k in (j - 1, j + 1):
            if not 0 <= k < len(words) or k in found or any(k == i for i, _ in out):
                continue
            word = words[k].group(0)
            if word.isascii() or not _SPELLED.fullmatch(word):
                continue
            original = reading.original(words[k].start(), words[k].end())
            first = next((ch for ch in original if ch.isalpha()), "")
            if first and (first.isupper() or first.lower() == first.upper()) and _sound_key(word) in sounds(token):
                out.append((k, token))
    return out


def _trails(ch: str) -> bool:
    """A character that folds to nothing and belongs to what it follows (a combining accent, a mark that
    prints as nothing): blanked with the word it follows."""
    return unicodedata.category(ch)[0] == "M" or (ch != ZWSP and is_ignorable(ch))


class _Reading:
    """A text as the matching reads it: each character folded (``fold``), the zero-width spaces kept (two
    words) or, ``glued``, left out (one word), with where each folded character came from, so that what is
    found in the folded text is replaced in the text itself."""

    __slots__ = ("text", "folded", "_starts", "_ends")

    def __init__(self, text: str, fold: Callable[[str], str] = _fold_char, glued: bool = False) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        glued = glued and _parts(text)
        if not glued and (fold is _same or (fold is _fold_char and text.isascii())):
            self.folded = text if fold is _same else text.lower()
            return
        if not glued and fold is _fold_char:
            folded = _apostrophes_joined(text.translate(_FOLD_TABLE))
            if _UNEVEN.isdisjoint(text) and len(folded) == len(text):  # one for one ("é" is "e"): where is where
                self.folded = folded
                return
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for i, ch in enumerate(text):
            folded = "" if glued and (ch == ZWSP or ch == _PART) else fold(ch)
            for c in folded:
                out.append(c)
                starts.append(i)
                ends.append(i + 1)
        folded = "".join(out)
        if fold is _fold_char:
            folded, starts, ends = _apostrophes_joined_at(folded, starts, ends)
        self.folded, self._starts, self._ends = folded, starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the folded ``[start, end)`` is in the text, with the marks that trail it."""
        if self._starts is None or self._ends is None:
            begin, stop = start, end
        else:
            begin, stop = self._starts[start], self._ends[end - 1]
        while stop < len(self.text) and _trails(self.text[stop]):
            stop += 1
        return begin, stop

    def original(self, start: int, end: int) -> str:
        begin, stop = self.span(start, end)
        return self.text[begin:stop]

    def replace(self, hits: Iterable[tuple[int, int, str]]) -> str:
        """The text with each folded ``(start, end, by)`` replaced by ``by`` (in order, not overlapping)."""
        out, last = [], 0
        for start, end, by in hits:
            begin, stop = self.span(start, end)
            if begin < last:
                continue
            out += [self.text[last:begin], by]
            last = stop
        if not out:
            return self.text
        out.append(self.text[last:])
        return "".join(out)


def _parts(text: str) -> bool:
    """Whether a zero-width space, or ``_PART``, parts two words of ``text``."""
    return ZWSP in text or _PART in text


def _matched(text: str, find: Callable[[_Reading], Iterable[tuple[int, int, str]]],
             fold: Callable[[str], str] = _fold_char) -> str:
    """``text`` with what ``find`` finds in its folded reading replaced; where a zero-width space parts two
    words, found in the glued reading too ("Has\\u200bsan" is "Hassan" as well as "Has", "san")."""
    reading = _Reading(text, fold)
    text = reading.replace(find(reading))
    if _parts(text):
        glued = _Reading(text, fold, glued=True)
        text = glued.replace(find(glued))
    return text


def _words(reading: _Reading, word: re.Pattern[str] = _WORD) -> list[re.Match[str]]:
    return list(word.finditer(reading.folded))


def _found(text: str, find: Callable[[_Reading], Iterable[tuple[int, int, str]]],
           fold: Callable[[str], str] = _fold_char) -> bool:
    """Whether ``find`` finds anything in the folded reading of ``text``, or in its glued reading."""
    return any(True for _ in find(_Reading(text, fold))) or (
        _parts(text) and any(True for _ in find(_Reading(text, fold, glued=True))))


# ---------------------------------------------------------------- the words an account handle glues
#
# "\w" holds the underscore and the digits, so "Dmitry_Ivanov", "@DmitryIvanov85" and "@IvanovDmitry1985" are each
# one word, which no name is. A word that glues letters to an underscore or to digits, or a capital to the lower-case
# letter before it ("#FreeAhmedMansoor", "@DmitryIvanovOfficial"), is also read in its parts (``_handle_parts``, as
# ``cases.selectors`` reads a handle), and only the name's parts are blanked ("@[…]85", "#Free[…]"). A name
# of several words may begin in the words before a handle and end in its first parts ("Dmitry Ivanov_85", "Dmitry
# @Ivanov85"): read so too (``_in_handles``: ``across``), and blanked from its first word ("[…]_85", "[…]85").

#: An underscore or a digit beside a letter (or after the mark of one), or a capital after a lower-case letter (or
#: after the mark of one: "JoséGarcía" decomposed): where a word is glued as a handle glues it. One search, in C,
#: before anything reads a text in parts, that looks around an underscore, a digit or a capital only (the class of
#: the marks is long).
_HANDLE_GLUE = re.compile(f"[\\d_](?:(?<=[^\\W\\d_][\\d_])|(?=[^\\W\\d_])|(?<=[{_MARKS}][\\d_]))"
                          f"|[{_UPPER}](?:(?<=[{_LOWER}][{_UPPER}])|(?<=[{_LOWER}][{_MARKS}][{_UPPER}]))")
#: The same in a text in ASCII, where it costs half as much.
_ASCII_HANDLE_GLUE = re.compile("[0-9_](?:(?<=[A-Za-z][0-9_])|(?=[A-Za-z]))|(?<=[a-z])[A-Z]")
#: What makes the word after it a handle or a hashtag ("@", "#", and their full-width forms).
_HANDLE_SIGNS = "@#\uff20\uff03"


def _has_handles(text: str) -> bool:
    """Whether ``text`` may hold a word glued as a handle glues it (``_HANDLE_GLUE``): one search, in C."""
    if text.isascii():
        return _ASCII_HANDLE_GLUE.search(text) is not None
    return _HANDLE_GLUE.search(text) is not None


def _handles_in(text: str, known: bool | None) -> bool:
    """Whether ``text`` may hold a word glued as a handle glues it: ``known`` where the caller has read it already
    (``_has_handles`` of this text, or of the text it was made from by blanking names and putting in markers, which
    glue nothing: "@[…]85", "@⟦p:1⟧85"), else read here. A text passes several entry points (``RegisterNames.guard``
    then ``Guard`` for a public page, ``PhraseIndex.sub`` then ``ErasedNames.sub`` within one): so it is scanned once,
    by the first, and the others are told (their ``has_handles``)."""
    return _has_handles(text) if known is None else known


def _handle_words(text: str) -> Iterator[tuple[int, int]]:
    """Where the words of ``text`` (``_WORD``) that glue letters to an underscore or to digits, or a capital to a
    lower-case letter, are, in order. Each character is read at most twice however long the words and their runs of
    glue are."""
    end = 0
    for m in _HANDLE_GLUE.finditer(text):
        if m.start() < end:
            continue
        start = m.start()
        while start > end and _WORD.fullmatch(text[start - 1]):
            start -= 1
        word = _WORD.match(text, start)
        if word is None:  # not reached: a glue is a word's
            continue
        end = word.end()
        yield start, end


def handle_parts(word: str) -> list[tuple[int, int]]:
    """Where the parts of a word glued as a handle or an address glues a name are, as ``(start, end)`` within it:
    split at underscores and runs of digits (left out) and where a lower-case letter is followed by a capital
    ("JoseNunez1985" is "Jose" and "Nunez", "jose_nunez_85" is "jose" and "nunez"). A word of letters with no
    capital after its first, the most of any text, is its own one part, so "Nunezville" stays one word. The one
    reading of a handle, here and in the withholding (``cases.selectors``)."""
    if word.isalpha() and word[1:] == word[1:].lower():
        return [(0, len(word))]
    parts: list[tuple[int, int]] = []
    begin: int | None = None
    lower = False  # whether the last cased letter was a lower-case one
    for i, ch in enumerate(word):
        if ch == "_" or ch.isdigit():
            if begin is not None:
                parts.append((begin, i))
            begin, lower = None, False
            continue
        if begin is None:
            begin = i
        elif ch.isupper() and lower:
            parts.append((begin, i))
            begin = i
        if ch.isupper() or ch.islower():
            lower = ch.islower()
    if begin is not None:
        parts.append((begin, len(word)))
    return parts


def _handle_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``handle_parts`` of the word of ``text`` at ``start:end``, as ``(start, end)`` in ``text``."""
    return [(start + a, start + b) for a, b in handle_parts(text[start:end])]


class _Handle:
    """A word glued as a handle glues it, in its parts (``_handle_parts``): each folded (``_fold_key``), as written,
    and, when first asked, spelled in ASCII (``spelling_key``)."""

    __slots__ = ("text", "parts", "folded", "ascii", "_spelled", "romanised", "after_sign")

    def __init__(self, text: str, parts: list[tuple[int, int]], start: int | None = None) -> None:
        """``start``: where the word begins in ``text`` (its first part by default)."""
        self.text = text
        self.parts = parts
        start = parts[0][0] if start is None and parts else start or 0
        #: Whether the word follows "@" or "#" (``_HANDLE_SIGNS``): a handle or a hashtag.
        self.after_sign = start > 0 and text[start - 1] in _HANDLE_SIGNS
        self.folded = [_fold_key(text[a:b]) for a, b in parts]
        self.ascii = all(map(str.isascii, self.folded))
        self._spelled: list[str] | None = None
        self.romanised: dict[int, _RomanisedText] = {}  # by the ``PhraseIndex`` that made it

    def spelled(self) -> list[str]:
        if self._spelled is None:
            self._spelled = [spelling_key(w) or w for w in self.folded]
        return self._spelled

    def written(self, i: int, j: int) -> str:
        """Parts ``i`` to ``j`` (excluded) as written, glued."""
        return "".join(self.text[a:b] for a, b in self.parts[i:j])

    def as_name(self, i: int) -> bool:
        """Whether part ``i`` is written as a name (``as_name``: "Ivanov", not "ivanov")."""
        a, b = self.parts[i]
        return as_name(self.text[a:b])

    def glued_shown(self, i: int, j: int, ends: Iterable[frozenset[int]], spelled: bool = False) -> bool:
        """Whether parts ``i`` to ``j`` (excluded) glue a person's name family name first, its words ending at one of
        ``ends`` (``_glued_family_first_readings``), read as ``_glued_shown`` reads a word: any parts ("Ivanovdmitry85",
        "@Ivanovdmitry85"), but a place that reads so (``GLUED_PLACES``: "@Shanghai85"), unless each word of the name is
        a part ("ShangHai85", "Shang_Hai")."""
        written = self.written(i, j)
        if not any(map(_cased, written)):
            return True
        offsets, at = set(), 0
        for part in (self.spelled() if spelled else self.folded)[i:j - 1]:
            at += len(part)
            offsets.add(at)
        return any(e <= offsets for e in ends) or not _is_glued_place(written)


#: What is found from a part of a handle: how many parts, what they are replaced by, and whether they are a whole
#: name (of one word or more), or a word that is a name only where it is all the letters of the handle.
_HandleHit = tuple[int, str, bool]


class _Before:
    """The words right before a handle that may begin a name it ends (``_words_before``): folded, as written, and
    whether a comma stands after each (``commas``, the last before the handle), where only a family name written first
    may end ("Ivanov, Dmitry_85", "Núñez García, José_85")."""

    __slots__ = ("folded", "written", "commas")

    def __init__(self, text: str, spans: list[tuple[int, int]], commas: list[bool]) -> None:
        self.written = [text[a:b] for a, b in spans]
        self.folded = [_fold_key(word) for word in self.written]
        self.commas = commas


#: What is found of a name begun in the words before a handle and ended in its first parts (``_in_handles``): how
#: many of those words, how many parts, and what they are replaced by.
_Across = Callable[[_Before, _Handle], tuple[int, int, str] | None]


def _across(before: _Before, at: Callable[[int, int, bool], int]) -> tuple[int, int] | None:
    """The one reading of a name begun in the words ``before`` a handle and ended in its first parts (``_in_handles``),
    whatever index of names ``at`` reads: from the most words before the handle to the fewest, the first name that
    ``at(i, k, plain)`` finds from word ``i`` of the words and the parts (how many of them, or 0), longer than the ``k``
    words before the handle from there; ``plain``: whether only spaces, a joiner or "@" stand between those words
    (``_Before.commas``), as a name read given name first needs. How many of those words and how many parts."""
    count = len(before.folded)
    for k in range(count, 0, -1):
        i = count - k
        n = at(i, k, not any(before.commas[i:]))
        if n > k:
            return k, n - k
    return None


def _words_before(text: str, words: list[tuple[int, int]], at: int, most: int) -> tuple[list[tuple[int, int]],
                                                                                       list[bool]]:
    """The words (``_WORD``) of ``text`` right before its word ``words[at]`` (a handle), at most ``most`` of them, in
    order, that side by side with it may begin a name it ends (``_HANDLE_GAP``, ``_NAME_GAP``), and whether what
    stands after each is a comma where a family name written first ends (``_SIDE_BY_SIDE``: "Ivanov, @Dmitry85")."""
    out: list[tuple[int, int]] = []
    commas: list[bool] = []
    gap, comma = _HANDLE_GAP, _HANDLE_COMMA_GAP
    j = at - 1
    while j >= 0 and len(out) < most:
        begin, end = words[j][1], words[j + 1][0]
        if gap.fullmatch(text, begin, end):
            commas.append(False)
        elif comma.fullmatch(text, begin, end):
            commas.append(True)
        else:
            break
        out.append(words[j])
        gap, comma, j = _NAME_GAP, _SIDE_BY_SIDE, j - 1
    return out[::-1], commas[::-1]


def _words_after(text: str, words: list[tuple[int, int]], at: int, most: int) -> list[tuple[int, int]]:
    """The words (``_WORD``) of ``text`` right after its word ``words[at]`` (a handle), at most ``most`` of them, in
    order, that side by side with it may end a name it begins: spaces on one line or a joiner between them
    (``_NAME_GAP``), never a comma, a full stop or a line break; none that is itself glued as a handle glues it."""
    out: list[tuple[int, int]] = []
    j = at + 1
    while j < len(words) and len(out) < most and _NAME_GAP.fullmatch(text, words[j - 1][1], words[j][0]):
        a, b = words[j]
        if len(handle_parts(text[a:b])) != 1 or handle_parts(text[a:b])[0] != (0, b - a):
            break
        out.append(words[j])
        j += 1
    return out


def _in_handles(text: str, find: Callable[[_Handle, int], _HandleHit | None], across: _Across | None = None,
                most: int = 0) -> str:
    """``text`` with what ``find`` finds in the parts of its handles (``_handle_words``) replaced, from each part the
    longest, the glue around them kept ("@[…]85", "[…]_85"). A whole name is replaced wherever it is; a word
    (a name of one word, or a word of a name blanked alone) only where the handle holds a whole name too or nothing
    but such words and glue ("nunez1985" for "Núñez"), never where it glues one to an ordinary word
    ("nunez_banderas", "my_name_is"), as the withholding reads a handle (``cases.selectors.blank_names``). Called
    where ``_has_handles`` finds that the text as it came in may hold one (what a name is replaced by glues nothing).

    With ``across``, a whole name begun in the words before a handle that begins with a letter (at most ``most`` of
    them, side by side with it: ``_words_before``) and ended in its first parts is replaced too, from its first word
    to its last part ("Dmitry Ivanov_85" and "Dmitry @Ivanov85": "[…]_85", "[…]85"). The text's words are listed
    once, when a handle first may have such words before it: each handle reads at most ``most`` of them."""
    spans: list[tuple[int, int, str]] = []
    words: list[tuple[int, int]] | None = None
    index: dict[int, int] = {}
    for start, end in _handle_words(text):
        parts = _handle_parts(text, start, end)
        if not parts:
            continue
        handle = _Handle(text, parts, start)
        hits: list[tuple[int, int, str, bool, int]] = []
        i = 0
        if across is not None and most and start > 0 and parts[0][0] == start:  # never "Dmitry 85Ivanov"
            if words is None:
                words = [m.span() for m in _WORD.finditer(text)]
                index = {w[0]: k for k, w in enumerate(words)}
            before, commas = _words_before(text, words, index[start], most)
            found = across(_Before(text, before, commas), handle) if before else None
            if found is not None and (not spans or spans[-1][1] <= before[-found[0]][0]):
                k, m, by = found
                hits.append((0, m, by, True, before[-k][0]))
                i = m
        while i < len(parts):
            hit = find(handle, i)
            if hit is None:
                i += 1
                continue
            n, by, whole = hit
            hits.append((i, i + n, by, whole, parts[i][0]))
            i += n
        after_hit: tuple[int, int, str] | None = None
        if across is not None and most and end < len(text):  # "@Dmitry85 Ivanov": the name ends in the words after
            if words is None:
                words = [m.span() for m in _WORD.finditer(text)]
                index = {w[0]: k for k, w in enumerate(words)}
            free = max((j for _, j, _, whole, _ in hits if whole), default=0)
            after = _words_after(text, words, index[start], most) if free < len(parts) else []
            found = across(_Before(text, parts[free:], [False] * (len(parts) - free)), _Handle(text, after, 0)
                           ) if after else None
            if found is not None:
                k, m, by = found
                first = len(parts) - k
                hits = [hit for hit in hits if hit[1] <= first]  # a word of the name alone, now the whole name's
                hits.append((first, len(parts), by, True, parts[first][0]))
                after_hit = (after[0][0], after[m - 1][1], by)
        if not hits:
            continue
        every = any(hit[3] for hit in hits) or sum(j - i for i, j, *_ in hits) == len(parts)
        spans += [(begin, parts[j - 1][1], by) for i, j, by, whole, begin in hits if whole or every]
        if after_hit is not None:
            spans.append(after_hit)
    if not spans:
        return text
    out, last = [], 0
    for start, end, by in spans:
        out += [text[last:start], by]
        last = end
    out.append(text[last:])
    return "".join(out)


_F = TypeVar("_F", bound=Callable[..., Any])


def _reads_text(fn: _F) -> _F:
    """An entry point of the redaction: its ``text`` (or ``description``) argument enters through
    ``_as_parted`` before anything reads it; what it returns holds no ``_PART`` that it put in (an entry point
    called by another keeps them, for the one that called it to read)."""
    params = list(inspect.signature(fn).parameters)
    name = next(p for p in params if p in ("text", "description"))
    index = params.index(name)

    @functools.wraps(fn)
    def entry(*args: Any, **kwargs: Any) -> Any:
        text = args[index] if len(args) > index else kwargs.get(name)
        if not text:
            return fn(*args, **kwargs)
        parted = _as_parted(text)
        if len(args) > index:
            args = (*args[:index], parted, *args[index + 1:])
        else:
            kwargs[name] = parted
        out = fn(*args, **kwargs)
        if isinstance(out, str) and _PART in parted and _PART not in text:
            out = out.replace(_PART, "")
        return out

    entry.reads_text = True  # type: ignore[attr-defined]
    return entry  # type: ignore[return-value]


def party_marker(party_id: int) -> str:
    return f"{OPEN}p:{party_id}{CLOSE}"


@dataclass(frozen=True)
class NameSet:
    """The names of one party, as the free texts of its case may spell them."""

    party_id: int
    names: tuple[str, ...]  # the name, other spellings, and an anonymous party's real name
    individual: bool = True

    def __post_init__(self) -> None:  # as read: a character that prints as nothing inside a name hides no word
        names, reads = _read_names(self.names)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "_reads", reads)

    @functools.cached_property
    def variants(self) -> tuple[str, ...]:
        """The names as others spell them (``_variants``: "Abdul Hadi Khawaja" for "Abdulhadi Al-Khawaja", "Дмитрию
        Иванову" for "Дмитрий Иванов"), apart from ``names``: every guard and the scrubbing find them as whole names,
        given name first, but none of their words is a word of the name (``tokens``), and the erasure, which writes
        its answer into the register, reads ``names`` only. Made when first asked for: the erasure and a party's
        words alone (``tokens``) never need them."""
        return _variants_of(self._reads, self.names)  # type: ignore[attr-defined]

    def variants_as_read(self) -> tuple[str, ...]:
        """The ``variants`` as ``_readings`` reads a name, as every guard, the scrubbing, the erased names and the
        withholding read them, by this one path: each also glued in one word ("abdulhadikhawaja", as a link or a
        handle writes it). A variant is folded, its words parted by single spaces (``_variants``): read in linear
        time, as ``_readings`` would read it."""
        out = dict.fromkeys(self.variants)
        for variant in self.variants:
            if " " in variant:
                out.setdefault(variant.replace(" ", ""))
        return tuple(out)

    def tokens(self) -> list[str]:
        """Words of an individual's name that are blanked on their own (a family name in a summary), folded
        (``core.text.fold_name``)."""
        return list(self._tokens()) if self.individual else []

    def tokens_as_written(self) -> list[str]:
        """The same words as ``tokens``, in the party's own spelling, for a consented name."""
        return list(self._tokens().values()) if self.individual else []

    def _tokens(self) -> dict[str, str]:
        """Each word of the names, folded, and as first written. Where a zero-width space (``_as_parted``) parts
        a word of a stored name, its pieces are words of the name only when the piece after the space is not
        in lower case ("Ali\\x00Hassan": "Ali", "Hassan"; "With\\x01heldname" is the one word "Withheldname",
        never "With"): a piece blanked alone would blank an ordinary word. The glued reading holds the word."""
        out: dict[str, str] = {}
        for name in self.names:
            reading = _Reading(name)
            words = _words(reading)
            written = [reading.original(w.start(), w.end()) for w in words]
            for i, word in enumerate(words):
                key = word.group(0)
                glued_before = (word.start() > 0 and reading.folded[word.start() - 1] == ZWSP
                                and written[i][:1].islower())
                glued_after = (i + 1 < len(words) and word.end() < len(reading.folded)
                               and reading.folded[word.end()] == ZWSP and words[i + 1].start() == word.end() + 1
                               and written[i + 1][:1].islower())
                if glued_before or glued_after:
                    continue
                if len(key) >= 3 and key not in _NOT_ALONE:
                    out.setdefault(key, written[i].replace(ZWSP, ""))
        return out


def neutralise(text: str) -> str:
    """Free text cannot carry markers of its own (a summary cannot ask to print another party's name)."""
    return text.replace(OPEN, "[").replace(CLOSE, "]")


#: Scripts written without spaces between words: Thai, Lao, Khmer, Burmese (Myanmar), Japanese kana, Chinese
#: (CJK ideographs), Korean (Hangul syllables). A name in one is found wherever it appears.
_UNSPACED = re.compile(f"[{UNSPACED_CLASS}]")


def _trie_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression matching any of ``phrases`` in a folded text (``_Reading``), built as a trie
    so that thousands of names are matched in one pass. Names in scripts written without spaces (Chinese,
    Japanese, Korean, Thai, Lao, Khmer, Burmese) match anywhere but before a mark of the letter they end on
    (a tone mark: "มานี" is not found in "มานี้"); others only as whole words."""
    keys = [_key(p) for p in phrases]
    spaced = [p for p in keys if not _UNSPACED.search(p)]
    unspaced = [p for p in keys if _UNSPACED.search(p)]
    parts = [f"(?<![\\w{_MARKS}]){body}(?![\\w{_MARKS}])" for body in [_trie(spaced)] if body]
    parts += [f"(?:{body})(?![{_MARKS}])" for body in [_trie(unspaced)] if body]  # never cut before a mark
    if not parts:
        return None
    return re.compile("|".join(parts))


#: What stands between two words of a name in a text where ``_trie_pattern`` finds it, as ``PhraseIndex`` finds one word
#: by word: spaces (a zero-width space, a line break), the "@" of a handle after them ("Dmitry @Ivanov"), a hyphen, a
#: dash or an apostrophe (``NAME_JOINERS``: "Dmitry-Ivanov"), or a dot with no space after it, as a mail address or a
#: link parts the words of a name ("dmitry.ivanov@mail.ru", "x.com/dmitry.ivanov"); never a full stop and a space
#: ("Dmitry. Ivanov" is two sentences).
_TRIE_SPACE = f"(?:[\\s{ZWSP}]+@?|[{re.escape(NAME_JOINERS)}]|\\.)"


def _trie(phrases: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return ""
    # Built from the leaves up, without recursion: a name (or another spelling of one, which nothing limits in
    # length) of a thousand characters is a branch a thousand nodes deep.
    built: dict[int, str] = {}
    stack: list[tuple[dict[str, dict], bool]] = [(trie, False)]
    while stack:
        node, children_built = stack.pop()
        if not children_built:
            stack.append((node, True))
            stack.extend((child, False) for ch, child in node.items() if ch != "")
            continue
        branches = [(_TRIE_SPACE if ch == " " else re.escape(ch)) + built.pop(id(child))
                    for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            built[id(node)] = ""
            continue
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        built[id(node)] = f"(?:{body})?" if "" in node else body
    return built[id(trie)]


def _key(phrase: str) -> str:
    """A name as the tries and dictionaries hold it: folded (``_fold_key``), a zero-width space parting its
    words (``_as_parted``) a space."""
    return _fold_key(phrase.strip().replace(ZWSP, " "))


def _sub_pattern(pattern: re.Pattern[str], text: str, repl: Callable[[str], str]) -> str:
    """``text`` with each match of ``pattern`` in its folded reading replaced by ``repl(the folded match)``."""
    return _matched(text, lambda reading: [(m.start(), m.end(), repl(m.group(0)))
                                           for m in pattern.finditer(reading.folded)])


@_reads_text
def scrub(text: str, parties: Sequence[NameSet], secrets: Iterable[str] = ()) -> str:
    """Put markers in place of the parties' names and of protected values in a free text."""
    return scrubber(parties, secrets)(text)


#: How many parties' names ``scrubber`` reads each apart, to mark each as its own (``_phrase_indexes``).
_MOST_MARKED_APART = 8


def _phrase_indexes(parties: Sequence[NameSet], as_read: bool = False) -> list[tuple[PhraseIndex, str]]:
    """The parties' names as others spell them (``NameSet.variants``: declined, "Олегові Сенцову" for "Oleh
    Sentsov") in a ``PhraseIndex`` each, with the marker of the party, or, for more than ``_MOST_MARKED_APART``
    parties, in one, blanked (``WITHHELD``): a text is read once an index. A name as written is ``scrubber``'s own
    (a word of one in another script is marked as that word: "Дмитрий Иванов", "⟦t:1:0⟧ ⟦t:1:1⟧"); with ``as_read``,
    the names as read instead, of two words or more, also romanised otherwise, as the register's guard finds them
    ("Тарас Кузьо", "Ольга Дяченко" for "Taras Kuzio", "Olha D'iachenko"), for what that way of marking leaves."""
    groups = ([(party.party_id, [party]) for party in parties] if len(parties) <= _MOST_MARKED_APART
              else [(None, list(parties))])
    out = []
    for party_id, group in groups:
        index = PhraseIndex()
        for party in group:
            for name in party.names if as_read else party.variants_as_read():
                phrase = _key(name)
                if len(words := tuple(_WORD.findall(phrase))) > 1:
                    index.add(phrase, words, glued=party.individual and not as_read, turned=as_read)
        index.done()
        if index:
            out.append((index, WITHHELD if party_id is None else party_marker(party_id)))
    return out


def scrubber(parties: Sequence[NameSet], secrets: Iterable[str] = ()) -> Callable[[str], str]:
    """``scrub`` with these parties and secrets prepared once, for many texts."""
    cleaned = (s.strip() for s in _readings(secrets))
    ordered = sorted({_key(s) for s in cleaned if len(s) >= MIN_SECRET}, key=len, reverse=True)
    secret_patterns = [re.compile(re.escape(secret).replace("\\ ", f"[ {ZWSP}]")) for secret in ordered if secret]
    whole: dict[str, int] = {}
    for party in parties:
        # A stand-in "A" or "Li" blanks no "a" (``blanked_alone``).
        for name in (*party.names, *party.variants_as_read()):
            if blanked_alone(name):
                whole.setdefault(_key(name), party.party_id)
    pattern = _trie_pattern(whole)
    # The names by their words, for a name found with other spaces, "@" or a hyphen between its words (``_TRIE_SPACE``:
    # "Dmitry-Ivanov", "Dmitry @Ivanov").
    whole_words = {}
    for key, party_id in whole.items():
        whole_words.setdefault(tuple(_WORD.findall(key)), party_id)

    def whole_marker(found: str) -> str:
        party_id = whole.get(_key(found))
        if party_id is None:
            party_id = whole_words.get(tuple(_WORD.findall(_key(found))))
        return WITHHELD if party_id is None else party_marker(party_id)

    tokens: dict[str, tuple[int, int]] = {}
    for party in parties:
        for i, token in enumerate(party.tokens()):
            tokens.setdefault(token, (party.party_id, i))
    # A family name alone declined ("Иванову"), marked as the family name, where it is written as a name (never the
    # "новую" of "новую веру" for a "Вера Новая").
    declined: set[str] = set()
    for party in parties:
        for form, family in _declined_family_name(party.names if party.individual else ()).items():
            if family in tokens and tokens[family][0] == party.party_id and form not in tokens:
                tokens[form] = tokens[family]
                declined.add(form)
    # A person's name of several words glued family name first ("IvanovDmitry", "@IvanovDmitry", "@AlKhawajaMaryam"),
    # found as one word written as a name where the text shows its words (``_glued_shown``), as the guards find it
    # (``Guard``, ``PhraseIndex.add``); an organisation's never ("@CentreBahrain" is no form of "Bahrain Centre").
    family_first: dict[str, tuple[int, list[frozenset[int]]]] = {}
    for party in parties:
        for name in party.names if party.individual else ():  # not as others spell it (``NameSet.variants``)
            key = _key(name)
            if len(ws := tuple(_WORD.findall(key))) > 1 and len(key) >= 3 and not _UNSPACED.search(key):
                for glued_key, ends in _glued_family_first_readings(ws):
                    family_first.setdefault(glued_key, (party.party_id, []))[1].append(ends)

    # A word in a script written without spaces is found wherever it appears ("สมชาย" in "นายสมชายถูกจับกุม").
    anywhere = _trie_pattern(t for t in tokens if _UNSPACED.search(t))
    # The names as others spell them as the register's scrubbing reads them (``PhraseIndex``): declined, with a
    # patronymic written into them, in another script ("Олегові Сенцову" for "Oleh Sentsov"); each party's marked
    # as its own where they are few (a case's), else all of them blanked alike (``_MOST_MARKED_APART``).
    phrase_indexes = _phrase_indexes(parties)
    read_indexes = _phrase_indexes(parties, as_read=True)
    # All of them in one index, read first: a text that holds none of them (most) is read once, not once a party.
    read_any: PhraseIndex | None = None
    if len(read_indexes) == 1:
        read_any = read_indexes[0][0]
    elif read_indexes:
        every_name = tuple(n for party in parties for n in party.names)
        read_any = _phrase_indexes([NameSet(0, every_name)], as_read=True)[0][0]

    def token_marker(token: str) -> str:
        hit = tokens.get(token)
        return f"{OPEN}t:{hit[0]}:{hit[1]}{CLOSE}" if hit else WITHHELD

    spellings = _Spellings(tokens)
    names_of = {party.party_id: party.names for party in parties}

    @functools.lru_cache(maxsize=256)
    def sounds(token: str) -> frozenset[str]:
        return _name_sounds(names_of.get(tokens[token][0], ()))

    def words(reading: _Reading) -> list[tuple[int, int, str]]:  # as written, or in another script ("Иванов")
        found: dict[int, str] = {}
        glued: dict[int, str] = {}  # a person's name glued family name first, written as a name
        ws = _words(reading)
        for j, w in enumerate(ws):
            word = w.group(0)
            token = word if word in tokens else spellings.match(word)
            if token in declined and not as_name(reading.original(w.start(), w.end())):
                token = None
            if token is not None:
                found[j] = token
            elif word in family_first and as_name(original := reading.original(w.start(), w.end())) and (
                    _glued_shown(original, _sign_before(reading.text, reading.span(w.start(), w.end())[0]),
                                 family_first[word][1])):
                glued[j] = party_marker(family_first[word][0])
        hits = {j: token_marker(token) for j, token in found.items()}
        if found and not reading.folded.isascii():
            for k, token in _beside(reading, ws, found, sounds):  # as the party's word that sounds so, if any
                hits[k] = token_marker(sounding(tokens[token][0], _sound_key(ws[k].group(0))))
        hits.update(glued)
        return [(ws[j].start(), ws[j].end(), hits[j]) for j in sorted(hits)]

    @functools.cache
    def in_handles() -> tuple[_ByFirstWords, dict[tuple[str, ...], int], set[str], int]:
        """The names of ``whole`` by their words, for the parts of a handle (made when a text first has one), those
        of them that glue a name of several words, and how long the longest name of one word is; a person's read
        family name first too (``_family_first_readings``), found only as ``_family_first_across`` accepts them."""
        index, by_words, glued = _ByFirstWords(), {}, set()
        persons = {party.party_id for party in parties if party.individual}
        own = {_key(name) for party in parties for name in party.names}  # not as others spell it (``variants``)
        for key, party_id in whole.items():
            ws = tuple(_WORD.findall(key))
            if ws and not _UNSPACED.search(key):
                index.add(ws)
                by_words.setdefault(ws, party_id)
                if len(ws) > 1 and party_id in persons and key in own:
                    for reading, split in _family_first_readings(ws).items():
                        index.add(reading, split)
                        by_words.setdefault(reading, party_id)
        for party in parties:
            for name in party.names:
                if len(ws := _WORD.findall(_key(name))) > 1:
                    glued.add("".join(ws))
        index.done()
        return index, by_words, glued, max(map(len, (*index.ones, *family_first)), default=0)

    most_words = max((len(_WORD.findall(key)) for key in whole), default=0)

    def across(before: _Before, handle: _Handle) -> tuple[int, int, str] | None:
        """A name of a party begun in the words ``before`` a handle and ended in its first parts, in any case as
        ``pattern`` finds one, given name first ("Bahrain Centre_2024": "⟦p:2⟧_2024"; ``_in_handles``), or a
        person's family name first as the guards find it (``PhraseIndex.across``: "Ivanov, Dmitry_85")."""
        index, by_words = in_handles()[:2]
        folded = [*before.folded, *handle.folded]

        def at(i: int, k: int, plain: bool) -> int:
            n = index.found_at(folded, i) if plain else 0
            return n if n > k else index.found_at(folded, i, _family_first_across(before, handle, i))

        hit = _across(before, at)
        if hit is None:
            return None
        i = len(before.folded) - hit[0]
        return hit[0], hit[1], party_marker(by_words[tuple(folded[i:i + hit[0] + hit[1]])])

    def in_handle(handle: _Handle, i: int) -> _HandleHit | None:
        """A name of a party in the parts of a handle from part ``i``, in any case as ``pattern`` finds one: of
        several words ("Dmitry_Ivanov"), glued ("@DmitryIvanov85") or of one word; else a word of a name, as
        ``words`` finds one ("@IvanovDmitry1985", each a word of the name; ``_in_handles``)."""
        index, by_words, glued, longest = in_handles()
        folded = handle.folded
        best: _HandleHit | None = None
        if folded[i] in index.firsts or folded[i] in index.ones:
            n = index.found_at(folded, i)
            if n > 1 or (n == 1 and folded[i] in whole):
                best = (n, party_marker(by_words[tuple(folded[i:i + n])]), n > 1 or folded[i] in glued)
        joined = folded[i]
        for k in range(i + 2, len(folded) + 1):
            joined += folded[k - 1]
            if len(joined) > longest:
                break
            if joined in index.ones and (best is None or k - i > best[0]):
                best = (k - i, party_marker(whole[joined]), True)
            elif (joined in family_first and (best is None or k - i > best[0]) and handle.as_name(i)
                  and handle.glued_shown(i, k, family_first[joined][1])):  # "@AlKhawajaMaryam85"
                best = (k - i, party_marker(family_first[joined][0]), True)
        if best is None and folded[i] in family_first and handle.as_name(i) and handle.glued_shown(
                i, i + 1, family_first[folded[i]][1]):  # "@Ivanovdmitry85"
            best = (1, party_marker(family_first[folded[i]][0]), True)
        if best is None:
            token = folded[i] if folded[i] in tokens else spellings.match(folded[i])
            if token is not None:
                best = (1, token_marker(token), False)
        return best

    @functools.lru_cache(maxsize=256)
    def sounding(party_id: int, sound: str) -> str:
        """The party's word that sounds as ``sound`` ("dmitry" for "Дмитрий"), or "" (blanked: ``WITHHELD``)."""
        return next((t for t, (pid, _) in tokens.items() if pid == party_id and _sound_key(t) == sound), "")

    @_reads_text
    def apply(text: str) -> str:
        if not text:
            return ""
        text = neutralise(text)
        handles = (bool(whole) or bool(tokens)) and _has_handles(text)
        for secret in secret_patterns:
            text = _sub_pattern(secret, text, lambda _: f"{OPEN}x{CLOSE}")
        if pattern is not None:
            text = _sub_pattern(pattern, text, whole_marker)
        for index, marker in phrase_indexes:
            text = index.sub(text, marker)
        shown = steps(text, handles)
        # A name as read romanised otherwise than its words are spelled ("Тарас Кузьо" for "Taras Kuzio"), whose words
        # alone leave one printed ("⟦t:1:0⟧ Кузьо"): marked whole, where that leaves fewer words printed.
        if read_any is None or read_any.sub(text, WITHHELD, least_words=2) == text:
            return shown
        found = text
        for index, marker in read_indexes:
            found = index.sub(found, marker, least_words=2)
        if found != text and _printed_words(marked := steps(found, handles)) < _printed_words(shown):
            return marked
        return shown

    def steps(text: str, handles: bool) -> str:
        if tokens or family_first:
            text = _outside_markers(text, lambda part: _matched(part, words))
        if anywhere is not None:
            text = _outside_markers(text, lambda part: _sub_pattern(anywhere, part, token_marker))
        if handles:  # in the parts of a handle: "@⟦p:1⟧85"
            text = _outside_markers(text, lambda part: _in_handles(part, in_handle, across, most_words - 1))
        return text

    return apply


def _printed_words(text: str) -> collections.Counter[str]:
    """The words a text marked prints outside its markers, each as often as it prints it."""
    return collections.Counter(_WORD.findall(_MARKER.sub(" ", text)))


def scrub_between_markers(text: str, scrub_: Callable[[str], str]) -> str:
    """A text already scrubbed once (it holds markers) scrubbed again, for more names, between its markers."""
    return _outside_markers(text, scrub_)


def _outside_markers(text: str, fn: Callable[[str], str]) -> str:
    out, last = [], 0
    for m in _MARKER.finditer(text):
        out.append(fn(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fn(text[last:]))
    return "".join(out)


@dataclass(frozen=True)
class PartyView:
    """A party as it may be shown now: ``name`` only when named publication is in force."""

    id: int
    description: str
    name: str | None = None
    tokens: tuple[str, ...] = ()
    publishable: bool = True  # some publication (named or anonymous) is in force

    def __post_init__(self) -> None:  # printed in place of a marker: as read, like every text
        object.__setattr__(self, "description", as_read(self.description or ""))
        object.__setattr__(self, "name", as_read(self.name) if self.name else self.name)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:"


def resolve(text: str, views: Mapping[int, PartyView], allowed: Collection[int] | None = None) -> str:
    """Replace every marker: the name where it may be shown, the description (or "[…]") elsewhere; a
    description that begins a sentence begins with a capital. With ``allowed``, a marker of any other
    party (a person of another case) becomes "[…]"."""
    return _resolved(text, views, allowed)[0]


def _resolved(text: str, views: Mapping[int, PartyView], allowed: Collection[int] | None = None,
              ) -> tuple[str, bool]:
    """``resolve``, and whether what it put in may glue a word as a handle glues it, with the characters beside it
    ("@⟦p:1⟧85" resolved "@Dmitry Ivanov85"): read in a window of one character either side of each, so that
    the text resolved is not scanned again as a whole (``_handles_in``). Any pair of characters that glue and
    that holds one put in is in such a window; any other pair was beside each other in ``text`` already."""

    def view_of(party_id: int) -> PartyView | None:
        return views.get(party_id) if allowed is None or party_id in allowed else None

    def replace(m: re.Match[str]) -> str:
        if m.group(2):
            view = view_of(int(m.group(2)))
            if view is None:
                return WITHHELD
            if view.name:
                return view.name
            text_ = view.description
            return text_[:1].upper() + text_[1:] if _starts_sentence(m.string, m.start()) else text_
        if m.group(3):
            view = view_of(int(m.group(3)))
            index = int(m.group(4))
            if view is not None and view.name and index < len(view.tokens):
                return view.tokens[index]
            return WITHHELD
        return WITHHELD

    out: list[str] = []
    put: list[tuple[int, int]] = []  # where each replacement is in the text resolved
    last = length = 0
    for m in _MARKER.finditer(text):
        by = replace(m)
        out += [text[last:m.start()], by]
        length += m.start() - last
        put.append((length, length + len(by)))
        length += len(by)
        last = m.end()
    if not put:
        return text, False
    out.append(text[last:])
    resolved = "".join(out)
    return resolved, any(_has_handles(resolved[max(start - 1, 0):end + 1]) for start, end in put)


@dataclass
class Guard:
    """Blanks full names of parties who may not be named, wherever they still appear. ``phrases``: each party's
    names as a ``NameSet``, which says whose they are: a person's name of several words is also read glued family
    name first ("IvanovDmitry", as "DmitryIvanov" is read), an organisation's never ("@CentreBahrain" is no form of
    "Bahrain Centre"), as ``RegisterNames`` reads them; or a name alone, read as a person's (a name whose kind is
    not known loses no reading)."""

    phrases: Sequence[str | NameSet] = field(default_factory=list)
    _pattern: re.Pattern[str] | None = None
    _single: dict[str, set[str]] = field(default_factory=dict)
    _glued: dict[str, list[frozenset[int]]] = field(default_factory=dict)
    _one_words: frozenset[str] = frozenset()
    _spelled: PhraseIndex = field(default_factory=lambda: PhraseIndex())

    def __post_init__(self) -> None:
        # Every name as read (``_readings``), and whether it is a person's (a name of a person and of an
        # organisation alike is read as a person's); those of them that are not only the names as others spell
        # them (``_variants``), which are read as written, given name first only (``turned``).
        individual: dict[str, bool] = {}
        turned: set[str] = set()
        for phrase in self.phrases:
            if isinstance(phrase, NameSet):
                own, names, person = _readings(phrase.names), (*phrase.names, *phrase.variants), phrase.individual
            else:
                (own, reads), person = _read_names((phrase,)), True
                names = own + _variants_of(reads, own)
            turned.update(own)
            for name in _readings(names):
                individual[name] = individual.get(name, False) or person
        named = [(name, _key(name), person) for name, person in individual.items() if len(name.strip()) >= 3]
        turned_keys = {key for name, key, _ in named if name in turned}
        # A name of one word (one written glued, "AliHassan") is looked up word by word; the others are
        # matched through one regular expression, which costs more to make the more names it holds.
        self._single = {}
        for name, key, _ in named:
            if _WORD.fullmatch(key) and not _UNSPACED.search(key):
                self._single.setdefault(key, set()).add(_as_written(name))
        self._pattern = _trie_pattern(key for _, key, _ in named if key not in self._single)
        # A person's name of several words glued family name first ("IvanovDmitry", "AlKhawajaMaryam"), found as a
        # name only, where the text shows its words (``_glued_shown``).
        self._glued = {}
        for _, key, person in named:
            words = tuple(_WORD.findall(key))
            if person and len(words) > 1 and not _UNSPACED.search(key) and key in turned_keys:
                for glued, ends in _glued_family_first_readings(words):
                    self._glued.setdefault(glued, []).append(ends)
        self._one_words = frozenset(self._single).union(self._glued)
        # The same names written in another script ("Дмитрий Иванов", "Иванов" for "Ivanov"), word by word.
        self._spelled = PhraseIndex()
        for _, key, person in named:
            if not _UNSPACED.search(key):  # those are found by the pattern, wherever they are
                self._spelled.add(key, tuple(_WORD.findall(key)), glued=person, turned=key in turned_keys)
        self._spelled.done()

    def _may_hold_one_word(self, parted: str) -> bool:
        """Whether a text, as read (``_as_parted``: by ``__call__``), may hold a name of one word or one glued
        (``_single_hits``): a text in ASCII only when one of its words, folded as the matching folds it (in lower
        case), is one: one search, in C, before the text is read word by word. Any other text may."""
        return not parted.isascii() or not self._one_words.isdisjoint(_ASCII_WORD.findall(parted.lower()))

    def _single_hits(self, reading: _Reading) -> list[tuple[int, int, str]]:
        """The words that are a name of one word: written as a name (``as_name``) in any spelling that folds
        as it does ("PEÑA", "Pena"), in lower case only with its accents as written ("peña", never "pena",
        the Spanish word for "sorrow"); and a person's name glued family name first, written as a name only, where
        the text shows its words (``_glued_shown``: "IvanovDmitry", "@Ivanovdmitry", never "Shanghai" for a "Hai
        Shang")."""
        out = []
        for w in _words(reading):
            word = w.group(0)
            written = self._single.get(word)
            if written is None and word not in self._glued:
                continue
            original = reading.original(w.start(), w.end())
            if written is None:
                if as_name(original) and _glued_shown(
                        original, _sign_before(reading.text, reading.span(w.start(), w.end())[0]), self._glued[word]):
                    out.append((w.start(), w.end(), WITHHELD))
            elif as_name(original) or _as_written(original) in written:
                out.append((w.start(), w.end(), WITHHELD))
        return out

    @_reads_text
    def __call__(self, text: str, *, has_handles: bool | None = None) -> str:
        """``text`` with these names blanked. ``has_handles``: whether it may hold a word glued as a handle glues
        it, where the caller has read that (``_handles_in``); read here otherwise."""
        if not text:
            return text
        handles = bool(self._spelled) and _handles_in(text, has_handles)
        if self._pattern is not None:
            text = _sub_pattern(self._pattern, text, lambda _: WITHHELD)
        if self._one_words and self._may_hold_one_word(text):
            text = _matched(text, self._single_hits)
        # The same names written in another script, and family name first ("Ivanov, Dmitry"), word by word.
        if self._spelled and (self._spelled.other_scripts or not text.isascii()
                              or self._spelled.may_hold_family_first(text) or _PATRONYMIC_ASCII.search(text)):
            text = self._spelled.sub(text, WITHHELD)
        # The same names in the parts of a word glued as a handle glues it ("@DmitryIvanov85": "@[…]85").
        if handles:
            # One word more than a name has, where a patronymic stands in it ("@Dmitry85 Sergeyevich Ivanov").
            text = _in_handles(text, self._handle_at, self._spelled.across_as(WITHHELD), self._spelled.most_words)
        return text

    def _handle_at(self, handle: _Handle, i: int) -> _HandleHit | None:
        """A name in the parts of a handle from part ``i`` (``PhraseIndex.handle_at``), a name of one word or glued
        given name first also in lower case as written ("dmitryivanov85"), as ``_single_hits`` finds it."""
        hit = self._spelled.handle_at(handle, i, self._single)
        return None if hit is None else (hit[0], WITHHELD, hit[1])


def _as_written(word: str) -> str:
    """A word as written, without case: composed and case-folded, with what prints as nothing left out."""
    return unicodedata.normalize("NFC", "".join(c for c in word.casefold()
                                                if c != _PART and not is_ignorable(c)))


# ---------------------------------------------------------------- the place of an incident

PLACE_OPEN, PLACE_CLOSE = f"{OPEN}place{CLOSE}", f"{OPEN}/place{CLOSE}"
_PLACE = re.compile(r"(\s*)" + re.escape(PLACE_OPEN) + "(.*?)" + re.escape(PLACE_CLOSE), re.DOTALL)


def place_span(text: str) -> str:
    """The words giving an incident's place ("in Manama"), shown only while everyone in the entry may be
    named: a place can identify a person who is not named."""
    return f"{PLACE_OPEN}{text}{PLACE_CLOSE}" if text else ""


def places(text: str, keep: bool) -> str:
    """The places of a text kept (without their markers) or left out with the space before them."""
    text = _PLACE.sub(lambda m: m.group(1) + m.group(2) if keep else "", text)
    return text.replace(PLACE_OPEN, "").replace(PLACE_CLOSE, "")


# ---------------------------------------------------------------- every name in the register


def as_name(word: str) -> bool:
    """Whether a word is written as a name may be: not in lower case ("Hope", "HOPE", "أمل", but not "hope").
    A single word of the name of someone of another case is blanked only so written: "may", "will" or
    "said" in a sentence stay."""
    return not word[:1].islower()


_EXACT_KEY = "="  # before a folded word: the word itself


#: A Latin "h" that is not the second letter of "kh", "zh", "sh" or "ch": it may be the "г" of Ukrainian and
#: Belarusian, which their national and passport romanisations write "h" ("Halyna Hnatiuk", "Ryhor") where the
#: transliteration of the Cyrillic writes "g" ("galina gnatyuk", "rygor"). That transliteration writes no other "h".
_H_FOR_G = re.compile(r"(?<![kzsc])h")


@functools.lru_cache(maxsize=65536)
def _latin_keys(word: str) -> frozenset[str]:
    """The keys of a word in ASCII: its ``romanised`` spellings, and those of its reading with "g" for an "h" that
    may stand for a Ukrainian or Belarusian "г" (``_H_FOR_G``): "Halyna Hnatiuk" is also "galina gnatiuk", as
    "Галина Гнатюк" is, and "Oleksandr Hnatiuk" "Олександр Гнатюк". Ukrainian "y" for "и", "i" for "і", "yi" for
    "ї" and "ie" or "ye" for "є" already meet in ``romanised``. Compared only with a word in another alphabet, as
    every key is (``_meets``): a Latin "h" is never read "g" against another Latin word."""
    keys = romanised(word)
    as_g = _H_FOR_G.sub("g", word)
    return keys if as_g == word else keys | romanised(as_g)


@functools.lru_cache(maxsize=65536)
def _word_keys(word: str) -> frozenset[str]:
    """The keys under which a word (folded), of a name or of a text, meets a word written in another alphabet: a word
    in ASCII by its ``romanised`` spellings (``_latin_keys``), a word of another alphabet by the ``romanised``
    spellings of its ``spelling_key``. A word of a script written without short vowels (Arabic, Hebrew) has none:
    compared by its consonants alone, everyday words met names ("على", "on", is "Ali"; "عمل", "work", is "Amal"), and
    every word of an Arabic text had to be compared with the thousands of names sharing its consonants. A word of a
    text and a word of a name have their keys made alike: one function, one cache."""
    if word.isascii():
        return _latin_keys(word)
    key = spelling_key(word)
    return romanised(key) if key is not None and not _ABJAD.search(word) else frozenset()


def _meets(word: str, name_word: str) -> bool:
    """Whether a word of a text (folded) is a name's word: the same word, or, where either is written in another
    alphabet than ASCII, the same in one of their keys (``_word_keys``). Two words in ASCII are compared as
    written."""
    return word == name_word or (not (word.isascii() and name_word.isascii())
                                 and not _word_keys(word).isdisjoint(_word_keys(name_word)))


#: The letters that no romanisation ``romanised`` reads writes otherwise (not "g": Ukrainian writes "г" "h").
_NOT_KEPT = re.compile("[^abdflmnpqr]+")
_DOUBLED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=65536)
def _buckets(word: str) -> tuple[str, ...]:
    """A cheap key of a word (folded) that two words have in common wherever their keys meet (``_meets``), to find
    the few names to compare with a word: the letters of its spelling in ASCII that every romanisation writes alike
    ("dmitry", "dmitriy", "Дмитрий" all "dmr"), each written once. A word in Arabic or Hebrew script, or without a
    spelling in ASCII, meets only itself (``_word_keys``): its key is the word itself (``_EXACT_KEY``). One key
    a word: a name is kept under one key of its first two words, not under four (the register's names, read family
    name first too, are many)."""
    if word.isascii():
        return (_DOUBLED.sub(r"\1", _NOT_KEPT.sub("", word)),)
    key = spelling_key(word)
    if key is None or _ABJAD.search(word):
        return (_EXACT_KEY + word,)
    return (_DOUBLED.sub(r"\1", _NOT_KEPT.sub("", key)),)


#: Names (their words, and how many family-name words they begin with when they are only a name read family name
#: first, else 0: ``_Romanised.add``) by a ``_buckets`` key of their first word and one of their second word.
_ByTwoWords = dict[tuple[str, str], list[tuple[tuple[str, ...], int]]]

#: Whether a name read family name first, of ``n`` words, ``split`` of them the family name written first, may be
#: found where a text's words stand (``PhraseIndex._family_first_accepted``).
_Accept = Callable[[int, int], bool]


class _Romanised:
    """Names of two words or more (folded), by a ``_buckets`` key of their first word and one of their second
    word: to find, for two words of a text, the few names that may start there romanised otherwise, which
    ``_meets`` then compares word by word. By both words at once: thousands of names share a given name
    ("Дмитрий", "Muhammad"), and, read family name first, the few letters of a family name that ``_buckets``
    keeps. Made into a dictionary when a text first needs it: most texts never do."""

    __slots__ = ("_added", "_by_two", "_firsts", "longest")

    def __init__(self) -> None:
        self._added: dict[tuple[str, ...], int] = {}  # the words: the family-name words first, or 0
        self._by_two: _ByTwoWords | None = None
        self._firsts: frozenset[str] = frozenset()  # the ``_buckets`` keys of the names' first words
        self.longest = 0

    def __bool__(self) -> bool:
        return bool(self._added)

    def add(self, words: tuple[str, ...], split: int = 0) -> None:
        """A name's words; ``split``: a name read family name first (``_family_first_readings``), its first ``split``
        words the family name, found only where the text writes it so (``PhraseIndex._family_first_accepted``)."""
        self._added[words] = min(self._added.get(words, split), split)
        self._by_two = None
        self.longest = max(self.longest, len(words))

    def _index(self) -> _ByTwoWords:
        if self._by_two is None:
            by_two: _ByTwoWords = {}
            for name in self._added.items():  # one (words, split) for all its keys
                for first in _buckets(name[0][0]):
                    for second in _buckets(name[0][1]):
                        by_two.setdefault((first, second), []).append(name)
            self._firsts = frozenset(first for first, _ in by_two)
            self._by_two = by_two
        return self._by_two

    def may_start(self, word: str) -> bool:
        """Whether a word of a text (folded) shares a ``_buckets`` key with the first word of a name."""
        self._index()
        return not self._firsts.isdisjoint(_buckets(word))

    def names_at(self, first: str, second: str) -> Iterator[tuple[tuple[str, ...], int]]:
        """The names (and their family-name words written first, or 0) whose first two words share a ``_buckets``
        key with two words of a text (folded), ``first`` and ``second``."""
        by_two = self._index()
        for one in _buckets(first):
            for two in _buckets(second):
                yield from by_two.get((one, two), ())


class _RomanisedText:
    """The words of a text (folded), where ``PhraseIndex`` finds a name of two words or more romanised otherwise
    (``_meets``): a name in ASCII ("Dmitry Ivanov") where a word of the text written in another alphabet may be one
    of its words ("Дмитрий Иванов"), a name in another alphabet ("Юрий Орлов") anywhere ("Yury Orlov"). Where a
    name may start is found for the whole text at once."""

    __slots__ = ("words", "starts")

    def __init__(self, words: list[str], latin: _Romanised, other: _Romanised, in_ascii: bool = False) -> None:
        """``in_ascii``: every word is in ASCII."""
        self.words = words
        #: Where a name may start: the word ``i`` and the names (``latin``, ``other``) to compare from there.
        self.starts: dict[int, list[_Romanised]] = {}
        others = [j for j, w in enumerate(words) if not w.isascii()] if latin and not in_ascii else []
        if others:
            reach = latin.longest
            for i in sorted({i for j in others for i in range(max(j - reach + 1, 0), j + 1)}):
                if latin.may_start(words[i]):
                    self.starts[i] = [latin]
        if other:
            for i, word in enumerate(words):
                if other.may_start(word):
                    self.starts.setdefault(i, []).append(other)

    def found_at(self, i: int, family_first: _Accept | None = None) -> int:
        """How many words from ``i`` (one of ``starts``) are a name so romanised (the longest), or 0; a name read
        family name first only where ``family_first`` accepts it there."""
        words, best = self.words, 0
        if i + 1 >= len(words):
            return 0
        for names in self.starts[i]:
            for name, split in names.names_at(words[i], words[i + 1]):
                n = len(name)
                if n > best and i + n <= len(words) and all(_meets(words[i + k], name[k]) for k in range(n)) and (
                        not split or (family_first is not None and family_first(n, split))):
                    best = n
        return best


def _family_first_readings(words: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """The words of a name of two words or more read family name first, as lists, indexes and Russian or
    Ukrainian documents write it, each with how many of its first words are the family name: the last word first
    ("Dmitry Ivanov" is "Ivanov Dmitry"; a name stored family name first, "Ivanov Dmitry", is so read "Dmitry
    Ivanov"); the last word with the particles before it (``core.text.NEVER_ALONE``: "Al-Khawaja, Abdulhadi",
    "Van der Berg, Jan"); and, of a name of three words or more, its last two words, as Spanish and Portuguese
    write two family names ("Núñez García, José" for "José Núñez García"), with the particles before them. A
    given name is always left after them."""
    out = {(words[-1], *words[:-1]): 1}
    for last in (len(words) - 1, _last_name_word(words, len(words) - 1)):
        begin = last
        while begin > 1 and words[begin - 1] in _NOT_ALONE:
            begin -= 1
        if 0 < begin and any(w not in _NOT_ALONE for w in words[:begin]):
            out.setdefault((*words[begin:], *words[:begin]), len(words) - begin)
    return out


def _glued_family_first(words: Sequence[str]) -> str:
    """A name of two words or more written as one word, its last word first ("ivanovdmitry" for "dmitry ivanov"), as
    a text that hides a character between them prints it ("Ivanov\\u00adDmitry"): a name of one word, found only
    where written as a name (``as_name``)."""
    return words[-1] + "".join(words[:-1])


def _glued_ends(words: Sequence[str]) -> frozenset[int]:
    """Where, in ``words`` glued (folded), a word begins that a text must show (``_glued_shown``): after every word but
    the last, not after a particle (``core.text.NEVER_ALONE``), which is often glued to the family name it begins
    ("AlkhawajaMaryam")."""
    ends, at = set(), 0
    for word in words[:-1]:
        at += len(word)
        if word not in _NOT_ALONE:
            ends.add(at)
    return frozenset(ends)


def _glued_family_first_readings(words: tuple[str, ...]) -> list[tuple[str, frozenset[int]]]:
    """A person's name of two words or more glued as each of its readings family name first reads it
    (``_family_first_readings``: "IvanovDmitry", "AlKhawajaMaryam", "NunezGarciaJose"), each with the ends of its
    words that a text must show (``_glued_ends``); the first is ``_glued_family_first``."""
    return [("".join(reading), _glued_ends(reading)) for reading in _family_first_readings(words)]


def _segments(written: str) -> list[str]:
    """A word as written in the pieces a text shows: parted by a capital after a lower-case letter (after the marks
    of one too) and by a character that parts words (a zero-width space, ``_PART``), which is left out."""
    out, begin, lower = [], 0, False
    for i, ch in enumerate(written):
        if ch == ZWSP or ch == _PART:
            out.append(written[begin:i])
            begin, lower = i + 1, False
        elif ch.isupper():
            if lower:
                out.append(written[begin:i])
                begin = i
            lower = False
        elif ch.islower():
            lower = True
    out.append(written[begin:])
    return [piece for piece in out if piece]


#: Places that read as a person's name of two words glued family name first ("Shanghai" as "Hai Shang" turned round,
#: "Xinjiang" as "Jiang Xin", "Chengdu" as "Du Cheng", "Beijing" as "Jing Bei", "Hanoi" as "Noi Ha", "Busan" as "San
#: Bu"): the cities, provinces and regions of China, Taiwan, Hong Kong, Macau, Vietnam and Korea that public texts name,
#: glued, folded and without diacritics (``_place_key``). A word that is exactly one of these, in any case ("Shanghai",
#: "SHANGHAI", "@Shanghai", "#Xinjiang"), is not read as a name glued family name first (``_glued_shown``); any other
#: word is, as a text prints a handle or a link ("Ivanovdmitry", "IVANOVDMITRY", "x.com/Ivanovdmitry85"). The list is
#: short on purpose: each place on it is a form of some person's name the redaction no longer blanks, unless the text
#: shows the name's words ("ShangHai"). Add a place here when a report names one that is over-blanked.
GLUED_PLACES = frozenset("""
    anhui beijing chongqing fujian gansu guangdong guangxi guizhou hainan hebei heilongjiang henan hubei hunan
    jiangsu jiangxi jilin liaoning neimenggu ningxia qinghai shaanxi shandong shanghai shanxi sichuan tianjin
    xinjiang xizang yunnan zhejiang hongkong xianggang macao macau aomen taiwan
    guangzhou shenzhen hangzhou wuhan chengdu nanjing xian suzhou zhengzhou changsha shenyang qingdao dalian xiamen
    kunming harbin jinan fuzhou hefei nanning nanchang changchun shijiazhuang taiyuan guiyang lanzhou xining
    yinchuan hohhot huhehaote urumqi wulumuqi lhasa lasa haikou sanya dongguan foshan wuxi ningbo wenzhou shantou
    zhuhai xuzhou yantai tangshan baotou kashgar kashi hotan hetian yining ghulja tulufan turpan shigatse rikaze
    luoyang kaifeng datong guilin lijiang dali yangzhou zhenjiang changzhou nantong jinhua shaoxing taizhou huizhou
    zhongshan jiangmen zhanjiang wuhu anqing qiqihar daqing mudanjiang anshan fushun dandong jinzhou yingkou
    weifang zibo linyi jining weihai baoding handan qinhuangdao langfang cangzhou yichang xiangyang jingzhou
    shiyan yueyang hengyang zhuzhou xiangtan changde zunyi liuzhou beihai mianyang leshan yibin luzhou nanchong
    zigong baoji xianyang yanan hanzhong tianshui jiuquan dunhuang geermu golmud yushu jinghong ruili chaozhou
    meizhou quanzhou zhangzhou putian longyan ganzhou jiujiang jingdezhen yiwu kunshan xiongan
    taipei kaohsiung taichung tainan hsinchu keelung taoyuan chiayi hualien taitung yilan pingtung nantou miaoli
    changhua yunlin penghu kinmen matsu kowloon shatin taipa
    hanoi haiphong danang saigon hochiminh hue cantho nhatrang dalat vungtau bienhoa haiduong namdinh thaibinh
    thanhhoa nghean quangninh halong quangbinh quangtri quangnam quangngai binhdinh quynhon khanhhoa binhthuan
    phanthiet kontum gialai pleiku daklak lamdong binhduong dongnai tayninh longan tiengiang bentre vinhlong
    travinh dongthap angiang kiengiang soctrang baclieu camau laocai sapa dienbien sonla hoabinh langson caobang
    hagiang thainguyen bacgiang bacninh vinhphuc phutho yenbai hanam ninhbinh hungyen
    seoul busan pusan incheon inchon daegu taegu daejeon taejon gwangju kwangju ulsan suwon sejong changwon goyang
    yongin seongnam jeonju cheongju pohang gyeongju jeju cheju gangwon gyeonggi chungcheong jeolla gyeongsang
    pyongyang kaesong hamhung chongjin wonsan sinuiju nampo rason hyesan haeju sariwon kanggye panmunjom
""".split())
_NOT_PLACE_LETTER = re.compile("[^a-z]+")


def _place_key(written: str) -> str:
    """A word as ``GLUED_PLACES`` holds it: folded, without its diacritics and anything but its letters ("Đà Nẵng",
    "DANANG" and "Xi'an" are "danang" and "xian")."""
    folded = unicodedata.normalize("NFKD", written.casefold().replace("\u0111", "d"))
    return _NOT_PLACE_LETTER.sub("", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def _is_glued_place(written: str) -> bool:
    """Whether a word as written is a place that reads as a name glued family name first (``GLUED_PLACES``)."""
    return _place_key(written) in GLUED_PLACES


def _glued_shown(written: str, after_sign: bool, ends: Iterable[frozenset[int]], spelled: bool = False) -> bool:
    """Whether a word as written (``written``, that folds, or with ``spelled`` is spelled in ASCII, as a person's name
    glued family name first, its words ending at one of ``ends``) is read as the name: any word written as a name, in
    a sentence, a handle, a link, a mail address or in capitals ("Ivanovdmitry", "@Ivanovdmitry85", "IVANOVDMITRY"),
    but a place that reads so (``GLUED_PLACES``: "Shanghai", "@Shanghai", "XINJIANG" for a "Hai Shang" or a "Jiang
    Xin", after "@" or "#" too), unless the word shows the name's words, a capital after a lower-case letter or a
    character that parts words where each word begins ("ShangHai", "Ivanov\x00Dmitry"). ``after_sign`` (whether the
    word follows "@" or "#") no longer decides: a place is one in a hashtag too."""
    if not any(map(_cased, written)):
        return True
    offsets, at = set(), 0
    for piece in _segments(written)[:-1]:
        folded = _fold_key(piece)
        at += len(spelling_key(folded) or folded) if spelled else len(folded)
        offsets.add(at)
    return any(e <= offsets for e in ends) or not _is_glued_place(written)


def _sign_before(text: str, start: int) -> bool:
    """Whether the word at ``start`` of ``text`` follows "@" or "#" (``_HANDLE_SIGNS``): a handle or a hashtag."""
    return start > 0 and text[start - 1] in _HANDLE_SIGNS


#: What shows a word to be a part of a link or a mail address: after it, "@" (the user part of a mail address:
#: "dmitryivanov@mail.ru") or a dot and a label in lower case (a host: "dmitryivanov.ru", "dmitryivanov.co.uk/");
#: before it, a slash (a path, or a host after "//": "x.com/dmitryivanov") or what begins a query's value ("?u=").
_LINK_AFTER = re.compile("[@\uff20]|\\.[a-z]{2,24}(?!\\w)")
_LINK_BEFORE = "/="


def _in_link(text: str, start: int, end: int) -> bool:
    """Whether the word from ``start`` to ``end`` of ``text`` is a handle or a hashtag (``_sign_before``) or a part of a
    link or a mail address (``_LINK_AFTER``, ``_LINK_BEFORE``): where a name glued given name first is written in lower
    case as an account is ("x.com/dmitryivanov", "dmitryivanov@mail.ru", "dmitryivanov.ru"), and where the register,
    which holds every name, reads it so; never in a sentence ("Sheer willpower." for a "Will Power")."""
    if start > 0 and (text[start - 1] in _HANDLE_SIGNS or text[start - 1] in _LINK_BEFORE):
        return True
    return _LINK_AFTER.match(text, end) is not None


def _last_name_word(words: tuple[str, ...], before: int) -> int:
    """Where the last word of ``words`` before ``before`` that is not a particle is, or 0."""
    return next((k for k in range(before - 1, 0, -1) if words[k] not in _NOT_ALONE), 0)


#: What stands between a family name written first and the given name after it: spaces, and a comma at most (the
#: Arabic "،", the ideographic "、" or the full-width "，" too), on one line ("Ivanov, Dmitry", "ИВАНОВ Дмитрий",
#: "رجب، نبيل") or across one line break after the comma; never a full stop or a line break alone, where two names
#: of a list or two sentences meet ("... met Ivanov. Dmitry Petrov then ...", "Ivanov\nDmitry Petrov").
_LINE_SPACE = f"[^\\S\\n\\r\\x0b\\x0c\\x1c-\\x1e\\x85\\u2028\\u2029]|{ZWSP}"  # a space, not a line break
_LINE_BREAK = "\\r\\n|[\\n\\r\\x0b\\x0c\\x85\\u2028]"  # one line break, not a paragraph's
#: A comma may end a line, the given name beginning the next ("Ivanov,\nDmitry": a line that wraps).
_SIDE_BY_SIDE = re.compile(f"(?:{_LINE_SPACE})*(?:[,\u060c\u3001\uff0c](?:{_LINE_SPACE})*"
                           f"(?:(?:{_LINE_BREAK})(?:{_LINE_SPACE})*)?)?")


#: What the words of a name begun before a handle and ended in it stand apart by (``_words_before``): spaces on one
#: line or a hyphen, a dash or an apostrophe between two words (``NAME_JOINERS``: "Abdulhadi Al-Khawaja_85",
#: "Abdulhadi Al’Khawaja_85"), and, before the handle, spaces and its "@" ("Dmitry @Ivanov85"); never a full stop
#: or a line break, where two sentences or two names of a list meet, and a comma only after a family name written
#: first (``_HANDLE_COMMA_GAP``, ``_SIDE_BY_SIDE``: "Ivanov, Dmitry_85").
_NAME_GAP = re.compile(f"(?:{_LINE_SPACE}|{_PART})+|[{re.escape(NAME_JOINERS)}]")
_HANDLE_GAP = re.compile(f"(?:{_LINE_SPACE}|{_PART})+@?|[{re.escape(NAME_JOINERS)}]")
_HANDLE_COMMA_GAP = re.compile(f"(?:{_SIDE_BY_SIDE.pattern})@?")


def _side_by_side(gap: str) -> bool:
    """Whether what parts two words (folded) lets them be one name read family name first (``_SIDE_BY_SIDE``)."""
    return _SIDE_BY_SIDE.fullmatch(gap) is not None


def _family_first_across(before: _Before, handle: _Handle, i: int) -> _Accept:
    """Whether a name read family name first, of ``n`` words from the word ``i`` before a handle, its first ``split``
    the family name, is written so as ``PhraseIndex._family_first_accepted`` accepts it in words: the family name
    all before the handle, a comma at most after it and none elsewhere (``_Before.commas``), its words written as
    names (a particle in lower case too)."""
    count = len(before.folded)

    def as_name_at(j: int) -> bool:
        return as_name(before.written[j]) if j < count else handle.as_name(j - count)

    def accept(n: int, split: int) -> bool:
        family_end = i + split - 1
        return (family_end < count and not any(before.commas[j] for j in range(i, count) if j != family_end)
                and all(before.folded[j] in _NOT_ALONE or as_name_at(j) for j in range(i, min(i + n, count)))
                and all(handle.folded[j - count] in _NOT_ALONE or as_name_at(j) for j in range(count, i + n))
                and any(as_name_at(j) for j in range(i, i + n)))

    return accept


#: A patronymic (folded: "й" as "и", "ї" as "і"), in any case of a Russian, Ukrainian or Belarusian text, and
#: romanised: "Сергеевич", "Сергеевичу", "Григорович", "Віктаравіч", "Ильич", "Сергеевна", "Сергіївна", "Сяргееўна",
#: "Sergeyevich", "Sergeevna", "Hryhorovych". Written between a protected given name and family name ("Дмитрий
#: Сергеевич Иванов" for "Дмитрий Иванов"), it leaves them one name (``_ByFirstWords.found_at``).
_PATRONYMIC_LATIN = r"(?:[oe]vi?ch|[oe]vych|[oe]vitch|avich)(?:a|u|em|e)?|(?:ovn|evn|ivn|ichn)(?:a|y|e|u|oy|oi)"
_PATRONYMIC = re.compile("(?:[оеаі]в[иі]ч|ьич|ич)(?:а|у|ем|е|ові|еві)?$"
                         "|(?:[оеаі]вн|ичн|[аеі]ун)(?:а|ы|е|у|ой|і|ою|ої|ій|ай)$"
                         f"|(?:{_PATRONYMIC_LATIN})$")
#: Whether a text in ASCII may hold a patronymic romanised: one search, in C, before it is read word by word.
_PATRONYMIC_ASCII = re.compile(f"(?:{_PATRONYMIC_LATIN})\\b", re.IGNORECASE | re.ASCII)


class _ByFirstWords:
    """Names' words (folded) found from where they start in a text: a name of one word by that word, a longer one
    by its first two words, so that the few names starting with two words of a text are compared, never the
    hundreds that share a given name ("Dmitry", "Muhammad") or the particle of a family name written first ("al").
    A name of three words or more whose second word is a particle ("Ali al Salman", "Ali bin Salman": ``NEVER_ALONE``)
    by its first three words, so that a text's "Ali al" or "Ali bin" is not compared with every name of an "Ali" as
    others spell it. Each name of two words or more with how many family-name words it begins with when it is only a
    name read family name first (``_family_first_readings``), else 0."""

    __slots__ = ("ones", "_two", "firsts", "patronymics", "_longest")

    def __init__(self, patronymics: bool = False) -> None:
        self.ones: set[str] = set()  # the names of one word
        self._two: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        self.firsts: set[str] = set()  # the first words of the names of two words or more
        # Whether a name given name first is found with a patronymic written after its first word (``_PATRONYMIC``:
        # "Дмитрий Сергеевич Иванов" for "Дмитрий Иванов"), and how many words the longest name has.
        self.patronymics = patronymics
        self._longest = 0

    def __bool__(self) -> bool:
        return bool(self.firsts) or bool(self.ones)

    def add(self, words: tuple[str, ...], split: int = 0) -> None:
        if len(words) == 1:
            self.ones.add(words[0])
        else:
            self.firsts.add(words[0])
            key = words[:3] if len(words) > 2 and words[1] in _NOT_ALONE else words[:2]
            self._two.setdefault(key, []).append((words, split))
            self._longest = max(self._longest, len(words))

    def done(self) -> None:
        for candidates in self._two.values():
            if len(candidates) > 1:
                candidates.sort(key=lambda name: len(name[0]), reverse=True)

    def start_pattern(self) -> re.Pattern[str]:
        """A regular expression finding, in a text in ASCII, where a name of two words or more in ASCII may start:
        its first two words one after the other, in any case ("Ivanov, Dmitry" for "ivanov dmitry"). For the few
        names of a ``Guard``: one search, in C, instead of reading the text word by word."""
        body = _trie({f"{key[0]}\x00{key[1]}" for key in self._two if key[0].isascii() and key[1].isascii()})
        if not body:
            return re.compile("(?!)")  # matches nothing
        return re.compile(f"\\b{body.replace(chr(0), '[^0-9A-Za-z_]+')}\\b", re.IGNORECASE | re.ASCII)

    def found_at(self, words: list[str], i: int, family_first: _Accept | None = None,
                 spaced: Callable[[int], bool] | None = None) -> int:
        """How many words of ``words`` from ``i`` are a name (the longest), or 0; a name read family name first only
        where ``family_first`` accepts it there; a patronymic inside a name only where ``spaced`` (whether the words
        ``k`` and ``k + 1`` stand apart by spaces alone), if given, says it stands in it ("Dmitry, Abramovich, Ivanov"
        is a list)."""
        word = words[i]
        if i + 1 < len(words) and word in self.firsts:
            n = self._found_from(words, i, family_first)
            if n:
                return n
            after = words[i + 1]
            if self.patronymics and i + 2 < len(words) and len(after) >= 5 and _PATRONYMIC.search(after) and (
                    spaced is None or (spaced(i) and spaced(i + 1))):
                # "Дмитрий Сергеевич Иванов": the name given name first, its patronymic left out (a few words read)
                n = self._found_from([word, *words[i + 2:i + 1 + self._longest]], 0, None)
                if n > 1:
                    return n + 1
        return 1 if word in self.ones else 0

    def _found_from(self, words: list[str], i: int, family_first: _Accept | None) -> int:
        """How many words of ``words`` from ``i`` are a name of two words or more (the longest), or 0."""
        word, after = words[i], words[i + 1]
        keys = ((word, after, words[i + 2]), (word, after)) if after in _NOT_ALONE and i + 2 < len(words) else (
            (word, after),)
        for key in keys:  # the names of three words or more first, as the longest are
            for name, split in self._two.get(key, ()):
                n = len(name)
                if tuple(words[i + len(key):i + n]) == name[len(key):] and (
                        not split or (family_first is not None and family_first(n, split))):
                    return n
        return 0


class PhraseIndex:
    """Whole names found word by word through a dictionary, for tens of thousands of names (a regular
    expression of that many names takes seconds to compile). Case-insensitive; the words of a name match
    whatever separates them in the text ("Al-Khawaja", "al Khawaja"); a name of one word only where it is
    written as a name (``as_name``). A name of two words or more is found family name first too
    (``_family_first_readings``: "Ivanov, Dmitry", "ИВАНОВ Дмитрий", "Al-Khawaja, Abdulhadi", "Núñez García, José")
    where its words are written as names and the family name stands beside the given name
    (``_family_first_accepted``). Names in scripts written without spaces (Chinese, Japanese, Korean) match
    anywhere, through a small regular expression."""

    def __init__(self) -> None:
        self._first = _ByFirstWords(patronymics=True)
        self._spelled = _ByFirstWords(patronymics=True)  # a name not in ASCII, by its words' ``spelling_key``
        # The names of two words or more read family name first, so kept apart: found only as written so.
        self._family_first = _ByFirstWords()
        self._family_first_spelled = _ByFirstWords()
        self._unspaced: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        # Names of two words or more, to be found romanised otherwise (``_romanised_at``): those in ASCII and the
        # others, kept as added and made into ``_Romanised`` indexes when a text first needs them.
        self._latin = _Romanised()
        self._other = _Romanised()
        self._family_first_start: re.Pattern[str] | None = None  # ``may_hold_family_first``, made when first asked
        # The names of two words or more glued ("dmitryivanov", and, a person's, "ivanovdmitry"): whole names in a
        # handle, however it glues them (``handle_at``); and how long the longest name of one word is.
        self._glued: set[str] = set()
        # A person's names glued family name first (``_glued_family_first_readings``), folded and spelled in ASCII,
        # with the ends of their words: found only where a text shows them (``_glued_shown``), never "Shanghai" for
        # a "Hai Shang"; and the names of several words glued given name first, found in lower case too in a handle
        # or after "@" or "#" ("@dmitryivanov"), as ``Guard`` finds them.
        self._family_glued: dict[str, list[frozenset[int]]] = {}
        self._joined: set[str] = set()
        # A person's names read family name first, folded and spelled in ASCII: found ending in a handle (``across``),
        # never an organisation's ("Centre @Bahrain_2024" is no form of "Bahrain Centre").
        self._persons_family_first: set[tuple[str, ...]] = set()
        self._longest_one = 0
        self.most_words = 0  # how many words the longest name has (``across``)

    def add(self, phrase: str, words: tuple[str, ...], *, glued: bool = True, turned: bool = True) -> None:
        """A name and its words, folded (``_key``), and, of two words or more, read family name first; with
        ``glued``, also glued family name first ("IvanovDmitry"): a person's name, never an organisation's
        ("@CentreBahrain" is no form of "Bahrain Centre"). Without ``turned`` (a name as others spell it:
        ``_variants``), only as written (given name first, or family name first where its words are written as
        names), never glued family name first nor romanised otherwise."""
        if not phrase.isascii() and _UNSPACED.search(phrase):
            self._unspaced.add(phrase)
        elif words and len(phrase) >= 3:
            # A name in another alphabet as others spell it ("Дмитрию Иванову") is found as written and word by word
            # spelled in ASCII, not romanised otherwise: its forms share the keys of the name (``_buckets``), and each
            # word of a text in Latin letters would be compared with all of them.
            self._add(phrase, words, self._first, self._spelled, romanised=turned or phrase.isascii())
            self.most_words = max(self.most_words, len(words))
            if len(words) > 1 and not turned:
                self._glued.add("".join(words))
                self._joined.add("".join(words))
                # Family name first as well, where its words are written as names, as the name as read is
                # ("Иванову Дмитрию", "Khawaja, Abdul Hadi"), but not romanised otherwise nor glued so.
                # One reading only, not all those of ``_family_first_readings``: the last word with the particles before
                # it first ("Al-Khawaja Abdul Hadi"); a spelling is never the name as read (``_read_names``).
                begin = len(words) - 1
                while begin > 1 and words[begin - 1] in _NOT_ALONE:
                    begin -= 1
                self._add(phrase, (*words[begin:], *words[:begin]), self._family_first, self._family_first_spelled,
                          len(words) - begin, romanised=False)
                self._family_first_start = None
            elif len(words) > 1:
                for reading, split in _family_first_readings(words).items():
                    if _is_glued_place("".join(reading)):
                        continue  # "Hong Kong" is the place, not "Kong Hong" turned round, as "Hongkong" is
                    self._add(phrase, reading, self._family_first, self._family_first_spelled, split)
                self._family_first_start = None
                self._glued.add("".join(words))
                self._joined.add("".join(words))
                if glued:  # "IvanovDmitry", as "DmitryIvanov" is a reading of the name, where a text shows it
                    for reading in _family_first_readings(words):
                        self._persons_family_first.update((reading, tuple(spelling_key(w) or w for w in reading)))
                        one_word = "".join(reading)
                        self._family_glued.setdefault(one_word, []).append(_glued_ends(reading))
                        self._glued.add(one_word)
                        if not phrase.isascii():  # "ИвановДмитрий" read "IvanovDmitrii", word by word
                            spelled = [spelling_key(w) or w for w in reading]
                            for key in {"".join(spelled), spelling_key(one_word) or one_word} - {one_word}:
                                self._family_glued.setdefault(key, []).append(_glued_ends(spelled))

    def _add(self, phrase: str, words: tuple[str, ...], first: _ByFirstWords, spelled_first: _ByFirstWords,
             split: int = 0, romanised: bool = True) -> None:
        """A name's words (or, ``split`` family-name words first, those of a reading family name first) into
        ``first``, spelled in ASCII into ``spelled_first``, and, of two words or more, with ``romanised``, into the
        names to find romanised otherwise."""
        first.add(words, split)
        if not phrase.isascii():
            spelled = tuple(spelling_key(w) or w for w in words)
            if spelled != words and not (len(words) == 1 and _ABJAD.search(phrase)):
                spelled_first.add(spelled, split)
        if len(words) > 1 and romanised:
            (self._latin if phrase.isascii() else self._other).add(words, split)

    @property
    def other_scripts(self) -> bool:
        """Whether a text in ASCII may hold one of these names written otherwise: a name in another alphabet."""
        return bool(self._spelled) or bool(self._other)

    def may_hold_family_first(self, parted: str) -> bool:
        """Whether a text in ASCII, as read (``_as_parted``: by an entry point), holds two words, one after the other,
        that begin one of these names read family name first ("Ivanov", "Dmitry" of "Ivanov, Dmitry"): one search
        (``_ByFirstWords.start_pattern``), before the text is read word by word."""
        if self._family_first_start is None:
            self._family_first_start = self._family_first.start_pattern()
        return self._family_first_start.search(parted) is not None

    def add_anywhere(self, word: str) -> None:
        """A word of a name (folded) in a script written without spaces: found wherever it appears."""
        if _UNSPACED.search(word):
            self._unspaced.add(word)

    def done(self) -> PhraseIndex:
        for index in (self._first, self._spelled, self._family_first, self._family_first_spelled):
            index.done()
        self._pattern = _trie_pattern(self._unspaced)
        self._longest_one = max(map(len, (*self._first.ones, *self._spelled.ones, *self._family_glued)), default=0)
        return self

    def _glued_found(self, key: str, written: str, after_sign: bool, spelled: bool) -> bool:
        """Whether a word (``key``: folded, or with ``spelled`` spelled in ASCII; ``written``: as written) is a person's
        name glued family name first (``_family_glued``) where the text shows it (``_glued_shown``)."""
        return key in self._family_glued and _glued_shown(written, after_sign, self._family_glued[key], spelled)

    def sub(self, text: str, repl: str, *, romanised_by_word: bool = False, handles: bool = False,
            has_handles: bool | None = None, least_words: int = 1) -> str:
        """Every name in ``text`` replaced by ``repl``, between markers; with ``romanised_by_word``, a name found
        romanised otherwise (``_RomanisedText``) word by word, each word replaced on its own; with ``handles``, in
        the parts of a word glued as a handle glues it too (``handle_at``: "@[…]85" for "@DmitryIvanov85");
        ``has_handles``: whether the text may hold one, where the caller has read that (``_handles_in``). With
        ``least_words`` (2), only a name found in that many words or more, between spaces (no word alone, none in a
        script written without spaces, none in a handle)."""
        if not text:
            return text
        if least_words > 1:
            return _outside_markers(text, lambda part: _matched(
                part, lambda reading: self._hits(reading, repl, romanised_by_word, least_words)))
        handles = handles and bool(self._first) and _handles_in(text, has_handles)
        if self._pattern is not None:
            pattern = self._pattern
            text = _outside_markers(text, lambda part: _sub_pattern(pattern, part, lambda _: repl))
        if not self._first:
            return text
        text = _outside_markers(text, lambda part: _matched(
            part, lambda reading: self._hits(reading, repl, romanised_by_word)))
        if handles:
            text = _outside_markers(text, lambda part: _in_handles(
                part, lambda handle, i: (hit[0], repl, hit[1]) if (hit := self.handle_at(handle, i)) else None,
                self.across_as(repl), self.most_words))
        return text

    def across(self, before: _Before, handle: _Handle) -> tuple[int, int] | None:
        """A name of several words begun in the words ``before`` a handle and ended in its first parts
        (``_in_handles``), as ``_hits`` finds one in words: given name first, in any case, nothing but spaces, a
        joiner or the handle's "@" between its words ("Dmitry Ivanov_85", "dmitry @ivanov85"), or in another script or
        romanised otherwise ("Dmitriy Ivanov_85" for "Дмитрий Иванов"); and family name first where its words are
        written as names, a comma at most after the family name (``_family_first_across``: "Ivanov Dmitry_85",
        "Ivanov, @Dmitry85", "Al-Khawaja Abdulhadi_85", "Núñez García, José_85"). How many of those words and how
        many parts, the most words first."""
        folded = [*before.folded, *handle.folded]
        in_ascii = all(map(str.isascii, before.folded)) and handle.ascii
        spelled = [spelling_key(w) or w for w in folded] if self._spelled or not in_ascii else []
        romanised = (_RomanisedText(folded, self._latin, self._other, in_ascii)
                     if self._other or (self._latin and not in_ascii) else None)

        def at(i: int, k: int, plain: bool) -> int:
            n = 0
            if plain:
                n = self._written_at(folded, spelled, i, self._first, self._spelled)
                if n <= k and romanised is not None and i in romanised.starts:
                    n = romanised.found_at(i)
            if n <= k and self._persons_family_first:  # a person's name only
                n = self._written_at(folded, spelled, i, self._family_first, self._family_first_spelled,
                                     _family_first_across(before, handle, i))
                if not ({tuple(folded[i:i + n]), tuple(spelled[i:i + n])} & self._persons_family_first):
                    n = 0
            return n

        return _across(before, at)

    def across_as(self, repl: str) -> _Across:
        """``across``, what it finds replaced by ``repl``, as ``_in_handles`` reads it."""
        return lambda before, handle: (hit[0], hit[1], repl) if (hit := self.across(before, handle)) else None

    def __bool__(self) -> bool:
        """Whether any name outside the scripts written without spaces is held (what ``_hits`` reads)."""
        return bool(self._first)

    def handle_at(self, handle: _Handle, i: int,
                  written: Mapping[str, Collection[str]] | None = None) -> tuple[int, bool] | None:
        """The longest name in the parts of a handle from part ``i`` (``_in_handles``): how many parts, and whether it
        is a whole name rather than a name of one word. As ``_hits`` finds names in words, by the same rules: a
        name of several words given name first, one part a word, in any case ("Dmitry_Ivanov", "dmitry_ivanov",
        "@DmitryIvanov85"); a name glued (of one part or of several: "IvanovDmitry1985", a person's family name
        first) or of one word only where written as a name (``as_name``), or, ``written`` (a name's key: the name
        as written, without case, ``Guard``), so written in lower case ("dmitryivanov85"). Never family name first
        with glue between the names ("@Centre_Bahrain" is no form of the organisation "Bahrain Centre"; a person's
        "Ivanov_Dmitry" is found glued, "IvanovDmitry")."""
        folded = handle.folded
        spelled = handle.spelled() if self._spelled or not handle.ascii else []

        def as_written(j: int, k: int, key: str) -> bool:
            return handle.as_name(j) or key in self._joined or (
                written is not None and key in written and _as_written(handle.written(j, k)) in written[key])

        n = self._written_at(folded, spelled, i, self._first, self._spelled)
        if n < 2 and (self._other or (self._latin and not handle.ascii)):  # "@Dmitry_Ivanov" for "Дмитрий Иванов"
            romanised = handle.romanised.get(id(self))
            if romanised is None:
                romanised = handle.romanised[id(self)] = _RomanisedText(folded, self._latin, self._other,
                                                                        handle.ascii)
            if i in romanised.starts:
                n = max(n, romanised.found_at(i))
        best = (n, True) if n > 1 else None
        joined, joined_spelled = folded[i], spelled[i] if spelled else ""
        for k in range(i + 2, len(folded) + 1):  # parts glued: "Ivanov" "Dmitry" of "IvanovDmitry1985"
            joined += folded[k - 1]
            joined_spelled += spelled[k - 1] if spelled else ""
            if len(joined) > self._longest_one and (not spelled or len(joined_spelled) > self._longest_one):
                break
            if (joined in self._first.ones or (spelled and (joined_spelled in self._first.ones
                                                            or joined_spelled in self._spelled.ones))
                    ) and as_written(i, k, joined) and (best is None or k - i > best[0]):
                best = (k - i, True)
            elif (best is None or k - i > best[0]) and handle.as_name(i) and (  # "@AlKhawajaMaryam85"
                    (joined in self._family_glued and handle.glued_shown(i, k, self._family_glued[joined]))
                    or (spelled and joined_spelled in self._family_glued
                        and handle.glued_shown(i, k, self._family_glued[joined_spelled], spelled=True))):
                best = (k - i, True)
        if best is None and n == 1 and as_written(i, i + 1, folded[i]):
            best = (1, folded[i] in self._glued)
        if best is None and not n and handle.as_name(i) and (  # "@Ivanovdmitry85", never "Shanghai2025"
                (folded[i] in self._family_glued and handle.glued_shown(i, i + 1, self._family_glued[folded[i]]))
                or (spelled and spelled[i] in self._family_glued
                    and handle.glued_shown(i, i + 1, self._family_glued[spelled[i]], spelled=True))):
            best = (1, True)
        return best

    def _hits(self, reading: _Reading, repl: str, romanised_by_word: bool = False,
              least_words: int = 1) -> list[tuple[int, int, str]]:
        """The names in a folded text, as written or word by word in another script ("Дмитрий Иванов" is
        "dmitrii ivanov", found for a name so spelled, and "Иванов" for "Ivanov"), and a name of two words or more
        romanised otherwise (``_RomanisedText``: "Дмитрий Иванов" for "Dmitry Ivanov" too); each family name first
        too, where the text writes it so (``_family_first_accepted``: "Иванов, Дмитрий")."""
        words = _words(reading)
        folded = [w.group(0) for w in words]
        in_ascii = reading.folded.isascii()
        spelled = folded
        if not in_ascii:
            spelled = [spelling_key(w) or w for w in folded]
        elif not (self._spelled or self._family_first_spelled):
            spelled = []
        romanised = (_RomanisedText(folded, self._latin, self._other, in_ascii)
                     if self._other or (self._latin and not in_ascii) else None)
        starts = romanised.starts if romanised is not None else {}
        named: dict[int, bool] = {}

        def as_name_at(k: int) -> bool:
            if k not in named:
                named[k] = as_name(reading.original(words[k].start(), words[k].end()))
            return named[k]

        def spaced(k: int) -> bool:  # a patronymic stands in a name by spaces alone
            return _NAME_GAP.fullmatch(reading.folded[words[k].end():words[k + 1].start()]) is not None

        out, i = [], 0
        while i < len(words):
            n = self._written_at(folded, spelled, i, self._first, self._spelled, spaced=spaced)
            family_first = None
            if not n and i + 1 < len(words) and (
                    i in starts or folded[i] in self._family_first.firsts or (spelled and (
                        spelled[i] in self._family_first.firsts or spelled[i] in self._family_first_spelled.firsts))
                    ) and (folded[i] in _NOT_ALONE or as_name_at(i)):
                family_first = self._family_first_accepted(reading, words, folded, i, as_name_at)
                n = self._written_at(folded, spelled, i, self._family_first, self._family_first_spelled,
                                     family_first)
            if n <= 1 and i in starts and romanised is not None:  # longer than a one-word name there ("taras")
                n = max(n, romanised.found_at(i, family_first))
                if n > 1 and romanised_by_word:
                    out += [(w.start(), w.end(), repl) for w in words[i:i + n]]
                    i += n
                    continue
            if not n and self._family_glued and as_name_at(i):  # "IvanovDmitry", never "Shanghai"
                key = folded[i] if folded[i] in self._family_glued else spelled[i] if spelled else ""
                if key in self._family_glued:
                    begin, end = reading.span(words[i].start(), words[i].end())
                    n = int(self._glued_found(key, reading.text[begin:end], _sign_before(reading.text, begin),
                                              key != folded[i]))
            if n >= least_words and (n > 1 or as_name_at(i) or (  # a name glued given name first after "@", in a
                    folded[i] in self._joined and _in_link(reading.text, *reading.span(*words[i].span())))):  # link
                out.append((words[i].start(), words[i + n - 1].end(), repl))
                i += n
            else:
                i += 1
        return out

    @staticmethod
    def _family_first_accepted(reading: _Reading, words: list[re.Match[str]], folded: list[str], i: int,
                               as_name_at: Callable[[int], bool]) -> _Accept:
        """Whether a name read family name first, of ``n`` words from ``i``, its first ``split`` the family name, is
        written so: its family name beside its given name (``_side_by_side``: "Ivanov, Dmitry", "ИВАНОВ Дмитрий",
        never across a full stop or a line break), and its words written as names (``as_name``: "How long will
        the detention last?" holds no "Will Long"), a particle (``core.text.NEVER_ALONE``) in lower case too
        ("al-Khawaja, Maryam")."""

        def accept(n: int, split: int) -> bool:
            after = i + split
            return (after < len(words) and _side_by_side(reading.folded[words[after - 1].end():words[after].start()])
                    and all(folded[k] in _NOT_ALONE or as_name_at(k) for k in range(i, i + n))
                    and any(as_name_at(k) for k in range(i, i + n)))

        return accept

    @staticmethod
    def _written_at(folded: list[str], spelled: list[str], i: int, first: _ByFirstWords, spelled_first: _ByFirstWords,
                    family_first: _Accept | None = None, spaced: Callable[[int], bool] | None = None) -> int:
        """How many words from ``i`` are a name of ``first`` as written (``folded``), or word by word in another
        script (``spelled``: their ``spelling_key``), or a name of ``spelled_first`` (not in ASCII) so spelled; a
        name read family name first only where ``family_first`` accepts it."""
        word = folded[i]
        if (word in first.firsts or word in first.ones) and (n := first.found_at(folded, i, family_first, spaced)):
            return n
        if not spelled:
            return 0
        word = spelled[i]  # the look-ups: most words of a text begin no name
        if not (word in first.firsts or word in first.ones or word in spelled_first.firsts
                or word in spelled_first.ones):
            return 0
        return ((spelled is not folded and first.found_at(spelled, i, family_first, spaced))
                or spelled_first.found_at(spelled, i, family_first, spaced))

    def found(self, text: str, *, has_handles: bool | None = None) -> bool:
        return OPEN in self.sub(neutralise(text), OPEN, handles=True, has_handles=has_handles)


ERASED_LABEL = b"erased-name"
_ERASED_KIND = "~erased:"  # how ``RegisterNames.load`` tells the erased names' rows from the parties'
_ERASED_KEY = "~erased-key"  # and the row of their key (``cases.models.ErasedNameKey``)
_ERASED_LONGEST = 8  # words: a longer name is kept by its first eight words


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


class ErasedNames:
    """The names erased from the register, known only by keyed hashes (``cases.models.ErasedName``): once a
    person is erased the register no longer holds their names, so without these the redaction would let
    them through wherever a text still held one (a text typed after the erasure, a copy the erasure could
    not reach). A text's words, and its runs of words, are hashed and looked up under the hashes' own key
    (``cases.models.ErasedNameKey``, which a key rotation re-encrypts but does not change), and, for rows
    written before that key existed, under each data key they were made under that is still configured."""

    def __init__(self, rows: Iterable[tuple[str, str, str, int]] = (), secret: bytes | None = None) -> None:
        """``rows`` as stored; ``secret``: the hashes' key (``cases.models.ErasedNameKey``), for the rows of
        key id ``ERASED_NAME_KEY_ID``. Older rows name the data key they were made under."""
        from reprisals.cases.models import ERASED_NAME_KEY_ID
        from reprisals.core import crypto

        self._digests: dict[str, dict[str, set[str]]] = {}  # key id -> kind -> digests
        self.longest = 0
        for key_id, kind, digest, words in rows:
            self._digests.setdefault(key_id, {}).setdefault(kind, set()).add(digest)
            if kind == "phrase":
                self.longest = max(self.longest, min(words, _ERASED_LONGEST))
        self._keys: list[tuple[bytes, dict[str, set[str]]]] = []
        for key_id, kinds in self._digests.items():
            if key_id == ERASED_NAME_KEY_ID:
                if secret is not None:
                    self._keys.append((_erased_key(secret), kinds))
                continue
            try:  # written before the hashes had their own key: under a data key, while it is configured
                self._keys.append((crypto.index_key(ERASED_LABEL, key_id)[1], kinds))
            except KeyError:  # a data key no longer configured: its hashes can no longer be matched
                continue
        self._seen: dict[tuple[str, str], bool] = {}

    def __bool__(self) -> bool:
        return bool(self._keys)

    @staticmethod
    def rows(names: Iterable[str], individual: bool) -> list[tuple[str, str, str, int]]:
        """(key id, kind, digest, words) under the hashes' own key (``cases.models.ErasedNameKey``, made at
        first use) for ``names`` of one party: each name, its first word and, for a person, each word the
        redaction blanks alone (``RegisterNames.tokens``)."""
        from reprisals.cases.models import ERASED_NAME_KEY_ID, ErasedNameKey

        key_id, key = ERASED_NAME_KEY_ID, _erased_key(ErasedNameKey.current())
        out: set[tuple[str, str, str, int]] = set()
        read = NameSet(0, tuple(names), individual)
        own = frozenset(read.names)  # the words of a variant are no words of the name (``NameSet.tokens``)
        for name in (*read.names, *read.variants_as_read()):  # as read, glued as printed, and as others spell it
            # As before the folding (kept so that the rows match as the older ones do), and folded.
            for words in (tuple(_LEGACY_WORD.findall(_fold(name))), tuple(_WORD.findall(_key(name)))):
                words = words[:_ERASED_LONGEST]
                if not words:
                    continue
                out.add((key_id, "phrase", _digest(key, " ".join(words)), len(words)))
                out.add((key_id, "start", _digest(key, words[0]), 1))
                if individual and name in own:
                    out |= {(key_id, "token", _digest(key, w), 1) for w in words
                            if len(w) >= 3 and w not in _NOT_ALONE}
        out |= {(key_id, "token", _digest(key, w), 1) for w in read.tokens()}
        return sorted(out)

    def _has(self, kind: str, folded: str) -> bool:
        hit = self._seen.get((kind, folded))
        if hit is None:
            hit = any(_digest(key, folded) in kinds.get(kind, ()) for key, kinds in self._keys)
            if len(self._seen) > 200_000:  # kept across reports with the register's names: bounded
                self._seen.clear()
            self._seen[(kind, folded)] = hit
        return hit

    def sub(self, text: str, repl: str, *, tokens: bool = True, has_handles: bool | None = None) -> str:
        """Every erased name in ``text`` (whatever separates its words, in any case; a name of one word only
        where written as a name), and with ``tokens`` every word of one written as a name, replaced by
        ``repl``, between markers; in the parts of a word glued as a handle glues it too (``handle_at``), where
        the text may hold one (``has_handles``, where the caller has read that: ``_handles_in``)."""
        if not text or not self._keys:
            return text
        handles = _handles_in(text, has_handles)

        def part_sub(part: str) -> str:
            # The words as the older rows hold them (``_fold`` of the words as written), then folded; each in
            # the text as read and glued where a zero-width space parts two words.
            part = _matched(part, lambda reading: self._hits(reading, repl, tokens, _fold), _same)
            part = _matched(part, lambda reading: self._hits(reading, repl, tokens, _same))
            return _in_handles(part, lambda handle, i: (hit[0], repl, hit[1])
                               if (hit := self.handle_at(handle, i, tokens)) else None,
                               lambda before, handle: (hit[0], hit[1], repl)
                               if (hit := self.across(before, handle)) else None, self.longest - 1) if handles else part

        return _outside_markers(text, part_sub)

    def across(self, before: _Before, handle: _Handle) -> tuple[int, int] | None:
        """An erased name of several words begun in the words ``before`` a handle and ended in its first parts
        (``_in_handles``), in any case, nothing but spaces, a joiner or the handle's "@" between its words ("José
        Núñez_85", "jose @nunez1985"): how many of those words and how many parts, the most words first."""
        folded = [*before.folded, *handle.folded]

        def at(i: int, k: int, plain: bool) -> int:
            if plain and self._has("start", folded[i]):
                for n in range(min(self.longest, len(folded) - i), k, -1):
                    if self._has("phrase", " ".join(folded[i:i + n])):
                        return n
            return 0

        return _across(before, at)

    def handle_at(self, handle: _Handle, i: int, tokens: bool = True) -> tuple[int, bool] | None:
        """An erased name in the parts of a handle from part ``i`` (``_in_handles``), folded, as ``_hits`` finds one
        in words: of several words, one part a word, in any case ("@jose_nunez"); glued given name first (a
        name as printed glued is one of its rows: ``rows``) or of one word, or with ``tokens`` a word of one, where
        written as a name ("@JoseNunez85", "@Nunez1985"); a name of several words glued given name first in lower case
        too ("dmitryivanov85", ``glued``), and, written as a name, family name first ("Rajabnabeel85",
        "@Rajabnabeel", ``glued``), but a place that reads so (``GLUED_PLACES``: "@Shanghai"), as ``Guard`` finds
        them."""
        folded = handle.folded
        if self._has("start", folded[i]):
            for n in range(min(self.longest, len(folded) - i), 1, -1):
                if self._has("phrase", " ".join(folded[i:i + n])):
                    return n, True
        if not handle.as_name(i):
            return (1, True) if self.glued(folded[i], False) else None
        if self.glued(folded[i], not _is_glued_place(handle.written(i, i + 1))):  # "Rajabnabeel85", never "@Shanghai"
            return 1, True
        joined = folded[i]
        for k in range(i + 2, min(i + _ERASED_LONGEST, len(folded)) + 1):  # "JoseNunez" of "@JoseNunez85"
            joined += folded[k - 1]
            if self._has("start", joined) and self._has("phrase", joined):
                return k - i, True
        if self._has("start", folded[i]) and self._has("phrase", folded[i]):
            return 1, False
        return (1, False) if tokens and self._has("token", folded[i]) else None

    def _hits(self, reading: _Reading, repl: str, tokens: bool,
              fold: Callable[[str], str]) -> list[tuple[int, int, str]]:
        words = _words(reading, _LEGACY_WORD if fold is _fold else _WORD)
        folded = [fold(w.group(0)) for w in words]
        written = [reading.original(w.start(), w.end()) for w in words]
        out, i = [], 0
        while i < len(words):
            found = 0
            if as_name(written[i]) or self._has("start", folded[i]):
                if self._has("start", folded[i]):
                    for n in range(min(self.longest, len(words) - i), 0, -1):
                        if n == 1 and not as_name(written[i]):
                            break
                        if self._has("phrase", " ".join(folded[i:i + n])):
                            found = n
                            break
                if not found and tokens and as_name(written[i]) and self._has("token", folded[i]):
                    found = 1
            if not found and fold is _same and _in_link(reading.text, *reading.span(*words[i].span())) and (
                    self.glued(folded[i], as_name(written[i]) and not _is_glued_place(written[i]))):  # "@dmitryivanov"
                found = 1
            if found:
                out.append((words[i].start(), words[i + found - 1].end(), repl))
                i += found
            else:
                i += 1
        return out

    def glued(self, word: str, family_first: bool) -> bool:
        """Whether a word (folded) is an erased name of two words or more glued: given name first ("dmitryivanov", a
        row of its own: ``rows``, which a name's first word begins), or with ``family_first`` its last word first
        ("rajabnabeel" for "Nabeel Rajab"). A few look-ups for each place the word may be parted, cached; asked
        only of a word of a handle, or after "@" or "#"."""
        if len(word) < 4 or len(word) > 64:
            return False
        if self._has("phrase", word) and any(self._has("start", word[:j]) for j in range(2, len(word) - 1)):
            return True
        return family_first and any(self._has("phrase", f"{word[j:]} {word[:j]}") for j in range(2, len(word) - 1))

    def found(self, text: str, *, any_case: bool = False, has_handles: bool | None = None) -> bool:
        if not text or not self._keys:
            return False
        if OPEN in self.sub(neutralise(text), OPEN, has_handles=has_handles):
            return True
        if not any_case:
            return False

        def tokens(fold: Callable[[str], str]) -> Callable[[_Reading], list[tuple[int, int, str]]]:
            word = _LEGACY_WORD if fold is _fold else _WORD
            return lambda reading: [(w.start(), w.end(), "") for w in _words(reading, word)
                                    if self._has("token", fold(w.group(0)))]

        return _found(text, tokens(_fold), _same) or _found(text, tokens(_same))


def _erased_key(secret: bytes) -> bytes:
    """The erased names' HMAC key, derived from their own secret (not from the data key, which rotates)."""
    return hmac.new(secret, ERASED_LABEL, hashlib.sha256).digest()


def _digest(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


# The register's names as last read and made into dictionaries (``RegisterNames.load``): the names version
# read before the rows (None when the database has no token row), the rows as stored, and what they made.
_LAST: tuple[str | None, tuple, RegisterNames] | None = None
NAMES_VERSION_SQL = {  # see cases migration 0015_names_version
    "sqlite": "SELECT token, 0 FROM cases_names_version WHERE id = 1",
    "postgresql": "SELECT token, coalesce(current_setting('reprisals.names_dirty', true), '') = 'on' "
                  "FROM cases_names_version WHERE id = 1",
}


def names_version() -> str | None:
    """The register's names version: a random token the database's triggers change at every insert, update
    or delete (or truncate) of the parties, the erased names and their key, whatever wrote it. None when the
    row is missing, or (PostgreSQL, where the token changes at commit) when this transaction has written
    some not yet in it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(NAMES_VERSION_SQL[connection.vendor])
        row = cursor.fetchone()
    return str(row[0]) if row and not row[1] else None


class RegisterNames:
    """Every name of every party in the register (the name, other spellings, an anonymous person's real
    name), and the words of individuals' names as ``NameSet.tokens`` defines them. Loaded in one query
    per report, page or download, never per entry; matched through dictionaries, not a regular expression."""

    def __init__(self, sets: Iterable[NameSet] = (), erased: ErasedNames | None = None, *,
                 words_anywhere: bool = False) -> None:
        """``words_anywhere``: the names are those of the case a text is about (its own parties), so a word of
        one in a script written without spaces is found inside the words around it too ("สมชาย" in
        "นายสมชายถูกจับกุม"). Otherwise (the register: other cases) only a whole name is found so, and a word
        of a name only as a word: "ใจดี" of "มานี ใจดี" is also the word "kind" in "เขาเป็นคนใจดีมาก"."""
        self.phrases = PhraseIndex()
        self.tokens: set[str] = set()
        self.spellings = _Spellings()  # the tokens by their spelling in another script (``spelling_key``)
        self._names_of: dict[str, tuple[str, ...]] = {}  # a token: the names of (one) party it is a word of
        self._sounds: dict[str, frozenset[str]] = {}
        self.erased = erased if erased is not None else ErasedNames()
        self.words_anywhere = words_anywhere
        for names in sets:
            self._add(names)
        self.phrases.done()

    def _add(self, names: NameSet) -> None:
        own = names.names
        for name in (*names.names, *names.variants_as_read()):  # as read (``NameSet``), and as others spell it
            phrase = _key(name)
            self.phrases.add(phrase, tuple(_WORD.findall(phrase)), glued=names.individual, turned=name in own)
        for token, written in (names._tokens() if names.individual else {}).items():  # an individual's words
            # folded, and case-folded as written (as ``cases.erasure`` compares the words of a text with them)
            self.tokens.update((token, written.casefold()))
            self.spellings.add(token)
            self._names_of.setdefault(token, names.names)
            self._names_of.setdefault(written.casefold(), names.names)
            if self.words_anywhere:
                self.phrases.add_anywhere(token)
        for form, family in _declined_family_name(names.names if names.individual else ()).items():
            if family in self.tokens:  # a family name alone declined ("Иванову"), as the family name
                self.tokens.add(form)
                self.spellings.add(form)
                self._names_of.setdefault(form, names.names)

    @classmethod
    def load(cls) -> RegisterNames:
        """The names as the register holds them now, and the erased names' hashes, read in one query. Reading
        them costs little; making them into dictionaries costs more (about half a second for 50,000
        parties), so the last one made is kept. It is used again, after one tiny query, while the names
        version (``names_version``: a random token that the database's own triggers change at every write to
        those tables, bulk, raw SQL and rolled back writes included) is the one read before its rows were;
        when the version changed, the rows are read again and the dictionaries made again unless the rows
        are the same, row for row (spellings, kinds and real names as stored, encrypted under a fresh nonce
        at every write, and the hashes and their key). Without the version's row, the rows are compared at
        every call."""
        global _LAST
        version = names_version()  # before the rows: a write in between costs a rebuild later, never a stale hit
        last = _LAST
        if version is not None and last is not None and last[0] == version:
            return last[2]
        rows = cls.read_rows()
        out = last[2] if last is not None and last[1] == rows else cls._from_rows(rows)
        _LAST = (version, rows, out)
        return out

    @staticmethod
    def read_rows() -> tuple[tuple[int, str, str, str | None, str | None], ...]:
        """Every party's names, the erased names' hashes and their key, as stored, in one query."""
        from django.db.models import CharField, TextField, Value
        from django.db.models.functions import Cast, Concat

        from reprisals.cases.models import AffectedParty, ErasedName, ErasedNameKey

        parties = AffectedParty.objects.order_by().values_list(
            "pk", "kind", "name", Cast("name_variants", TextField()), Cast("protected_name", TextField()))
        erased = ErasedName.objects.order_by().values_list(
            "pk", Concat(Value(_ERASED_KIND), "kind", output_field=CharField()), "digest",
            Cast("key_id", TextField()), Cast("words", TextField()))
        key = ErasedNameKey.objects.order_by().values_list(  # the hashes' key, encrypted as stored
            "pk", Value(_ERASED_KEY, output_field=CharField()), Value("", output_field=CharField()),
            Value("", output_field=TextField()), Cast("secret", TextField()))
        return tuple(parties.union(erased, key, all=True).order_by("kind", "pk").iterator(chunk_size=2000))

    @classmethod
    def _from_rows(cls, rows: Iterable[tuple[int, str, str, str | None, str | None]]) -> RegisterNames:
        import json

        from reprisals.core import crypto

        out = cls()
        hashed, secret = [], None
        for pk, kind, name, variants, protected in rows:
            if kind == _ERASED_KEY:
                secret = base64.b64decode(crypto.decrypt(protected)) if protected else None
                continue
            if kind.startswith(_ERASED_KIND):  # an erased name's hash: digest, key id, words
                hashed.append((variants or "", kind[len(_ERASED_KIND):], name, int(protected or 1)))
                continue
            spellings = json.loads(variants) if variants else []
            names = [name, *(spellings if isinstance(spellings, list) else []),
                     crypto.decrypt(protected) if protected else ""]
            out._add(NameSet(pk, tuple(n for n in names if isinstance(n, str) and n), kind == "individual"))
        out.phrases.done()
        out.erased = ErasedNames(hashed, secret)
        return out

    @_reads_text
    def scrub(self, text: str, *, has_handles: bool | None = None) -> str:
        """A free text (already scrubbed of its own case's names) with every other name in the register, and
        every word of one, blanked. Only between markers, so a name already marked keeps its marker.
        ``has_handles``: whether the text may hold a word glued as a handle glues it, where the caller has read
        that (``_handles_in``); read here otherwise, once for every step."""
        if not text:
            return text
        handles = _handles_in(text, has_handles)
        # A name in another alphabet romanised otherwise ("Дмитрий Иванов" for "Dmitry Ivanov") word by word, as
        # the words of a name in another alphabet are blanked here ("[…] […]").
        text = self.phrases.sub(text, WITHHELD, romanised_by_word=True)
        if self.tokens:
            text = _outside_markers(text, lambda part: _matched(part, self._token_hits))
        if handles:  # in the parts of a handle: "@[…]85", "[…]_1985"
            across = self.phrases.across_as(WITHHELD)
            text = _outside_markers(text, lambda part: _in_handles(part, self._handle_at, across,
                                                                   self.phrases.most_words))
        return self.erased.sub(text, WITHHELD, has_handles=handles)


    def _handle_at(self, handle: _Handle, i: int, any_case: bool = False) -> _HandleHit | None:
        """A name in the parts of a handle from part ``i`` (``PhraseIndex.handle_at``), or a word of someone's name
        written as a name (or ``any_case``), as ``_token_hits`` finds one: blanked only where the handle holds a
        whole name too or nothing but such words ("@Ivanov85"; never "@Ivanov_Geneva")."""
        hit = self.phrases.handle_at(handle, i) if self.phrases else None
        if hit is not None:
            return hit[0], WITHHELD, hit[1]
        word = handle.folded[i]
        if (word in self.tokens or self.spellings.match(word) is not None) and (any_case or handle.as_name(i)):
            return 1, WITHHELD, False
        return None

    def _token_hits(self, reading: _Reading, any_case: bool = False) -> list[tuple[int, int, str]]:
        """The words of a folded text that are words of someone's name, written as a name (or ``any_case``)."""
        words = _words(reading)
        found: dict[int, str] = {}
        for j, w in enumerate(words):
            word = w.group(0)
            token = word if word in self.tokens else self.spellings.match(word)
            if token is not None and (any_case or as_name(reading.original(w.start(), w.end()))):
                found[j] = token
        if found and not reading.folded.isascii():
            found.update(_beside(reading, words, found, self._token_sounds))
        return [(words[j].start(), words[j].end(), WITHHELD) for j in sorted(found)]

    def _token_sounds(self, token: str) -> frozenset[str]:
        """The sound keys of the words of the names of the party ``token`` is a word of, made when first asked."""
        sounds = self._sounds.get(token)
        if sounds is None:
            sounds = self._sounds[token] = _name_sounds(self._names_of.get(token, ()))
        return sounds

    @_reads_text
    def guard(self, text: str, *, has_handles: bool | None = None) -> str:
        """Any full name of anyone in the register blanked (between markers, which resolve by consent).
        ``has_handles``: whether the text may hold a word glued as a handle glues it, where the caller has read
        that (``_handles_in``); read here otherwise, once for both steps."""
        if not text:
            return text
        handles = _handles_in(text, has_handles) if self.phrases or self.erased else False
        # An erased name's words too: nobody in the register holds them any more.
        return self.erased.sub(self.phrases.sub(text, WITHHELD, handles=True, has_handles=handles), WITHHELD,
                               has_handles=handles)

    @_reads_text
    def names_anyone(self, text: str, *, any_case: bool = False) -> bool:
        """Whether a text holds a name, or a word of a name (written as a name, or ``any_case``), of anyone
        in the register."""
        text = text or ""
        handles = _has_handles(text) if self.phrases or self.tokens or self.erased else False
        return (self.phrases.found(text, has_handles=handles)
                or (bool(self.tokens) and _found(text, lambda reading: self._token_hits(reading, any_case)))
                or (bool(self.tokens) and handles
                    and _in_handles(text, lambda handle, i: self._handle_at(handle, i, any_case),
                                    self.phrases.across_as(WITHHELD),
                                    self.phrases.most_words) != text)
                or self.erased.found(text, any_case=any_case, has_handles=handles))


# ---------------------------------------------------------------- descriptions

_ROLE_DESCRIPTIONS = (  # marked for the catalogues here, translated when used
    ("woman_human_rights_defender", gettext_noop("a woman human rights defender")),
    ("lawyer", gettext_noop("a lawyer")),
    ("journalist", gettext_noop("a journalist")),
    ("trade_unionist", gettext_noop("a trade unionist")),
    ("victim", gettext_noop("a victim of human rights violations")),
    ("witness", gettext_noop("a witness")),
    ("relative", gettext_noop("a relative of a victim")),
    ("ngo", gettext_noop("a civil society organisation")),
    ("human_rights_defender", gettext_noop("a human rights defender")),
)


def generic_description(kind: str, gender: str, role_codes: Sequence[str]) -> str:
    """A description built from the party's role and gender alone, used when its own description
    cannot be used (empty, or mentioning a name)."""
    from django.utils.translation import gettext as _

    codes = set(role_codes)
    if kind == "organisation":
        return _("a civil society organisation")
    if gender == "female" and "human_rights_defender" in codes:
        return _("a woman human rights defender")
    for code, text in _ROLE_DESCRIPTIONS:
        if code in codes:
            return _(text)
    return _("a person")


@_reads_text
def safe_description(description: str, names: NameSet, secrets: Iterable[str], fallback: str) -> str:
    """The party's own public description when it names nobody and holds no protected value."""
    text = (description or "").strip()
    if not text:
        return fallback
    scrubbed = scrub(text, [names], secrets)
    return fallback if OPEN in scrubbed else neutralise(text)


# ---------------------------------------------------------------- the consent in force, from the register


def _case_secrets(case_ids: Iterable[int]) -> dict[int, list[str]]:
    """The protected values of these cases that a party's description must not carry: the sources'
    identities and contacts, and every party's contact and real name."""
    from reprisals.cases.models import AffectedParty, Allegation

    out: dict[int, list[str]] = {}
    ids = list(case_ids)
    for a in Allegation.objects.filter(case_id__in=ids).only("case_id", "source_identity", "source_contact"):
        out.setdefault(a.case_id, []).extend([a.source_identity or "", a.source_contact or ""])
    for p in AffectedParty.objects.filter(case_id__in=ids).only("case_id", "contact", "protected_name"):
        out.setdefault(p.case_id, []).extend([p.contact or "", p.protected_name or ""])
    return out


class Redactor:
    """Resolves markers for a set of parties with the consent in force at the moment of use, then
    guards against any remaining full name of a party who may not be named (``guard_phrases``: their names, each
    party's as a ``NameSet``, which says whose they are: see ``Guard``), and of anyone in the register
    outside the markers."""

    def __init__(self, views: Mapping[int, PartyView], guard_phrases: Sequence[str | NameSet],
                 register: RegisterNames | None = None, case_places: Mapping[int, Sequence[str]] | None = None,
                 ) -> None:
        self.views = dict(views)
        self.guard = Guard(list(guard_phrases))
        self.register = register
        self.case_places = dict(case_places or {})

    @_reads_text
    def text(self, text: str, parties: Iterable[int] | None = None, case: int | None = None) -> str:
        """A text as it may be shown now. With ``parties`` (an entry's), only their markers resolve and an
        incident's place is shown only while every one of them may be named; with ``case``, that case's
        places are also blanked from a text frozen before places had markers of their own."""
        text = text or ""  # a frozen text too, as read (``_reads_text``): what will be printed is what is guarded
        allowed = None if parties is None else set(parties)
        all_named = bool(allowed) and all(p in self.views and self.views[p].name for p in allowed)
        text = places(text, keep=all_named)
        if not all_named and case is not None:
            for place in self.case_places.get(case, ()):
                text = text.replace(place, WITHHELD)
        # Whether the text may hold a word glued as a handle glues it: read once, for both guards (``_handles_in``).
        handles = _has_handles(text)
        if self.register is not None:
            text = self.register.guard(text, has_handles=handles)
        text, glued = _resolved(text, self.views, allowed)
        return self.guard(text, has_handles=handles or glued)

    def publishable(self, party_ids: Iterable[int]) -> bool:
        """Whether anyone of these parties may still appear (named or anonymously)."""
        return any(self.views[p].publishable for p in party_ids if p in self.views)

    @classmethod
    def for_parties(cls, party_ids: Iterable[int], register: RegisterNames | None = None) -> Redactor:
        """The consent in force for these parties. ``register`` (every name in the register, loaded here
        when not given) guards the texts and keeps descriptions from naming anyone."""
        from reprisals.cases.models import AffectedParty, ConsentRecord, Incident
        from reprisals.reports import inclusion

        register = register if register is not None else RegisterNames.load()
        ids = sorted(set(party_ids))
        views: dict[int, PartyView] = {}
        fallbacks: dict[int, str] = {}
        phrases: list[NameSet] = []
        own: dict[int, list[NameSet]] = {}
        secrets_of: dict[int, list[str]] = {}
        for start in range(0, len(ids), 2000):
            chunk = ids[start:start + 2000]
            consents: dict[int, dict[str, bool]] = {}
            for pid, use, granted in (ConsentRecord.objects.filter(party_id__in=chunk)
                                      .order_by("party_id", "use", "recorded_at", "id")
                                      .values_list("party_id", "use", "granted")):
                consents.setdefault(pid, {})[use] = granted
            roles: dict[int, list[str]] = {}
            for pid, code in (AffectedParty.roles.through.objects.filter(affectedparty_id__in=chunk)
                              .values_list("affectedparty_id", "term__code")):
                roles.setdefault(pid, []).append(code)
            loaded = list(AffectedParty.objects.filter(pk__in=chunk).select_related("case"))
            case_secrets = _case_secrets({p.case_id for p in loaded})
            for p in loaded:
                c = consents.get(p.pk, {})
                facts = inclusion.PartyFacts(p.pk, p.is_anonymous, c.get("raise_with_state", False),
                                             c.get("publish_name", False), c.get("publish_anonymously", False))
                mode = inclusion.party_mode(facts)
                names = NameSet(p.pk, tuple(n for n in (p.name, *(p.name_variants or []), p.protected_name) if n),
                                individual=p.kind == "individual")
                own.setdefault(p.case_id, []).append(names)
                secrets = [p.contact, p.protected_name, p.case.risk_notes, *case_secrets.get(p.case_id, [])]
                secrets_of.setdefault(p.case_id, []).extend(secrets)
                fallback = generic_description(p.kind, p.gender, roles.get(p.pk, []))
                description = safe_description(p.description, names, secrets, fallback)
                fallbacks[p.pk] = fallback
                if mode == inclusion.NAMED and p.name:
                    views[p.pk] = PartyView(p.pk, description, p.name, tuple(names.tokens_as_written()))
                else:
                    views[p.pk] = PartyView(p.pk, description, None, (), mode != inclusion.OMITTED)
                    phrases.append(names)  # with its kind: only a person's name is read glued family name first
        # A description naming anyone ("the sister of Zulfiqarov": a word of another person's name, of these
        # parties in any case, of anyone in the register when written as a name) is not used; descriptions are
        # read live, so this holds for one edited after publication too.
        loaded_names = RegisterNames([n for sets in own.values() for n in sets], words_anywhere=True)
        for pid, view in views.items():
            if view.description != fallbacks[pid] and (loaded_names.names_anyone(view.description, any_case=True)
                                                       or register.names_anyone(view.description)):
                views[pid] = PartyView(pid, fallbacks[pid], view.name, view.tokens, view.publishable)
        # The places of these cases' incidents as a paragraph frozen before places had markers holds them.
        case_places: dict[int, list[str]] = {}
        case_ids = sorted(own)
        for start in range(0, len(case_ids), 2000):
            for case_id, place in (Incident.objects.filter(case_id__in=case_ids[start:start + 2000]).exclude(place="")
                                   .values_list("case_id", "place")):
                scrubbed = scrub(place, own[case_id], secrets_of.get(case_id, []))
                found = case_places.setdefault(case_id, [])
                found += [v for v in (scrubbed, _as_parted(place).strip()) if len(v) >= MIN_SECRET and v not in found]
        for found in case_places.values():
            found.sort(key=len, reverse=True)
        return cls(views, phrases, register, case_places)
