"""Follow-up events on a case's timeline: communications, responses, confirmed assessments and
developments. Registered in ``cases.selectors.TIMELINE_SOURCES`` by the app config.

The timeline is shown to everyone who may see the case, so events carry kinds, dates, symbols and
assessment levels only: no summary of a communication or response, no internal note, no reason.
The events are built in the reader's request: fixed words through gettext, UN body names through
``localized_name``, so the timeline reads in the reader's language whoever recorded the communication.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reprisals.cases.models import Case
from reprisals.cases.selectors import TimelineEvent, list_separator, register_system_reason
from reprisals.followup import rules
from reprisals.followup.choices import AssessmentStatus, CommunicationKind
from reprisals.followup.models import Assessment, CaseDevelopment, Communication
from reprisals.reference.i18n import localized_name, localized_un_body_name

# ---------------------------------------------------------------- reasons of the status changes follow-up makes
# Stored in English with language-neutral values (``cases.selectors.register_system_reason``): ``what`` is the
# communication's symbol or the English label of its kind, ``body`` the UN body's English register name, ``date``
# ISO. Shown in the reader's language.


def reason_what(communication: Communication) -> str:
    """What a system reason calls a communication: its symbol, or the English label of its kind."""
    if communication.symbol:
        return communication.symbol
    with translation.override("en"):
        return str(CommunicationKind(communication.kind).label)


def _english_kind_labels() -> dict[str, CommunicationKind]:
    with translation.override("en"):
        return {str(kind.label): kind for kind in CommunicationKind}


def _localize(values: dict[str, str]) -> dict[str, str]:
    out = dict(values)
    if "what" in out and (kind := _english_kind_labels().get(out["what"])) is not None:
        out["what"] = str(kind.label)
    if "body" in out:
        out["body"] = localized_un_body_name(out["body"])
    return out


REASON_SENT = register_system_reason(gettext_noop("Communication %(what)s sent by %(body)s on %(date)s."), _localize)
REASON_ANSWERED = register_system_reason(gettext_noop("The State responded to %(what)s on %(date)s."), _localize)
REASON_ASSESSING = register_system_reason(gettext_noop("The answer to %(what)s is being assessed."), _localize)
REASON_ADEQUATE = register_system_reason(
    gettext_noop("A reviewer confirmed that the State responded adequately to %(what)s."), _localize)


def case_events(case: Case) -> list[TimelineEvent]:
    today = timezone.now().date()
    events: list[TimelineEvent] = []
    communications = (
        Communication.objects.filter(cases=case).select_related("un_body")
        .prefetch_related("responses", Prefetch("assessments", to_attr="confirmed", queryset=Assessment.objects.filter(
            status=AssessmentStatus.CONFIRMED).order_by("decided_at", "id")))
    )
    for c in communications:
        title = " · ".join([str(c.get_kind_display()), localized_name(c.un_body)])
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
                list_separator().join(a.actions), when.isoformat()))
    for d in CaseDevelopment.objects.filter(case=case):
        events.append(TimelineEvent(d.date.earliest, 7, "development", str(d.get_kind_display()), d.description,
                                    str(d.date)))
    return events
