"""Reads that depend on who asks. Every view, API operation and export reads cases through here.

``cases_visible_to`` is the object half of the permission layer: a role's capability opens the door,
compartments and the focal point's entity decide which cases are behind it. Anything not visible is
reported as not found, so a caller cannot learn that a restricted case exists.
"""

from __future__ import annotations

import bisect
import codecs
import collections
import copy
import dataclasses
import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language, gettext, gettext_noop

from reprisals.accounts.roles import Cap, has_cap
from reprisals.cases import search
from reprisals.cases.models import (
    AffectedParty,
    Allegation,
    Case,
    ConsentUse,
    Engagement,
    Incident,
    PartyKind,
    StatusChange,
)
from reprisals.cases.workflow import OPEN_STATUSES
from reprisals.core.errors import NotFound, ValidationFailed
from reprisals.core.prepared import PreparedQueries, StandIns
from reprisals.core.text import (  # the one folding of names and rule of words alone, shared with the public redaction
    NEVER_ALONE,
    ascii_spelling,
    blanked_alone,
    fold_name,
)
from reprisals.linkage.names import skeleton
from reprisals.reference.i18n import localized_name
from reprisals.reports.redaction import (  # the redaction's words and apostrophes, so both blank the same words
    _WORD,
    APOSTROPHE_IN_WORD,
    APOSTROPHE_MARKS,
    GLUED_PLACES,
    WORD_CHARACTERS,
    NameSet,
    RegisterNames,
    as_read,
    handle_parts,
)


def _in_compartment(user: Any) -> Q:
    member = Case.compartment.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
    return Q(is_restricted=False) | Q(Exists(member))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    qs = Case.objects.all()
    if has_cap(user, Cap.CASE_VIEW_ALL):
        return qs.filter(_in_compartment(user))
    if has_cap(user, Cap.CASE_VIEW) and getattr(user, "entity_id", None):
        raised = Allegation.objects.filter(case_id=OuterRef("pk"), source_entity_id=user.entity_id)
        return qs.filter(Exists(raised)).filter(_in_compartment(user))
    return qs.none()


def reveal_rule_allegation(user: Any, allegation: Allegation) -> bool:
    """The object rule of ``core.access.may_reveal`` for a reader who does not see every case (a focal
    point): the identity and contact of the source of an allegation its own entity sent, nothing else."""
    entity = getattr(user, "entity_id", None)
    return bool(entity) and allegation.source_entity_id == entity


def case_get_for_user(user: Any, case_id: int | str) -> Case:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    case = cases_visible_to(user).select_related("country", "assigned_to").filter(pk=pk).first()
    if case is None:
        raise NotFound()
    return case


def case_get_by_reference_for_user(user: Any, reference: str) -> Case:
    case = cases_visible_to(user).filter(reference=reference).first()
    if case is None:
        raise NotFound()
    return case


def case_references(text: str) -> list[str]:
    """Case references as people type them into one field: separated by spaces, commas, semicolons or
    bars, in any case; upper-cased, each once, in the order given."""
    return list(dict.fromkeys(part.upper() for part in re.split(r"[\s,;|]+", text or "") if part))


def cases_by_references_for_user(user: Any, text: str) -> list[Case]:
    """The cases named in ``text`` (``case_references``), all visible to ``user``; the first that is not
    is refused naming ``cases``, without telling whether it exists."""
    cases = []
    for reference in case_references(text):
        try:
            cases.append(case_get_by_reference_for_user(user, reference))
        except NotFound:
            raise ValidationFailed.single("cases", gettext("there is no case %(reference)s that you may see")
                                          % {"reference": reference}) from None
    return cases


@dataclass(frozen=True)
class CaseFilters:
    """The list filters, already validated (ids and codes, never raw user text except ``text``)."""

    country: int | None = None
    regional_group: str | None = None
    un_body: int | None = None
    form: int | None = None
    role: int | None = None
    status: str | None = None
    open_only: bool = False
    year: int | None = None
    assigned_to: int | None = None
    unassigned: bool = False
    risk_level: str | None = None
    text: str = ""


def case_list(user: Any, filters: CaseFilters) -> QuerySet[Case]:
    """Visible cases matching the filters, newest first. Related filters are ``id IN (subquery)``, never
    joins that multiply rows: both databases build the matching set once from the related table's index
    and then walk cases newest first, so keyset pagination stays exact and cheap."""
    qs = cases_visible_to(user)
    f = filters
    if f.country:
        qs = qs.filter(country_id=f.country)
    if f.regional_group:
        qs = qs.filter(country__regional_group=f.regional_group)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.risk_level:
        qs = qs.filter(risk_level=f.risk_level)
    if f.assigned_to:
        qs = qs.filter(assigned_to_id=f.assigned_to)
    if f.unassigned:
        qs = qs.filter(assigned_to__isnull=True)
    if f.un_body:
        qs = qs.filter(pk__in=Engagement.objects.filter(un_body_id=f.un_body).values("case_id"))
    if f.form:
        qs = qs.filter(pk__in=Incident.forms.through.objects.filter(term_id=f.form).values("incident__case_id"))
    if f.role:
        qs = qs.filter(
            pk__in=AffectedParty.roles.through.objects.filter(term_id=f.role).values("affectedparty__case_id")
        )
    if f.text:
        qs = search.filter_by_text(qs, f.text)
    return qs.order_by("-id")


# The case list counts its matches up to here and says "more than" beyond: the count then reads at most
# this many ids from an index (the list itself is keyset-paginated and never needs a total).
CASE_COUNT_LIMIT = 10_000


def case_count(user: Any, filters: CaseFilters, *, limit: int | None = None) -> int:
    """How many visible cases match ``filters``, counted exactly up to ``limit``; a result above ``limit``
    (it is then ``limit + 1``) means "more than ``limit``". ``COUNT(*)`` over ``LIMIT limit + 1`` ids
    without an order: the cost is bounded by the limit, not by the size of the register."""
    limit = CASE_COUNT_LIMIT if limit is None else limit
    return case_list(user, filters).order_by().values("pk")[: limit + 1].count()


# The filters that carry a value (the others are flags that change the query's form).
_VALUE_FILTERS = {"country": int, "regional_group": str, "un_body": int, "form": int, "role": int, "status": str,
                  "year": int, "assigned_to": int, "risk_level": str}
_LIST_PAGES = PreparedQueries()


def case_list_page(user: Any, filters: CaseFilters, columns: Sequence[str], *, after: int | None = None,
                   limit: int) -> list[tuple[Any, ...]]:
    """``case_list(user, filters)`` older than ``after``, as ``values_list(*columns)[:limit]``: the same
    rows, from SQL compiled once per shape of request (``core.prepared``). The list API's hot path: the
    ORM's build and compile cost more than the database's answer to a cheap filter."""
    match = search.text_match(filters.text) if filters.text else None
    entity = getattr(user, "entity_id", None)
    given = tuple(name for name in _VALUE_FILTERS if getattr(filters, name))  # as case_list tests them
    # Everything ``cases_visible_to`` branches on; the reader's own ids are stand-ins below.
    access = (getattr(user, "role", ""), has_cap(user, Cap.CASE_VIEW_ALL), has_cap(user, Cap.CASE_VIEW), bool(entity))
    shape = ("case_list", access, given,
             filters.open_only, filters.unassigned, match is not None, after is not None, limit, tuple(columns))

    def build(stand: StandIns) -> QuerySet[Case]:
        reader = copy.copy(user)
        reader.pk = stand.int("user")
        if entity:
            reader.entity_id = stand.int("entity")
        values = {name: stand.int(name) if _VALUE_FILTERS[name] is int else stand.text(name) for name in given}
        text = stand.word("text", search.text_match) if match is not None else ""
        qs = case_list(reader, dataclasses.replace(filters, **values, text=text))
        if after is not None:
            qs = qs.filter(pk__lt=stand.int("after"))
        return qs.values_list(*columns)[:limit]

    def ordinary() -> QuerySet[Case]:
        qs = case_list(user, filters)
        if after is not None:
            qs = qs.filter(pk__lt=after)
        return qs.values_list(*columns)[:limit]

    values = {"user": user.pk, "entity": entity, "text": match, "after": after,
              **{name: getattr(filters, name) for name in given}}
    return _LIST_PAGES.rows(shape, build, values, ordinary)


def case_detail(user: Any, case_id: int | str) -> Case:
    """A case with everything its page shows, in a fixed number of queries, with what ``user`` may not
    read withheld (``withheld_from``). For showing only: services load the case again to change it."""
    case = case_get_for_user(user, case_id)
    return _withhold(user, _case_loaded(case.pk))


def _case_loaded(pk: int) -> Case:
    found = _cases_loaded([pk])
    if not found:
        raise Case.DoesNotExist()
    return found[0]


def _cases_loaded(pks: Sequence[int]) -> list[Case]:
    return list(
        Case.objects.filter(pk__in=list(pks))
        .select_related("country", "assigned_to")
        .prefetch_related(
            Prefetch("parties", queryset=AffectedParty.objects.select_related("reported_by")
                     .prefetch_related("roles", "consequences", "consents")),
            Prefetch("incidents",
                     queryset=Incident.objects.select_related("perpetrator", "country").prefetch_related("forms")),
            Prefetch("engagements", queryset=Engagement.objects.select_related("un_body", "kind")),
            Prefetch("allegations", queryset=Allegation.objects.select_related("source_entity", "country")),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("actor")),
            "compartment",
        )
    )


@dataclass(frozen=True, order=True)
class TimelineEvent:
    """One line of a case's timeline. Sources build it while the page or API response is made, inside the
    reader's request, so ``title`` and ``detail`` are in the reader's language: fixed words through gettext,
    reference names through ``localized_name``. Text a person wrote (a narrative, a reason) stays as written."""

    when: dt.date
    order: int
    kind: str = field(compare=False)
    title: str = field(compare=False)
    detail: str = field(compare=False, default="")
    date_label: str = field(compare=False, default="")


# Reasons that the system writes on a status change, not a person ("Case opened"; follow-up adds "Communication
# %(what)s sent by %(body)s on %(date)s." and others). They are stored as their English source text, the gettext
# msgid with language-neutral values (a document symbol, an ISO date, an English register name), which is the same
# whoever wrote them, and translated for the reader when shown: ``status_reason`` recognises the msgid, takes the
# values back out, lets the app that wrote it name them in the reader's language, and fills the translation.
# Rows written before, in the writer's language, were rewritten by cases migration 0008.


@dataclass(frozen=True)
class SystemReason:
    msgid: str
    pattern: re.Pattern[str]
    localize: Callable[[dict[str, str]], dict[str, str]] | None = None


SYSTEM_REASONS: dict[str, SystemReason] = {}
VALUE = {"date": r"\d{4}-\d{2}-\d{2}"}  # what a value may be, when ".+?" could swallow the words around it


def register_system_reason(msgid: str, localize: Callable[[dict[str, str]], dict[str, str]] | None = None) -> str:
    """Declare a reason the system writes (mark the msgid with ``gettext_noop``); returns the msgid.
    ``localize`` turns the stored values (English) into the reader's language."""
    parts = re.split(r"%\((\w+)\)s", msgid)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{VALUE.get(part, '.+?')})"
                    for i, part in enumerate(parts))
    SYSTEM_REASONS[msgid] = SystemReason(msgid, re.compile(regex, re.DOTALL), localize)
    return msgid


def system_reason_text(msgid: str, **values: str) -> str:
    """The stored form of a system reason: its English source text with the values filled in."""
    assert msgid in SYSTEM_REASONS, f"not a registered system reason: {msgid!r}"
    return msgid % values if values else msgid


def status_reason(change: StatusChange) -> str:
    """The reason of a status change for the reader: a system reason in the active language, a person's as written."""
    text = change.reason
    for reason in SYSTEM_REASONS.values():
        found = reason.pattern.fullmatch(text)
        if found is None:
            continue
        values = found.groupdict()
        if not values:
            return gettext(reason.msgid)
        return gettext(reason.msgid) % (reason.localize(values) if reason.localize else values)
    return text


REASON_CASE_OPENED = register_system_reason(gettext_noop("Case opened"))


def list_separator() -> str:
    """The separator of a short list in the active language: the Chinese enumeration comma, the Arabic comma."""
    lang = (get_language() or "en").lower()
    return "、" if lang.startswith("zh") else "، " if lang.startswith("ar") else ", "


# Other apps add their events (communications, responses, developments) by appending a function
# ``(case) -> list[TimelineEvent]`` here from their AppConfig.ready(); cases never imports them.
TIMELINE_SOURCES: list[Callable[[Case], list[TimelineEvent]]] = []


def case_timeline(case: Case) -> list[TimelineEvent]:
    """Everything that happened to a case, oldest first: allegations, engagements, incidents, status
    changes, and what other apps register in ``TIMELINE_SOURCES``. Takes a case loaded by
    ``case_detail`` (prefetched) so that its own events add no queries. Call it with the reader's
    language active: the titles are made in it."""
    events: list[TimelineEvent] = []
    for source in TIMELINE_SOURCES:
        events.extend(source(case))
    names = getattr(case, "withheld", NOTHING_WITHHELD).names
    if names:  # other apps' texts (communications, developments) may name a withheld party too
        events = [dataclasses.replace(e, title=blank_names(e.title, names), detail=blank_names(e.detail, names))
                  for e in events]
    for a in case.allegations.all():
        sender = localized_name(a.source_entity) if a.source_entity else str(a.get_channel_display())
        events.append(TimelineEvent(a.received_on, 1, "allegation", f"{a.reference} · {sender}", a.narrative,
                                    a.received_on.isoformat()))
    for e in case.engagements.all():
        events.append(TimelineEvent(e.date.earliest, 0, "engagement",
                                    f"{localized_name(e.kind)} · {localized_name(e.un_body)}",
                                    e.description, str(e.date)))
    for i in case.incidents.all():
        forms = list_separator().join(localized_name(t) for t in i.forms.all())
        events.append(TimelineEvent(i.date.earliest, 2, "incident", forms, i.description, str(i.date)))
    for s in case.status_changes.all():
        when = s.at.date()
        label = s.get_to_status_display()
        events.append(TimelineEvent(when, 3, "status", str(label), status_reason(s), when.isoformat()))
    return sorted(events)


def consent_in_force(party: AffectedParty, use: str) -> bool:
    """The latest decision on this use; no decision means no consent."""
    decisions = sorted(party.consents.all(), key=lambda c: (c.recorded_at, c.pk), reverse=True)
    for decision in decisions:
        if decision.use == use:
            return decision.granted
    return False


def parties_without_consent(case: Case, use: str) -> list[AffectedParty]:
    """The parties of ``case`` for whom no consent to ``use`` is in force (never asked, or refused)."""
    parties = case.parties.prefetch_related("consents").order_by("id")
    return [p for p in parties if not consent_in_force(p, use)]


def consent_summary(party: AffectedParty) -> dict[str, bool]:
    return {use: consent_in_force(party, use) for use in ConsentUse.values}


# ---------------------------------------------------------------- "share with other UN bodies"


def _sees_every_source(user: Any) -> bool:
    """OHCHR staff see every case of the register (compartments aside), with everything in it."""
    return has_cap(user, Cap.CASE_VIEW_ALL)


def sees_who_reported(user: Any) -> bool:
    """Whether ``user`` is shown which entity reported each party (``AffectedParty.reported_by``, which decides
    whether ``_withheld`` withholds it): OHCHR staff, who see every source, so that they can tell why a focal
    point does not see a name. Not focal points, not even for their own entity's parties: shown on those alone,
    its absence on the others would tell them that another organisation reported a party they can read."""
    return _sees_every_source(user)


def other_sources_on_case(user: Any, case: Case) -> bool:
    """Whether ``case`` holds an allegation that did not come from ``user``'s entity (another organisation's,
    or one received by OHCHR directly). Uses the prefetched allegations when there are."""
    entity = getattr(user, "entity_id", None)
    return any(a.source_entity_id is None or a.source_entity_id != entity for a in case.allegations.all())


def may_record_consent(user: Any, case: Case) -> bool:
    """Who may record a consent decision on a party of ``case`` (the rule of ``services.consent_record``):
    OHCHR staff; a focal point only on a case that holds nothing but its own entity's allegations, since the
    register does not record which allegation named which party."""
    if not has_cap(user, Cap.CASE_EDIT):
        return False
    return _sees_every_source(user) or not other_sources_on_case(user, case)


@dataclass(frozen=True)
class WithheldNames:
    """What ``blank_names`` blanks for some parties (as ``withheld_names`` gives it), in two kinds it looks for in
    different places: ``names``, every name, spelling and word of one, blanked wherever a text holds them, longest
    first; and ``handle_forms``, the forms a handle or an address gives a name with initials (``_initialled``:
    "jnunez" for "José Núñez"), which are no name, so blanked in handles and addresses only, of which
    ``digit_forms`` are those whose word of the name is long enough (``_DIGIT_FORM_LETTERS``) to be taken with
    digits or an underscore glued before or after them too ("@jnunez1985", never "@Mali2025": ``_marked``). All
    hold real names (an anonymous party's too): they are compared, never shown nor logged, so ``repr`` leaves them
    out."""

    names: tuple[str, ...] = field(default=(), repr=False)
    handle_forms: frozenset[str] = field(default=frozenset(), repr=False)
    digit_forms: frozenset[str] = field(default=frozenset(), repr=False)

    def __bool__(self) -> bool:
        return bool(self.names or self.handle_forms)

    @staticmethod
    def joined(found: Iterable[WithheldNames]) -> WithheldNames:
        """The names withheld on several cases together, for a text linked to all of them."""
        found = list(found)
        names = {n for held in found for n in held.names}
        return WithheldNames(tuple(sorted(names, key=lambda n: (-len(n), n))),
                             frozenset(f for held in found for f in held.handle_forms),
                             frozenset(f for held in found for f in held.digit_forms))


@dataclass(frozen=True)
class Withheld:
    """What a reader may not read of one case: the names of parties (``parties``, their ids), the narratives
    of other organisations' allegations (``allegations``), and the names to blank from every other text
    (``names``: as ``withheld_names`` gives them). Either all three are empty or ``parties`` is not."""

    parties: frozenset[int] = frozenset()
    allegations: frozenset[int] = frozenset()
    names: WithheldNames = field(default=WithheldNames(), repr=False)  # may hold an anonymous party's real name

    def __bool__(self) -> bool:
        return bool(self.parties)


NOTHING_WITHHELD = Withheld()
WITHHELD_MARK = "[…]"


def _withheld(user: Any, sources: Iterable[tuple[int, int | None]], parties: Iterable[AffectedParty]) -> Withheld:
    """THE rule of consent to share with other UN bodies (``ConsentUse.SHARE_UN``), for one case and one reader
    who does not see every source (OHCHR staff, ``case.view_all``, are never asked). Every reader of the rule
    (``withheld_from``, ``withheld_by_case``, and through them lists, search, exports) comes here.

    ``sources`` are the case's allegations as ``(id, source entity id)``; ``parties`` come with their consents.
    A party whose consent to share is not in force (refused, withdrawn, or never recorded) may be known only
    to the organisation that reported it and to OHCHR. So on a case that holds an allegation from another
    source than the reader's entity (another organisation's, or one OHCHR received directly), such a party's
    name (its other spellings, and the words of an individual's name) is withheld from the reader, unless the
    party was reported by the reader's own entity (``AffectedParty.reported_by``; unknown for older rows, which
    are then withheld); and while any name is withheld, so is the narrative of every allegation the reader's
    entity did not send."""
    entity = getattr(user, "entity_id", None)
    others = frozenset(pk for pk, source in sources if source is None or source != entity)
    if not others:
        return NOTHING_WITHHELD
    hidden = [p for p in parties if not (entity and p.reported_by_id == entity)
              and not consent_in_force(p, ConsentUse.SHARE_UN)]
    if not hidden:
        return NOTHING_WITHHELD
    return Withheld(parties=frozenset(p.pk for p in hidden), allegations=others, names=withheld_names(hidden))


def withheld_names(parties: Iterable[AffectedParty]) -> WithheldNames:
    """What ``blank_names`` blanks for these parties: every name and other spelling, an anonymous party's real
    name (``protected_name``, decrypted in memory only, as the public redaction blanks it), and every word of an
    individual's name that is blanked on its own (``core.text.blanked_alone`` with ``word_of_name``: three letters
    or more, counted composed, so that the one Hangul syllable of the family name "김" is one letter and never
    blanked alone; not a particle of ``core.text.NEVER_ALONE``, as the public redaction's ``NameSet.tokens``), as
    written and as ``fold_name`` folds it (an Arabic name written with its short vowels is a word without them),
    longest first (``WithheldNames.names``). For an individual it also gives, apart (``WithheldNames.handle_forms``),
    the forms a handle or an address gives a name with initials (``_initialled``), which ``blank_names`` looks for
    in handles and addresses only, and among them (``WithheldNames.digit_forms``) those whose word of the name has
    ``_DIGIT_FORM_LETTERS`` letters or more. The result holds a real name: it is compared and never shown nor
    logged."""
    out: set[str] = set()
    forms: set[str] = set()
    digit_forms: set[str] = set()
    for party in parties:
        stored = tuple(n for n in [party.name, *(party.name_variants or []), party.protected_name]
                       if isinstance(n, str) and n.strip())
        # As read (``as_read``, through ``NameSet``), and glued as printed: "Ali\x00Hassan" is "Ali Hassan" and
        # "AliHassan", and "Has\x01san" is "Hassan", never the words "Has" and "san".
        # And as others spell it (``NameSet``: "Abdul Hadi Khawaja" for "Abdulhadi Al-Khawaja"), whole names only:
        # the words alone, glued and with initials are those of the names as read (``NameSet.names``), so that
        # "Abdul" or "Hadi" alone stays.
        read = NameSet(party.pk, stored)
        names = tuple(n.strip() for n in (*read.names, *read.variants_as_read()) if n.strip())
        own = tuple(n.strip() for n in read.names if n.strip())
        out.update(names)
        if party.kind == PartyKind.INDIVIDUAL:
            words = {*NameSet(party.pk, own).tokens(), *(w for n in own for w in _folded_words(n))}
            out.update(w for w in words if blanked_alone(w, word_of_name=True))
            out.update(g for n in own for g in _glued(n))
            for keys in {_keyed_words(n) for n in own}:
                forms.update(_initialled(keys))
                digit_forms.update(_initialled(keys, least=_DIGIT_FORM_LETTERS))
    return WithheldNames(tuple(sorted(out, key=lambda n: (-len(n), n))), frozenset(forms), frozenset(digit_forms))


def _glued(name: str) -> set[str]:
    """The forms an account handle or an address gives a name of several words, glued: any two of its words in
    either order, with nothing or an underscore between them ("JoseNunez", "nunez_jose" for "José Antonio
    Núñez"), and all of them joined by underscores ("jose_antonio_nunez"; glued with nothing they are already
    among the names as read)."""
    words = [name[start:end] for start, end in name_words(name)]
    if len(words) < 2:
        return set()
    out = {"_".join(words)}
    for i, first in enumerate(words):
        for second in words[i + 1:]:
            out.update({first + second, second + first, f"{first}_{second}", f"{second}_{first}"})
    return out


#: How many letters a word of a name needs (as ``spelling_key`` keys it) for its forms with initials to be taken
#: in a handle or an address with digits or an underscore glued before or after them (``WithheldNames.digit_forms``,
#: ``_marked``): "jnunez1985" for "José Núñez", "mkhan85" for "Mohammed Khan". A word of three letters with an
#: initial is a word of four, all too often an ordinary word or the handle of a place or an event glued to a year
#: ("@Mali2025" for "Mohammed Ali", "@bali2" for "Bob Ali"), so such a form is taken only as the whole word.
_DIGIT_FORM_LETTERS = 4


def _initialled(name: tuple[str, ...], *, least: int = 0) -> set[str]:
    """The forms an account handle or an address gives a name of several words (``name``: its words as
    ``_keyed_words`` gives them) with initials, glued: each word of the name that is blanked alone
    (``core.text.blanked_alone``, as the handle spells it) and has ``least`` letters or more, with the initial of
    another word, or with the initials of all the others in their order, before or after it. So "José Núñez" gives
    "jnunez", "nunezj", "josen" and "njose", and "José Antonio Núñez" also "anunez", "janunez" and "nunezja". A
    particle ("al", "bin": ``core.text.NEVER_ALONE``) gives no initial, as it is no given name."""
    keys = [key for key in name if key not in NEVER_ALONE]
    if len(keys) < 2:
        return set()
    out: set[str] = set()
    for j, word in enumerate(keys):
        if len(word) < least or not blanked_alone(word, word_of_name=True):
            continue
        initials = [key[0] for i, key in enumerate(keys) if i != j]
        for initial in {*initials, "".join(initials)}:
            out.update({initial + word, word + initial})
    return out


def withheld_from(user: Any, case: Case) -> Withheld:
    """What ``_withheld`` (the rule) withholds from ``user`` of ``case`` (loaded with its parties, their
    consents and its allegations, or read here). OHCHR staff (``case.view_all``) are unaffected."""
    if _sees_every_source(user):
        return NOTHING_WITHHELD
    return _withheld(user, [(a.pk, a.source_entity_id) for a in case.allegations.all()], case.parties.all())


def withheld_by_case(user: Any, case_ids: Sequence[int]) -> dict[int, Withheld]:
    """``withheld_from(user, case)`` for many cases at once (lists, search, dashboard): two queries. Only the
    cases from which something is withheld are keys."""
    if _sees_every_source(user) or not case_ids:
        return {}
    sources: dict[int, list[tuple[int, int | None]]] = {}
    for pk, case_id, source in Allegation.objects.filter(case_id__in=list(case_ids)).values_list(
            "pk", "case_id", "source_entity_id"):
        sources.setdefault(case_id, []).append((pk, source))
    entity = getattr(user, "entity_id", None)
    mixed = [pk for pk, found in sources.items() if any(s is None or s != entity for _a, s in found)]
    parties: dict[int, list[AffectedParty]] = {}
    for party in AffectedParty.objects.filter(case_id__in=mixed).prefetch_related("consents"):
        parties.setdefault(party.case_id, []).append(party)
    out = {pk: _withheld(user, sources[pk], parties.get(pk, ())) for pk in mixed}
    return {pk: held for pk, held in out.items() if held}


def withheld_names_by_case(user: Any, case_ids: Sequence[int]) -> dict[int, WithheldNames]:
    """``withheld_from(user, case).names`` for many cases at once (``withheld_by_case``). A case from which
    something is withheld is a key, with no name when only anonymous parties are. Blank with ``blank_names``."""
    return {pk: held.names for pk, held in withheld_by_case(user, case_ids).items()}


def _inside_word(ch: str) -> bool:
    """A character that belongs to the word it follows though ``WORD`` does not take it: any mark (a
    combining accent of a decomposed "é", an Arabic short vowel, a vowel sign of an Indic script) and what
    ``fold_name`` takes off (the tatweel, a character that prints as nothing)."""
    return unicodedata.category(ch)[0] == "M" or not fold_name(ch)


_sound_key = functools.lru_cache(maxsize=65536)(search.sound_key)

#: A word of a name or of a text as the withholding reads it: the redaction's words (``reports.redaction._WORD``), so
#: that both blank the same ones, and, as the redaction reads them (``reports.redaction.APOSTROPHE``), a word with an
#: apostrophe between two Cyrillic letters, "'", "’", "ʼ" or any other mark it reads as one, or two of them
#: (``reports.redaction.APOSTROPHE_IN_WORD``, its one definition), one word ("Мар'яна", "Мар`яна", "Мар''яна", never
#: "Мар" and "яна"): the pieces of a word are no words of a name, and "Яна" of "Мар'яна" is never taken for the name
#: "Яна".
WORD = re.compile(f"{_WORD.pattern}(?:{APOSTROPHE_IN_WORD.pattern}{_WORD.pattern})*")
_APOSTROPHE_SET = frozenset(APOSTROPHE_MARKS)


@functools.lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """A word as the rule compares it with the words of a withheld name: ``core.text.ascii_spelling``, as the
    search indexes it, so that whatever spelling of a name the search treats as the same is blanked too:
    "Иванов" is "ivanov", "Guðrún" is "gudrun", "Bæk" is "baek", "Þór" is "thor"; and without an apostrophe between
    two Cyrillic letters (``WORD``), as the redaction spells it (``reports.redaction.spelling_key``), so that
    "Мар'яна", "Мар’яна", "Марʼяна", "Мар`яна" and "Мар''яна" are one word, "maryana", whichever the register or the
    text writes."""
    if not _APOSTROPHE_SET.isdisjoint(word):
        word = APOSTROPHE_IN_WORD.sub("", word)
    return ascii_spelling(word)


def name_words(text: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` are, as ``(start, end)``: runs of word characters, each with the marks
    written inside or after it (``_inside_word``), so that a decomposed "Núñez" or an Arabic name written with
    its short vowels is one word, as its folded form is."""
    spans: list[tuple[int, int]] = []
    for m in WORD.finditer(text):
        end = m.end()
        while end < len(text) and _inside_word(text[end]):
            end += 1
        if spans and spans[-1][1] >= m.start():
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((m.start(), end))
    return spans


def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(f for start, end in name_words(text) if (f := fold_name(text[start:end])))


def _keyed_words(text: str) -> tuple[str, ...]:
    return tuple(k for start, end in name_words(text) if (k := spelling_key(text[start:end])))


def _replace(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` replaced by ``WITHHELD_MARK``; spans that overlap are blanked as one."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            out += [text[last:start], WITHHELD_MARK]
        last = max(last, end)
    out.append(text[last:])
    return "".join(out)


def _letters(cased: Callable[[str], bool]) -> str:
    """The letters of the scripts with case (Latin, Greek, Coptic, Cyrillic, Armenian, Georgian, Cherokee,
    Glagolitic, the full-width Latin) for which ``cased`` holds, as the body of a character class."""
    blocks = ((0x41, 0x58F), (0x10A0, 0x10FF), (0x13A0, 0x13FF), (0x1C80, 0x1CBF), (0x1E00, 0x1FFF),
              (0x2C00, 0x2D2F), (0xA640, 0xA7FF), (0xAB70, 0xABBF), (0xFF21, 0xFF5A))
    return "".join(re.escape(chr(code)) for low, high in blocks for code in range(low, high + 1) if cased(chr(code)))


_UPPER, _LOWER = _letters(str.isupper), _letters(str.islower)
#: What makes a run of characters without a space a handle or an address rather than a word of a sentence: an
#: "@", an underscore, a digit beside a letter ("JNunez1985", not a year), a dot between two letters or digits
#: ("j.nunez", not the end of a sentence), or a capital inside it after a lower-case letter ("JoseNunez"), or
#: after another capital and before a lower-case letter ("JNunez").
#: Each branch begins with the one character it looks at, so that the expression skips the others fast.
_HANDLE_SIGN = (f"[@_]|\\.(?<=\\w\\.)(?=\\w)|\\d(?:(?<=[^\\W\\d_]\\d)|(?=[^\\W\\d_]))"
                f"|[{_UPPER}](?:(?<=[{_LOWER}][{_UPPER}])|(?<=[{_UPPER}][{_UPPER}])(?=[{_LOWER}]))")
#: A run of characters without a space that holds a ``_HANDLE_SIGN``.
_HANDLE = re.compile(f"(?<!\\S)\\S*?(?:{_HANDLE_SIGN})\\S*")
#: What may stand between a word blanked and another spelling of a word of the name beside it
#: (``spelled_otherwise``): spaces on one line (a space, a tab, a no-break space), a comma ("IVANOV, Dmitriy") or a
#: hyphen ("Mohammed-Ali"); never a line break, a full stop or a semicolon, so that the first word of the next line
#: or sentence is never taken for one.
_BESIDE = re.compile("[ \t\xa0]+|,[ \t\xa0]*|-")
#: What may stand between an initial and a word of the name it is glued to in a handle or an address.
_GLUE = frozenset({"", ".", "_", "-"})
#: The glue of ``_GLUE`` doubled, as a handle may write it ("@j__nunez"), where it joins an initial to a word.
_DOUBLED_GLUE = frozenset({"..", "__", "--"})


def _glue(gap: str) -> str | None:
    """The glue (``_GLUE``, or doubled: ``_DOUBLED_GLUE``) with which ``gap``, what stands between two parts of a
    handle or an address (``handle_parts``), joins an initial to a word of the name, its digits left out; None when it
    joins none. A run of digits glues as nothing does ("@j85nunez" as "@jnunez"), and beside a dot, an underscore
    or a hyphen as these do ("j_85_nunez" as "j__nunez")."""
    glue = "".join(ch for ch in gap if not ch.isdigit())
    return glue if glue in _GLUE or glue in _DOUBLED_GLUE else None


def _handles(text: str, *, handle: bool = False) -> list[tuple[int, int]]:
    """Where the handles and addresses of ``text`` are, as ``(start, end)``: each run of characters without a
    space that ``_HANDLE_SIGN`` finds in, or the whole text when it is a ``handle`` (an account handle, which may
    be typed without its "@"). A word of a sentence without such a sign is none, nor is a text of one word ("mali"
    is a country)."""
    if handle:
        whole = text.strip()
        return [(text.index(whole), text.index(whole) + len(whole))] if whole else []
    return [m.span() for m in _HANDLE.finditer(text)]


def _marked(text: str, start: int, end: int, word: tuple[int, int], *, with_digits: bool) -> bool:
    """Whether one part of a handle (``handle_parts``), or parts glued by digits alone, at ``start:end`` in
    ``text``, mark where an initial meets a word of the name glued to it, so that they may be taken for a form of a
    name with initials: by a capital after the first letter in a word not all in capitals ("JNunez", "MAli",
    "J85Nunez"), or by being the whole of their word (``word``: where it is in ``text``, as ``name_words`` finds it)
    written right before the "@" of an address ("jnunez@example.org", "j85nunez@example.org") or right after the "@"
    of a handle ("@josen", "@j85nunez", never the domain of "info@mali.gov.ml").

    A form whose word of the name is long enough (``with_digits``: ``WithheldNames.digit_forms``) is also taken
    with digits or underscores around it in its word, and digits, dots, underscores or hyphens between its word
    and the "@": "@jnunez1985", "@nunezj85", "@85jnunez", "@_jnunez", "jnunez_85@example.org" and
    "jnunez.85@example.org" for "José Núñez", as a name with a year is among the handles most often made. A form
    with a word of three letters is not ("@Mali2025", "mali2025@un.org" for "Mohammed Ali": a country and a year),
    though "@Mali" is. An ordinary word in an address or a handle never is: "countries/mali", "@MaliGov",
    "@G5Mali", "bali.process@un.org"; nor a word of a sentence with digits inside ("j1nunez"), nor a form glued to
    letters that are not the name's ("@jnunezville", "a_jnunez85@example.org"). (A label of a domain is read apart,
    by ``_fills_label``.)"""
    part = text[start:end]
    if any(ch.isupper() for ch in part[1:]) and not part.isupper():
        return True
    if with_digits:
        if (_skipped(text, start, -1, _around_form), _skipped(text, end, 1, _around_form)) != word:
            return False  # its word holds letters beside the form
        before, after = _skipped(text, start, -1, _around_at), _skipped(text, end, 1, _around_at)
    elif (start, end) == word:
        before, after = start, end
    else:
        return False
    return text[after:after + 1] == "@" or (
        text[before - 1:before] == "@" and not text[before - 2:before - 1].isalnum())  # a handle, not a domain


def _around_form(ch: str) -> bool:
    """What ``_marked`` passes over beside a form with initials in its word: a digit or an underscore."""
    return ch.isdigit() or ch == "_"


def _around_at(ch: str) -> bool:
    """What ``_marked`` passes over between a form with initials and the "@" of an address or a handle: a digit or
    glue (``_GLUE``: "jnunez.85@example.org")."""
    return ch.isdigit() or ch in _GLUE


#: The characters of a label of a domain, as the body of a character class: those of a word (``WORD_CHARACTERS``, as
#: ``WORD`` reads them: letters, digits, the marks written after them) and the hyphen.
_LABEL_CHARS = WORD_CHARACTERS + "\\-"
#: A label of a domain.
_LABEL = f"[{_LABEL_CHARS}]+"
#: The dots of a host: the full stop, and the ideographic, full-width and half-width ideographic full stops, which a
#: browser reads as one in an address (IDNA, UTS 46): "https://jnunez85\u3002org" opens "https://jnunez85.org".
_HOST_DOTS = ".\u3002\uff0e\uff61"
_DOT = f"[{_HOST_DOTS}]"
#: The generic top-level domains that persons, their practices and small organisations take for a site of their own
#: ("jnunez.xyz", "jnunez-law.law", "jnunez.name"), in lower case or in capitals: none is a file's extension ("zip"
#: and "mov" are top-level domains too, and left out), and written in lower case or in capitals after a word and a
#: full stop with no space they are an address, not the next sentence ("arrested.Today").
_PERSONS_TLDS = ("xyz", "top", "club", "shop", "store", "tech", "space", "website", "live", "life", "world", "today",
                 "art", "design", "studio", "press", "media", "global", "social", "network", "email", "link", "page",
                 "dev", "name", "pro", "mobi", "law", "legal", "lawyer", "foundation", "fund", "charity", "community",
                 "center", "institute", "academy", "agency", "consulting", "photography", "photos", "gallery", "music",
                 "cloud", "digital", "team", "zone")
#: The top-level domains a host written without "//", "www." or an "@" before it may end with to be read as
#: one ("Visit jnunez.net"): the generic ones most written, in any case, those of ``_PERSONS_TLDS``, and a country's
#: (two letters, in lower case, or in capitals as a text in capitals writes a host: "JNUNEZ85.DE"), never a word of
#: a sentence or a file's extension ("bali.process", "notes.txt", "price.list").
_BARE_TLD = ("(?i:com|org|net|info|biz|edu|gov|int|mil|ngo|ong|io|app|blog|news|online|site|africa|asia)"
             f"|{'|'.join(_PERSONS_TLDS)}|{'|'.join(_PERSONS_TLDS).upper()}|[a-z]{{2}}|[A-Z]{{2}}")
#: A host in an e-mail address or a URL, as labels separated by dots (``_DOT``): after the "//" of a scheme or of a
#: link without one ("https://", "//jnunez.org" in a page's link), after the "@" of an address (or of the user
#: before a URL's host: a letter, a digit or one of ".%+-_" right before it, so never the "@" of a handle,
#: "@jnunez.bsky.social", read as a handle is), or written alone, beginning with "www." or ending with a top-level
#: domain of ``_BARE_TLD`` ("www.nunezjose.com", "jnunez.net/blog"). A host written alone begins where a run of the
#: characters of a label (``_LABEL_CHARS``) and dots begins, never inside one (after a mark, which is no ``\w``), so
#: that the run is read once: the search is linear in the length of the text.
_HOST = re.compile(
    f"(?:(?<=//)|(?<=[\\w.%+-]@)|(?<![{_LABEL_CHARS}{_HOST_DOTS}@/:%+])"
    f"(?=(?i:www){_DOT}|(?:{_LABEL}{_DOT})+(?:{_BARE_TLD})(?![\\w-]|{_DOT}[\\w-])))"
    f"{_LABEL}(?:{_DOT}{_LABEL})+")
#: A dot of ``_HOST_DOTS`` other than the full stop.
_ODD_DOT = re.compile(f"[{_HOST_DOTS[1:]}]")
#: The path of a link after its host (and port), with its query and its fragment: from its first slash, question mark
#: or hash ("https://example.org?u=jnunez", "https://example.org:8080#jnunez") to a space or what closes a link in a
#: text (a quote, a bracket, an angle bracket).
_PATH = re.compile("(?::\\d+)?[/?#][^\\s\"'<>()\\[\\]{}|\\\\^`]*")
#: How a path begins after a host (``_PATH``), for a host written inside the path of another, which ends where it does.
_PATH_START = re.compile("(?::\\d+)?[/?#]")
#: Where the query or the fragment of a path begins.
_QUERY = re.compile("[?#]")
#: The user's part of a link, and its password, between its "//" and the "@" before its host
#: ("https://jnunez:pw@example.org/"), read as the parts of a path are.
_USER_INFO = re.compile("(?<=//)[^\\s/?#@\"'<>()\\[\\]{}|\\\\^`]+@")
#: A part of a path between slashes, dots, question marks, equal signs...: letters, digits, underscores, hyphens.
_PATH_PART = re.compile(_LABEL)
#: The words a site names its sections, its pages and its hosts by, and the words of ``_PERSONS_TLDS``: a part of a
#: path or a label that is one of them, whole, in any case, is the site's, not a handle ("press" in
#: "https://www.amnesty.org/press/en" and "press.example.org" stays for "Paul Ress", "news" for "Nadia Ews"), while
#: one with digits or underscores beside it is read as any is ("https://x.com/press1985").
_SECTION_WORDS = frozenset({
    *_PERSONS_TLDS, "about", "africa", "americas", "archive", "archives", "article", "articles", "asia", "blog",
    "blogs", "business", "contact", "countries", "country", "culture", "english", "europe", "event", "events",
    "feature", "features", "health", "home", "index", "issues", "latest", "local", "mail", "main", "news",
    "opinion", "people", "photo", "policy", "politics", "post", "posts", "profile", "profiles", "region",
    "regions", "report", "reports", "research", "science", "search", "section", "series", "sport", "sports",
    "stories", "story", "topic", "topics", "video", "videos", "webmail", "welcome",
})
#: The prefix of a label written in punycode.
_PUNYCODE = re.compile("(?i)xn--")
#: The domains of the organisations and mail hosts that name no person in any of their labels: the United
#: Nations and the organisations of its system, the international human-rights organisations that write to it most
#: (and the national sections of Amnesty International: ``_MAIL_BRANDS``), and the mail hosts most used, worldwide
#: and in one country. Their labels are their own ("press" in "press.un.org" and "press.amnesty.org", "gmail" in
#: "info@gmail.com"), not a person's site, and are never read for a form of a name with initials (a user's part of an
#: address, "jnunez85@gmail.com", is read as any address's is). Their paths are read as any link's are: the pages of
#: a human-rights organisation are about persons ("https://www.frontlinedefenders.org/en/profile/jnunez"), and a mail
#: host's links wrap another ("https://eur01.safelinks.protection.outlook.com/?url=https://x.com/jnunez") - but
#: those of the United Nations and of the organisations of its system (``_UN_HOSTS``), which have no page of a
#: person's account and name their sections by words ("https://www.un.org/press/en", "www.ohchr.org/en/hr-bodies");
#: of those only the query and the fragment ("https://www.ohchr.org/en/search?q=jnunez") and the links written
#: inside them are read ("https://www.un.org/go?u=https://x.com/jnunez", "https://www.un.org/r/https://x.com/jnunez":
#: ``_links``).
_UN_HOSTS = frozenset({
    "un.org", "ungeneva.org", "unog.ch", "ohchr.org", "unhcr.org", "unicef.org", "undp.org", "unep.org",
    "unfpa.org", "unwomen.org", "unesco.org", "unodc.org", "unaids.org", "unhabitat.org", "unrwa.org",
    "unctad.org", "unido.org", "unops.org", "unitar.org", "unv.org", "unu.edu", "ilo.org", "who.int", "fao.org",
    "wfp.org", "ifad.org", "iom.int", "itu.int", "wipo.int", "wmo.int", "icao.int", "imo.org", "iaea.org",
    "worldbank.org", "imf.org", "wto.org",
})
_KNOWN_HOSTS = _UN_HOSTS | frozenset({
    # the international human-rights organisations
    "amnesty.org", "amnestyusa.org", "hrw.org", "ishr.ch", "fidh.org", "omct.org", "frontlinedefenders.org",
    "article19.org", "cpj.org", "rsf.org", "icj.org", "civicus.org", "freedomhouse.org", "humanrightsfirst.org",
    "accessnow.org", "ifex.org", "pen-international.org", "protectioninternational.org", "peacebrigades.org",
    "defenddefenders.org", "forum-asia.org", "cihrs.org", "hrdmemorial.org",
    # the mail hosts used worldwide, besides those of ``_MAIL_BRANDS`` (under any country's domain)
    "googlemail.com", "msn.com", "proton.me", "pm.me", "me.com", "mail.com", "tutanota.com", "tuta.io",
    "fastmail.com", "hey.com", "mailbox.org", "posteo.de",
    # ... and in one country
    "mail.ru", "inbox.ru", "bk.ru", "list.ru", "rambler.ru", "ukr.net", "qq.com", "foxmail.com", "163.com",
    "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com", "139.com", "naver.com", "daum.net",
    "hanmail.net", "rediffmail.com", "web.de", "t-online.de", "freenet.de", "orange.fr", "wanadoo.fr", "free.fr",
    "sfr.fr", "laposte.net", "libero.it", "virgilio.it", "tiscali.it", "alice.it", "seznam.cz", "wp.pl", "o2.pl",
    "interia.pl", "onet.pl", "abv.bg", "bluewin.ch", "telenet.be", "skynet.be", "ziggo.nl", "btinternet.com",
    "sky.com", "virginmedia.com", "comcast.net", "verizon.net", "att.net", "bellsouth.net", "shaw.ca",
    "rogers.com", "sympatico.ca", "bigpond.com", "uol.com.br", "bol.com.br", "terra.com.br", "ig.com.br",
    "prodigy.net.mx",
})
#: The mail hosts (and Amnesty International, whose national sections are written so) that have a domain in many
#: countries: the brand, then a generic domain or a country's (``_BRAND_SUFFIX``): "yahoo.fr", "hotmail.co.uk",
#: "yahoo.com.br", "gmx.at", "amnesty.org.uk". Under any other top-level domain it is read as any domain is
#: ("yahoo.xyz" may be anybody's).
_MAIL_BRANDS = frozenset({
    "gmail", "yahoo", "ymail", "rocketmail", "outlook", "hotmail", "live", "windowslive", "aol", "icloud",
    "protonmail", "gmx", "yandex", "zoho", "amnesty",
})
#: What may follow a brand of ``_MAIL_BRANDS``: "com", "net" or "org", a country's domain, or either after "co",
#: "com", "net", "org", "ne" or "or" ("co.uk", "com.br", "co.jp", "ne.jp", "org.uk").
_BRAND_SUFFIX = re.compile("(?:(?:co|com|net|org|ne|or)\\.)?(?:[a-z]{2}|com|net|org)")


class _OneForOne(dict[int, str]):
    """``str.translate``'s table for ``_width_folded``: each character as its compatibility form (NFKC) when that is
    one character ("ｊ" is "j", "．" is ".", "＠" is "@"), as it is otherwise ("ﬁ", which is two)."""

    def __missing__(self, code: int) -> str:
        if len(self) > 65536:  # a text of every character there is keeps no more than this
            self.clear()
        folded = unicodedata.normalize("NFKC", chr(code))
        self[code] = out = folded if len(folded) == 1 else chr(code)
        return out


_ONE_FOR_ONE = _OneForOne()


def _width_folded(text: str) -> str:
    """``text`` in the compatibility form (NFKC) of each character that has one of one character: a host in
    full-width letters ("ｊｎｕｎｅｚ．ｏｒｇ", as an East Asian keyboard writes it, and as a browser opens
    "jnunez.org") read as in ASCII, each character in its place, so that where a host is found is where it is in
    ``text``."""
    return text if text.isascii() else text.translate(_ONE_FOR_ONE)


def _links(text: str) -> Iterable[tuple[re.Match[str], list[str], tuple[int, int] | None, tuple[int, int] | None]]:
    """Each host of ``text`` (``_HOST``, found in it as ``_width_folded``), as its match, its labels, where its path is
    (``_PATH``), None when it has none or when the host is written inside the path of another that is read, and
    where the part of its path that is read is (None when none is): the whole path, but on the hosts of ``_UN_HOSTS``
    (``_own_pages``), whose path is read from its query or its fragment on ("https://www.ohchr.org/en/search?q=jnunez",
    "https://www.un.org/go?u=https://x.com/jnunez"). A host written in the path of one of those before its query has
    its own read, to where the query begins ("https://www.un.org/r/https://x.com/jnunez"). Each character of a text
    is in one path matched by ``_PATH`` at most, and in one part read at most, so that a text is read in time linear
    in its length."""
    folded = _width_folded(text)
    read = 0  # where the last part read ends
    exempt = outer = 0  # where the part not read of the path of a host of ``_UN_HOSTS`` ends, and where its path does
    for m in _HOST.finditer(folded):
        labels = re.split(_DOT, m.group(0))
        own = _own_pages(labels)
        path: tuple[int, int] | None
        reading: tuple[int, int] | None = None
        if m.start() < exempt:  # in the part not read of a path of the United Nations', it ends where that one does
            path = (m.end(), outer) if _PATH_START.match(folded, m.end(), outer) else None
            if path is not None and not own:  # its query, if any, is the outer one's, read with it
                reading, read, exempt = (m.end(), exempt), max(read, outer), 0
        elif m.start() < read:
            path = None
        else:
            path = found.span() if (found := _PATH.match(folded, m.end())) else None
            if path is not None and own:
                query = _QUERY.search(folded, *path)
                exempt, outer = (path[1] if query is None else query.start()), path[1]
                if query is not None:
                    reading = (query.start(), path[1])
            else:
                reading = path
            if reading is not None:
                read = reading[1]
        yield m, labels, path, reading


def _host_labels(text: str) -> frozenset[tuple[int, int]]:
    """Where the labels of the domains of ``text`` are, as ``(start, end)``: the parts between the dots of each
    host of an e-mail address or a URL (``_links``), its top-level domain left out ("jnunez" and "co" in
    "info@jnunez.co.uk", "blog" and "jnunez" in "https://blog.jnunez.net/"), and none of a host of ``_KNOWN_HOSTS``
    ("press.un.org", "info@gmail.com")."""
    return frozenset(label for m, labels, _path, _reading in _links(text) if not _known_host(labels)
                     for label in _label_spans(m.start(), labels))


def _label_spans(start: int, labels: Sequence[str]) -> Iterable[tuple[int, int]]:
    """Where ``labels``, a host's from ``start`` on, are, its top-level domain left out."""
    for label in labels[:-1]:
        yield start, start + len(label)
        start += len(label) + 1


def _read_as_handles(text: str) -> frozenset[tuple[int, int]]:
    """What a link or an address of ``text`` names as a handle does, as ``(start, end)``, for ``_fills_label``: the
    labels of its hosts (``_host_labels``), each word of a label joined to another by a hyphen ("jnunez" in
    "jnunez-law.org": a domain has no space), each part of the path of a link, with its query and its fragment
    (``_PATH_PART``: "jnunez85" in "https://twitter.com/jnunez85/status/123", "josen" in
    "https://example.org/people/josen.html", "jnunez" in "https://example.org?u=jnunez"), and of the user's part of a
    link (``_USER_INFO``: "https://jnunez:pw@example.org/"); none of the labels of a host of ``_KNOWN_HOSTS``, which
    are its own, nor of the paths of one of ``_UN_HOSTS`` before their query, but for a link written inside one
    (``_links``: "https://www.un.org/press/en" is not read, "https://www.ohchr.org/en/search?q=jnunez" is), nor a
    label or a part that is a word a site names its sections by (``_SECTION_WORDS``: "press", "news")."""
    out: set[tuple[int, int]] = set()
    folded = _width_folded(text)
    for m, labels, _path, reading in _links(text):
        if not _known_host(labels):
            for start, end in _label_spans(m.start(), labels):
                out.add((start, end))
                if "-" in folded[start:end]:  # a full-width hyphen too
                    out.update((start + a, start + b) for a, b in _hyphened_words(folded[start:end]))
        if reading is not None:
            out.update(part.span() for part in _PATH_PART.finditer(text, *reading))
    for user in _USER_INFO.finditer(folded):
        out.update(part.span() for part in _PATH_PART.finditer(text, user.start(), user.end() - 1))
    return frozenset(span for span in out if folded[span[0]:span[1]].lower() not in _SECTION_WORDS)


def _hyphened_words(label: str) -> Iterable[tuple[int, int]]:
    """Where the words of ``label`` joined by hyphens are, within it."""
    at = 0
    for word in label.split("-"):
        yield at, at + len(word)
        at += len(word) + 1


def _own_pages(labels: Sequence[str]) -> bool:
    """Whether the host of ``labels`` is one of ``_UN_HOSTS`` or under one ("www.un.org", "press.un.org"), whose
    paths are its own pages."""
    folded = [label.lower() for label in labels[-2:]]  # no domain of the list has more than two labels
    return ".".join(folded) in _UN_HOSTS


def _known_host(labels: Sequence[str]) -> bool:
    """Whether the host of ``labels`` is one of ``_KNOWN_HOSTS``, or a brand of ``_MAIL_BRANDS`` under a domain of
    ``_BRAND_SUFFIX``, or under one of these ("press.un.org", "mail.yahoo.com", "fr.yahoo.co.jp")."""
    folded = [label.lower() for label in labels[-3:]]  # no domain of either has more than three labels
    return any(".".join(folded[i:]) in _KNOWN_HOSTS
               or (folded[i] in _MAIL_BRANDS and _BRAND_SUFFIX.fullmatch(".".join(folded[i + 1:])) is not None)
               for i in range(len(folded) - 1))


def _punycode(label: str) -> str | None:
    """A label of a domain written in punycode ("xn--jnez85-xwa5e", as an address bar copies "jnúñez85"),
    decoded; None for any other label, or one that does not decode."""
    if not label[:4].lower() == "xn--":
        return None
    try:
        return label.lower().encode("ascii").decode("idna")
    except UnicodeError:
        return None


def _fills_label(text: str, start: int, end: int, labels: frozenset[tuple[int, int]]) -> bool:
    """Whether a form with initials at ``start:end`` in ``text`` is a label of a domain, a word of one or a part of a
    link's path (``labels``: ``_read_as_handles``) as it would be a handle after its "@" with digits or glue around
    it (``_marked``, ``with_digits``): it and nothing but digits, underscores or hyphens (the glue of a host, as an
    underscore is a handle's) fill the label or the part: "info@jnunez85.org", "https://jnunez.net",
    "jnunez-1985.org", "https://x.com/jnunez_85"; or it and nothing but digits and underscores fill a word of a
    label between hyphens ("jnunez-law.org"); never a label or a part that glues letters that are not the name's
    ("malijustice.org", "jnunezville.org", "x.com/jnunezville"), nor a word of a path joined to others by hyphens,
    as a title is ("news/price-rises")."""
    return any((_skipped(text, start, -1, over), _skipped(text, end, 1, over)) in labels
               for over in (_around_label, _around_form))


def _around_label(ch: str) -> bool:
    """What ``_fills_label`` passes over beside a form with initials in a label of a domain: a digit, an underscore
    or a hyphen (in full width too, as ``_width_folded`` reads a host)."""
    return ch.isdigit() or _width_folded(ch) in ("_", "-")


def _skipped(text: str, at: int, step: int, over: Callable[[str], bool]) -> int:
    """Where a run of characters for which ``over`` holds, from ``at`` in ``text``, ends: walking forward (``step``
    1), the index of the first character after it; walking back (-1), the index of its first character."""
    i = at
    while 0 <= i + min(step, 0) < len(text) and over(text[i + min(step, 0)]):
        i += step
    return i


def _glued_runs(keys: Sequence[str], glued: Callable[[int], bool],
                longest: int) -> Iterable[tuple[int, int, str]]:
    """Each run of the parts of a handle, from ``i`` to ``j``, that may spell a form of a name with initials, with its
    parts' ``keys`` joined: it begins at a part with a key, holds only parts each ``glued`` to the one before it,
    passes over a part keyed as nothing (a tatweel, a lone accent) and ends before its keys are longer than
    ``longest``. No run is longer than ``longest`` parts, so a handle is read in time linear in its length however
    many of its parts are keyed as nothing (``glued`` is called at most ``longest`` times for each part)."""
    for i, key in enumerate(keys):
        if not key:
            continue
        joined = ""
        for j in range(i, min(len(keys), i + longest)):
            if j > i and not glued(j):
                break
            joined += keys[j]
            if len(joined) > longest:
                break
            if keys[j]:
                yield i, j, joined


#: The English names of the months and of the days of the week, folded: written with a capital, they may stand
#: beside a name ("On 3 June Jan Ewing was arrested") and spell like one ("June" and "Jan" are j-n), so they are
#: never taken for another spelling of a withheld name.
_CALENDAR = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})


def _another_scripts_name(word: str) -> bool:
    """Whether a word beside a withheld one may be blanked for its sound alone: only a word written in another
    script than Latin letters (not ASCII as written: "Дмитрий", romanised "Dmitriy", beside "Иванов" for "Dmitry
    Ivanov") and written as a name, with a capital where its script has case. An English word never is: "under"
    sounds as "Nader", "sheriff" as "Sharif", "humid" as "Hamid", and "Bakri under threat" keeps its "under"."""
    if word.isascii():
        return False
    first = next((ch for ch in word if ch.isalpha()), "")
    return bool(first) and (first.isupper() or first.lower() == first.upper())


def _printed_words(text: str) -> collections.Counter[str]:
    """The words ``text`` prints (``WORD``), each as often as it prints it."""
    return collections.Counter(m.group(0) for m in WORD.finditer(text))


def _other_letters(text: str) -> bool:
    """Whether ``text`` holds a letter outside ASCII (a word that may write a name in another alphabet)."""
    return not text.isascii() and any(not ch.isascii() and ch.isalpha() for ch in text)


@functools.lru_cache(maxsize=512)
def _names_blanker(withheld: WithheldNames) -> Callable[[str, bool], str]:
    """Blanks the names of ``withheld_names`` in any spelling that differs from one only by diacritics, case,
    Unicode form or script (compared through ``spelling_key``: folded, and transliterated as the search indexes
    it), in four passes, each on what the one before left:

    * a whole name or spelling word by word (``name_words``), each word keyed, whatever separates them
      ("al-Khawaja", "Al Khawaja"); and each single word of ``names`` (a family name alone) keyed, in any
      case: it is this case's own name, but a place that reads as two words of the name glued and is neither
      (``reports.redaction.GLUED_PLACES``, as the public redaction leaves it: "Shanghai", "SHANGHAI",
      "x.com/shanghai" and "shanghai.today" stay for "Hai Shang"), unless written to show the name's words
      ("ShangHai", "shang_hai"). A word is compared whole, so "Ali" blanks "ALÍ" but never "Alice",
      and "Ivanov" blanks "Иванов"; and, next to a word so blanked, a word in another script written as a name
      (``_another_scripts_name``) that sounds as a word of the name (``search.sound_key``, as the search finds
      names), so that "Дмитрий Иванов" is blanked whole for "Dmitry Ivanov" although "Дмитрий" is romanised
      "Dmitriy", while "Bakri under threat" keeps "under" for "Nader Bakri"; and, beside a word so blanked (spaces
      on one line, a comma or a hyphen between them: ``_BESIDE``), a Latin word written as a name that spells a
      word of the name otherwise (the same first letter and consonant skeleton, a length within two letters:
      ``spelled_otherwise``), so that "Mohammed Ali" is blanked whole for "Muhammad Ali", while "Karim. Humid
      weather" keeps "Humid" for "Hamid Karim";
    * a name in a script written without spaces (``search.UNSPACED``: Chinese, Japanese, Korean, Thai, Lao,
      Khmer, Burmese), folded, wherever it appears;
    * the public redaction's own matching (``reports.redaction.PhraseIndex``), for what its words find (also first,
      before the first pass, where the names or the text hold letters outside ASCII, so that a name it finds romanised
      otherwise, "Галино Шевченко" for "Halyna Shevchenko", is blanked whole before a word of it alone is);
    * each single word again as ``WORD`` splits a text, keyed, as the redaction's words are made.

    In the first pass, a word not blanked whole, which a handle or an address may glue, is compared in its parts
    (``handle_parts``: split at underscores, digits and a capital after a lower-case letter), and only the name's parts
    are blanked, when they are a whole name of two words or more, or all the letters of the word: "@JoseNunez1985"
    is shown "@[…]1985", "jose_nunez_85" "[…]_85" and "nunez1985" "[…]1985" for "José Núñez", while "Nunezville"
    and "@antonio_banderas" (a word of the name glued to a word that is not) are kept.

    In the first pass too, in a handle or an address (``_handles``), the forms of a name with initials
    (``_initialled``: ``WithheldNames.handle_forms``) are blanked: its parts, one or more glued with
    nothing, a dot, an underscore, a hyphen or digits between them (``_glue``), keyed and joined, that are such a
    form ("@JNunez", "j.nunez@example.org", "JNunez1985", "@j85nunez" and "@josen" for "José Núñez" are shown
    "@[…]", "[…]@example.org", "[…]1985", "@[…]" and "@[…]"), and so, when its word of the name has four letters
    or more (``WithheldNames.digit_forms``), is one with digits or underscores around it ("@jnunez1985" and
    "jnunez_85@example.org" are shown "@[…]1985" and "[…]_85@example.org"), while "@Mali2025" stays for "Mohammed
    Ali" (``_marked``). A label of a domain, a word of one between hyphens and a part of a link's path
    (``_read_as_handles``: "jnunez" in "info@jnunez85.org", "https://blog.jnunez.net/", "jnunez-law.org" and
    "https://x.com/jnunez") are read as the word after the "@" of a handle is, for those forms only
    (``_fills_label``): "info@[…]85.org", "https://blog.[…].net/", "//[…]85.org", "https://[…]85\u3002org" (a dot a
    browser reads as one: ``_HOST_DOTS``), "[…]-law.org", "https://twitter.com/[…]85/status/1", "ｊｎｕｎｅｚ．ｏｒｇ"
    shown "[…]．ｏｒｇ" (a host in full-width letters: ``_width_folded``), while "mali.gov.ml", "malijustice.org" and
    "https://x.com/MaliJustice" stay, and so do the labels of the domains of the United Nations, of the
    human-rights organisations and of the mail hosts most used (``_KNOWN_HOSTS``: "press.un.org", "info@gmail.com"),
    the paths of the United Nations' (``_UN_HOSTS``: "https://www.un.org/press/en"), but for a link written inside
    one, and a part or a label that is a word sites name their sections by (``_SECTION_WORDS``: "press"). A label
    in punycode is read decoded and blanked whole (``in_punycode``: "https://xn--jnez85-xwa5e.org" is shown
    "https://[…].org").
    A word of a sentence never is ("price" stays for "Peter Rice", "j1nunez" for "José Núñez"), nor an initial
    alone.

    A one-word name shorter than three letters, in an alphabet, is not blanked (``core.text.blanked_alone``, the
    public redaction's rule too)."""
    initialled, digit_forms = withheld.handle_forms, withheld.digit_forms
    longest = max(map(len, initialled), default=0)
    names = tuple(n for n in withheld.names if blanked_alone(n))
    whole: dict[str, list[tuple[str, ...]]] = {}
    unspaced: set[str] = set()
    words: set[str] = set()
    for name in names:
        folded = _keyed_words(name)
        if not folded:
            continue
        if search.UNSPACED.search(unicodedata.normalize("NFC", name)):
            unspaced.add(fold_name(name).strip())
        if len(folded) == 1 and name_words(name.strip()) == [(0, len(name.strip()))]:
            words.add(folded[0])
        else:
            whole.setdefault(folded[0], []).append(folded)
    for candidates in whole.values():
        candidates.sort(key=len, reverse=True)
    # A place that reads as two words of a name glued ("Shanghai" for "Hai Shang"), none of them alone.
    phrased = [phrase for candidates in whole.values() for phrase in candidates]
    in_phrases = {k for p in phrased for k in p}
    places = frozenset(w for w in words if w in GLUED_PLACES and w not in in_phrases
                       and any(w == a + b for p in phrased for a in p for b in p if a != b))
    phrases = RegisterNames([NameSet(0, tuple(n for n in names if spelling_key(n) not in places),
                                     individual=False)]).phrases

    def place(written: str) -> bool:
        """Whether a word as written is a place of ``places``, that does not show the name's words: a capital
        after a lower-case letter ("ShangHai" is the name)."""
        return spelling_key(written) in places and not any(
            a.islower() and b.isupper() for a, b in itertools.pairwise(written))

    anywhere = (re.compile("|".join(re.escape(n) for n in sorted(unspaced, key=len, reverse=True)))
                if unspaced else None)
    other_scripts = phrases.other_scripts

    def by_script(text: str) -> str:
        folded, where = [], []
        for i, ch in enumerate(text):
            piece = fold_name(ch)
            folded.append(piece)
            where += [i] * len(piece)
        spans = []
        for m in anywhere.finditer("".join(folded)):  # type: ignore[union-attr]
            end = where[m.end() - 1] + 1
            while end < len(text) and _inside_word(text[end]):
                end += 1
            spans.append((where[m.start()], end))
        return _replace(text, spans)

    @functools.cache
    def sounds() -> frozenset[str]:  # made once, when a text first names somebody
        return frozenset(k for w in words if (k := _sound_key(w)))

    def matched(folded: Sequence[str]) -> list[tuple[int, int]]:
        """The words of ``folded`` that are a name or a word of one, as (first, last) indices."""
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(folded):
            for phrase in whole.get(folded[i], ()):
                if tuple(folded[i:i + len(phrase)]) == phrase:
                    found.append((i, i + len(phrase) - 1))
                    i += len(phrase)
                    break
            else:
                if folded[i] in words:
                    found.append((i, i))
                i += 1
        return found

    @functools.cache
    def skeletons() -> dict[tuple[str, str], tuple[int, ...]]:  # made once, when a text first names somebody
        """The words of the name in Latin letters by first letter and consonant skeleton, with their lengths."""
        out: dict[tuple[str, str], list[int]] = {}
        for word in words:
            if word.isascii() and word.isalpha() and (key := skeleton(word)):
                out.setdefault((word[0], key), []).append(len(word))
        return {found: tuple(lengths) for found, lengths in out.items()}

    def spelled_otherwise(word: str, key: str, *, in_handle: bool = False) -> bool:
        """Whether ``word`` (``key`` as ``spelling_key`` keys it), in Latin letters and written as a name (a capital
        first, so never an English word in a sentence; in any case ``in_handle``: "mohammed.ali@un.org"), is another
        spelling of a word of the name: the same first
        letter, the same consonant skeleton (``linkage.names.skeleton``) and a length within two letters
        ("Mohammed" for "Muhammad", "Husayn" for "Hussein", "Dmitriy" for "Dmitry"); never the name of a month or a
        day (``_CALENDAR``: "June" is not "Jan")."""
        if not (word.isascii() and (in_handle or word[:1].isupper()) and key.isalpha() and key not in _CALENDAR
                and blanked_alone(word, word_of_name=True)):
            return False
        return any(abs(len(key) - length) <= 2 for length in skeletons().get((key[0], skeleton(key)), ()))

    def matched_in(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``matched`` for the words of ``text`` at ``spans``, with each word beside one matched that is a name in
        another script sounding as a word of the name (``_another_scripts_name``), and each Latin word spelling a
        word of the name otherwise (``spelled_otherwise``) beside one matched or so blanked, with only spaces on
        one line, a comma or a hyphen between them (``_BESIDE``: "Mohammed Ahmed Hassan", "IVANOV, Dmitriy" and
        "Mohammed-Ali" are blanked whole for "Muhammad Ahmad Hassan", "Dmitry Ivanov" and "Muhammad Ali"), or,
        inside a handle or an address (``_handles``), glue (``_GLUE``: "mohammed.ali@un.org")."""
        folded = [spelling_key(text[start:end]) for start, end in spans]
        handles: list[tuple[int, int]] = []

        def spelled_beside(j: int, gap: str) -> bool:
            word = text[slice(*spans[j])]
            if _BESIDE.fullmatch(gap) and spelled_otherwise(word, folded[j]):
                return True
            if gap not in _GLUE or not spelled_otherwise(word, folded[j], in_handle=True):
                return False
            if not handles:
                handles.extend(_handles(text) or [(-1, -1)])
            return any(start <= spans[j][0] < end for start, end in handles)

        found = [(first, last) for first, last in matched(folded)
                 if first < last or not places or not place(text[slice(*spans[first])])]
        blanked = {j for first, last in found for j in range(first, last + 1)}
        beside = [(j, j) for j in sorted({j for first, last in found for j in (first - 1, last + 1)})
                  if 0 <= j < len(spans) and j not in blanked and _another_scripts_name(text[slice(*spans[j])])
                  and _sound_key(folded[j]) in sounds()]
        blanked.update(j for j, _j in beside)
        for first, last in [*found, *beside]:
            for step, j in ((-1, first - 1), (1, last + 1)):
                while (0 <= j < len(spans) and j not in blanked
                       and spelled_beside(j, text[spans[min(j, j - step)][1]:spans[max(j, j - step)][0]])):
                    blanked.add(j)
                    beside.append((j, j))
                    j += step
        return found + beside

    def with_initials(text: str, spans: list[tuple[int, int]], handle: bool) -> list[tuple[int, int]]:
        """Where the forms of a name with initials (``initialled``) are in the handles and addresses of ``text``
        (the whole text when it is a ``handle``), whose words (``name_words``) are at ``spans``: in two parts or
        more glued (``_glue``: ``_GLUE``, or doubled, ``_DOUBLED_GLUE``, with or without digits), or in one part,
        or parts glued by digits alone, that mark where the initial meets the word (``_marked``, with digits or
        underscores around them for ``digit_forms``), or anywhere in a text that is a ``handle``."""
        found: list[tuple[int, int]] = []
        starts = [start for start, _end in spans]
        labels = functools.cache(lambda: _read_as_handles(text))  # read when a form is found that nothing else marks
        handles = _handles(text, handle=handle)
        if not handle and (_ODD_DOT.search(text) or _width_folded(text) != text):  # "https://jnunez\u3002org",
            # "ｊｎｕｎｅｚ．ｏｒｇ": no handle for ``_HANDLE_SIGN``; each link with its path
            handles += [(m.start(), m.end() if path is None else path[1]) for m, _l, path, _r in _links(text)]
        for start, end in handles:
            inside = spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
            held = [(a + c, a + d, (a, b)) for a, b in inside for c, d in handle_parts(text[a:b])]
            parts = [(c, d) for c, d, _word in held]
            homes = [word for _c, _d, word in held]  # the word that holds each part
            keys = [spelling_key(text[a:b]) for a, b in parts]
            gaps = ["", *(text[a:b] for (_s, a), (b, _e) in itertools.pairwise(parts))]  # before each part
            glues = [_glue(gap) for gap in gaps]
            by_digits = [bool(gap) and glue == "" for gap, glue in zip(gaps, glues, strict=True)]
            runs = _glued_runs(keys, lambda j: glues[j] is not None, longest)  # noqa: B023
            # Parts glued by a dot, an underscore, a hyphen or at a capital mark the initial; digits alone glue as
            # nothing does, so parts glued by them only are taken where the handle marks them, as one part is.
            found += [(parts[i][0], parts[j][1]) for i, j, glued in runs if glued in initialled
                      and (not all(by_digits[i + 1:j + 1]) or handle
                           or _marked(text, parts[i][0], parts[j][1], homes[i], with_digits=glued in digit_forms)
                           or (glued in digit_forms and _fills_label(text, parts[i][0], parts[j][1], labels())))]
        return found

    def in_punycode(text: str) -> list[tuple[int, int]]:
        """Where the labels of the domains of ``text`` written in punycode are (``_host_labels``, ``_punycode``)
        that, decoded, are blanked as a label of the domain of an address ("xn--jnez85-xwa5e" is "jnúñez85", as in
        "info@[…]85.org"): the whole label, whose letters and digits punycode writes apart."""
        found = []
        for start, end in _host_labels(text):
            decoded = _punycode(text[start:end])  # never itself in punycode: it holds a letter not in ASCII
            if decoded is not None and blank(probe := f"info@{decoded}.org") != probe:
                found.append((start, end))
        return found

    def by_word(text: str, handle: bool) -> str:
        spans = name_words(text)
        found = matched_in(text, spans)
        blanked = {j for first, last in found for j in range(first, last + 1)}
        out = [(spans[first][0], spans[last][1]) for first, last in found]
        for j, (start, end) in enumerate(spans):  # a handle: "@JoseNunez1985", "jose_nunez_85", "nunez1985"
            if j in blanked or (parts := handle_parts(text[start:end])) == [(0, end - start)]:
                continue
            parts = [(start + a, start + b) for a, b in parts]
            found = matched_in(text, parts)
            if any(last > first for first, last in found) or sum(last - first + 1 for first, last in found) == len(
                    parts):  # a whole name glued ("JoseNunezGeneva"), or nothing but the name and digits
                out += [(parts[first][0], parts[last][1]) for first, last in found]
        if initialled:
            out += with_initials(text, spans, handle)
        if _PUNYCODE.search(text):
            out += in_punycode(text)
        return _replace(text, out)

    def passes(text: str, handle: bool) -> str:
        text = by_word(text, handle)
        if anywhere is not None:
            text = by_script(text)
        text = phrases.sub(text, WITHHELD_MARK)
        return WORD.sub(lambda m: WITHHELD_MARK if spelling_key(m.group(0)) in words and not place(m.group(0))
                        else m.group(0), text)

    def blank(text: str, handle: bool = False) -> str:
        shown = passes(text, handle)
        if shown == text or not (other_scripts or _other_letters(text)):  # a text that names nobody is read once
            return shown
        # Where a name may be written in another alphabet than the text's, the redaction's own matching of names of
        # two words or more may find one the first pass reads only in part: romanised otherwise than the words of the
        # name are keyed ("Галино Шевченко", "Тарас Кузьо" for "Halyna Shevchenko", "Taras Kuzio"; "Taras Kuzio" for
        # "Тарас Кузьо"), whose word alone ("Шевченко") the first pass blanks, leaving the rest, which the redaction's
        # matching then no longer reads as a name. Such a name found first is blanked whole, where that leaves fewer
        # words printed.
        found = phrases.sub(text, WITHHELD_MARK, least_words=2)
        if found == text:
            return shown
        printed = _printed_words(shown)
        if not printed & (_printed_words(text) - _printed_words(found)):  # what it finds is blanked already
            return shown
        whole = passes(found, handle)
        return whole if _printed_words(whole) < printed else shown

    return blank


def blank_names(text: str, names: WithheldNames, *, handle: bool = False) -> str:
    """``text`` with every name, spelling and word of ``names`` (as ``withheld_names`` gives them; any case), and
    in its handles and addresses every form of one with initials, replaced by ``WITHHELD_MARK``. The text is read
    as the public redaction reads it (``as_read``), so that a character that prints as nothing (a control
    character, a soft hyphen, a zero-width space or joiner) hides no name; a text with a name blanked is given as
    it reads, one that names nobody exactly as written (so that ``_blanked_fields`` does not take it for one that
    names somebody). A text with percent-escapes (an address, a link) is read decoded too: when that names
    somebody, only the escapes that write a name so blanked are replaced, and the rest of the text is given as
    written ("https://example.org/?url=https%3A%2F%2Fx.com%2F[…]", "https://news.example/[…]-detenido" for
    "Jos%C3%A9%20N%C3%BA%C3%B1ez-detenido"), but for the escapes between two names blanked, given as they read
    (``_as_written``); where that cannot be done, it is given decoded, with the names blanked. A ``handle`` (an
    account handle, which may be typed without its "@") is read whole as one, so that "jnunez" is blanked for
    "José Núñez", while in any other text a word alone is no handle ("mali" is a country)."""
    if not text or not names:
        return text
    blanker = _names_blanker(names)
    read = as_read(text)
    blanked = blanker(read, handle)
    if _PERCENT.search(blanked):  # an address writes "José Núñez" as "Jos%C3%A9%20N%C3%BA%C3%B1ez"
        decoded = as_read(_percent_decoded(blanked))  # "%00" is a control character, read as the rest
        if (shown := blanker(decoded, handle)) != decoded:
            return _as_written(blanked, decoded, shown, lambda out: blanker(out, handle) == out)
    return text if blanked == read else blanked


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENTS = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _as_written(text: str, decoded: str, shown: str, names_nobody: Callable[[str], bool]) -> str:
    """``text``, whose percent-escapes decode to ``decoded``, shown ``shown`` once blanked (``blank_names``), with
    only what writes each name blanked replaced by ``WITHHELD_MARK``, and the rest as written: the escapes between
    two names blanked are given as they read (the space between the words of a name). ``shown`` as it is when
    that cannot be done (a character decoded that reads otherwise, ``as_read``), or when the text so given, or
    what it reads decoded, still names somebody (``names_nobody``)."""
    mapped, starts, ends = _percent_decoded_at(text)
    if mapped != decoded or (spans := _marked_spans(decoded, shown)) is None:
        return shown
    out, last = [], 0  # in ``text``
    for i, (a, b) in enumerate(spans):
        start, end = starts[a], ends[b - 1]
        if start < last:  # in the escapes of one character with the span before
            out[-1:] = [WITHHELD_MARK]
        else:
            gap = text[last:start]
            between = i > 0 and _PERCENTS.search(gap) and not any(ch.isalnum() for ch in decoded[spans[i - 1][1]:a])
            out += [decoded[spans[i - 1][1]:a] if between else gap, WITHHELD_MARK]
        last = max(last, end)
    out.append(text[last:])
    written = "".join(out)
    if not (names_nobody(written) and names_nobody(as_read(_percent_decoded(written)))):
        return shown
    return written


def _marked_spans(text: str, shown: str) -> list[tuple[int, int]] | None:
    """The spans of ``text`` that ``shown`` writes as ``WITHHELD_MARK``, where ``shown`` is ``text`` with spans of it
    replaced by the mark: each found as the shortest before what ``shown`` writes after it, from left to right (in
    time linear in their length). None where ``shown`` is not so made of ``text``."""
    parts = shown.split(WITHHELD_MARK)
    if not text.startswith(parts[0]):
        return None
    spans, at = [], len(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        if i == len(parts) - 1:
            end = len(text) - len(part)
            if end <= at or not text.endswith(part):
                return None
        elif (end := text.find(part, at + 1)) < 0:
            return None
        spans.append((at, end))
        at = end + len(part)
    return spans


def _percent_decoded_at(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` decoded as ``_percent_decoded`` decodes it, with where each of its characters is written in
    ``text``: from the first character of the escapes of its bytes (or from itself) to the last."""
    starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    for _ in range(3):
        if not _PERCENT.search(text):
            break
        out: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        last = 0
        for m in _PERCENTS.finditer(text):
            out.append(text[last:m.start()])
            new_starts += starts[last:m.start()]
            new_ends += ends[last:m.start()]
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            first = m.start()  # where the bytes not yet decoded begin
            for k in range(m.start(), m.end(), 3):
                read = decoder.decode(bytes.fromhex(text[k + 1:k + 3]), final=k + 3 == m.end())
                out.append(read)
                new_starts += [starts[first]] * len(read)
                new_ends += [ends[k + 2]] * len(read)
                if read:
                    first = k + 3
            last = m.end()
        out.append(text[last:])
        new_starts += starts[last:]
        new_ends += ends[last:]
        text, starts, ends = "".join(out), new_starts, new_ends
    return text, starts, ends


def _percent_decoded(text: str) -> str:
    """``text`` with its percent-escapes decoded as an address's are (UTF-8), again while that changes it, up to
    three times (an address escaped twice writes "%2520" for a space)."""
    for _ in range(3):
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    return text


def _blanked_fields(obj: Any, fields: Sequence[str], names: WithheldNames) -> list[str]:
    """The ``fields`` of ``obj`` whose text names one of ``names``: the reader neither reads nor changes them
    (what one may not see, one may not overwrite)."""
    return [name for name in fields if blank_names(getattr(obj, name), names) != getattr(obj, name)]


def _withhold_party(party: AffectedParty, withheld: Withheld) -> AffectedParty:
    party.withheld = party.pk in withheld.parties
    if party.withheld:
        party.name, party.name_variants = "", []
    party.description = blank_names(party.description, withheld.names)
    return party


def _withhold_allegation(allegation: Allegation, withheld: Withheld) -> Allegation:
    allegation.withheld = allegation.pk in withheld.allegations
    allegation.narrative = "" if allegation.withheld else blank_names(allegation.narrative, withheld.names)
    return allegation


def _withhold_incident(incident: Incident, withheld: Withheld) -> Incident:
    incident.texts_withheld = _blanked_fields(incident, INCIDENT_TEXTS, withheld.names)
    incident.place = blank_names(incident.place, withheld.names)
    incident.description = blank_names(incident.description, withheld.names)
    return incident


INCIDENT_TEXTS = ("place", "description")


def case_texts_withheld(user: Any, case: Case, withheld: Withheld | None = None) -> list[str]:
    """The case's own texts (``title``, ``summary``) that name a party withheld from ``user``: it neither
    reads nor changes them (what one may not see, one may not overwrite)."""
    names = (withheld if withheld is not None else withheld_from(user, case)).names
    return _blanked_fields(case, ("title", "summary"), names)


def withhold(user: Any, case: Case) -> Case:
    """``case`` (loaded with its parties and their consents, and its allegations) with what ``withheld_from``
    withholds from ``user`` blanked, for showing or exporting only; OHCHR staff get it as it is."""
    return case if _sees_every_source(user) else _withhold(user, case)


def _withhold(user: Any, case: Case) -> Case:
    """Blank, in the loaded objects only (never saved), what ``withheld_from`` withholds from ``user``."""
    withheld = withheld_from(user, case)
    case.withheld = withheld
    case.texts_withheld = []
    for party in case.parties.all():
        _withhold_party(party, withheld)
    for allegation in case.allegations.all():
        _withhold_allegation(allegation, withheld)
    if not withheld:
        return case
    names = withheld.names
    case.texts_withheld = case_texts_withheld(user, case, withheld)
    case.title, case.summary = blank_names(case.title, names), blank_names(case.summary, names)
    for incident in case.incidents.all():
        _withhold_incident(incident, withheld)
    for engagement in case.engagements.all():
        engagement.description = blank_names(engagement.description, names)
    if "status_changes" in getattr(case, "_prefetched_objects_cache", {}):  # not read by an export
        for change in case.status_changes.all():
            change.reason = blank_names(change.reason, names)
    return case


def case_heading(user: Any, case: Case) -> Case:
    """A copy of ``case`` (as ``case_get_for_user`` loads it) for a page's heading: its title with the names
    withheld from ``user`` blanked."""
    names = withheld_names_by_case(user, [case.pk]).get(case.pk)
    if not names:
        return case
    shown = copy.copy(case)
    shown.title, shown.summary = blank_names(case.title, names), blank_names(case.summary, names)
    return shown


def _visible_words(case: Case) -> set[str]:
    """The words a search may match in ``case`` as withheld for its reader (``_withhold``), made as
    ``services.refresh_derived`` makes the search text, with the sound keys of the names the reader sees."""
    parts: list[str] = [case.reference, case.title, case.summary]
    names: list[str] = []
    for party in case.parties.all():
        names.append(party.name)
        if not party.is_anonymous:
            names.extend(party.name_variants or [])
        parts.append(party.description)
    parts.extend(names)
    parts.extend(a.narrative for a in case.allegations.all())
    for incident in case.incidents.all():
        parts.extend([incident.description, incident.place])
    text = search.build_search_text(parts, names)
    return set(_WORD.findall(re.sub(r"[-./@_]", " ", text)))


def _matches_visible(terms: Sequence[str], words: set[str]) -> bool:
    """Whether every term matches a word (as a prefix, or by its sound key), as ``search.text_match`` asks.
    The words come from texts blanked with ``blank_names``, which compares each word folded (``fold_name``) at
    least as much as the search folds it (``search.normalise``) and transliterated as the search indexes it
    (``spelling_key``, ``search.build_search_text``), so no word the search holds as a withheld word, in either
    form, is left among them; the sound keys among them are those of the names the reader sees only. The terms
    are compared as the database compares them and never more loosely, so that a case only a withheld text
    matched is never kept. A word that merely begins with a withheld one ("Ivanova" for "Ivanov") is another
    word, read by the reader, and may be found as the database finds it."""
    return all(any(w.startswith(t) for w in words) or (search.sound_key(t) or None) in words for t in terms)


def withhold_in_list(user: Any, items: list[Any], *, text: str = "") -> list[Any]:
    """Cases listed to ``user`` (``Case`` objects, or the API's summary dicts) with the names withheld from it
    (``withheld_from``) blanked from their titles. With a search ``text``, a case from which something is
    withheld is kept only if the search also matches what ``user`` may read of it, so that a search cannot
    tell that a case names someone, nor probe a withheld narrative word by word. Page with ``page_shown``."""
    if _sees_every_source(user) or not items:
        return items
    held = withheld_by_case(user, [i["id"] if isinstance(i, dict) else i.pk for i in items])
    if not held:
        return items
    terms = search.query_terms(text) if text else []
    visible: dict[int, set[str]] = {}
    if terms:
        for case in _cases_loaded([pk for pk in held]):
            visible[case.pk] = _visible_words(_withhold(user, case))
    out = []
    for item in items:
        pk = item["id"] if isinstance(item, dict) else item.pk
        found = held.get(pk)
        if found and terms and not _matches_visible(terms, visible.get(pk, set())):
            continue
        if found and isinstance(item, dict):
            item["title"] = blank_names(item["title"], found.names)
        elif found:
            item.title = blank_names(item.title, found.names)
        out.append(item)
    return out


def page_shown(user: Any, fetch: Callable[[int | None, int], list[Any]], *, after: int | None, limit: int,
               text: str = "") -> tuple[list[Any], int | None]:
    """A page of a case list as ``user`` sees it: ``fetch(after, n)`` gives up to ``n`` rows (cases or summary
    dicts, newest first) older than ``after``; ``withhold_in_list`` drops some. Returns up to ``limit`` rows
    shown and the cursor of the next page, or None. The cursor is always the id of a row shown, never of one
    left out, and a page is never empty while later rows are shown, so paging tells nothing of what was
    left out."""
    batch = limit + 1 if _sees_every_source(user) else max(limit + 1, 50)  # OHCHR: nothing is left out
    shown: list[Any] = []
    cursor = after
    while True:
        rows = fetch(cursor, batch)
        shown.extend(withhold_in_list(user, list(rows), text=text))
        if len(shown) > limit or len(rows) < batch:
            break
        last = rows[-1]
        cursor = last["id"] if isinstance(last, dict) else last.pk
    if len(shown) <= limit:
        return shown, None
    shown = shown[:limit]
    last = shown[-1]
    return shown, last["id"] if isinstance(last, dict) else last.pk


def party_detail(user: Any, party_id: int | str) -> AffectedParty:
    """One party of a case ``user`` may see, for showing, with its name withheld as on the case
    (``withheld_from``)."""
    return _shown_on_case(user, AffectedParty, "parties", party_id)


def _shown_on_case(user: Any, model: type[Model], related: str, child_id: int | str) -> Any:
    """The row ``child_id`` of ``model`` as ``case_detail`` shows it among its case's ``related`` rows (withheld
    texts blanked); ``NotFound`` when it is missing or its case is not visible to ``user``."""
    try:
        pk = int(child_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    case_id = model.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound()
    found = next((row for row in getattr(case_detail(user, case_id), related).all() if row.pk == pk), None)
    if found is None:
        raise NotFound()
    return found


def allegation_detail(user: Any, allegation_id: int | str) -> Allegation:
    """One allegation ``user`` may see, for showing: its narrative withheld as on its case (``withheld_from``)."""
    allegation = allegation_get_for_user(user, allegation_id)
    if allegation.case_id is None:
        allegation.withheld = False
        return allegation
    return _withhold_allegation(allegation, withheld_from(user, _case_loaded(allegation.case_id)))


def incident_detail(user: Any, incident_id: int | str) -> Incident:
    """One incident of a case ``user`` may see, for showing: its place and description with the names withheld
    from ``user`` blanked, as on the case (``withheld_from``)."""
    return _shown_on_case(user, Incident, "incidents", incident_id)


def allegations_in_triage(user: Any) -> QuerySet[Allegation]:
    qs = Allegation.objects.filter(case__isnull=True).select_related("country", "source_entity")
    if has_cap(user, Cap.CASE_VIEW_ALL):
        return qs
    if has_cap(user, Cap.ALLEGATION_CREATE) and getattr(user, "entity_id", None):
        return qs.filter(source_entity_id=user.entity_id)
    return qs.none()


def allegation_get_for_user(user: Any, allegation_id: int | str) -> Allegation:
    try:
        pk = int(allegation_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    allegation = Allegation.objects.select_related("case", "country", "source_entity").filter(pk=pk).first()
    if allegation is None:
        raise NotFound()
    if allegation.case_id is None:
        if not allegations_in_triage(user).filter(pk=pk).exists():
            raise NotFound()
    elif not cases_visible_to(user).filter(pk=allegation.case_id).exists():
        raise NotFound()
    return allegation


def _withhold_allegations(user: Any, allegations: list[Allegation]) -> list[Allegation]:
    """Allegations listed to ``user`` with their narratives withheld as on their cases (``withheld_by_case``)."""
    held = withheld_by_case(user, sorted({a.case_id for a in allegations if a.case_id}))
    for allegation in allegations:
        withheld = held.get(allegation.case_id or 0, NOTHING_WITHHELD)
        _withhold_allegation(allegation, withheld)
        if allegation.case is not None and withheld.names:
            allegation.case.title = blank_names(allegation.case.title, withheld.names)
    return allegations


def dashboard(user: Any) -> dict[str, Any]:
    visible = cases_visible_to(user)
    open_cases = visible.filter(status__in=OPEN_STATUSES)
    by_status = dict(open_cases.values_list("status").annotate(n=Count("id")).order_by())
    top_states = list(
        open_cases.values("country__name", "country__iso3", "country_id").annotate(n=Count("id"))
        .order_by("-n", "country__name")[:10]
    )
    return {
        "open_by_status": by_status,
        "open_total": sum(by_status.values()),
        "top_states": top_states,
        "newest_allegations": _withhold_allegations(user, list(
            Allegation.objects.filter(Q(case__in=visible) | Q(pk__in=allegations_in_triage(user).values("pk")))
            .select_related("country", "source_entity", "case")
            .order_by("-received_on", "-id")[:10]
        )),
        "triage_count": allegations_in_triage(user).count(),
        "urgent": withhold_in_list(user, list(open_cases.filter(risk_level="urgent").select_related("country")[:10])),
        "mine": open_cases.filter(assigned_to_id=user.pk).count(),
        "unassigned": open_cases.filter(assigned_to__isnull=True).count(),
    }
