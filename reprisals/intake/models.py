"""Intake: what entities and the public send (submissions), bulk import batches, attachments, what a
sender adds later, and the regular reporting schedules of entities.

Each submission produces an ``Allegation`` in triage at once (``case`` empty), so the triage of the case
register sees it too; the submission keeps the structured content and the provenance. Models hold data
and invariants; every write goes through ``intake.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reprisals.core.fields import EncryptedTextField


class SubmissionChannel(models.TextChoices):
    """The intake channels; the values match ``cases.models.Channel``."""

    API = "api", _("API")
    IMPORT = "import", _("Bulk file")
    PUBLIC_FORM = "public_form", _("Public form")


class SubmissionStatus(models.TextChoices):
    """The status a sender sees. ``accepted`` is also shown when the allegation was attached to a case in
    the register's own triage (see ``selectors.effective_status``)."""

    RECEIVED = "received", _("Received")
    IN_TRIAGE = "in_triage", _("In triage")
    ACCEPTED = "accepted", _("Accepted into a case")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"
    UWAZI_CSV = "uwazi-csv", _("End Reprisals (Uwazi) CSV")


class ImportBatch(models.Model):
    """One bulk import of a file: who, when, which file, and what it did."""

    format = models.CharField(_("format"), max_length=12, choices=ImportFormat.choices)
    file_name = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    entity = models.ForeignKey(
        "reference.Entity", verbose_name=_("on behalf of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(_("already imported"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name


class PendingUpload(models.Model):
    """A file uploaded in the web UI, waiting for confirmation after its preview. Stored encrypted; once
    imported, its content is erased and ``batch`` kept (so a second "Import" says it was already done) until
    the row is deleted after a day."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=12, choices=ImportFormat.choices)
    file_name = models.CharField(max_length=200)
    entity = models.ForeignKey("reference.Entity", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return self.file_name


class Submission(models.Model):
    """What an entity (by API or file) or a member of the public (by the secure form) sent."""

    # provenance
    channel = models.CharField(_("channel"), max_length=20, choices=SubmissionChannel.choices)
    entity = models.ForeignKey(
        "reference.Entity", verbose_name=_("sent by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="submissions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("received at"), db_index=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions")
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    row_number = models.PositiveIntegerField(_("line in file"), null=True, blank=True)
    sender_reference = models.CharField(_("sender's reference"), max_length=100, blank=True)
    receipt_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # status
    status = models.CharField(_("status"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.RECEIVED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decision_note = models.TextField(_("reason (staff only)"), blank=True)
    allegation = models.OneToOneField(
        "cases.Allegation", verbose_name=_("allegation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="submission",
    )
    # content
    country = models.ForeignKey("reference.Country", verbose_name=_("State concerned"), on_delete=models.PROTECT,
                                related_name="+")
    title = models.CharField(_("title"), max_length=300, blank=True)
    what_happened = models.TextField(_("what happened"))
    incident_date = models.CharField(_("when it happened"), max_length=10, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    forms = models.JSONField(_("forms of reprisal"), default=list, blank=True)
    perpetrator = models.CharField(_("perpetrator"), max_length=60, blank=True)
    un_body = models.ForeignKey("reference.UNBody", verbose_name=_("UN body engaged with"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    engagement_kind = models.CharField(_("kind of engagement"), max_length=60, blank=True)
    engagement_date = models.CharField(_("date of the engagement"), max_length=10, blank=True)
    engagement_description = models.TextField(_("about the engagement"), blank=True)
    persons = EncryptedTextField(_("people or organisations affected (JSON)"), blank=True)
    consent_raise_with_state = models.BooleanField(_("may be raised with the State"), null=True, blank=True)
    consent_publish_name = models.BooleanField(_("name may appear in a public report"), null=True, blank=True)
    consent_publish_anonymously = models.BooleanField(_("may appear anonymously in a public report"), null=True,
                                                      blank=True)
    consent_share_un = models.BooleanField(_("may be shared with other UN bodies"), null=True, blank=True)
    in_danger = models.BooleanField(_("in danger now"), null=True, blank=True)
    detained = models.BooleanField(_("detained"), null=True, blank=True)
    travelling_to_un_session = models.BooleanField(_("travelling to a UN session"), null=True, blank=True)
    is_urgent = models.BooleanField(_("urgent"), default=False, db_index=True)
    risk_notes = EncryptedTextField(_("about the risk"), blank=True)
    extra = models.JSONField(_("other fields sent"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "sender_reference"], condition=~Q(sender_reference=""),
                name="submission_unique_sender_reference",
            ),
            models.CheckConstraint(
                condition=Q(channel="public_form") | Q(entity__isnull=False), name="submission_entity_unless_public"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-is_urgent", "-id"], name="submission_queue_idx"),
            models.Index(fields=["entity", "-id"], name="submission_entity_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.sender_reference}".strip()


class SubmissionUpdate(models.Model):
    """Information the sender added later (public form, with the receipt code)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="updates")
    text = EncryptedTextField(_("added information"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.created_at:%Y-%m-%d}"


class SubmissionAttachment(models.Model):
    """A file sent with a submission; the bytes are encrypted (``intake.filecrypt``)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    update = models.ForeignKey(SubmissionUpdate, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="attachments")
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name


class ReportingSchedule(models.Model):
    """An entity is expected to report every ``every_months`` months, periods counted from ``starts_on``."""

    entity = models.OneToOneField("reference.Entity", verbose_name=_("entity"), on_delete=models.CASCADE,
                                  related_name="reporting_schedule")
    every_months = models.PositiveSmallIntegerField(_("every (months)"), default=4)
    starts_on = models.DateField(_("first period starts on"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entity__name"]
        verbose_name = _("reporting schedule")
        constraints = [
            models.CheckConstraint(condition=Q(every_months__gte=1) & Q(every_months__lte=12),
                                   name="schedule_every_1_to_12_months"),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}: {self.every_months}"


class ReminderSent(models.Model):
    """One reminder per schedule and period, so that ``reprisals intake remind`` can run daily."""

    schedule = models.ForeignKey(ReportingSchedule, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["schedule", "period_start"], name="one_reminder_per_period")]

    def __str__(self) -> str:
        return f"{self.schedule_id}: {self.period_start}"
