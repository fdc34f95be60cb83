"""Follow-up events on a case's timeline: communications, responses, confirmed assessments and
developments. Registered in ``cases.selectors.TIMELINE_SOURCES`` by the app config.

The timeline is shown to everyone who may see the case, so events carry kinds, dates, symbols and
assessment levels only: no summary of a communication or response, no internal note, no reason.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from reprisals.cases.models import Case
from reprisals.cases.selectors import TimelineEvent
from reprisals.followup import rules
from reprisals.followup.choices import AssessmentStatus
from reprisals.followup.models import Assessment, CaseDevelopment, Communication


def case_events(case: Case) -> list[TimelineEvent]:
    today = timezone.now().date()
    events: list[TimelineEvent] = []
    communications = (
        Communication.objects.filter(cases=case).select_related("un_body")
        .prefetch_related("responses", Prefetch("assessments", to_attr="confirmed", queryset=Assessment.objects.filter(
            status=AssessmentStatus.CONFIRMED).order_by("decided_at", "id")))
    )
    for c in communications:
        title = " · ".join([str(c.get_kind_display()), c.un_body.name])
        if c.symbol:
            title = _("%(title)s (%(symbol)s)") % {"title": title, "symbol": c.symbol}
        state = rules.deadline_state(c.deadline, c.answered_on, today)
        detail = {
            "overdue": _("Response due by %(date)s: overdue."),
            "due_soon": _("Response due by %(date)s: due soon."),
            "pending": _("Response due by %(date)s."),
            "answered_on_time": _("Response due by %(date)s: answered on time."),
            "answered_late": _("Response due by %(date)s: answered late."),
        }[state] % {"date": c.deadline.isoformat()}
        events.append(TimelineEvent(c.sent_on, 4, "communication", title, detail, c.sent_on.isoformat()))
        for r in c.responses.all():
            late = rules.is_late(c.deadline, r.received_on)
            events.append(TimelineEvent(
                r.received_on, 5, "state_response",
                _("Response of the State (%(channel)s)") % {"channel": r.get_channel_display()},
                _("Received after the deadline.") if late else _("Received by the deadline."),
                r.received_on.isoformat()))
        for a in c.confirmed:
            when = a.decided_at.date()
            events.append(TimelineEvent(
                when, 6, "assessment", _("Assessment confirmed: %(level)s") % {"level": a.get_level_display()},
                ", ".join(a.actions), when.isoformat()))
    for d in CaseDevelopment.objects.filter(case=case):
        events.append(TimelineEvent(d.date.earliest, 7, "development", str(d.get_kind_display()), d.description,
                                    str(d.date)))
    return events
