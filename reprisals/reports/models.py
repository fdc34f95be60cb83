"""Reporting periods, officers' decisions to leave a case out of a report, and the frozen entries of
final reports (which case appeared in which report, annex and paragraph, with its redacted text).

Models hold data and invariants only; every write goes through ``reports.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

TEXT_LIMIT = MaxLengthValidator(settings.MAX_TEXT_LENGTH)


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open: collecting cases")
    DRAFTING = "drafting", _("Drafting the report")
    FINAL = "final", _("Final: the report is frozen")


class PeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def light(self) -> PeriodQuerySet:
        """Without the snapshot (a whole report): for lists and labels. Reading ``snapshot`` on one of
        these loads it then."""
        return self.defer("snapshot")


class ReportingPeriod(models.Model):
    """One periodic report of the Secretary-General: the days it covers, its document symbol once
    known, and, once final, the frozen content of the report (``snapshot``)."""

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    symbol = models.CharField(_("document symbol"), max_length=40, blank=True, help_text=_('e.g. "A/HRC/33/19"'))
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    summary = models.TextField(_("summary"), blank=True, validators=[TEXT_LIMIT],
                               help_text=_("Leave empty for the summary written from the figures"))
    conclusions = models.TextField(_("conclusions and recommendations"), blank=True, validators=[TEXT_LIMIT])
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(null=True, blank=True, editable=False)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="period_ends_after_start"),
            models.UniqueConstraint(fields=["symbol"], condition=~Q(symbol=""), name="period_unique_symbol"),
            models.CheckConstraint(
                condition=~Q(status="final") | (Q(snapshot__isnull=False) & Q(finalised_at__isnull=False)),
                name="final_period_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol or f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def is_final(self) -> bool:
        return self.status == PeriodStatus.FINAL


class ExclusionReason(models.TextChoices):
    SECURITY = "security", _("Security of the person or of others")
    PERSON_REQUEST = "person_request", _("At the request of the person or family")
    OTHER = "other", _("Other reason (explained in the note)")


class ReportExclusion(models.Model):
    """An officer's decision to leave one case out of one report. Shown to officers only."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="exclusions")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="report_exclusions")
    reason = models.CharField(_("reason"), max_length=20, choices=ExclusionReason.choices)
    note = models.TextField(_("note for officers"), blank=True, validators=[MaxLengthValidator(5000)])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("exclusion from a report")
        constraints = [models.UniqueConstraint(fields=["period", "case"], name="one_exclusion_per_case_and_period")]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_reason_display()}"


class Annex(models.TextChoices):
    NEW = "I", _("Annex I: new cases")
    FOLLOW_UP = "II", _("Annex II: follow-up")


class ReportEntry(models.Model):
    """A case as it appeared in a final report: annex, paragraph, State and the redacted text, which
    holds markers, never names (``reports.redaction``)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="entries")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="report_entries")
    annex = models.CharField(_("annex"), max_length=2, choices=Annex.choices)
    paragraph = models.PositiveIntegerField(_("paragraph"))
    country = models.ForeignKey("reference.Country", verbose_name=_("State"), on_delete=models.PROTECT,
                                related_name="+")
    text = models.TextField(_("text as published"), validators=[TEXT_LIMIT])
    parties = models.JSONField(default=list, help_text=_("Ids of the parties the text refers to"))
    facets = models.JSONField(default=dict, help_text=_("Forms of reprisal and UN bodies, for filters"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period", "annex", "paragraph"]
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        constraints = [
            models.UniqueConstraint(fields=["period", "case"], name="one_entry_per_case_and_period"),
            models.UniqueConstraint(fields=["period", "annex", "paragraph"], name="one_paragraph_number_per_annex"),
        ]
        indexes = [models.Index(fields=["case", "period"], name="entry_case_idx"),
                   models.Index(fields=["country", "period"], name="entry_country_idx")]

    def __str__(self) -> str:
        return f"{self.period} annex {self.annex} para. {self.paragraph}"
