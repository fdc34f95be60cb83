"""Erasure of a person's identifying data, on request, confirmed by a reviewer.

The party row stays (its gender, roles, minority and the case's incidents keep statistics right) but
its name, other spellings, real name, contact details and consent notes are emptied, and every
occurrence of the names in the texts of the whole register is replaced: the person's own case (title,
summary, risk notes, narratives, the allegation's source when the person reported for themselves,
incident descriptions and places, engagements, status reasons, other parties' descriptions) and every
other case that mentions them, by whole name and by each word of the name the report redaction blanks
alone (``reports.redaction.RegisterNames.tokens``) unless that word is still part of a name in the
register. A case that still has a party bearing one of the names keeps its texts as they are: they are
about that party. Other apps that hold copies register a hook in ``ERASURE_HOOKS``; each scrubs the
register-wide copies it keeps (plain texts found by a database query on the names and words, encrypted
texts read row by row). The names are then kept only as keyed hashes (``ErasedName``), so that the
report redaction still blanks them wherever a text holds one. Audit payloads never hold names, so the
audit chain is untouched and still verifies. All of it happens in one transaction.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.cases import search
from reprisals.cases.models import (
    AffectedParty,
    Allegation,
    Case,
    ConsentRecord,
    Engagement,
    ErasedName,
    ErasureRequest,
    ErasureStatus,
    Incident,
    PartyKind,
    StatusChange,
)
from reprisals.cases.selectors import case_get_for_user, cases_visible_to
from reprisals.cases.services import refresh_derived
from reprisals.core import crypto
from reprisals.core.audit import audit_record
from reprisals.core.errors import Forbidden, NotFound, ValidationFailed
from reprisals.core.services import require
from reprisals.reports.redaction import (  # an apostrophe inside a word as the redaction reads it
    APOSTROPHE_IN_WORD,
    APOSTROPHE_MARKS,
    ZWSP,
    NameSet,
    _apostrophes_joined,
    as_read,
)

ERASED = "[name erased]"
# Hooks receive the party and the list of names to remove wherever the app keeps copies.
ERASURE_HOOKS: list[Callable[[AffectedParty, list[str]], None]] = []


#: A word, with an apostrophe between two Cyrillic letters one letter of it, as the redaction reads it, by its one
#: definition (``reports.redaction.APOSTROPHE_IN_WORD``: "'", "’", "ʼ", "‘", "`", "ʹ", "ʻ", "′", one or two of them,
#: read as ``reports.redaction.APOSTROPHE``): "Мар'яна", "Мар`яна" and "Мар''яна" are one word, never "Мар" and "яна".
_WORD = re.compile(f"\\w+(?:{APOSTROPHE_IN_WORD.pattern}\\w+)*", re.UNICODE)
#: The apostrophes read as that one letter, whichever a name or a text writes, one or two of them (the redaction's).
_APOSTROPHES = tuple(APOSTROPHE_MARKS)
_ANY_APOSTROPHE = f"[{re.escape(APOSTROPHE_MARKS)}]{{1,2}}"
# Between the words of a name: any space, or the zero-width space ``as_read`` leaves where a character that
# prints as nothing parted them ("Ali\x00Hassan" reads "Ali\u200bHassan").
_BETWEEN = f"[\\s{ZWSP}]+"


class NamesToErase(list):  # type: ignore[type-arg]
    """The names being erased (a list of strings, as hooks receive it), with ``words``: the case-folded
    words of the names that are scrubbed on their own too, wherever written as a name ("Mr. Haddadine")."""

    words: frozenset[str] = frozenset()
    # Cases where a party still bears one of the names: their texts are about that party and keep them.
    keep: frozenset[int] = frozenset()


def _read_names(names: list[str]) -> list[str]:
    """The names as the report redaction reads them (``NameSet``: ``as_read``, and glued as printed), longest
    first: "Ali\x00Hassan" is "Ali\u200bHassan" and "AliHassan", "Ali Has\u00adsan" is "Ali Hassan"."""
    given = tuple(n for n in names if isinstance(n, str) and n.strip())
    return sorted({n.strip() for n in NameSet(0, given).names if len(n.strip()) >= 2}, key=len, reverse=True)


def scrub(text: str, names: list[str]) -> str:
    """Replace every occurrence of each name (case-insensitive, longest first, its words parted by any space, an
    apostrophe between two Cyrillic letters written with any mark the redaction reads as one, or two of them:
    ``_APOSTROPHES``, whichever the name writes), and each of the
    names' ``words`` written as a name (``NamesToErase``; a word with such an apostrophe read whole, as the
    redaction reads it: "Мар'яна", never "Мар"), with a marker.

    Text and names are read as the report redaction reads them (``as_read``), so that a character that prints
    as nothing (a control character stored before input refused them, a soft hyphen, a zero-width space or
    joiner) inside a name, in the text or in the stored name, does not let it survive. A text that named the
    person is given back as it reads: the characters that printed as nothing inside its words are left out
    (they could only hide a piece of a name, and a control character cannot be stored again), and what shapes
    other scripts (a joiner in Persian, a zero-width space in Thai) is kept. A text that names nobody is given
    back exactly as written, so that nothing is written back to it."""
    if not text:
        return text
    read = as_read(text)
    out = read
    for name in _read_names(names):
        pattern = _BETWEEN.join(_ANY_APOSTROPHE.join(map(re.escape, APOSTROPHE_IN_WORD.split(piece)))
                                for piece in re.split(_BETWEEN, name))
        out = re.sub(pattern, ERASED, out, flags=re.IGNORECASE)
    words = getattr(names, "words", None)
    if words and text:
        out = _WORD.sub(lambda m: ERASED if not m.group(0)[:1].islower()
                        and _apostrophes_joined(m.group(0).casefold()) in words
                        else m.group(0), out)
    return text if out == read else out


def scrub_rows(rows: Any, names: list[str], *fields: str) -> list[Any]:
    """Scrub ``names`` out of ``fields`` of each row, saving only the rows that named the person (for the
    ``ERASURE_HOOKS`` of other apps too). Returns the rows changed."""
    saved = []
    for row in rows:
        changed = [f for f in fields if (text := getattr(row, f)) and scrub(text, names) != text]
        for f in changed:
            setattr(row, f, scrub(getattr(row, f), names))
        if changed:
            row.save(update_fields=changed)
            saved.append(row)
    return saved


def naming(rows: Any, names: list[str], *fields: str) -> Any:
    """The rows of a queryset whose plain-text ``fields`` hold one of ``names`` or of their ``words``
    (found by the database; ``scrub_rows`` then replaces them), or a character that prints as nothing, which
    may hide one ("Has\u00adsan": ``scrub`` reads it as printed). Not for encrypted fields, which the
    database cannot search."""
    return rows.filter(name_query([*names, *getattr(names, "words", ())], *fields) | hidden_query(*fields))


@functools.lru_cache(maxsize=4)
def _hidden_class(vendor: str) -> str:
    """A regular expression class of every character ``as_read`` changes between two letters: the control
    characters, the soft hyphen, the zero-width spaces and joiners, the direction marks and the other characters
    that print as nothing, found by asking ``as_read`` once per code point of the Basic Multilingual Plane (about
    20 ms, once per process). It is written with ``\\u`` escapes of four hex digits, which both Python (SQLite's
    REGEXP) and PostgreSQL read, and holds NUL only where the database can store it (not PostgreSQL)."""
    codes = [code for code in range(0 if vendor == "sqlite" else 1, 0x10000) if not 0xD800 <= code <= 0xDFFF
             and as_read(f"a{chr(code)}b") != f"a{chr(code)}b"]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


def hidden_query(*fields: str) -> Q:
    """A query for rows whose ``fields`` hold a character that prints as nothing (``_hidden_class``)."""
    pattern = _hidden_class(connection.vendor)
    query = Q(pk__in=[])
    for field in fields:
        query |= Q(**{f"{field}__regex": pattern})
    return query


def name_query(names: list[str], *fields: str) -> Q:
    """A query for rows whose ``fields`` contain one of ``names``, in any case, and with any of the apostrophes
    ``scrub`` reads as one between two Cyrillic letters ("Мар'яна", "Мар’яна", "Марʼяна")."""
    query = Q(pk__in=[])
    # SQLite compares case-insensitively in ASCII only: the usual casings of a name are asked for as well.
    wanted = {form for n in names if n and len(n.strip()) >= 2 for spelled in _apostrophe_spellings(n.strip())
              for form in (spelled, spelled.lower(), spelled.upper(), spelled.title())}
    for name in wanted:
        for field in fields:
            query |= Q(**{f"{field}__icontains": name})
    return query


def _apostrophe_spellings(name: str) -> list[str]:
    """``name`` with each apostrophe between two Cyrillic letters written as each of ``_APOSTROPHES``, and doubled
    ("Мар''яна")."""
    if not APOSTROPHE_IN_WORD.search(name):
        return [name]
    return [APOSTROPHE_IN_WORD.sub(written, name) for apostrophe in _APOSTROPHES
            for written in (apostrophe, apostrophe * 2)]


def names_person(text: str, names: list[str]) -> bool:
    """Whether ``text`` holds one of ``names`` (as ``scrub`` would replace it)."""
    return bool(text) and scrub(text, names) != text


def scrub_sources(allegations: Any, names: list[str]) -> None:
    """The source of an allegation who is the erased person (the identity names them: they reported for
    themselves) loses identity and contact; any other source keeps them, with the names scrubbed."""
    for allegation in allegations:
        identity, contact = allegation.source_identity, allegation.source_contact
        if names_person(identity, names):
            identity, contact = "", ""
        else:
            contact = scrub(contact, names) if contact else contact
        if (identity, contact) != (allegation.source_identity, allegation.source_contact):
            allegation.source_identity, allegation.source_contact = identity, contact
            allegation.save(update_fields=["source_identity", "source_contact"])


@transaction.atomic
def erasure_request(*, actor: Any, party: AffectedParty, reason: str) -> ErasureRequest:
    require(actor, Cap.ERASURE_REQUEST)
    case_get_for_user(actor, party.case_id)
    if not reason.strip():
        raise ValidationFailed.single("reason", _("give the reason for the erasure (e.g. the person's request)"))
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(party=party, reason=reason.strip(), requested_by=actor)
    except IntegrityError as exc:
        raise ValidationFailed.single("party", _("an erasure of this person is already waiting")) from exc
    audit_record(actor=actor, action="erasure.request", obj=request, payload={"party": party.pk})
    return request


@transaction.atomic
def erasure_refuse(*, actor: Any, request: ErasureRequest, reason: str) -> ErasureRequest:
    require(actor, Cap.ERASURE_CONFIRM)
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    _check_decidable(actor, request)
    if not reason.strip():
        raise ValidationFailed.single("reason", _("say why the erasure is refused"))
    request.status, request.decided_by, request.decided_at = ErasureStatus.REFUSED, actor, timezone.now()
    request.decision_reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(actor=actor, action="erasure.refuse", obj=request, payload={"party": request.party_id})
    return request


def _check_decidable(actor: Any, request: ErasureRequest) -> None:
    if request.status != ErasureStatus.PENDING:
        raise ValidationFailed.single("status", _("this request was already decided"))
    if request.requested_by_id == actor.pk:
        raise Forbidden(_("Another reviewer must confirm an erasure you requested."))
    case_get_for_user(actor, request.party.case_id)


@transaction.atomic
def erasure_confirm(*, actor: Any, request: ErasureRequest) -> AffectedParty:
    """Carry out the erasure. Irreversible by design: nothing of the names is kept anywhere, but keyed
    hashes (``ErasedName``) for the report redaction."""
    require(actor, Cap.ERASURE_CONFIRM)
    request = ErasureRequest.objects.select_for_update().select_related("party").get(pk=request.pk)
    _check_decidable(actor, request)
    party = request.party
    individual = party.kind == PartyKind.INDIVIDUAL
    plain = [party.name, party.protected_name, *(party.name_variants or [])]
    party.name = ""
    party.is_anonymous = True
    party.protected_name = ""
    party.protected_name_index = ""
    party.name_variants = []
    party.contact = ""
    party.description = scrub(party.description, plain) or _("a person whose details were erased")
    party.save()
    names = _erased_names(plain, individual)
    party.description = scrub(party.description, names)
    party.save(update_fields=["description"])
    party.consents.update(note="")
    case = Case.objects.get(pk=party.case_id)
    case.title = scrub(case.title, names)
    case.summary = scrub(case.summary, names)
    case.risk_notes = scrub(case.risk_notes, names) if case.risk_notes else case.risk_notes
    case.save(update_fields=["title", "summary", "risk_notes", "updated_at"])
    # Every other text of the case that a person wrote, and the erasure requests' own reasons.
    scrub_rows(case.allegations.all(), names, "narrative")
    scrub_sources(case.allegations.all(), names)
    scrub_rows(case.incidents.all(), names, "description", "place")
    scrub_rows(case.engagements.all(), names, "description")
    scrub_rows(case.status_changes.all(), names, "reason")
    scrub_rows(case.parties.exclude(pk=party.pk), names, "description")
    scrub_rows(ErasureRequest.objects.filter(party=party), names, "reason", "decision_reason")
    touched = {case.pk, *_scrub_register(names)}
    for hook in ERASURE_HOOKS:
        hook(party, names)
    for other in Case.objects.filter(pk__in=touched):
        refresh_derived(other)
    ErasedName.objects.bulk_create([ErasedName(key_id=k, kind=kind, digest=d, words=n)
                                    for k, kind, d, n in _erased_name_rows(plain, individual)],
                                   ignore_conflicts=True)
    request.status, request.decided_by, request.decided_at = ErasureStatus.DONE, actor, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action="erasure.confirm", obj=request, payload={"party": party.pk})
    transaction.on_commit(_compact)
    return party


def _erased_name_rows(names: list[str], individual: bool) -> list[tuple[str, str, str, int]]:
    from reprisals.reports.redaction import ErasedNames as Hashed

    return Hashed.rows([n for n in names if n and n.strip()], individual)


def _erased_names(names: list[str], individual: bool) -> NamesToErase:
    """The names with the words scrubbed alone: the words of a person's names as the report redaction
    blanks them alone, but those still part of another name in the register (read once the party is
    emptied): "Omar" stays where another Omar is in the register, as it may be about him."""
    from reprisals.reports.redaction import NameSet, RegisterNames

    given = [n for n in names if n and n.strip()]
    # As stored (what another app may hold a copy of), and as read (``NameSet``: what a text prints).
    erased = NamesToErase(dict.fromkeys([*given, *NameSet(0, tuple(given)).names]))
    if individual:
        own = RegisterNames([NameSet(0, tuple(erased), individual=True)]).tokens
        erased.words = frozenset(own - RegisterNames.load().tokens)
    erased.keep = frozenset(_keeping_cases(list(erased)))
    return erased


def _keeping_cases(names: list[str]) -> set[int]:
    """Cases where a party still bears one of the names (a namesake, or another record of the person): their
    texts are about that party and keep the name."""
    def folded(name: str) -> str:  # as read: a soft hyphen or a control character does not make another name
        return " ".join(as_read(name).replace(ZWSP, " ").casefold().split())

    wanted = {folded(n) for n in names}
    found: set[int] = set()
    for case_id, name, variants in (AffectedParty.objects.filter(name_query(names, "name") | Q(
            protected_name_index__in=[crypto.blind_index(n) for n in names]) | _variants_naming(names)
            | hidden_query("name")).values_list("case_id", "name", "name_variants")):
        held = {folded(v) for v in [name, *(variants or [])] if isinstance(v, str)}
        if held & wanted or not name:
            found.add(case_id)
    return found


def _variants_naming(names: list[str]) -> Q:
    query = Q(pk__in=[])
    for name in names:
        query |= Q(name_variants__icontains=name.strip())
    return query


def _scrub_register(names: NamesToErase) -> set[int]:
    """The names out of every other case's texts. Plain texts are found by a query on the names and words;
    the encrypted ones (risk notes, sources, contacts) are read row by row over the whole register, as the
    database cannot search them. Returns the cases whose searchable texts changed."""
    keep = names.keep
    touched: set[int] = set()
    cases = naming(Case.objects.exclude(pk__in=keep), names, "title", "summary")
    touched |= {c.pk for c in scrub_rows(cases, names, "title", "summary")}
    for model, fields in ((Allegation, ("narrative",)), (Incident, ("description", "place")),
                          (AffectedParty, ("description",))):
        rows = naming(model.objects.exclude(case_id__in=keep), names, *fields)
        touched |= {r.case_id for r in scrub_rows(rows, names, *fields)}
    scrub_rows(naming(Engagement.objects.exclude(case_id__in=keep), names, "description"), names, "description")
    scrub_rows(naming(StatusChange.objects.exclude(case_id__in=keep), names, "reason"), names, "reason")
    scrub_rows(naming(ConsentRecord.objects.exclude(party__case_id__in=keep), names, "note"), names, "note")
    scrub_rows(naming(ErasureRequest.objects.exclude(party__case_id__in=keep), names, "reason", "decision_reason"),
               names, "reason", "decision_reason")
    for pk, notes in Case.objects.exclude(risk_notes="").exclude(pk__in=keep).values_list("pk", "risk_notes") \
            .iterator(chunk_size=2000):
        if names_person(notes, names):
            Case.objects.filter(pk=pk).update(risk_notes=scrub(notes, names))
    sources = (Allegation.objects.exclude(source_identity="", source_contact="")
               .exclude(case_id__in=keep).only("pk", "source_identity", "source_contact"))
    scrub_sources(sources.iterator(chunk_size=2000), names)
    for pk, contact in AffectedParty.objects.exclude(contact="").exclude(case_id__in=keep).values_list(
            "pk", "contact").iterator(chunk_size=2000):
        if names_person(contact, names):
            AffectedParty.objects.filter(pk=pk).update(contact=scrub(contact, names))
    return touched


def _compact() -> None:
    """Make SQLite drop erased text for good: merge the full-text segments, then rebuild the file so
    that no free page or write-ahead log frame keeps an old copy (PostgreSQL's autovacuum does the
    equivalent; run VACUUM FULL there when a stolen disk is in the threat model)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}) VALUES ('optimize')")
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erasure_requests_waiting(user: Any) -> list[ErasureRequest]:
    """Requests waiting for a decision on cases ``user`` may see, oldest first."""
    return list(ErasureRequest.objects.filter(status=ErasureStatus.PENDING, party__case__in=cases_visible_to(user))
                .select_related("party", "party__case", "requested_by").order_by("requested_at", "id"))


def erasure_request_get_for_user(user: Any, request_id: int) -> ErasureRequest:
    """One request on a case ``user`` may see, else ``NotFound``."""
    found = (ErasureRequest.objects.filter(pk=request_id, party__case__in=cases_visible_to(user))
             .select_related("party", "party__case", "requested_by", "decided_by").first())
    if found is None:
        raise NotFound()
    return found


def erasure_states(case: Case) -> dict[int, str]:
    """Party id → ``pending`` or ``done`` for the parties of ``case`` with such a request."""
    rows = (ErasureRequest.objects.filter(party__case=case, status__in=[ErasureStatus.PENDING, ErasureStatus.DONE])
            .values_list("party_id", "status"))
    return dict(rows)
