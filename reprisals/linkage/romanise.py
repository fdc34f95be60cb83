"""Writing one name the ways the world writes it: the renderers behind the synthetic benchmark.

- Arabic and Persian names are kept as phonemes (``kh``, ``sh``, ``H`` for ḥ, `` ` `` for ayn, ``'`` for
  hamza, capital ``A I U`` for long vowels, ``@`` for ta marbuta, a doubled consonant for shadda) and
  rendered in Arabic script (short vowels not written, as in practice) or in one of several Latin
  styles: scholarly, Gulf/English, French/Maghreb, Egyptian.
- Russian and Belarusian names are kept in Cyrillic and romanised by BGN/PCGN, ALA-LC, the passport
  system (ICAO 9303, used since 2013), German and French conventions, and for Belarusian also the
  national system of 2007 and Łacinka.

Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import random
import re

# ---------------------------------------------------------------- Arabic and Persian

_PHONEME = re.compile(r"kh|sh|th|dh|gh|ch|zh|[btjHdrzsSDTZ`fqklmnhwy'aiueoAIU@pgv]|-| ")

_ARABIC_LETTERS = {
    "b": "ب", "t": "ت", "th": "ث", "j": "ج", "H": "ح", "kh": "خ", "d": "د", "dh": "ذ", "r": "ر", "z": "ز",
    "s": "س", "sh": "ش", "S": "ص", "D": "ض", "T": "ط", "Z": "ظ", "`": "ع", "gh": "غ", "f": "ف", "q": "ق",
    "k": "ك", "l": "ل", "m": "م", "n": "ن", "h": "ه", "w": "و", "y": "ي", "'": "ء", "A": "ا", "I": "ي",
    "U": "و", "@": "ة", "p": "پ", "ch": "چ", "zh": "ژ", "g": "گ", "v": "و",
}
_PERSIAN_OVERRIDES = {"k": "ک", "y": "ی", "I": "ی", "@": "ه"}
_SHORT = set("aiueo")


def phonemes(word: str) -> list[str]:
    return _PHONEME.findall(word)


def arabic_script(name: str, *, persian: bool = False) -> str:
    """Arabic-script spelling of a phonemic name ("`abd al-hAdI al-khawAj@" → "عبد الهادي الخواجة")."""
    letters = dict(_ARABIC_LETTERS)
    if persian:
        letters.update(_PERSIAN_OVERRIDES)
    words = []
    for word in name.split(" "):
        article = word.startswith("al-")
        if article:
            word = word[3:]
        ph = phonemes(word)
        out = []
        for k, p in enumerate(ph):
            if p == "-":
                continue
            if k > 0 and p == ph[k - 1] and p not in _SHORT:
                continue  # shadda: written once
            if p in _SHORT:
                if k == 0:
                    out.append("إ" if p in "ie" else "أ")
                continue
            if p == "A" and k == 0:
                out.append("آ")
                continue
            if p in "IU" and k == 0:
                out.append("إ" if p == "I" else "أ")
            out.append(letters.get(p, ""))
        words.append(("ال" if article else "") + "".join(out))
    return " ".join(words)


# Each style: a mapping of phonemes and a few per-name choices.
_LATIN_BASE = {
    "b": "b", "t": "t", "th": "th", "j": "j", "H": "h", "kh": "kh", "d": "d", "dh": "dh", "r": "r", "z": "z",
    "s": "s", "sh": "sh", "S": "s", "D": "d", "T": "t", "Z": "z", "`": "", "gh": "gh", "f": "f", "q": "q",
    "k": "k", "l": "l", "m": "m", "n": "n", "h": "h", "w": "w", "y": "y", "'": "", "a": "a", "i": "i", "u": "u",
    "e": "e", "o": "o", "A": "a", "I": "i", "U": "u", "@": "a", "p": "p", "ch": "ch", "zh": "zh", "g": "g",
    "v": "v",
}
ARABIC_STYLES = {
    "scholarly": ({"`": "'", "'": "'"}, {"article": ["al-"], "double": 1.0}),
    "gulf": ({"I": "ee", "U": "oo", "u": "o", "@": "ah", "q": "q", "ay": "ai"},
             {"article": ["Al-", "Al ", "Al", "al-"], "double": 0.6}),
    "english": ({"u": "u", "@": "a", "I": "i"}, {"article": ["Al-", "Al ", "al-", ""], "double": 0.8}),
    "french": ({"sh": "ch", "j": "dj", "U": "ou", "u": "ou", "@": "a", "q": "k", "kh": "kh", "y": "y", "I": "i",
                "w": "ou"},
               {"article": ["El ", "El-", "el-"], "double": 0.7}),
    "egyptian": ({"j": "g", "th": "s", "dh": "z", "q": "'", "i": "e", "u": "o", "@": "a", "I": "i"},
                 {"article": ["El-", "El ", "el-"], "double": 0.8}),
}
PERSIAN_STYLES = {
    "standard": ({"`": "", "H": "h", "@": "eh", "U": "u", "I": "i"}, {"article": [""], "double": 1.0}),
    "english": ({"@": "eh", "U": "oo", "I": "ee", "o": "o", "e": "e"}, {"article": [""], "double": 0.7}),
    "french": ({"sh": "ch", "U": "ou", "u": "ou", "@": "é", "kh": "kh", "j": "dj"}, {"article": [""], "double": 0.8}),
    "scholarly": ({"e": "e", "o": "o", "@": "e", "`": "'"}, {"article": [""], "double": 1.0}),
}
_ABD_FORMS = ["Abd al-{x}", "Abdul {x}", "Abdul-{x}", "Abdul{x_lower}", "Abdel {x}", "Abd-el-{x}", "Abdel{x_lower}",
              "Abd {x}", "Abdal{x_lower}"]


def _latin_word(word: str, table: dict[str, str], double: float, rng: random.Random) -> str:
    ph = [p for p in phonemes(word) if p != "-"]
    out = []
    keep_double = rng.random() < double
    for k, p in enumerate(ph):
        if k > 0 and p == ph[k - 1] and p not in _SHORT and not keep_double:
            continue
        if p == "a" and k + 1 < len(ph) and ph[k + 1] == "y" and "ay" in table:
            out.append(table["ay"])
            continue
        if p == "y" and k > 0 and ph[k - 1] == "a" and "ay" in table:
            continue
        out.append(table.get(p, _LATIN_BASE.get(p, "")))
    text = "".join(out).strip("'")
    return text[:1].upper() + text[1:] if text else text


def arabic_latin(name: str, style: str, rng: random.Random, *, persian: bool = False) -> str:
    """One Latin spelling of a phonemic Arabic or Persian name in ``style``."""
    styles = PERSIAN_STYLES if persian else ARABIC_STYLES
    overrides, opts = styles[style]
    table = {**_LATIN_BASE, **overrides}
    article = rng.choice(opts["article"])  # type: ignore[arg-type]
    words = name.split(" ")
    out = []
    k = 0
    while k < len(words):
        word = words[k]
        if word == "`abd" and k + 1 < len(words):
            rest = words[k + 1][3:] if words[k + 1].startswith("al-") else words[k + 1]
            x = _latin_word(rest, table, opts["double"], rng)  # type: ignore[arg-type]
            form = rng.choice(_ABD_FORMS) if style != "scholarly" else "Abd al-{x}"
            out.append(form.format(x=x, x_lower=x.lower()))
            k += 2
            continue
        if word.startswith("al-"):
            body = _latin_word(word[3:], table, opts["double"], rng)  # type: ignore[arg-type]
            if rng.random() < 0.15:
                out.append(body)  # article left out
            else:
                joined = article + (body.lower() if article.endswith(("l", "L")) and not article.endswith(" ") and
                                    not article.endswith("-") else body)
                out.append(joined)
        else:
            out.append(_latin_word(word, table, opts["double"], rng))  # type: ignore[arg-type]
        k += 1
    return " ".join(w for w in out if w)


# ---------------------------------------------------------------- Cyrillic

_VOWELS_CYR = set("аеёиоуыэюяіў")
_RU_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "з": "z", "и": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "ы": "y", "э": "e", "ь": "", "ъ": "",
    "і": "i", "ў": "u", "ґ": "g",
}
CYRILLIC_SYSTEMS: dict[str, dict[str, str]] = {
    "bgn": {"е": "e", "ё": "ë", "ж": "zh", "й": "y", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
            "ю": "yu", "я": "ya", "ь": "'", "_ye": "ye"},
    "ala-lc": {"е": "e", "ё": "ë", "ж": "zh", "й": "ĭ", "х": "kh", "ц": "t͡s", "ч": "ch", "ш": "sh", "щ": "shch",
               "ю": "i͡u", "я": "i͡a", "ь": "ʹ", "_ye": "e"},
    "passport": {"е": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
                 "ю": "iu", "я": "ia", "ъ": "ie", "_ye": "e"},
    "german": {"е": "e", "ё": "jo", "ж": "sh", "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
               "щ": "schtsch", "ю": "ju", "я": "ja", "в": "w", "с": "s", "_ye": "je"},
    "french": {"е": "e", "ё": "io", "ж": "j", "й": "ï", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch",
               "ю": "iou", "я": "ia", "у": "ou", "_ye": "ie"},
    "by-national": {"е": "e", "ё": "io", "ж": "ž", "й": "j", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ю": "iu",
                    "я": "ia", "ў": "ŭ", "щ": "šč", "_ye": "je", "_soft": "´"},
    "lacinka": {"е": "e", "ё": "io", "ж": "ž", "й": "j", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ю": "iu",
                "я": "ia", "ў": "ŭ", "щ": "šč", "_ye": "je", "_soft": "´", "л+я": "la", "л+ю": "lu", "л+е": "le"},
}
RUSSIAN_SYSTEMS = ("bgn", "ala-lc", "passport", "german", "french")
BELARUSIAN_SYSTEMS = ("bgn", "ala-lc", "passport", "by-national", "lacinka")
_SOFTENING = {"с": "ś", "з": "ź", "ц": "ć", "н": "ń", "л": "l"}


def cyrillic_latin(name: str, system: str) -> str:
    """Romanise a Cyrillic name with one of ``CYRILLIC_SYSTEMS``."""
    table = {**_RU_COMMON, **CYRILLIC_SYSTEMS[system]}
    words = []
    for word in name.split(" "):
        low = word.lower()
        out = []
        for k, ch in enumerate(low):
            prev = low[k - 1] if k else ""
            nxt = low[k + 1] if k + 1 < len(low) else ""
            if ch == "е" and (k == 0 or prev in _VOWELS_CYR or prev in "ьъ"):
                out.append(table["_ye"])
                continue
            if "_soft" in table and nxt == "ь" and ch in _SOFTENING:
                out.append(_SOFTENING[ch])
                continue
            if ch == "ь" and "_soft" in table:
                continue
            if prev == "л" and f"л+{ch}" in table:
                out[-1] = table[f"л+{ch}"]
                continue
            out.append(table.get(ch, ch))
        text = "".join(out)
        words.append(text[:1].upper() + text[1:])
    return " ".join(words)


# Feminine forms of Russian and Belarusian family names.
def feminine_surname(family: str) -> str:
    for masc, fem in (("ский", "ская"), ("цкий", "цкая"), ("скі", "ская"), ("цкі", "цкая"), ("ов", "ова"),
                      ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"), ("ын", "ына")):
        if family.endswith(masc):
            return family[: -len(masc)] + fem
    return family
