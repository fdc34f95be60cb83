"""Names in any script, reduced to forms that can be compared: the pure normalisation core of linkage.

No Django, no database. Every function is deterministic and total (any string in, never an exception).

The pipeline for one name:

1. **Script to Latin** with ``anyascii`` (pure Python, one table per Unicode block). Han characters
   become one pinyin syllable each ("曹顺利" → "cao shun li"); the Arabic article "ال" is cut before
   transliteration so "الخواجة" and "Al-Khawaja" both give "khwj…"; Devanagari "v" is written "w" as in
   most English romanisations ("भारद्वाज" → "bhardwaj"). PyICU was tried as well: it builds here, but
   needs the ICU system library and gave no better keys (its Belarusian "бяляцкі" → "balacki" loses
   the "ya" that BGN/PCGN and passports keep), so it is not used.
2. **Case and diacritics**: case-folded ASCII; apostrophes and the ayn/hamza marks dropped, hyphens,
   dots and commas split words. "Family, Given" is turned round.
3. **Particles** (al, el, ad, ash…, bin, ibn, bint, de, del, da, dos, van, von, der, le, la, y) are
   removed from the comparison tokens; "Abd al-Hadi", "Abdul Hadi", "Abdel-Hadi" and "Abdulhadi" all
   become the one token "abdhadi", and "Nasr ad-Din" / "Nasreddine" become "nasrdin".
4. **Given and family**: the last token is the family name, unless the name came in Han script or with a
   comma (then the first). Comparisons also try the other order for names in Latin script, because
   Chinese, Vietnamese and Hungarian names are written both ways round.
5. **Keys** for comparison and blocking: the *skeleton* of a token (consonants only, with digraphs and
   doubled letters folded: "Bialiatski", "Byalyatski", "Beliatski", "Bialacki" → "blck"; "Khawaja",
   "Alkhawajah", "الخواجة" → "kj"), which bridges unvowelled Arabic and Persian script and the main
   Cyrillic transliteration systems; a *sinic* key that maps pinyin and Wade-Giles onto one form
   ("Zhang", "Chang" → "chang"; "Cao", "Ts'ao" → "tsao"); and a metaphone code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii

__all__ = [
    "ParsedName", "parse", "normalise", "transliterate", "skeleton", "sinic", "acronym", "is_initial",
    "ORG_WORDS", "looks_like_organisation",
]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{2,})")
_SPLIT = re.compile(r"[^a-z0-9]+")
# Two-character Chinese family names, so "欧阳修" is family "ouyang", given "xiu".
_HAN_DOUBLE_FAMILY = set("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒".split())

# Arabic articles and kinship words: dropped wherever they stand (unless they are the whole name).
STRONG_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "ould", "wuld", "bnt", "bn"})
# European particles, dropped only inside a name ("Simone de Beauvoir", "Maria da Silva"): first or last
# they are more often a name themselves (Chinese Du, Vietnamese Lê, Indian Das).
WEAK_PARTICLES = frozenset({
    "ben", "de", "del", "della", "dei", "di", "da", "dos", "do", "du", "van", "von", "der", "den", "ter", "zu", "le",
    "la", "les", "lo", "y", "e", "i", "und", "and",
})
PARTICLES = STRONG_PARTICLES | WEAK_PARTICLES
# The particles that are also syllables of Chinese or Vietnamese names (德 "de", 达 "da", 乐 "le", 彬 "bin", Đỗ "Do").
_SYLLABLE_PARTICLES = frozenset({"de", "da", "di", "du", "do", "le", "la", "lo", "ben", "bin", "den", "e", "i", "y"})
_ABD = re.compile(r"^(?:abdoul|abdul|abdel|abdal|abdil|abdol|abdou|abdu|abd)(?=[a-z]{2,})")
_DIN = frozenset({"din", "deen", "dine", "eddine", "eddin", "uddin", "uddeen", "addin", "aldin", "eldin", "ud-din"})
_DIN_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:eddine|eddin|uddin|uddeen|addin|aldin|eldin|iddin)$")
_ATTACHED_ARTICLE = re.compile(r"^(?:al|el)(?=[bcdfghjklmnpqrstvwxz][a-z]{3,}|[aeiou][a-z]{4,})")
_EUROPEAN_AL = re.compile(r"^ale[^aeiou]")


@lru_cache(maxsize=200_000)  # on the path of every comparison of two words
def without_article(token: str) -> str:
    """The word without an Arabic article written on to it ("alkhawaja" → "khawaja"), wherever it stands
    in the name: the first word keeps its article when a name is parsed (it is mostly a given name,
    "Alvaro"), so a family name written first ("Alkhawaja Zainab") is met here, when words are compared."""
    return _ATTACHED_ARTICLE.sub("", token) if not _EUROPEAN_AL.match(token) else token

ORG_WORDS = frozenset({
    "association", "associacao", "asociacion", "centre", "center", "centro", "network", "reseau", "red",
    "union", "council", "committee", "comite", "institute", "institut", "instituto", "league", "ligue", "liga",
    "society", "societe", "foundation", "fondation", "fundacion", "organisation", "organization", "organizacion",
    "coalition", "coalicion", "observatory", "observatoire", "observatorio", "federation", "movement",
    "mouvement", "movimiento", "alliance", "forum", "collective", "collectif", "colectivo", "group", "groupe",
    "initiative", "ngo", "rights", "defenders", "lawyers", "journalists", "press", "commission", "watch",
})
# American and British spellings of the words of organisations' names, written one way ("Center for
# Human Rights", "Centre for Human Rights"): the same organisation, not a near miss.
ORG_SPELLING = {
    "center": "centre", "defense": "defence", "organization": "organisation", "labor": "labour",
    "program": "programme", "counselor": "counsellor", "favor": "favour", "behavior": "behaviour",
    # and the same common word in French, Spanish or Portuguese, so that a typo near either is one word
    "coalicion": "coalition", "organizacion": "organisation", "asociacion": "association",
    "associacao": "association", "comite": "committee", "institut": "institute", "instituto": "institute",
    "societe": "society", "fondation": "foundation", "fundacion": "foundation", "observatoire": "observatory",
    "observatorio": "observatory", "mouvement": "movement", "movimiento": "movement",
    "collectif": "collective", "colectivo": "collective", "groupe": "group", "ligue": "league",
}
# The common words of organisations' names (with ``ORG_WORDS``): a word one letter from one of them is
# that word mistyped ("Humn Rights", "Coaliion"), not a near miss; the place or name that tells two
# organisations apart is left as written.
ORG_VOCABULARY = ORG_WORDS | frozenset({
    "human", "justice", "democracy", "environment", "relatives", "disappeared", "indigenous", "peoples",
    "freedom", "freedoms", "defence", "womens", "syndicate", "development", "independent", "international",
    "national", "support", "victims", "prisoners", "political", "detainees", "families", "protection",
})
# Words that carry no information inside an organisation's name (kept out of acronyms and keys).
ORG_STOP = frozenset({"for", "of", "the", "and", "in", "on", "pour", "des", "du", "de", "la", "le", "les", "et",
                      "por", "para", "y", "el", "los", "las", "en", "a", "an", "al"})


def transliterate(text: str) -> str:
    """Latin ASCII for a name in any script; Han characters become space-separated syllables."""
    text = unicodedata.normalize("NFKC", text or "")
    if text.isascii():
        return text
    if _ARABIC.search(text):
        text = _ARABIC_ARTICLE.sub("", text)
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif _HAN.match(ch):
            out.append(" " + anyascii(ch) + " ")
        elif _DEVANAGARI.match(ch):
            # The anusvara is "n" before most consonants in names ("अंसारी" Ansari, "आनंद" Anand).
            out.append("n" if ch == "\u0902" else anyascii(ch).replace("v", "w"))
        else:
            out.append(anyascii(ch))
    return "".join(out)


def _clean(text: str) -> str:
    """Case-folded ASCII with apostrophes and ayn/hamza marks removed and every other mark a space."""
    text = transliterate(text).casefold()
    text = re.sub(r"['`\u2019\u02bc\u02bf\u02be]", "", text)
    # An article written with a hyphen stands apart ("al-Ubaydi" → "al ubaydi"); any other hyphen joins
    # the parts of one name ("Jean-Baptiste", "Shun-li", "Abdul-Hadi").
    # The article assimilated to a sun letter ("ar-Rahman", "ash-Shami") is the article too.
    text = re.sub(r"\b(?:ad|ed|ud|as|es|us|ash|esh|ar|er|ur|at|et|an|az|en|ez)\s*-\s*(?=[a-z])", "al ", text)
    text = re.sub(r"\b(al|el|ul|bin|ibn|bint|ben|abu|abou)\s*-\s*", r"\1 ", text)
    text = re.sub(r"(?<=[a-z0-9])\s*[-\u2010\u2011]\s*(?=[a-z0-9])", "", text)
    return " ".join(_SPLIT.split(text)).strip()


def _join_compounds(tokens: list[str]) -> list[str]:
    """"abd al hadi" → "abdhadi", "nasr ad din" → "nasrdin", then drop particles."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in {"abd", "abdul", "abdel", "abdal", "abdu", "abdoul", "abdol", "abdou", "bd"} and i + 1 < len(tokens):
            j = i + 1
            while j < len(tokens) - 1 and tokens[j] in PARTICLES:
                j += 1
            out.append("abd" + tokens[j])
            i = j + 1
            continue
        if tok in _DIN and out:
            if len(out) > 1 and out[-1] in PARTICLES:
                out.pop()
            out[-1] = out[-1] + "din"
            i += 1
            continue
        out.append(tok)
        i += 1
    kept: list[str] = []
    vietnamese = len(out) >= 3 and not VIETNAMESE_FAMILIES.isdisjoint(out)
    # In a name of syllables (a Chinese or Vietnamese family name first or last) a word that spells a particle
    # is a syllable of the name: "Liu De Hua" is "Liu Dehua", not "Liu Hua"; "Nguyễn Đỗ Thu" keeps its "Đỗ".
    syllables = len(out) >= 3 and (out[0] in SYLLABIC_FAMILIES or out[-1] in SYLLABIC_FAMILIES)
    for idx, tok in enumerate(out):
        if syllables and tok in _SYLLABLE_PARTICLES:
            kept.append(tok)
            continue
        # "van" is dropped inside a name (Dutch), and first of three or more words; in a name with a
        # Vietnamese family name it is the middle name "Văn" and kept, as "Minh" or "Đức" are: "Lương Văn
        # Lâm" is not "Lương Minh Lâm" (dropped, the two agreed in full: on the development seed at
        # 100,000 records F1 0.9098 → 0.9106, precision 0.929 → 0.932, recall 0.891 → 0.891).
        inner = 0 < idx < len(out) - 1 or (idx == 0 and tok == "van" and len(out) >= 3)
        if tok == "van" and vietnamese:
            inner = False
        # An article or "bin" always comes before a name: last, it is a name itself (Chinese "Bin"), and
        # so it is first of two words before a Chinese or Vietnamese family name ("Bin Wang", given name
        # first): dropped, the name was "Wang" alone, a namesake of every Wang.
        strong = tok in STRONG_PARTICLES and idx < len(out) - 1 and not (
            idx == 0 and len(out) == 2 and out[1] in SYLLABIC_FAMILIES)
        if len(out) > 1 and (strong or (tok in WEAK_PARTICLES and inner)):
            continue
        kept.append(tok)
    result = []
    several = len(kept or out) > 1
    for idx, tok in enumerate(kept or out):
        # An article written on to its word ("Alkhawaja") is cut, but not from the first word of a name
        # (a given name: "Alvaro", "Alassane"; a name written family first is turned round by its comma)
        # nor where an "e" follows that Arabic romanisations do not write ("Aleksandr", "Alejandro",
        # "Alexander"): cut, "Alejandro Mosaez" lost the initial of "A. Mosaez".
        while several and idx > 0 and _ATTACHED_ARTICLE.match(tok) and not _EUROPEAN_AL.match(tok):
            tok = _ATTACHED_ARTICLE.sub("", tok)
        tok = _ABD.sub("abd", tok)
        tok = _DIN_SUFFIX.sub("din", tok)
        result.append(tok)
    return result


def normalise(text: str) -> str:
    """The comparison form of a name: ASCII, lower case, particles gone, compounds joined, in the order
    written (but "Family, Given" turned round). Idempotent: ``normalise(normalise(x)) == normalise(x)``."""
    return " ".join(_tokens(text)[0])


@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[tuple[str, ...], bool, bool]:
    """(tokens, family_first, from_han)."""
    raw = text or ""
    from_han = bool(_HAN.search(raw))
    family_first = from_han
    if "," in raw and not from_han:
        left, _, right = raw.partition(",")
        if left.strip() and right.strip():
            raw = right + " " + left
    cleaned = _clean(raw)
    tokens = [t for t in cleaned.split(" ") if t]
    # Han characters are syllables of names, never particles: "彬" is "bin", "德" is "de". A name of Han
    # characters only is grouped as it is; anything mixed is read as Latin first.
    grouped = _han_group(raw, tokens) if from_han else tokens
    tokens = grouped if grouped is not tokens else _join_compounds(tokens)
    if from_han and grouped is tokens:
        tokens = _han_group(raw, tokens)
    return tuple(tokens), family_first, from_han


def _han_group(raw: str, syllables: list[str]) -> list[str]:
    """One token for the family name and one for the given name of a name written in Han script."""
    han = "".join(_HAN.findall(raw))
    if len(han) != len(syllables) or len(han) < 2:
        return syllables
    n_family = 2 if han[:2] in _HAN_DOUBLE_FAMILY and len(han) > 2 else 1
    return ["".join(syllables[:n_family]), "".join(syllables[n_family:])]


# ---------------------------------------------------------------- keys

# Digraphs become one capital letter first, so that a rule never fires across two of them ("htsh",
# Arabic "حتاش", is h-t-sh, not h-ts-h) and vowelled and unvowelled spellings fold alike.
_SKELETON_STEPS = [
    (re.compile(r"chtch|shch|sch"), "S"),
    (re.compile(r"tsch|tch"), "C"),
    (re.compile(r"dzh|dj"), "J"),
    (re.compile(r"kh"), "K"),
    (re.compile(r"gh"), "G"),
    (re.compile(r"ch"), "C"),
    (re.compile(r"zh"), "J"),
    (re.compile(r"sh"), "S"),
    (re.compile(r"th"), "T"),
    (re.compile(r"dh"), "D"),
    (re.compile(r"ph"), "F"),
    (re.compile(r"ts|tz|cz"), "C"),
    (re.compile(r"q"), "K"),
    (re.compile(r"x"), "KS"),
    (re.compile(r"(?<=[^aeiouyw])j(?=[aeiou])"), "y"),
    (re.compile(r"(?<=[aeiou])j$"), ""),
    # German and Polish "w" for Russian "в" ("Iwanow"); inside a word "w" is usually a vowel ("Yousef").
    (re.compile(r"^w(?=[aeiou])|(?<=[aeiou])w$"), "V"),
]


_DOUBLED = re.compile(r"(.)\1+")  # a letter written twice or more
_NOT_CONSONANT = re.compile(r"[aeiouyw]")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant skeleton of one normalised token: digraphs folded, vowels, y and w dropped, doubled
    letters single, a final h (Arabic ta marbuta, "Fatimah") dropped. Empty for an empty token."""
    if token.startswith("abd") and len(token) > 4:
        return "bd" + skeleton(token[3:])
    t = token
    for pattern, repl in _SKELETON_STEPS:
        t = pattern.sub(repl, t)
    # Doubled letters are single before and after vowels go ("Haddad", "حداد" → "hd").
    t = _DOUBLED.sub(r"\1", t)
    t = _NOT_CONSONANT.sub("", t).lower()
    t = _DOUBLED.sub(r"\1", t)
    if len(t) > 1 and t.endswith("h"):
        t = t[:-1]
    return t


@lru_cache(maxsize=200_000)
def letters(token: str) -> frozenset[str]:
    """The consonant letters of a token one by one, for comparing an unvowelled script with Latin where
    ``skeleton`` reads two letters as one sound: "زهراني" is z-h-r-n, not "zh"-r-n, and "Zahrani" meets
    it here; a "w" before a vowel stays a vowel ("Wafa", "وفاء"). Two forms, doubled letters folded
    before the vowels go ("Haddad", "حداد": h-d-d) and not at all ("Shihab", "شهاب": sh-h-b); a final
    "h" (ta marbuta) dropped."""
    out = set()
    for t in (_DOUBLED.sub(r"\1", token), token):
        t = _NOT_CONSONANT.sub("", t)
        if len(t) > 1 and t.endswith("h"):
            t = t[:-1]
        if t:
            out.add(t)
    return frozenset(out)


@lru_cache(maxsize=200_000)
def bridge_skeleton(token: str) -> str:
    """A coarser skeleton for comparing an unvowelled script with Latin: "h" and "v" dropped (Persian
    "و" is "v" in Latin and a vowel to the skeleton; "ته" reads as "th"), "d" as "z" (Persian "ظ", "ذ",
    "ض" are "z"), "g" as "k" (Persian "ق" and "غ" are "q", "gh", "gh"). Letters are run together before
    "h" is dropped, not after: "Mohammed" (m-h-m-d) kept two "m"s apart and read as "Ahmad" (h-m-d), the
    two most common Arabic given names as one (development seed: F1 at 100,000 records 0.91449 → 0.91459,
    seed 303 0.91399 → 0.91401; at 10,000 0.96562 → 0.96582 and 0.96333 → 0.96316, the typo "Muamad"
    no longer meeting "محمد")."""
    merged = _DOUBLED.sub(r"\1", skeleton(token).replace("d", "z").replace("g", "k"))
    return merged.replace("h", "").replace("v", "")


# Pinyin syllables (from anyascii's readings of the Han block) and their Wade-Giles form without
# aspiration marks or umlauts, so that pinyin and Wade-Giles spellings meet in one key.
def _pinyin_syllables() -> frozenset[str]:
    found = set()
    for code in range(0x4E00, 0x9FA6):
        s = anyascii(chr(code)).lower()
        if s.isalpha() and len(s) <= 6:
            found.add(s)
    # Interjections read as bare consonants would split Wade-Giles words wrongly ("chin" = "chi" + "n").
    return frozenset(found - {"n", "ng", "m", "hm", "hng", "r"})


PINYIN = _pinyin_syllables()

_WG_INITIALS = [("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("z", "ts"), ("c", "ts"), ("j", "ch"), ("q", "ch"),
                ("x", "hs"), ("r", "j"), ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"), ("g", "k"), ("k", "k")]


@lru_cache(maxsize=4096)
def pinyin_to_wade_giles(syllable: str) -> str:
    """Wade-Giles of one pinyin syllable, without apostrophes or umlauts ("zhang" → "chang",
    "xiao" → "hsiao", "cao" → "tsao", "shi" → "shih", "zi" → "tzu")."""
    s = syllable
    special = {"zi": "tzu", "ci": "tzu", "si": "ssu", "shi": "shih", "zhi": "chih", "chi": "chih", "ri": "jih",
               "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh", "er": "erh", "he": "ho", "ke": "ko", "ge": "ko"}
    if s in special:
        return special[s]
    for py, wg in _WG_INITIALS:
        if s.startswith(py):
            rest = s[len(py):]
            if py in ("j", "q", "x") and rest.startswith("u"):
                rest = "u" + rest[1:]  # ju = jü
            s = wg + rest
            break
    s = re.sub(r"ong$", "ung", s)
    s = re.sub(r"ian$", "ien", s)
    s = re.sub(r"ie$", "ieh", s)
    s = re.sub(r"ui$", "uei", s) if s.startswith("k") else s
    return s


_WG_SET = frozenset(pinyin_to_wade_giles(p) for p in PINYIN)


def _segment(token: str, inventory: frozenset[str]) -> list[str] | None:
    """Split a token into syllables of ``inventory`` (longest first, with backtracking)."""
    n = len(token)
    if n == 0 or n > 18:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for j in range(min(n, i + 6), i, -1):
            tail = best[j]
            if tail is not None and token[i:j] in inventory:
                best[i] = [token[i:j], *tail]
                break
    return best[0]


@lru_cache(maxsize=200_000)
def sinic(token: str) -> str:
    """A key shared by the pinyin and Wade-Giles spellings of a Chinese name part; "" when the token is
    neither."""
    pinyin = _segment(token, PINYIN)
    wade = _segment(token, _WG_SET)
    # The reading in fewer syllables wins: "chien" is Wade-Giles "chien" (pinyin qian), not "chi" + "en".
    if wade is not None and (pinyin is None or len(wade) < len(pinyin)):
        return "".join(wade)
    if pinyin is not None:
        return "".join(pinyin_to_wade_giles(p) for p in pinyin)
    return ""


@lru_cache(maxsize=200_000)
def sinic_readings(token: str) -> frozenset[str]:
    """The ``sinic`` keys of a token under each reading it has: a word that spells pinyin and Wade-Giles
    syllables at once is read both ways ("fuchi": pinyin "fu chi", or Wade-Giles "fu ch'i", which is
    pinyin "fuqi"; "sinic" keeps the pinyin reading alone when both have as many syllables). Empty
    when the token is neither."""
    out = set()
    pinyin = _segment(token, PINYIN)
    if pinyin is not None:
        out.add("".join(pinyin_to_wade_giles(p) for p in pinyin))
    wade = _segment(token, _WG_SET)
    if wade is not None:
        out.add("".join(wade))
    return frozenset(out)


_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=200_000)
def non_latin(text: str) -> bool:
    """True when ``text`` has a letter of another script than Latin (Latin with diacritics, Vietnamese
    included, is Latin)."""
    return bool(_NON_LATIN.search(text or ""))


def in_arabic_script(text: str) -> bool:
    """True when ``text`` has a letter of the Arabic script (Arabic, Persian, Urdu)."""
    return bool(_ARABIC.search(text or ""))


def is_initial(token: str) -> bool:
    return len(token) == 1


def acronym(text: str) -> str:
    """The initials of an organisation's significant words ("Bahrain Centre for Human Rights" → "bchr");
    an all-capitals word is taken as an acronym already."""
    raw = re.sub(r"['\u2019]", "", transliterate(text))
    words = [w for w in re.split(r"[^A-Za-z0-9]+", raw) if w]
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 8:
        return words[0].lower()
    return "".join(w[0].lower() for w in words if w.lower() not in ORG_STOP)


@lru_cache(maxsize=100_000)
def org_word(word: str) -> str:
    """A word of an organisation's name in one spelling: British ("Center" → "centre"), and a common word
    mistyped by one letter (``ORG_VOCABULARY``, words of five letters or more) as that word, the closest
    when several are one letter away ("coaliion": "coalition" rather than "coalicion"). Words under four
    letters stay as written."""
    from rapidfuzz.distance import OSA, JaroWinkler

    word = ORG_SPELLING.get(word, word)
    if len(word) < 4 or word in ORG_VOCABULARY:
        return word
    near = [v for v in ORG_VOCABULARY if len(v) >= 5 and abs(len(v) - len(word)) <= 1 and OSA.distance(v, word) <= 1]
    if not near:
        return word
    best = max(sorted(near), key=lambda v: JaroWinkler.normalized_similarity(v, word))
    return ORG_SPELLING.get(best, best)


def looks_like_organisation(text: str) -> bool:
    """A guess for rows without a kind: an organisation word, or a single acronym in capitals."""
    raw = transliterate(text)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", raw) if w]
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 8:
        return True
    return any(w.lower() in ORG_WORDS for w in words)


# ---------------------------------------------------------------- parsed names


# Common family names of Vietnam (without diacritics): in a name with one of them, "Văn" is a middle name
# (kept, as "Minh" or "Đức" are), not the Dutch particle "van".
VIETNAMESE_FAMILIES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh luong mai truong lam "
    "doan cao quach ta tong thai chau kieu trieu".split()
)
# Common Vietnamese middle names (without diacritics): a report may leave one out ("Minh Nga Võ", "Nga Võ"),
# and the name without it is compared and blocked as well. On the development seed at 100,000 records F1
# went from 0.9123 to 0.9133 (precision 0.932 → 0.932, recall 0.893 → 0.895; seed 303: 0.9122 → 0.9134),
# at 10,000 from 0.9644 to 0.9661 (seed 303: 0.9615 → 0.9627).
VIETNAMESE_MIDDLE = frozenset("van thi huu duc minh quoc cong ngoc thu kim".split())
# Common family names of Vietnam (without diacritics) and of China (pinyin and Wade-Giles): a name with
# one of them is read as syllables whose vowels count (``ParsedName.syllabic``).
SYLLABIC_FAMILIES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh luong mai truong lam "
    "doan cao quach ta tong thai chau kieu trieu "
    "wang zhang liu chen yang huang zhao zhou xu sun zhu hu guo lin gao luo zheng liang xie song tang "
    "han feng deng peng zeng xiao tian dong pan yuan cai jiang du ye cheng wei su ding ren shen yao jin "
    "fu zhong cui tan liao fan wan qian shi xiong qin qiu meng bai yan kong "
    "chang chao chou hsu hsieh huang kuo liang teng tseng tsai chiang yeh chen lu wu li "
    # and more of the hundred commonest of China, in pinyin and Wade-Giles (on the development seed at
    # 100,000 records F1 0.9134 → 0.9137, precision 0.932 → 0.933; seed 303: 0.9134 → 0.9135; at 10,000
    # 0.9665 → 0.9664, seed 303: 0.9627 → 0.9629)
    "ma he ho yu jia chia xia hsia fang zou tsou yin xue hsueh duan tuan lei hou long lung tao gu ku mao hao "
    "gong kung shao dai tai mo xiang hsiang ouyang sima ssuma zhuge chuko ceng cao tsao".split()
)


@dataclass(frozen=True, slots=True)
class ParsedName:
    """One spelling of a name, ready for comparison.

    ``given`` and ``family`` follow the most likely order; ``alt_given``/``alt_family`` hold the other
    reading for names whose order is uncertain (empty when there is none).
    """

    original: str
    tokens: tuple[str, ...]
    given: tuple[str, ...]
    family: str
    alt_given: tuple[str, ...]
    alt_family: str
    from_han: bool
    abjad: bool = False  # transliterated without short vowels (Arabic, Persian, Urdu; Devanagari by anyascii)
    # Read off the fields above once (every comparison of two spellings asks for them; ``replace`` reads them
    # again from the new fields):
    text: str = field(init=False)  # the words, one space apart
    # A Chinese or Vietnamese name (written in Han, or with a common family name of either in Latin letters):
    # its words are syllables that vowels tell apart ("Trung", "Trọng"), see ``compare.token_level``.
    syllabic: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(self.tokens))
        object.__setattr__(self, "syllabic", self.from_han or (
            len(self.tokens) >= 2 and (self.family in SYLLABIC_FAMILIES or self.alt_family in SYLLABIC_FAMILIES)))

    def orientations(self) -> list[tuple[tuple[str, ...], str]]:
        out = [(self.given, self.family)]
        if self.alt_family:
            out.append((self.alt_given, self.alt_family))
        return out


@lru_cache(maxsize=200_000)
def parse(text: str) -> ParsedName:
    tokens, family_first, from_han = _tokens(text)
    # anyascii writes Devanagari without the inherent vowel ("नरेंद्र" → "nrendr"): compare it like Arabic.
    abjad = bool(_ARABIC.search(text or "") or _DEVANAGARI.search(text or ""))
    if not tokens:
        return ParsedName(text or "", (), (), "", (), "", from_han, abjad)
    if len(tokens) == 1:
        return ParsedName(text, tokens, (), tokens[0], (), "", from_han, abjad)
    western = (tokens[:-1], tokens[-1])
    eastern = (tokens[1:], tokens[0])
    first, second = (eastern, western) if family_first else (western, eastern)
    if from_han:
        second = ((), "")
    return ParsedName(text, tokens, first[0], first[1], second[0], second[1], from_han, abjad)


# ---------------------------------------------------------------- romanisation-aware keys

# Russian and Belarusian names reach reports through German and French conventions as well as the
# English ones (BGN/PCGN, ALA-LC, the passport system). Each convention is read back into one common,
# English-like spelling; two tokens are the same name when any of their readings meet ("Schtschuka",
# "Chtchouka", "Shchuka" and "Щука" all give "shchuka").
_GERMAN_READING = (re.compile(r"schtsch|tsch|sch|ch|tz|ss|z|w|j"),
                   {"schtsch": "shch", "tsch": "ch", "sch": "sh", "ch": "kh", "tz": "ts", "ss": "s", "z": "ts",
                    "w": "v", "j": "y"})
_FRENCH_READING = (re.compile(r"chtch|tch|ch|ou|j"), {"chtch": "shch", "tch": "ch", "ch": "sh", "ou": "u", "j": "zh"})
# The common spelling: ж and ш together, й, ы and the glide of я, ю, е written "i", ё as "e", doubled
# letters single.
_SLAVIC_COMMON = [
    (re.compile(r"zh"), "sh"), (re.compile(r"y"), "i"), (re.compile(r"(?<=[^aeiou])io"), "e"),
    (re.compile(r"^i(?=e)"), ""), (re.compile(r"(?<=[aeiou])i(?=e)"), ""), (re.compile(r"(.)\1+"), r"\1"),
]


def _apply(rules: list[tuple[re.Pattern[str], str]], token: str) -> str:
    for pattern, repl in rules:
        token = pattern.sub(repl, token)
    return token


def _read(reading: tuple[re.Pattern[str], dict[str, str]], token: str) -> str:
    """One left-to-right pass, so that a letter written by one rule is never read again by another."""
    pattern, table = reading
    return pattern.sub(lambda m: table[m.group()], token)


@lru_cache(maxsize=500_000)
def slavic(token: str) -> frozenset[str]:
    """The readings of a normalised token as a romanised Russian or Belarusian name, in one common
    spelling: as written (English conventions, or the Cyrillic read by ``transliterate``), as German
    ("Schtschuka", "Jurij", "Wera") and as French ("Chtchouka", "Iouri", "Nadejda") would write it."""
    if not token or not token.isalpha():
        return frozenset({token})
    return frozenset(_apply(_SLAVIC_COMMON, r) for r in
                     (token, _read(_GERMAN_READING, token), _read(_FRENCH_READING, token)))


_ARABIC_LATIN = [
    (re.compile(r"ee"), "i"), (re.compile(r"oo|ou"), "u"), (re.compile(r"dj"), "j"),
    (re.compile(r"(?<=[aeiou])h$"), ""),  # ta marbuta written "h" ("Fatimah")
    (re.compile(r"(?<![sctkdgz])ch"), "sh"), (re.compile(r"g(?!h)"), "j"), (re.compile(r"q"), "k"),
    (re.compile(r"e"), "i"), (re.compile(r"o"), "u"), (re.compile(r"w"), "u"), (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=500_000)
def arabic_latin(token: str) -> str:
    """One spelling for the Latin renderings of an Arabic or Persian name: Gulf "ee"/"oo", French "ou",
    "ch" and "dj", Egyptian "g" for "j" and "e"/"o" for "i"/"u", "q" as "k", doubled letters single
    ("Reem", "Rim"; "Falchaoui", "Falshawi"; "Gamal", "Djamal", "Jamal"; "Mostafa", "Mustafa")."""
    if not token or not token.isalpha():
        return token
    return _apply(_ARABIC_LATIN, token)


@lru_cache(maxsize=500_000)
def egyptian(token: str) -> str:
    """``arabic_latin`` of a token as Egyptian and Levantine speech would say it: "ق" a glottal stop,
    written "'" and lost ("Qasim" is "'Asem", "Qahtani" "Ahtani"), "ث" an "s" ("Uthman" is "Osman") and
    "ذ" a "z" ("Dhikra" is "Zikra"). Empty for a token with none of "q", "th" and "dh". Also read from a
    name in Arabic script (its consonants as ``transliterate`` writes them, "qsm" for "قاسم")."""
    if not token or not token.isalpha() or not ("q" in token or "th" in token or "dh" in token):
        return ""
    return arabic_latin(token.replace("q", "").replace("th", "s").replace("dh", "z"))
