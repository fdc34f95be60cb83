"""Follow-up with States: communications to a State about cases, the State's responses, their
assessment, developments in a case after its first report, and attachments.

Models hold data and invariants only; every write goes through ``followup.services``. A communication
keeps the date of its first answer, the days it took and the level of its latest confirmed assessment,
maintained by the services, so that overdue lists and a State's record are single indexed queries.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reprisals.core.dates import PartialDate
from reprisals.followup.choices import (
    AssessmentLevel,
    AssessmentStatus,
    CommunicationKind,
    DevelopmentKind,
    ResponseChannel,
)

TEXT_LIMIT = MaxLengthValidator(settings.MAX_TEXT_LENGTH)
UNANSWERED = Q(answered_on__isnull=True)


class Communication(models.Model):
    """A letter, appeal, note verbale or meeting by which a UN body raised one or more cases with a State."""

    country = models.ForeignKey(
        "reference.Country", verbose_name=_("State addressed"), on_delete=models.PROTECT,
        related_name="communications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CommunicationKind.choices)
    un_body = models.ForeignKey(
        "reference.UNBody", verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="communications"
    )
    symbol = models.CharField(
        _("reference or document symbol"), max_length=100, blank=True, help_text=_('e.g. "AL BHR 3/2016"')
    )
    sent_on = models.DateField(_("date sent"))
    deadline = models.DateField(_("response deadline"))
    summary = models.TextField(_("text or summary"), validators=[TEXT_LIMIT])
    internal_notes = models.TextField(
        _("internal notes"), blank=True, validators=[TEXT_LIMIT], help_text=_("Never shown to the State")
    )
    cases = models.ManyToManyField("cases.Case", verbose_name=_("cases"), related_name="communications")
    # Maintained by the services from the responses and assessments.
    answered_on = models.DateField(_("first answered on"), null=True, blank=True, editable=False)
    days_to_answer = models.PositiveIntegerField(null=True, blank=True, editable=False)
    assessment_level = models.CharField(
        _("confirmed assessment"), max_length=20, choices=AssessmentLevel.choices, blank=True, editable=False
    )
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=models.F("sent_on")), name="comm_deadline_after_sent"),
        ]
        indexes = [
            models.Index(fields=["deadline", "id"], condition=UNANSWERED, name="comm_open_deadline_idx"),
            models.Index(fields=["country", "deadline", "id"], condition=UNANSWERED, name="comm_open_country_idx"),
            models.Index(fields=["un_body", "deadline", "id"], condition=UNANSWERED, name="comm_open_body_idx"),
            # Covers a State's record: the period filter and every column it aggregates.
            models.Index(fields=["country", "sent_on", "deadline", "answered_on", "days_to_answer",
                                 "assessment_level"], name="comm_record_idx"),
        ]

    def __str__(self) -> str:
        return self.symbol or f"{self.get_kind_display()} {self.sent_on:%Y-%m-%d}"


class StateResponse(models.Model):
    """What the State answered, when, and through which channel. Late answers are accepted."""

    communication = models.ForeignKey(
        Communication, verbose_name=_("communication"), on_delete=models.PROTECT, related_name="responses"
    )
    received_on = models.DateField(_("date received"))
    summary = models.TextField(_("summary"), validators=[TEXT_LIMIT])
    summary_digest = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=ResponseChannel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("State response")
        verbose_name_plural = _("State responses")
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "received_on", "summary_digest"], name="response_unique_per_day_and_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.communication} · {self.received_on:%Y-%m-%d}"


class Assessment(models.Model):
    """A case officer's judgement of a response (or of the silence after a deadline), confirmed or
    returned by a reviewer other than its author."""

    communication = models.ForeignKey(
        Communication, verbose_name=_("communication"), on_delete=models.PROTECT, related_name="assessments"
    )
    response = models.ForeignKey(
        StateResponse, verbose_name=_("response"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assessments", help_text=_("Empty when assessing the absence of a response"),
    )
    level = models.CharField(_("assessment"), max_length=20, choices=AssessmentLevel.choices)
    investigation_opened = models.BooleanField(_("independent investigation opened"), default=False)
    perpetrators_held_accountable = models.BooleanField(_("perpetrators held accountable"), default=False)
    remedy_provided = models.BooleanField(_("remedy provided"), default=False)
    preventive_measures = models.BooleanField(_("preventive measures adopted"), default=False)
    legislation_changed = models.BooleanField(_("legislation changed"), default=False)
    reason = models.TextField(_("reason"), validators=[MaxLengthValidator(20_000)])
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("reviewer's note"), blank=True, validators=[MaxLengthValidator(20_000)])

    class Meta:
        ordering = ["proposed_at", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=AssessmentLevel.NO_RESPONSE, response__isnull=True)
                | (~Q(level=AssessmentLevel.NO_RESPONSE) & Q(response__isnull=False)),
                name="assessment_no_response_iff_no_response",
            ),
            models.UniqueConstraint(
                fields=["communication"], condition=Q(status=AssessmentStatus.PROPOSED),
                name="assessment_one_pending_per_communication",
            ),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.PROPOSED) | Q(decided_at__isnull=False),
                name="assessment_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.get_status_display()})"

    @property
    def actions(self) -> list[str]:
        from reprisals.followup.choices import STATE_ACTIONS

        return [str(label) for name, label in STATE_ACTIONS if getattr(self, name)]


class CaseDevelopment(models.Model):
    """Something that happened in a case after its first report: follow-up information for the next one."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
                             related_name="developments")
    kind = models.CharField(_("kind"), max_length=20, choices=DevelopmentKind.choices)
    date_year = models.PositiveSmallIntegerField(_("year"))
    date_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    date_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    description = models.TextField(_("what happened"), validators=[TEXT_LIMIT])
    for_next_report = models.BooleanField(_("follow-up information for the next report"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_year", "date_month", "date_day", "id"]
        verbose_name = _("case development")
        verbose_name_plural = _("case developments")
        indexes = [models.Index(fields=["case", "for_next_report"], name="development_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @property
    def date(self) -> PartialDate:
        return PartialDate(self.date_year, self.date_month, self.date_day)


class FollowupAttachment(models.Model):
    """A file sent with a communication or received with a response, stored encrypted (``files.seal``)."""

    communication = models.ForeignKey(
        Communication, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    response = models.ForeignKey(
        StateResponse, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(_("file name"), max_length=160)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sealed = models.BinaryField(editable=False)
    visible_to_state = models.BooleanField(_("shown to the State"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(communication__isnull=False, response__isnull=True)
                | Q(communication__isnull=True, response__isnull=False),
                name="attachment_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.filename


class ReminderSent(models.Model):
    """A reminder e-mailed to a responsible officer about a communication, at most one a day each."""

    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10)  # "overdue" or "due_soon"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["communication", "recipient", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on:%Y-%m-%d}"
