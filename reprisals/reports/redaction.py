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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

OPEN, CLOSE = "\u27e6", "\u27e7"
WITHHELD = "[…]"
_MARKER = re.compile(OPEN + r"(p:(\d+)|t:(\d+):(\d+)|x)" + CLOSE)
_WORD = re.compile(r"\w+", re.UNICODE)
# Words of a name too short or too common to blank on their own.
_NOT_ALONE = frozenset({
    "al", "el", "ul", "ad", "as", "ash", "bin", "ibn", "bint", "ben", "abu", "umm", "de", "del", "da", "das", "dos",
    "do", "du", "van", "von", "der", "den", "le", "la", "les", "y", "e", "the", "and", "of", "for", "mr", "ms", "mrs",
})
MIN_SECRET = 4


def party_marker(party_id: int) -> str:
    return f"{OPEN}p:{party_id}{CLOSE}"


@dataclass(frozen=True)
class NameSet:
    """The names of one party, as the free texts of its case may spell them."""

    party_id: int
    names: tuple[str, ...]  # the name, other spellings, and an anonymous party's real name
    individual: bool = True

    def tokens(self) -> list[str]:
        """Words of an individual's name that are blanked on their own (a family name in a summary)."""
        if not self.individual:
            return []
        out: list[str] = []
        for name in self.names:
            for word in _WORD.findall(name):
                folded = word.casefold()
                if len(folded) >= 3 and folded not in _NOT_ALONE and folded not in out:
                    out.append(folded)
        return out

    def tokens_as_written(self) -> list[str]:
        """The same words as ``tokens``, in the party's own spelling, for a consented name."""
        folded = self.tokens()
        seen: dict[str, str] = {}
        for name in self.names:
            for word in _WORD.findall(name):
                seen.setdefault(word.casefold(), word)
        return [seen.get(t, t) for t in folded]


def neutralise(text: str) -> str:
    """Free text cannot carry markers of its own (a summary cannot ask to print another party's name)."""
    return text.replace(OPEN, "[").replace(CLOSE, "]")


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _trie_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression matching any of ``phrases`` (case-insensitive), built as a trie so that
    thousands of names are matched in one pass. Names in scripts written without spaces (Chinese,
    Japanese, Korean) match anywhere; others only as whole words."""
    phrases = list(phrases)
    spaced = [p for p in phrases if not _UNSPACED.search(p)]
    unspaced = [p for p in phrases if _UNSPACED.search(p)]
    parts = [f"(?<!\\w){body}(?!\\w)" for body in [_trie(spaced)] if body]
    parts += [body for body in [_trie(unspaced)] if body]
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def _trie(phrases: Iterable[str]) -> str:
    trie: dict[str, dict] = {}
    for phrase in phrases:
        phrase = phrase.strip().casefold()
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return ""

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def scrub(text: str, parties: Sequence[NameSet], secrets: Iterable[str] = ()) -> str:
    """Put markers in place of the parties' names and of protected values in a free text."""
    return scrubber(parties, secrets)(text)


def scrubber(parties: Sequence[NameSet], secrets: Iterable[str] = ()) -> Callable[[str], str]:
    """``scrub`` with these parties and secrets prepared once, for many texts."""
    ordered = sorted({s.strip() for s in secrets if s and len(s.strip()) >= MIN_SECRET}, key=len, reverse=True)
    secret_patterns = [re.compile(re.escape(secret), re.IGNORECASE) for secret in ordered]
    whole: dict[str, int] = {}
    for party in parties:
        for name in party.names:
            if name and name.strip():
                whole.setdefault(name.strip().casefold(), party.party_id)
    pattern = _trie_pattern(whole)
    tokens: dict[str, tuple[int, int]] = {}
    for party in parties:
        for i, token in enumerate(party.tokens()):
            tokens.setdefault(token, (party.party_id, i))

    def word(m: re.Match[str]) -> str:
        hit = tokens.get(m.group(0).casefold())
        return f"{OPEN}t:{hit[0]}:{hit[1]}{CLOSE}" if hit else m.group(0)

    def apply(text: str) -> str:
        if not text:
            return ""
        text = neutralise(text)
        for secret in secret_patterns:
            text = secret.sub(f"{OPEN}x{CLOSE}", text)
        if pattern is not None:
            text = pattern.sub(lambda m: party_marker(whole.get(m.group(0).casefold(), 0)) if m.group(0).casefold()
                               in whole else WITHHELD, text)
        if tokens:
            text = _outside_markers(text, lambda part: _WORD.sub(word, part))
        return text

    return apply


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


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:"


def resolve(text: str, views: Mapping[int, PartyView]) -> str:
    """Replace every marker: the name where it may be shown, the description (or "[…]") elsewhere; a
    description that begins a sentence begins with a capital."""

    def replace(m: re.Match[str]) -> str:
        if m.group(2):
            view = views.get(int(m.group(2)))
            if view is None:
                return WITHHELD
            if view.name:
                return view.name
            text_ = view.description
            return text_[:1].upper() + text_[1:] if _starts_sentence(m.string, m.start()) else text_
        if m.group(3):
            view = views.get(int(m.group(3)))
            index = int(m.group(4))
            if view is not None and view.name and index < len(view.tokens):
                return view.tokens[index]
            return WITHHELD
        return WITHHELD

    return _MARKER.sub(replace, text)


@dataclass
class Guard:
    """Blanks full names of parties who may not be named, wherever they still appear."""

    phrases: list[str] = field(default_factory=list)
    _pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        self._pattern = _trie_pattern(p for p in self.phrases if len(p.strip()) >= 3)

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(WITHHELD, text)


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
    guards against any remaining full name of a party who may not be named."""

    def __init__(self, views: Mapping[int, PartyView], guard_phrases: Sequence[str]) -> None:
        self.views = dict(views)
        self.guard = Guard(list(guard_phrases))

    def text(self, text: str) -> str:
        return self.guard(resolve(text or "", self.views))

    def publishable(self, party_ids: Iterable[int]) -> bool:
        """Whether anyone of these parties may still appear (named or anonymously)."""
        return any(self.views[p].publishable for p in party_ids if p in self.views)

    @classmethod
    def for_parties(cls, party_ids: Iterable[int]) -> Redactor:
        from reprisals.cases.models import AffectedParty, ConsentRecord
        from reprisals.reports import inclusion

        ids = sorted(set(party_ids))
        views: dict[int, PartyView] = {}
        fallbacks: dict[int, str] = {}
        phrases: list[str] = []
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
                secrets = [p.contact, p.protected_name, p.case.risk_notes, *case_secrets.get(p.case_id, [])]
                fallback = generic_description(p.kind, p.gender, roles.get(p.pk, []))
                description = safe_description(p.description, names, secrets, fallback)
                fallbacks[p.pk] = fallback
                if mode == inclusion.NAMED and p.name:
                    views[p.pk] = PartyView(p.pk, description, p.name, tuple(names.tokens_as_written()))
                else:
                    views[p.pk] = PartyView(p.pk, description, None, (), mode != inclusion.OMITTED)
                    phrases += list(names.names)
        # A description naming another party who may not be named ("the sister of ...") is not used.
        guard = Guard(phrases)
        for pid, view in views.items():
            if guard(view.description) != view.description:
                views[pid] = PartyView(pid, fallbacks[pid], view.name, view.tokens, view.publishable)
        return cls(views, phrases)
