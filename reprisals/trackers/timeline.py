"""Events the trackers add to a case's timeline (registered in ``TrackersConfig.ready``): online evidence
seen, treaty body actions that name the case, and the ECOSOC sessions of a linked NGO application.

Called with a case the reader may already see (the case page loads it through ``case_detail``), so no
further access check is needed; three queries per case page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from reprisals.cases.selectors import TimelineEvent
from reprisals.reference.i18n import localized_name
from reprisals.trackers.models import OnlineEvidence, SessionOutcome, TreatyBodyAction


def case_events(case: Any) -> list[TimelineEvent]:
    events = []
    for e in OnlineEvidence.objects.filter(incident__case_id=case.pk).order_by("seen_at", "id"):
        title = _("Online evidence: %(platform)s %(account)s") % {"platform": e.get_platform_display(),
                                                                 "account": e.account_handle}
        events.append(TimelineEvent(e.seen_at.date(), 2, "online_evidence", title.strip(), e.text,
                                    e.seen_at.strftime("%Y-%m-%d %H:%M UTC")))
    for a in TreatyBodyAction.objects.filter(cases=case).select_related("treaty_body"):
        title = f"{localized_name(a.treaty_body)} · {a.get_kind_display()}"
        events.append(TimelineEvent(a.taken_on, 1, "treaty_body_action", title, a.reference,
                                    a.taken_on.isoformat()))
    for o in SessionOutcome.objects.filter(application__case_id=case.pk).select_related("application"):
        title = _("ECOSOC Committee on NGOs, %(session)s: %(ngo)s %(outcome)s") % {
            "session": o.session, "ngo": o.application.ngo_name, "outcome": o.get_outcome_display().lower()}
        events.append(TimelineEvent(o.session_date, 1, "ngo_committee", title, "", o.session_date.isoformat()))
    return events
