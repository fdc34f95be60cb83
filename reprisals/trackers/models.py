"""The three trackers named in the mission, as data with their invariants.

* San José Guidelines: each treaty body's decisions on the Guidelines against Intimidation or Reprisals
  (HRI/MC/2015/6), its reprisals rapporteurs or focal points, and its reprisals-related actions.
* ECOSOC Committee on NGOs: applications for consultative status and the outcome at each session.
* Online intimidation: evidence captured online and attached to an incident of the case register, with
  the uploaded file encrypted at rest and its SHA-256 kept for integrity.

Rules that span rows (chronological sessions, nothing after a final outcome) live in ``trackers.rules``
as plain functions; every write goes through ``trackers.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

TREATY_BODY = {"kind": "treaty_body"}
NOTE_LIMIT = MaxLengthValidator(5000)
TEXT_LIMIT = MaxLengthValidator(settings.MAX_TEXT_LENGTH)


class TreatyBodyMixin(models.Model):
    treaty_body = models.ForeignKey(
        "reference.UNBody", verbose_name=_("treaty body"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to=TREATY_BODY,
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        body = getattr(self, "treaty_body", None) if self.treaty_body_id else None
        if body is not None and body.kind != "treaty_body":
            raise ValidationError({"treaty_body": _("%(code)s is not a treaty body.") % {"code": body.code}})


# ---------------------------------------------------------------- San José Guidelines


class AdoptionStatus(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")


class GuidelineAdoption(TreatyBodyMixin):
    """One decision (or recorded state) of one treaty body on the San José Guidelines.

    The latest decision on or before a date is the body's state on that date (``rules.adoption_on``).
    When ``date_uncertain`` is set, ``decided_on`` is the date by which the decision is known to have
    been taken, not necessarily the day it was taken; ``notes`` says why.
    """

    status = models.CharField(_("status"), max_length=30, choices=AdoptionStatus.choices)
    decided_on = models.DateField(_("date"))
    date_uncertain = models.BooleanField(
        _("date uncertain"), default=False,
        help_text=_("The decision was taken on or before this date; the exact day is not verified."),
    )
    decision_reference = models.CharField(
        _("decision reference"), max_length=200, blank=True,
        help_text=_("Document symbol or session, e.g. CCPR/C/117/2 or 117th session"),
    )
    notes = models.TextField(_("note (shown on the public page)"), blank=True, validators=[NOTE_LIMIT])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("San José Guidelines decision")
        verbose_name_plural = _("San José Guidelines decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["treaty_body", "decided_on", "status"], name="sanjose_one_decision_per_day",
                violation_error_message=_("This treaty body already has a decision with this status on this date."),
            ),
            models.UniqueConstraint(
                fields=["treaty_body", "decision_reference"], condition=~Q(decision_reference=""),
                name="sanjose_one_decision_per_reference",
                violation_error_message=_("This treaty body already has a decision with this reference."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.treaty_body_id} {self.status} {self.decided_on}"


class RapporteurRole(models.TextChoices):
    RAPPORTEUR = "rapporteur", _("Rapporteur on reprisals")
    FOCAL_POINT = "focal_point", _("Focal point on reprisals")


class ReprisalsRapporteur(TreatyBodyMixin):
    """A member of a treaty body designated rapporteur or focal point on reprisals, with dates in office."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=RapporteurRole.choices, default=RapporteurRole.RAPPORTEUR)
    started_on = models.DateField(_("in office from"))
    ended_on = models.DateField(_("in office until"), null=True, blank=True, help_text=_("Empty while in office"))
    notes = models.TextField(_("note"), blank=True, validators=[NOTE_LIMIT])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["treaty_body__code", "-started_on", "id"]
        verbose_name = _("reprisals rapporteur or focal point")
        verbose_name_plural = _("reprisals rapporteurs and focal points")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="rapporteur_ends_after_start",
                violation_error_message=_("The end of the term is before its start."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end of the term is before its start.")})


class ActionKind(models.TextChoices):
    LETTER = "letter", _("Letter sent to the State")
    CASE_RAISED = "case_raised", _("Case raised with the State")
    PUBLIC_STATEMENT = "public_statement", _("Public statement")
    OTHER = "other", _("Other action")


class TreatyBodyAction(TreatyBodyMixin):
    """Something a treaty body did about reprisals: a letter, a case raised, a statement."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    taken_on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=200, blank=True,
                                 help_text=_("Letter reference or document symbol"))
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("State addressed"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True, validators=[NOTE_LIMIT])
    cases = models.ManyToManyField("cases.Case", verbose_name=_("cases in the register"), blank=True,
                                   related_name="treaty_body_actions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("treaty body action on reprisals")
        verbose_name_plural = _("treaty body actions on reprisals")

    def __str__(self) -> str:
        return f"{self.kind} {self.taken_on}"


# ---------------------------------------------------------------- ECOSOC Committee on NGOs


class NGOApplication(models.Model):
    """An NGO's application for ECOSOC consultative status, considered session after session."""

    ngo_name = models.CharField(_("NGO"), max_length=300)
    name_key = models.CharField(max_length=300, editable=False, db_index=True)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    areas_of_work = models.JSONField(_("areas of work"), default=list, blank=True)
    applied_on = models.DateField(_("date applied"))
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case in the register"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="ngo_applications", help_text=_("When the blocking is reported as a reprisal"),
    )
    notes = models.TextField(_("note"), blank=True, validators=[NOTE_LIMIT])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("NGO application")
        verbose_name_plural = _("NGO applications")
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "country", "applied_on"], name="ngo_application_unique",
                violation_error_message=_(
                    "An application by this NGO from this country on this date is already recorded."),
            )
        ]
        indexes = [models.Index(fields=["applied_on"], name="ngo_applied_idx")]

    def __str__(self) -> str:
        return self.ngo_name


class Outcome(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    DEFERRED = "deferred", _("Deferred")
    CLOSED = "closed_without_prejudice", _("Closed without prejudice")
    REJECTED = "rejected", _("Rejected")


class SessionOutcome(models.Model):
    """What the Committee decided about one application at one session, and who asked questions."""

    application = models.ForeignKey(NGOApplication, on_delete=models.CASCADE, related_name="outcomes")
    session = models.CharField(_("session"), max_length=60, help_text=_('e.g. "2024 regular session" or "2024-01"'))
    session_date = models.DateField(_("session date"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    questioning_states = models.ManyToManyField(
        "reference.Country", verbose_name=_("States that asked questions"), blank=True, related_name="+"
    )
    notes = models.TextField(_("note"), blank=True, validators=[NOTE_LIMIT])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_date", "id"]
        verbose_name = _("session outcome")
        verbose_name_plural = _("session outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "session"], name="ngo_outcome_one_per_session",
                violation_error_message=_("An outcome for this session is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["application", "session_date"], name="ngo_outcome_one_per_date",
                violation_error_message=_("An outcome on this date is already recorded."),
            ),
        ]
        indexes = [models.Index(fields=["outcome", "session_date"], name="ngo_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.session}: {self.outcome}"


# ---------------------------------------------------------------- online intimidation


class Platform(models.TextChoices):
    X_TWITTER = "x_twitter", _("X/Twitter")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    YOUTUBE = "youtube", _("YouTube")
    OTHER = "other", _("Other")


class FileKind(models.TextChoices):
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    PDF = "pdf", _("PDF document")
    TEXT = "text", _("Plain text")


class OnlineEvidence(models.Model):
    """A post, message or page seen online, attached to an incident. Nothing is ever fetched from the URL:
    what was captured is uploaded. The file itself is in ``EvidenceFile``, encrypted."""

    incident = models.ForeignKey(
        "cases.Incident", verbose_name=_("incident"), on_delete=models.PROTECT, related_name="online_evidence"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.TextField(
        _("address (URL)"), blank=True, validators=[URLValidator(schemes=["http", "https"]), MaxLengthValidator(2000)],
        help_text=_("Recorded only: never opened or fetched by the system"),
    )
    account_handle = models.CharField(_("account"), max_length=200, blank=True, help_text=_("e.g. @handle"))
    seen_at = models.DateTimeField(_("seen at (UTC)"))
    text = models.TextField(_("text"), blank=True, validators=[TEXT_LIMIT])
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    file_kind = models.CharField(_("file type"), max_length=10, choices=FileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    captured_at = models.DateTimeField(_("captured at (UTC)"), help_text=_("When the system received the record"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["seen_at", "id"]
        verbose_name = _("online evidence")
        verbose_name_plural = _("online evidence")
        indexes = [models.Index(fields=["platform", "incident"], name="evidence_platform_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(file_sha256="") | (Q(file_size__isnull=False) & ~Q(file_kind="") & ~Q(file_name="")),
                name="evidence_file_fields_complete",
                violation_error_message=_("A file needs its name, type, size and SHA-256."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.seen_at:%Y-%m-%d}"

    @property
    def has_file(self) -> bool:
        return bool(self.file_sha256)


class EvidenceFile(models.Model):
    """The uploaded bytes, sealed with AES-256-GCM (``trackers.sealing``); kept apart so that listing
    evidence never loads files."""

    evidence = models.OneToOneField(OnlineEvidence, on_delete=models.CASCADE, primary_key=True, related_name="blob")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("encrypted evidence file")

    def __str__(self) -> str:
        return f"file of evidence {self.evidence_id}"
