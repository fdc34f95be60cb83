"""Import of ECOSOC Committee on NGOs session results from CSV (template in ``trackers.ngo_csv``).

All rows are checked first (each row alone, then the session rules per application against what is
already recorded); on any problem nothing is written and every problem is reported by line and column.
A dry run checks and reports without writing. The import is one transaction and one audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.accounts.roles import Cap
from reprisals.core.audit import audit_record
from reprisals.core.errors import Conflict
from reprisals.reference.models import Country
from reprisals.trackers import ngo_csv, rules
from reprisals.trackers.models import NGOApplication, SessionOutcome
from reprisals.trackers.services import _require, _user, clean_areas, name_key


@dataclass
class ImportReport:
    rows: int = 0
    applications_created: int = 0
    outcomes_created: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[ngo_csv.RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _existing(keys: set[ngo_csv.Key]) -> tuple[dict[ngo_csv.Key, NGOApplication],
                                                dict[ngo_csv.Key, list[rules.SessionFact]]]:
    names = sorted({key[0] for key in keys})
    apps = {}
    for start in range(0, len(names), 500):
        chunk = NGOApplication.objects.filter(name_key__in=names[start:start + 500]).select_related("country")
        for app in chunk:
            key = (app.name_key, app.country.iso3, app.applied_on)
            if key in keys:
                apps[key] = app
    histories: dict[ngo_csv.Key, list[rules.SessionFact]] = {key: [] for key in apps}
    by_id = {app.pk: key for key, app in apps.items()}
    outcomes = SessionOutcome.objects.filter(application_id__in=by_id).order_by("session_date", "id")
    for app_id, session, session_date, outcome in outcomes.values_list(
            "application_id", "session", "session_date", "outcome"):
        histories[by_id[app_id]].append(rules.SessionFact(session, session_date, outcome))
    return apps, histories


@transaction.atomic
def ngo_import(*, actor: Any, data: bytes, dry_run: bool = False) -> ImportReport:
    """Check every row, then (unless ``dry_run`` or any problem) write applications and outcomes."""
    _require(actor, Cap.TRACKER_EDIT)
    report = ImportReport(dry_run=dry_run)
    try:
        text = ngo_csv.decode(data)
    except ngo_csv.NotReadable as exc:
        report.errors.append(ngo_csv.RowError(exc.line, "file", str(exc)))
        return report
    countries = dict(Country.objects.values_list("iso3", "pk"))
    parsed = ngo_csv.parse(text, countries, timezone.now().date())
    report.rows = parsed.count
    report.errors.extend(parsed.errors)
    keys = {row.key(name_key) for row in parsed.rows}
    apps, histories = _existing(keys)
    plan = ngo_csv.check_rows(parsed.rows, histories, name_key)
    report.errors.extend(plan.errors)
    report.errors.sort(key=lambda e: (e.line, e.field))
    report.applications_created = len(plan.new_applications)
    report.outcomes_created = len(plan.new_outcomes)
    report.unchanged = len(plan.unchanged)
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic():
            _write(plan, apps, countries, _user(actor))
    except IntegrityError as exc:
        raise Conflict(_("Some of these applications or sessions were recorded by someone else during the "
                         "import. Nothing was imported; run the import again.")) from exc
    audit_record(actor=actor, action="ngo.import", payload={
        "rows": report.rows, "applications_created": report.applications_created,
        "outcomes_created": report.outcomes_created, "unchanged": report.unchanged})
    return report


def _write(plan: ngo_csv.Plan, apps: dict[ngo_csv.Key, NGOApplication], countries: dict[str, int],
           recorded_by: Any) -> None:
    for key, row in plan.new_applications.items():
        apps[key] = NGOApplication.objects.create(
            ngo_name=row.ngo_name, name_key=key[0], country_id=countries[row.country], applied_on=row.applied_on,
            areas_of_work=clean_areas(row.areas), recorded_by=recorded_by)
    outcomes = [
        SessionOutcome(application=apps[row.key(name_key)], session=row.session, session_date=row.session_date,
                       outcome=row.outcome, notes=row.notes, recorded_by=recorded_by)
        for row in plan.new_outcomes
    ]
    SessionOutcome.objects.bulk_create(outcomes)
    links = [
        SessionOutcome.questioning_states.through(sessionoutcome_id=outcome.pk, country_id=countries[code])
        for outcome, row in zip(outcomes, plan.new_outcomes, strict=True) for code in row.questioning_states
    ]
    SessionOutcome.questioning_states.through.objects.bulk_create(links)
    NGOApplication.objects.filter(pk__in={o.application_id for o in outcomes}).update(updated_at=timezone.now())
