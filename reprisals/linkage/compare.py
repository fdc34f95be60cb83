"""Comparison of two records, field by field, into discrete levels: the input of Fellegi-Sunter scoring.

A record is plain data (``Record``); ``prepare`` parses its spellings once. ``compare`` returns one
level per field of the record's kind: 0 means "missing on one side" (no evidence either way), 1 means
"disagree", and higher levels mean closer agreement. ``reasons`` turns a comparison into the
explanation a reviewer sees: levels and similarities, never the names themselves.

Name measures: Jaro-Winkler (rapidfuzz) on the transliterated tokens, the consonant skeleton (only
between a vowelled and an unvowelled script, where vowels cannot be compared), the pinyin/Wade-Giles
key, the German and French readings of romanised Russian and the common spelling of romanised Arabic
(``names.slavic``, ``names.arabic_latin``), metaphone (jellyfish), initials, and the token-set ratio for
organisations. Name comparisons are cached per pair of spellings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from reprisals.linkage import names as N


def gettext_noop(text: str) -> str:
    """Marks a label for translation (``makemessages`` finds it) without importing Django here."""
    return text


FIELD_LABELS = {
    "full_name": gettext_noop("Name"),
    "middle": gettext_noop("Middle names"),
    "country": gettext_noop("State"),
    "gender": gettext_noop("Gender"),
    "role": gettext_noop("Role"),
    "organisation": gettext_noop("Organisation"),
    "year": gettext_noop("Dates"),
    "un_body": gettext_noop("UN body"),
    "name_words": gettext_noop("Words of the name"),
    "name": gettext_noop("Name"),
}

INDIVIDUAL = "individual"
ORGANISATION = "organisation"

PERSON_FIELDS = ("full_name", "middle", "country", "gender", "role", "organisation", "year", "un_body", "name_words")
ORG_FIELDS = ("name", "country", "role", "year", "un_body")
FIELDS = {INDIVIDUAL: PERSON_FIELDS, ORGANISATION: ORG_FIELDS}
# Number of levels per field, including 0 (missing).
LEVELS = {
    "full_name": 9,
    "middle": 3,
    "country": 3,
    "gender": 3,
    "role": 3,
    "organisation": 4,
    "year": 4,
    "un_body": 3,
    "name_words": 3,
    "name": 6,
}
GIVEN_LABELS = [
    gettext_noop("missing"),
    gettext_noop("different"),
    gettext_noop("initial only"),
    gettext_noop("similar"),
    gettext_noop("one letter apart"),
    gettext_noop("same after transliteration"),
]
FAMILY_LABELS = [
    gettext_noop("missing"),
    gettext_noop("different"),
    gettext_noop("similar"),
    gettext_noop("one letter apart"),
    gettext_noop("same after transliteration"),
]
LEVEL_LABELS = {
    "full_name": [
        gettext_noop("missing"),
        gettext_noop("different"),
        gettext_noop("family name only (a relative?)"),
        gettext_noop("given name only"),
        gettext_noop("similar"),
        gettext_noop("family name, given name missing or an initial"),
        gettext_noop("family name, similar given name"),
        gettext_noop("one letter apart"),
        gettext_noop("same after transliteration"),
    ],
    "middle": [gettext_noop("missing"), gettext_noop("different"), gettext_noop("same")],
    "country": [gettext_noop("missing"), gettext_noop("different"), gettext_noop("same")],
    "gender": [gettext_noop("missing"), gettext_noop("different"), gettext_noop("same")],
    "role": [gettext_noop("missing"), gettext_noop("no role in common"), gettext_noop("a role in common")],
    "organisation": [gettext_noop("missing"), gettext_noop("different"), gettext_noop("similar"), gettext_noop("same")],
    "year": [
        gettext_noop("missing"),
        gettext_noop("more than 4 years apart"),
        gettext_noop("2 to 4 years apart"),
        gettext_noop("within a year"),
    ],
    "un_body": [gettext_noop("missing"), gettext_noop("no UN body in common"), gettext_noop("a UN body in common")],
    # Only for names that agree in full (``full_name`` 7 or 8): did every word find its counterpart?
    "name_words": [
        gettext_noop("not applicable"),
        gettext_noop("one name has a word the other lacks or contradicts"),
        gettext_noop("every word agrees"),
    ],
    "name": [
        gettext_noop("missing"),
        gettext_noop("different"),
        gettext_noop("somewhat similar"),
        gettext_noop("similar"),
        gettext_noop("same or abbreviation"),
        gettext_noop("identical"),
    ],
}


def full_name_level(given: int, family: int) -> int:
    """One level for the given and family names together. Scored jointly because they are not
    independent among the pairs that blocking brings together: records share a family name *or* a
    given name by construction, so agreement on one says little, agreement on both a lot."""
    if family >= 3:
        if given == 1:
            return 2
        if given in (0, 2):
            return 5
        if given == 3:
            return 6
        if given == 4 or family == 3:
            return 7
        return 8
    if family == 2:
        return 4 if given >= 2 else 1
    # family names different
    return 3 if given >= 4 else 1


def words_level(full: int, complete: bool) -> int:
    """``name_words``: for names agreeing in full (``full_name`` 7 or 8), 2 when every word agrees, 1 when
    one name has a word the other lacks or contradicts; 0 (no evidence) otherwise. It splits those
    levels, so its m and u are measured, like the name's, not estimated by EM."""
    if full < 7:
        return 0
    return 2 if complete else 1


@dataclass(frozen=True, slots=True)
class Record:
    """What linkage knows of one report of a person or organisation. Every field but ``names`` may be empty."""

    id: object
    names: tuple[str, ...]
    kind: str = INDIVIDUAL
    country: str = ""
    gender: str = ""
    roles: frozenset[str] = frozenset()
    organisations: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    un_bodies: frozenset[str] = frozenset()


@dataclass(slots=True)
class Prepared:
    record: Record
    parsed: list[N.ParsedName]
    org_norm: list[str] = field(default_factory=list)
    org_acronyms: list[str] = field(default_factory=list)
    affiliations: list[tuple[str, str]] = field(default_factory=list)  # (normalised, acronym)
    spellings: tuple[str, ...] = ()  # the spellings as written, ``parsed`` in the same order: the name cache's key

    @property
    def kind(self) -> str:
        return self.record.kind


def _org_forms(text: str) -> tuple[str, str]:
    words = [N.org_word(w) for w in N.normalise(text).split() if w not in N.ORG_STOP]
    return " ".join(words), N.acronym(text)


def prepare(record: Record) -> Prepared:
    spellings = [s for s in dict.fromkeys(n.strip() for n in record.names if n and n.strip())]
    p = Prepared(record, [N.parse(s) for s in spellings], spellings=tuple(spellings))
    if record.kind == ORGANISATION:
        for s in spellings:
            norm, acr = _org_forms(s)
            p.org_norm.append(norm)
            p.org_acronyms.append(acr)
    p.affiliations = [_org_forms(o) for o in record.organisations if o and o.strip()]
    return p


# ---------------------------------------------------------------- name parts


# Name parts recur (a given name against another is compared for many pairs of records): the levels of
# tokens and of given names, family names and middle names are cached per process.
_PART_CACHE = 1_000_000


@lru_cache(maxsize=_PART_CACHE)
def token_level(a: str, b: str, bridge: bool, syllabic: bool = False) -> int:
    """4 the same (identical, or equal after transliteration), 3 one letter apart (a typo), 2 similar,
    1 different. ``bridge`` is true when exactly one side comes from an unvowelled script, where only
    consonant skeletons can be compared; there, skeletons one consonant apart are only similar, not a
    typo: a skeleton of three or four consonants is one edit from many other names ("Mahwar" and
    "الممحوف"; on the development seed, of the compared pairs whose names agreed but for one letter,
    15% were one person when the letter was one consonant across scripts, 78% within one script)."""
    if not a or not b:
        return 0
    if a == b or N.without_article(a) == b or N.without_article(b) == a:
        return 4
    if syllabic:
        return _syllable_level(a, b)
    ska, skb = N.skeleton(a), N.skeleton(b)
    same_skeleton = ska == skb and (len(ska) >= 2 or (bridge and ska != ""))
    if bridge and not same_skeleton and ska.replace("g", "j") == skb.replace("g", "j") and len(ska) >= 2:
        same_skeleton = True  # Egyptian "g" for "ج" ("Gamal", "جمال")
    jw = -1.0 if bridge else JaroWinkler.normalized_similarity(a, b)  # not used across scripts
    short = min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2  # "Gang" is not "Gangyi", "Feng" not "Deng"
    if same_skeleton and (bridge or (jw >= 0.8 and not short)):
        return 4
    sa, sb = N.sinic(a), N.sinic(b)
    if sa and sb and not N.sinic_readings(a).isdisjoint(N.sinic_readings(b)):
        return 4
    if bridge:
        if not N.letters(a).isdisjoint(N.letters(b)):
            return 4  # the same consonants one by one ("Zahrani", "زهراني"; "Wafa", "وفاء")
        ba, bb = N.bridge_skeleton(a), N.bridge_skeleton(b)
        if len(ba) >= 2 and ba == bb:
            return 4
        # Egyptian speech across scripts ("Asem", "قاسم"; "Osman", "عثمان"): a typo's weight, as in one script
        ea, eb = N.egyptian(a), N.egyptian(b)
        if (ea or eb) and len(ska) >= 2 and len(skb) >= 2 and N.skeleton(ea or a) == N.skeleton(eb or b):
            return 3
        if len(ska) >= 3 and OSA.distance(ska, skb) <= 1:
            return 2  # one consonant apart across scripts: similar, not a typo (see above)
        return 2 if ska and skb and JaroWinkler.normalized_similarity(ska, skb) >= 0.88 else 1
    shortest = min(len(a), len(b))
    # Another romanisation of one Russian or Belarusian name (German "Schtschuka", French "Chtchouka")
    # or of one Arabic or Persian name (Gulf "Reem", Egyptian "Gamal", French "Falchaoui"). A name of three
    # letters meets its Gulf spelling too, a long vowel written double ("Ali" and "Alee", "Nur" and "Noor",
    # "Rim" and "Reem"), where before the two counted as a typo, or as two names when both were common;
    # words of one length stay apart ("Leo" and "Liu", "Tom" and "Tum"). On the development seed F1 went
    # from 0.9720 to 0.9723 at 10,000 records, from 0.9242 to 0.9244 at 100,000 (seed 303: 0.9231 to
    # 0.9233) and from 0.8710 to 0.8712 at 300,000.
    aa, ab = N.arabic_latin(a), N.arabic_latin(b)
    ra, rb = (N.slavic(a), N.slavic(b)) if shortest >= 4 else (frozenset(), frozenset())  # read only from 4 letters
    if shortest >= 4 and (aa == ab or not ra.isdisjoint(rb)):
        return 4
    if shortest == 3 and len(a) != len(b) and aa == ab:
        return 4
    if not short and OSA.distance(a, b) <= 1:
        return 3
    if _dropped_inside(a, b) and not (a in N.PINYIN and b in N.PINYIN):
        # a letter dropped inside a short word: "Gómz" for "Gómez", "Asok" for "Ashok", "Lia" for "Lina"
        # but two pinyin syllables ("Jin", "Jian") are two names; words that pinyin spells in several
        # syllables ("Lina", "Li-na") were left out as well before: on the development seed at 100,000
        # records F1 0.9137 → 0.9142 (recall 0.895 → 0.896; seed 303: 0.9135 → 0.9137), at 10,000
        # 0.9664 → 0.9665 (seed 303: 0.9629 → 0.9633)
        return 3
    if shortest >= 5 and jw >= 0.7 and (
            (abs(len(a) - len(b)) <= 2 and OSA.distance(aa, ab) <= 1)
            or any(OSA.distance(x, y) <= 1 for x in ra for y in rb)):
        # a typo in another romanisation, not three letters more ("Ababg" is not "Ababgdjb", read "ababj"
        # and "ababjb"); the German reading of Russian is as long as the word read, not as the word
        # written ("Resasowitsch", "Reasovich"; on the development seed at 100,000 records F1 0.91327 →
        # 0.91342, seed 303 0.91336 → 0.91337; at 10,000 0.9661 → 0.9665, seed 303 unchanged)
        return 3
    if shortest >= 3 and (N.egyptian(a) or aa) == (N.egyptian(b) or ab):
        return 3  # "Qasim" said the Egyptian way, "'Asem", "Uthman" "Osman" (or another name, "Asim": a typo's weight)
    if shortest >= 3 and aa == ab:
        return 2
    if max(len(a), len(b)) <= 4:
        # Short name parts ("Huu", "Hue"; "Lan", "Linh") are similar by any measure and mostly different
        # names: only one letter apart in four ("Ruiz", "Riuz") counts.
        return 2 if a[0] == b[0] and shortest == 4 and OSA.distance(a, b) <= 1 else 1
    if jw >= 0.85 or (shortest > 2 and jellyfish.metaphone(a) == jellyfish.metaphone(b)):
        return 2
    return 1


def _syllable_level(a: str, b: str) -> int:
    """``token_level`` of two different words of two Vietnamese or Chinese names (``ParsedName.syllabic``),
    in one script. Their vowels tell names apart ("Trung" and "Trọng", "Thanh" and "Thịnh", "Phúc" and
    "Phước", "Xinjia" and "Xinjie"): no reading that sets vowels aside (the consonant skeleton, the
    common spelling of Arabic, the readings of Russian) makes them the same, as they did before: on the
    development seed (100,000 records), of the wrongly joined pairs whose names agreed in full, a
    quarter were Vietnamese and Chinese names one vowel apart. Pinyin and Wade-Giles still meet
    ("Zhang", "Chang"); one letter apart is a typo, as in any name."""
    sa, sb = N.sinic(a), N.sinic(b)
    if sa and sb and not N.sinic_readings(a).isdisjoint(N.sinic_readings(b)):
        return 4
    short = min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2
    if not short and OSA.distance(a, b) <= 1:
        return 3
    if _dropped_inside(a, b) and not (sa and sb):
        return 3
    if max(len(a), len(b)) <= 4:
        return 2 if a[0] == b[0] and min(len(a), len(b)) == 4 and OSA.distance(a, b) <= 1 else 1
    return 2 if JaroWinkler.normalized_similarity(a, b) >= 0.85 else 1


def _dropped_inside(a: str, b: str) -> bool:
    """One word is the other with one letter left out, not the first or the last, and is three letters
    or more: a typo ("Gómz" for "Gómez", "Wag" for "Wang", "Nra" for "Nura": from three letters on, F1 on
    the development seed went from 0.9546 to 0.9576 at 10,000 records and from 0.8921 to 0.8938 at
    100,000, precision unchanged) or another romanisation ("Asok", "Ashok"), where a
    letter added at either end mostly makes another name ("Hanh", "Khanh"; "Tran", "Trang"). Two
    pinyin syllables ("Xian", "Xiang") are left to the pinyin key."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return (len(short) >= 3 and len(long) == len(short) + 1 and short[0] == long[0] and short[-1] == long[-1]
            and OSA.distance(a, b) == 1)


def _given_level(ga: tuple[str, ...], gb: tuple[str, ...], bridge: bool, syllabic: bool = False) -> int:
    """Levels of ``LEVELS["given"]``. The first given names are compared, and all given names run
    together: when both sides have several, both must agree ("Ngọc Ánh" is not "Ngọc Như Quỳnh"); when
    one side has one, either may (a middle name left out, "Jean Baptiste" written "Jean-Baptiste")."""
    if not ga or not gb:
        return 0
    a0, b0 = ga[0], gb[0]
    if N.is_initial(a0) or N.is_initial(b0):
        return 2 if a0[0] == b0[0] or _initial_of_reading(a0, b0) else 1
    first = token_level(a0, b0, bridge, syllabic)
    if len(ga) > 1 or len(gb) > 1:
        if len(ga) > 1 and len(gb) > 1:
            first = min(first, _parts_level(ga, gb, bridge, syllabic))
        elif first < 4:  # (at 4 the names agree already: nothing below can do better)
            first = max(first, token_level("".join(ga), "".join(gb), bridge, syllabic))
            short, long = (ga, gb) if len(ga) < len(gb) else (gb, ga)
            if first < 4 and syllabic and set(long[:-1]) <= N.VIETNAMESE_MIDDLE:
                # A Vietnamese middle name left out: "Minh Nga Võ" and "Nga Võ", "Đinh Thị Nga" and "Đinh Nga"
                first = max(first, token_level(short[0], long[-1], bridge, syllabic))
    return _GIVEN_OF_TOKEN[first]


_GIVEN_OF_TOKEN = {4: 5, 3: 4, 2: 3, 1: 1}  # ``token_level`` of the given names → level of ``GIVEN_LABELS``
_TOP_GIVEN = max(_GIVEN_OF_TOKEN.values())  # the given names the same


def _initial_of_reading(a: str, b: str) -> bool:
    """An initial is the first letter of another romanisation of the other side's name: "J. Salih" and
    "Djamila Salih" (Arabic "dj"), "K. Salih" and "Qasim Salih". On the development seed at 100,000
    records F1 went from 0.9142 to 0.9145 (recall 0.896 → 0.897; seed 303: 0.9137 → 0.9140), at 10,000
    from 0.9665 to 0.9656 (precision 0.984 → 0.982; seed 303 unchanged). Only the Arabic reading: the
    German and French readings of Russian names, tried on every word, made "S. Ningliang" the "Zheng
    Ningliang" of another State ("Zheng" read as German "Sheng"); without them F1 at 10,000 records went
    from 0.9660 to 0.9665 (precision 0.9818 → 0.9827), and stayed at 0.9147 at 100,000 (seed 303: 0.9632
    and 0.9142, unchanged)."""
    initial, word = (a, b) if N.is_initial(a) else (b, a)
    if N.is_initial(word):
        return False
    return N.arabic_latin(word)[:1] == initial[0]


def _parts_level(ga: tuple[str, ...], gb: tuple[str, ...], bridge: bool, syllabic: bool = False) -> int:
    """Several given names on both sides. Of equal number, each must agree with its counterpart ("Văn
    An" is not "Văn Anh": only the last part differs, and it is the name); otherwise every part of the
    shorter must be found in the longer ("José Luis" in "José Luis Chávez", a second surname read as a
    given name)."""
    if len(ga) == len(gb):
        return min(token_level(x, y, bridge, syllabic) for x, y in zip(ga, gb, strict=True))
    short, long = (ga, gb) if len(ga) < len(gb) else (gb, ga)
    return min(max(token_level(x, y, bridge, syllabic) for y in long) for x in short)


def _middle_level(ga: tuple[str, ...], gb: tuple[str, ...], bridge: bool, syllabic: bool = False) -> int:
    ma, mb = [t for t in ga[1:] if len(t) > 1], [t for t in gb[1:] if len(t) > 1]
    if not ma or not mb:
        return 0
    return 2 if any(token_level(x, y, bridge, syllabic) >= 3 for x in ma for y in mb) else 1


@dataclass(frozen=True, slots=True)
class NameComparison:
    given: int
    family: int
    middle: int
    similarity: float  # 0..1, the best token-set similarity of the transliterated spellings
    transliterated: bool  # a spelling in another script took part
    # every word of both names found its counterpart: no second surname, father's name, middle name
    # or second syllable of a given name on one side only (or different on the two sides)
    complete: bool = True


def _orientation_score(given: int, family: int) -> int:
    return given + family * 2


def _readings(pa: N.ParsedName, pb: N.ParsedName) -> list[tuple[tuple[str, ...], str, tuple[str, ...], str, bool]]:
    """The alignments of two names worth trying: both in their likely order, one of them turned
    round, and both turned round (the same words aligned, the other read as the family name)."""
    out = [(pa.given, pa.family, pb.given, pb.family, True)]
    if pb.alt_family:
        out.append((pa.given, pa.family, pb.alt_given, pb.alt_family, False))
    if pa.alt_family:
        out.append((pa.alt_given, pa.alt_family, pb.given, pb.family, False))
        if pb.alt_family:
            # Both turned round: the same words aligned, but read family first ("Nguyen Van An" and
            # "Nguyen Van Anh" share the family name, not the given name).
            out.append((pa.alt_given, pa.alt_family, pb.alt_given, pb.alt_family, False))
    return out


def _family_level(fa: str, fb: str, ga: tuple[str, ...], gb: tuple[str, ...], bridge: bool,
                  straight: bool = True, syllabic: bool = False) -> int:
    """The family names, or (in the names' likely order only) a family name against the other side's
    middle words: a second surname ("Mónica Gómez" and "Mónica Gómez Sánchez") may be left out."""
    level = token_level(fa, fb, bridge, syllabic)
    if level < 4 and straight:
        for x in gb[1:]:
            if level == 4:  # the same: no other word does better
                break
            level = max(level, token_level(fa, x, bridge, syllabic))
        for x in ga[1:]:
            if level == 4:
                break
            level = max(level, token_level(x, fb, bridge, syllabic))
    return level


def compare_person_names(a: Prepared, b: Prepared) -> NameComparison:
    """The best agreement of the two records' spellings, over the name orders worth trying. Many pairs
    share their spellings (a name written the same way in several reports): those are compared once
    per process (up to ``_NAME_CACHE_SIZE`` pairs of spellings; the records' parsed names are used on a
    miss, never parsed again)."""
    ka, kb = a.spellings, b.spellings
    pa, pb = a.parsed, b.parsed
    if kb < ka:
        ka, kb, pa, pb = kb, ka, pb, pa  # the comparison is symmetric: one cache entry per unordered pair
    key = (ka, kb)
    found = _NAME_CACHE.get(key)
    if found is None:
        found = _compare_parsed(pa, pb)
        if len(_NAME_CACHE) >= _NAME_CACHE_SIZE:
            _NAME_CACHE.clear()
        _NAME_CACHE[key] = found
    return found


_NAME_CACHE: dict[tuple[tuple[str, ...], tuple[str, ...]], NameComparison] = {}
_NAME_CACHE_SIZE = 1_000_000


def words_complete(ga: tuple[str, ...], fa: str, gb: tuple[str, ...], fb: str, bridge: bool,
                   syllabic: bool = False) -> bool:
    """True when every word of the two aligned names has its counterpart: the family names agree
    directly (not through the other side's middle word), and the given names agree run together
    ("Li Xia" = "Lixia") or are as many on both sides. A name that is a part of the other ("Andrés
    Ortiz" in "Andrés Gopameez Ortiz", "Raghad Qasim" in "Raghad Qasim al-Zasaqa", "Hồ Loan" in "Hồ
    Minh Loan") is weaker evidence: it is what another person with the shorter name would give too."""
    if token_level(fa, fb, bridge, syllabic) < 3:
        return False
    if len(ga) == len(gb):
        return True
    return token_level("".join(ga), "".join(gb), bridge, syllabic) >= 3


@lru_cache(maxsize=100_000)
def arabic_reading(p: N.ParsedName) -> N.ParsedName:
    """A name in Latin letters read as one spelling of Arabic, word by word (``names.arabic_latin``: French
    and Maghrebi "ch" for "ش" and "dj" for "ج", Egyptian "g" for "ج", "ou", "ee" and "oo" for long vowels),
    so that it meets the name in Arabic script: "Aicha" is "عائشة", "Hichem Chahine" "هشام شاهين", "El-Ragegh"
    "الراجغ". Letter by letter "ch" met nothing in Arabic script, and such a pair agreed on one name alone,
    as two relatives would."""
    def read(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(N.arabic_latin(w) for w in words)

    return replace(p, tokens=read(p.tokens), given=read(p.given), family=N.arabic_latin(p.family),
                   alt_given=read(p.alt_given), alt_family=N.arabic_latin(p.alt_family))


def _spellings(pa: N.ParsedName, pb: N.ParsedName) -> list[tuple[N.ParsedName, N.ParsedName]]:
    """The two names as written and, for a name in Latin letters against one in Arabic script, also with
    the Latin one in its Arabic reading (``arabic_reading``). The reading is an alternative, never a
    replacement ("ch" is also the Persian "چ"), and only against Arabic script: in Devanagari "ch" is "च",
    and "g" and "j" are two letters. On the development seed F1 went from 0.9314 to 0.9324 at 100,000
    records (precision 0.9387 → 0.9383, recall 0.9243 → 0.9267; seed 303: 0.9312 → 0.9319) and from 0.9750
    to 0.9760 at 10,000 (seed 303: 0.9698 → 0.9705) and from 0.8825 to 0.8831 at 300,000 (precision 0.8700 →
    0.8689, recall 0.8955 → 0.8977), with the same pairs compared."""
    out = [(pa, pb)]
    if pa.abjad != pb.abjad:
        latin, other = (pb, pa) if pa.abjad else (pa, pb)
        if N.in_arabic_script(other.original):
            read = arabic_reading(latin)
            if read != latin:
                out.append((pa, read) if pa.abjad else (read, pb))
    return out


def _compare_parsed(parsed_a: list[N.ParsedName], parsed_b: list[N.ParsedName]) -> NameComparison:
    best: tuple[int, int, int, N.ParsedName, N.ParsedName, tuple] | None = None  # with the aligned words
    for written_a in parsed_a:
        for written_b in parsed_b:
            for pa, pb in _spellings(written_a, written_b):
                bridge = pa.abjad != pb.abjad
                syllabic = not bridge and pa.syllabic and pb.syllabic
                for ga, fa, gb, fb, straight in _readings(pa, pb):
                    fam = _family_level(fa, fb, ga, gb, bridge, straight, syllabic)
                    if fam < 3 and best is not None and _orientation_score(_TOP_GIVEN, fam) < _orientation_score(
                            best[0], best[1]):
                        # Not even the same given name would make this reading as strong as the best: its given names
                        # need not be compared. (A reading whose family names agree is compared in any case: it may
                        # end the search, below.) At 100,000 records of the development seed, 18% fewer given names
                        # compared (4.71 → 3.87 million), the same levels for every pair.
                        continue
                    giv = _given_level(ga, gb, bridge, syllabic)
                    mid = _middle_level(ga, gb, bridge, syllabic) if straight else 0
                    better = best is not None and _orientation_score(giv, fam) == _orientation_score(best[0], best[1])
                    if better:
                        # As strong: prefer the reading the model rates higher ("similar" over "a relative",
                        # for a name turned round with a typo in it), then the one in which every word agrees.
                        # Of the 10,000 records of the development seed, 3 pairs changed, 2 of them for one
                        # person; F1 at 100,000 records 0.9146 → 0.9147 (seed 303: 0.9140 → 0.9142).
                        here, there = full_name_level(giv, fam), full_name_level(best[0], best[1])
                        better = here > there or (here == there and words_complete(ga, fa, gb, fb, bridge, syllabic)
                                                  and not words_complete(*best[5]))
                    if best is None or better or _orientation_score(giv, fam) > _orientation_score(best[0], best[1]):
                        best = (giv, fam, mid, written_a, written_b, (ga, fa, gb, fb, bridge, syllabic))
                    if fam >= 3 and giv >= 4:
                        break  # the straight reading agrees: turning a name round cannot do better
                if best is not None and best[1] == 4 and best[0] == 5 and words_complete(*best[5]):
                    break
            if best is not None and best[1] == 4 and best[0] == 5 and words_complete(*best[5]):
                break
    if best is None:
        return NameComparison(0, 0, 0, 0.0, False)
    giv, fam, mid, pa, pb, aligned = best
    sim = fuzz.token_set_ratio(pa.text, pb.text) / 100.0
    transliterated = N.non_latin(pa.original) or N.non_latin(pb.original)
    complete = words_complete(*aligned)
    return NameComparison(giv, fam, mid, sim, transliterated, complete)


def name_key(p: Prepared) -> str:
    """A coarse key of a person's first spelling (the consonant skeletons of its words, in order of the
    alphabet), shared by most spellings of one name: counting records per key tells a common name
    ("Nguyễn Văn An", "Karim Khalil") from a rare one. For an organisation, ``org_key``."""
    if p.kind == ORGANISATION:
        return org_key(p)
    if not p.parsed:
        return ""
    return " ".join(sorted(N.skeleton(N.arabic_latin(t)) or t for t in p.parsed[0].tokens))


def org_key(p: Prepared) -> str:
    """The key of an organisation's name for counting: its first name of several words, normalised, or
    else its acronym. An acronym such as "NHRS" stands for every "N… Human Rights Society" in the
    world, and counts as common as it is."""
    for norm in p.org_norm:
        if " " in norm:
            return norm
    return next((a.lower() for a in p.org_acronyms if a), p.org_norm[0] if p.org_norm else "")


COMPATIBLE, DOUBTFUL, INCOMPATIBLE = 2, 1, 0


def compatibility(a: Prepared, b: Prepared) -> int:
    """``INCOMPATIBLE`` when the records plainly cannot be one: different genders; names in one script
    agreeing on the family name alone or the given name alone or neither (relatives); organisations
    whose distinctive words differ. ``DOUBTFUL`` for the same name disagreement across scripts, where a
    typo on the Latin side can cause it; otherwise ``COMPATIBLE``."""
    if a.kind != b.kind:
        return INCOMPATIBLE
    if a.kind == ORGANISATION:
        return INCOMPATIBLE if _org_name_level(a, b)[0] == 1 else COMPATIBLE
    if _gender_level(a.record.gender, b.record.gender) == 1:
        return INCOMPATIBLE
    names = compare_person_names(a, b)
    if full_name_level(names.given, names.family) >= 4:
        return COMPATIBLE
    # The same given name with a family name only similar may be a typo; a different given name, as
    # relatives have, never is.
    if names.transliterated or names.given >= 4:
        return DOUBTFUL
    return INCOMPATIBLE


def compatibility_of(c: Comparison) -> int:
    """``compatibility`` of the two records that ``c`` compares, read from the comparison instead of
    comparing the names again: the cluster guard's verdict on every compared pair comes with it."""
    if c.kind == ORGANISATION:
        return INCOMPATIBLE if c.levels[0] == 1 else COMPATIBLE
    if c.levels[_GENDER] == 1:
        return INCOMPATIBLE
    if c.levels[0] >= 4:
        return COMPATIBLE
    if c.transliterated or c.given >= 4:
        return DOUBTFUL
    return INCOMPATIBLE


def given_compatible(a: Prepared, b: Prepared) -> bool:
    """False when the two records cannot be one person: their names, in the best reading, agree on the
    family name only or the given name only or on neither (so different given names, as relatives
    have), or their genders differ; for organisations, their names' distinctive words differ. The guard
    that keeps relatives and neighbouring organisations out of one cluster, whatever chain of links
    would join them."""
    if a.kind != b.kind:
        return False
    if a.kind == ORGANISATION:
        return _org_name_level(a, b)[0] != 1
    if _gender_level(a.record.gender, b.record.gender) == 1:
        return False
    names = compare_person_names(a, b)
    return full_name_level(names.given, names.family) >= 4


# ---------------------------------------------------------------- organisations


def _distinct_words_differ(na: str, nb: str) -> bool:
    """True when each name has a word of its own (not a generic one like "centre") with no close
    spelling in the other: the place or name that tells two organisations apart."""
    wa, wb = set(na.split()), set(nb.split())
    ua = [w for w in wa - wb if w not in N.ORG_WORDS]
    ub = [w for w in wb - wa if w not in N.ORG_WORDS]
    if not ua or not ub:
        return False
    return not all(any(JaroWinkler.normalized_similarity(x, y) >= 0.85 for y in ub) for x in ua)


def _org_name_level(a: Prepared, b: Prepared) -> tuple[int, float]:
    best, best_sim = 0, 0.0
    for na, aa in zip(a.org_norm, a.org_acronyms, strict=True):
        for nb, ab in zip(b.org_norm, b.org_acronyms, strict=True):
            if not na or not nb:
                continue
            if na == nb:
                return 5, 1.0
            sim = fuzz.token_set_ratio(na, nb) / 100.0
            a_short, b_short = " " not in na, " " not in nb
            acronym_match = len(aa) >= 2 and aa == ab and (a_short or b_short)
            if not a_short and not b_short and _distinct_words_differ(na, nb):
                # "Association for Justice in Suka" is not "… in Sabuma": the place or name decides.
                level, sim = 1, min(sim, 0.5)
                if level > best:
                    best, best_sim = level, sim
                continue
            level = 4 if (sim >= 0.95 or acronym_match) else 3 if sim >= 0.85 else 2 if sim >= 0.7 else 1
            if level > best or (level == best and sim > best_sim):
                best, best_sim = level, max(sim, 1.0 if acronym_match else 0.0)
    return best, best_sim


def _affiliation_level(a: Prepared, b: Prepared) -> int:
    if not a.affiliations or not b.affiliations:
        return 0
    best = 1
    for na, aa in a.affiliations:
        for nb, ab in b.affiliations:
            if na == nb or (len(aa) >= 2 and aa == ab and (" " not in na or " " not in nb)):
                return 3
            sim = fuzz.token_set_ratio(na, nb)
            if sim >= 90:
                return 3
            if sim >= 70:
                best = 2
    return best


# ---------------------------------------------------------------- other fields


def _set_level(a: Iterable[str], b: Iterable[str]) -> int:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0
    return 2 if sa & sb else 1


def _year_level(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    if not a or not b:
        return 0
    gap = min(abs(x - y) for x in a for y in b)
    return 3 if gap <= 1 else 2 if gap <= 4 else 1


def _eq_level(a: str, b: str) -> int:
    if not a or not b:
        return 0
    return 2 if a == b else 1


def _gender_level(a: str, b: str) -> int:
    known = {"female", "male", "f", "m"}
    if a not in known or b not in known:
        return 0
    return 2 if a[0] == b[0] else 1


@dataclass(frozen=True, slots=True)
class Comparison:
    kind: str
    levels: tuple[int, ...]
    name_similarity: float
    transliterated: bool
    given: int = 0  # the parts of ``full_name``, for the reviewer
    family: int = 0


def compare(a: Prepared, b: Prepared) -> Comparison:
    """Levels for every field of the records' kind (both records must be of one kind). Symmetric."""
    ra, rb = a.record, b.record
    common = (
        _eq_level(ra.country, rb.country),
        _set_level(ra.roles, rb.roles),
        _year_level(ra.years, rb.years),
        _set_level(ra.un_bodies, rb.un_bodies),
    )
    if ra.kind == ORGANISATION:
        level, sim = _org_name_level(a, b)
        return Comparison(ORGANISATION, (level, *common), sim, False)
    names = compare_person_names(a, b)
    country, role, year, un_body = common
    full = full_name_level(names.given, names.family)
    levels = (
        full,
        names.middle,
        country,
        _gender_level(ra.gender, rb.gender),
        role,
        _affiliation_level(a, b),
        year,
        un_body,
        words_level(full, names.complete),
    )
    return Comparison(INDIVIDUAL, levels, names.similarity, names.transliterated, names.given, names.family)


def reasons(comparison: Comparison, weights: dict[str, float] | None = None) -> dict[str, object]:
    """What a reviewer is shown: per field its level label (and the evidence weight when known), plus
    the name similarity after transliteration. No names or other personal data."""
    fields = FIELDS[comparison.kind]
    out: dict[str, object] = {
        "kind": comparison.kind,
        "name_similarity": round(comparison.name_similarity, 3),
        "transliterated": comparison.transliterated,
        "fields": {},
    }
    if comparison.kind == INDIVIDUAL:
        out["given"] = {"level": comparison.given, "label": GIVEN_LABELS[comparison.given]}
        out["family"] = {"level": comparison.family, "label": FAMILY_LABELS[comparison.family]}
    for name, level in zip(fields, comparison.levels, strict=True):
        entry: dict[str, object] = {"level": level, "label": LEVEL_LABELS[name][level]}
        if weights and name in weights:
            entry["weight"] = round(weights[name], 2)
        out["fields"][name] = entry  # type: ignore[index]
    return out


KIND_ORDER = {INDIVIDUAL: 0, ORGANISATION: 1}
_GENDER = PERSON_FIELDS.index("gender")
