"""The write path of reports: periods, officers' exclusions, finalising (which freezes the report) and
building documents (audited: who produced which document of which period, public or not)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.cases.models import Case
from reprisals.cases.selectors import case_get_for_user
from reprisals.core.audit import audit_record
from reprisals.core.dates import UN_FOUNDED, before_the_un
from reprisals.core.errors import Conflict, ValidationFailed
from reprisals.core.services import changed_fields, require, validate
from reprisals.reports import conf, drafting, periods, selectors
from reprisals.reports.documents import REPORTS
from reprisals.reports.models import (
    ExclusionReason,
    PeriodStatus,
    ReportEntry,
    ReportExclusion,
    ReportingPeriod,
)

SYMBOL = re.compile(r"^[A-Z0-9][A-Za-z0-9./\-]{0,39}$")
LAST_YEAR = 2100
EDITABLE = ("start", "end", "symbol", "title", "summary", "conclusions", "status")


def _check_symbol(symbol: str) -> None:
    if symbol and not SYMBOL.match(symbol):
        raise ValidationFailed.single("symbol", _('a UN document symbol such as "A/HRC/33/19"'))


def _check_no_overlap(period: ReportingPeriod) -> None:
    if period.start is None or period.end is None or period.end <= period.start:
        return
    other = (ReportingPeriod.objects.light().exclude(pk=period.pk)
             .filter(start__lte=period.end, end__gte=period.start).order_by("start").first())
    if other is not None:
        raise ValidationFailed.single("start", _("overlaps the period %(other)s") % {"other": str(other)})


def _validate(period: ReportingPeriod) -> None:
    if period.start and period.end and period.end <= period.start:
        raise ValidationFailed.single("end", _("the period must end after it starts"))
    if period.end and period.end < UN_FOUNDED:  # nothing to report on before the United Nations
        raise ValidationFailed.single("end", before_the_un())
    _check_symbol(period.symbol)
    validate(period, exclude=["created_by", "finalised_by"])
    _check_no_overlap(period)


def _editable(period: ReportingPeriod) -> ReportingPeriod:
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_final:
        raise Conflict(_("This report is final: it can no longer be changed."))
    return locked


@transaction.atomic
def period_create(*, actor: Any, start: dt.date, end: dt.date, symbol: str = "", title: str = "") -> ReportingPeriod:
    require(actor, Cap.REPORT_DRAFT)
    period = ReportingPeriod(start=start, end=end, symbol=(symbol or "").strip(), title=(title or "").strip(),
                             created_by=actor)
    _validate(period)
    period.save()
    audit_record(actor=actor, action="period.create", obj=period,
                 payload={"start": start.isoformat(), "end": end.isoformat(), "symbol": period.symbol})
    return period


@transaction.atomic
def period_update(*, actor: Any, period: ReportingPeriod, expected_version: int | None = None,
                  **values: Any) -> ReportingPeriod:
    """Change a period that is not final. Its status moves between open and drafting only: a report
    becomes final through ``report_finalise``."""
    require(actor, Cap.REPORT_DRAFT)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationFailed.single(sorted(unknown)[0], _("unknown field"))
    period = _editable(period)
    if expected_version is not None and period.version != expected_version:
        raise Conflict()
    if values.get("status") == PeriodStatus.FINAL:
        raise ValidationFailed.single("status", _("a report becomes final only when a senior official finalises it"))
    values = {k: (v.strip() if isinstance(v, str) and k != "status" else v) for k, v in values.items()}
    changed = changed_fields(period, values)
    _validate(period)
    period.version += 1
    period.save()
    audit_record(actor=actor, action="period.update", obj=period, payload={"fields": sorted(changed)})
    return period


@transaction.atomic
def periods_generate(*, actor: Any, date_from: dt.date, date_to: dt.date) -> list[ReportingPeriod]:
    """Create the periods of the configured periodicity that cover the range, leaving out any that
    would overlap a period already recorded."""
    require(actor, Cap.REPORT_DRAFT)
    if date_to < date_from:
        raise ValidationFailed.single("date_to", _("the range ends before it starts"))
    if (date_to - date_from).days > 366 * 30:
        raise ValidationFailed.single("date_to", _("at most thirty years at a time"))
    if date_to < UN_FOUNDED:
        raise ValidationFailed.single("date_to", before_the_un())
    if date_to.year > LAST_YEAR:  # as for every date of the register; the calendar ends in 9999
        raise ValidationFailed.single("date_to", _("year must be between 1900 and 2100"))
    existing = [periods.Span(s, e) for s, e in ReportingPeriod.objects.values_list("start", "end")]
    created = []
    for span in periods.periods_between(date_from, date_to, conf.periodicity()):
        if span.end >= UN_FOUNDED and periods.first_overlap(span, existing) is None:
            created.append(period_create(actor=actor, start=span.start, end=span.end))
            existing.append(span)
    return created


@transaction.atomic
def exclusion_decide(*, actor: Any, period: ReportingPeriod, case: Case | int, reason: str,
                     note: str = "") -> ReportExclusion:
    """An officer leaves a case out of this report (security, the person's request, another reason)."""
    require(actor, Cap.REPORT_DRAFT)
    period = _editable(period)
    loaded = case_get_for_user(actor, case.pk if isinstance(case, Case) else case)
    if reason not in ExclusionReason.values:
        raise ValidationFailed.single("reason", _("choose a reason"))
    if reason == ExclusionReason.OTHER and not (note or "").strip():
        raise ValidationFailed.single("note", _("explain the reason"))
    if ReportExclusion.objects.filter(period=period, case=loaded).exists():
        raise ValidationFailed.single("case", _("this case is already left out of this report"))
    exclusion = ReportExclusion(period=period, case=loaded, reason=reason, note=(note or "").strip(),
                                decided_by=actor)
    validate(exclusion, exclude=["period", "case", "decided_by"])
    exclusion.save()
    audit_record(actor=actor, action="report_exclusion.add", obj=exclusion,
                 payload={"period": period.pk, "case": loaded.reference, "reason": reason})
    return exclusion


@transaction.atomic
def exclusion_lift(*, actor: Any, exclusion: ReportExclusion) -> None:
    require(actor, Cap.REPORT_DRAFT)
    _editable(exclusion.period)
    case_get_for_user(actor, exclusion.case_id)
    audit_record(actor=actor, action="report_exclusion.lift", obj=exclusion,
                 payload={"period": exclusion.period_id, "case": exclusion.case.reference})
    exclusion.delete()


@transaction.atomic
def report_finalise(*, actor: Any, period: ReportingPeriod) -> ReportingPeriod:
    """Freeze the report: its content becomes the snapshot every later document is built from, and each
    included case records its annex, paragraph and redacted text (``ReportEntry``)."""
    require(actor, Cap.REPORT_FINALISE)
    period = _editable(period)
    if not period.symbol:
        raise ValidationFailed.single("symbol", _("give the document symbol before finalising"))
    # Frozen in the register's own language, not in whatever language the senior official's screen is in:
    # the published paragraphs, the documents built from the snapshot and the order of the annexes (States
    # alphabetically, hence the paragraph numbers later reports refer to) must not depend on who finalised.
    with translation.override(settings.LANGUAGE_CODE):
        built = drafting.build(period)
    entries = []
    for annex in built.content["annexes"]:
        for state in annex["states"]:
            for p in state["paragraphs"]:
                entries.append(ReportEntry(
                    period=period, case_id=p["case"], annex=annex["number"], paragraph=p["n"],
                    country_id=built.data[p["case"]].country_id, text=p["text"], parties=p["parties"],
                    facets=p["facets"]))
    ReportEntry.objects.bulk_create(entries, batch_size=1000)
    period.snapshot = built.content
    period.status = PeriodStatus.FINAL
    period.finalised_at = timezone.now()
    period.finalised_by = actor
    period.version += 1
    period.save()
    audit_record(actor=actor, action="period.finalise", obj=period,
                 payload={"annex_i": len(built.draft.annex_i), "annex_ii": len(built.draft.annex_ii),
                          "left_out": len(built.draft.left_out)})
    return period


def report_build(
    *, actor: Any, period: ReportingPeriod, fmt: str, public: bool, language: str | None = None
) -> tuple[str, str, bytes]:
    """A document of the report, in ``language`` (one of the six; default: the active language);
    ``actor`` None is the system (the ``reprisals report`` command)."""
    if actor is not None:
        require(actor, Cap.REPORT_DRAFT)
    if fmt not in REPORTS:
        raise ValidationFailed.single("format", _("one of %(formats)s") % {"formats": ", ".join(REPORTS)})
    codes = [code for code, _name in settings.LANGUAGES]
    if language is not None and language not in codes:
        raise ValidationFailed.single("language", _("one of %(languages)s") % {"languages": ", ".join(codes)})
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        language = translation.get_language()
        params: dict[str, Any] = {"period": period, "public": public}
        if not public and actor is not None:
            params["content"] = selectors.content_for_reader(drafting.period_content(period), actor)
        result = REPORTS[fmt]().render(params)
    with transaction.atomic():
        audit_record(actor=actor, action="report.build", obj=period,
                     payload={"format": fmt, "public": public, "language": language})
    return result
