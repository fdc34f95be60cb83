"""The case register: cases, the allegations they come from, the people and organisations targeted,
incidents of reprisal, the UN engagement that triggered them, and every status change.

Models hold data and invariants only; every write goes through ``cases.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reprisals.core.dates import PartialDate
from reprisals.core.fields import EncryptedCharField, EncryptedTextField

TEXT_LIMIT = MaxLengthValidator(settings.MAX_TEXT_LENGTH)


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    VERIFIED = "verified", _("Verified")
    RAISED_WITH_STATE = "raised_with_state", _("Raised with the State")
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting response")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED_ADEQUATELY_ADDRESSED = "closed_adequately_addressed", _("Closed: adequately addressed")
    CLOSED_NOT_SUBSTANTIATED = "closed_not_substantiated", _("Closed: not substantiated")
    CLOSED_WITHDRAWN = "closed_withdrawn", _("Closed: withdrawn at the person's request")


class RiskLevel(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    ORDINARY = "ordinary", _("Ordinary")


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("State concerned"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(_("status"), max_length=40, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    risk_level = models.CharField(_("risk now"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.ORDINARY)
    risk_notes = EncryptedTextField(_("risk notes"), blank=True)
    summary = models.TextField(_("summary"), blank=True, validators=[TEXT_LIMIT])
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    is_restricted = models.BooleanField(_("restricted to named users"), default=False)
    compartment = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named users"), blank=True, related_name="compartment_cases"
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Year of the first incident"))
    search_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["status", "-id"], name="case_status_idx"),
            models.Index(fields=["country", "-id"], name="case_country_idx"),
            models.Index(fields=["country", "status", "-id"], name="case_country_status_idx"),
            models.Index(fields=["year", "-id"], name="case_year_idx"),
            models.Index(fields=["assigned_to", "-id"], name="case_assigned_idx"),
            # Statistics (reports.register_stats): cases by year, status and State, read from the index alone.
            models.Index(fields=["year", "status", "country"], name="case_stats_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status.startswith("closed_")


class Channel(models.TextChoices):
    WEB = "web", _("Entered by staff")
    API = "api", _("API")
    IMPORT = "import", _("Bulk file")
    PUBLIC_FORM = "public_form", _("Public form")
    EMAIL = "email", _("E-mail or letter")


class Allegation(models.Model):
    """Information received from a source. In triage until attached to a case."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="allegations"
    )
    source_entity = models.ForeignKey(
        "reference.Entity", verbose_name=_("sent by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="allegations",
    )
    source_reference = models.CharField(_("sender's reference"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    received_on = models.DateField(_("received on"))
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("State concerned"), on_delete=models.PROTECT, related_name="allegations"
    )
    narrative = models.TextField(_("narrative"), validators=[TEXT_LIMIT])
    source_identity = EncryptedTextField(_("identity of the source"), blank=True)
    source_contact = EncryptedTextField(_("contact details of the source"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("allegation")
        verbose_name_plural = _("allegations")
        constraints = [
            models.UniqueConstraint(
                fields=["source_entity", "source_reference"],
                condition=~Q(source_reference=""),
                name="allegation_unique_sender_reference",
            )
        ]
        indexes = [models.Index(fields=["case", "-received_on"], name="allegation_case_idx")]

    def __str__(self) -> str:
        return self.reference


class PartyKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class AffectedParty(models.Model):
    """A person or organisation targeted, as reported in one case. Linkage relates parties across cases."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.INDIVIDUAL)
    name = models.CharField(_("name"), max_length=300, blank=True, help_text=_("Empty when anonymous"))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    description = models.CharField(
        _("public description"), max_length=300, blank=True, help_text=_('e.g. "a woman human rights defender"')
    )
    protected_name = EncryptedCharField(_("real name (anonymous parties)"), max_length=300, blank=True)
    protected_name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    name_variants = models.JSONField(_("other spellings"), default=list, blank=True)
    roles = models.ManyToManyField(
        "reference.Term", verbose_name=_("roles"), blank=True, related_name="+",
        limit_choices_to={"vocabulary": "party_role"},
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    is_minor = models.BooleanField(_("minor"), default=False)
    is_foreign_national = models.BooleanField(_("foreign national"), default=False)
    consequences = models.ManyToManyField(
        "reference.Term", verbose_name=_("what it meant for them"), blank=True, related_name="+",
        limit_choices_to={"vocabulary": "consequence"},
    )
    contact = EncryptedTextField(_("contact details"), blank=True)
    # The UN entity whose focal point or allegation reported this party; empty when unknown (older rows) or
    # when OHCHR added it on a case with several sources. Its focal points keep the name (selectors.withheld_from).
    reported_by = models.ForeignKey(
        "reference.Entity", verbose_name=_("reported by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("affected party")
        verbose_name_plural = _("affected parties")
        # Statistics by role and gender join the roles to this narrow index, never to the wide rows.
        indexes = [models.Index(fields=["id", "gender", "case"], name="party_stats_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=True) | ~Q(name=""), name="named_party_has_name"
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(name=""), name="anonymous_party_has_no_plain_name"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name if not self.is_anonymous else (self.description or str(_("Anonymous")))


class ConsentUse(models.TextChoices):
    RAISE_WITH_STATE = "raise_with_state", _("Raise the case with the State")
    PUBLISH_NAME = "publish_name", _("Name the person in a public report")
    PUBLISH_ANONYMOUSLY = "publish_anonymously", _("Include the case anonymously in a public report")
    SHARE_UN = "share_un", _("Share with other UN bodies")


class ConsentRecord(models.Model):
    """A dated decision on one use. The latest record per party and use is the consent in force."""

    party = models.ForeignKey(AffectedParty, on_delete=models.CASCADE, related_name="consents")
    use = models.CharField(_("use"), max_length=30, choices=ConsentUse.choices)
    granted = models.BooleanField(_("granted"))
    decided_on = models.DateField(_("decided on"))
    note = models.CharField(_("how it was given"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["party", "use", "-recorded_at", "-id"]
        verbose_name = _("consent decision")

    def __str__(self) -> str:
        return f"{self.get_use_display()} · {self.granted} · {self.decided_on}"



class PartialDateFields(models.Model):
    date_year = models.PositiveSmallIntegerField(_("year"))
    date_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    date_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def date(self) -> PartialDate:
        return PartialDate(self.date_year, self.date_month, self.date_day)


class Incident(PartialDateFields):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="incidents")
    place = models.CharField(_("place"), max_length=300, blank=True)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("country where it happened"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    forms = models.ManyToManyField(
        "reference.Term", verbose_name=_("forms of reprisal"), related_name="+",
        limit_choices_to={"vocabulary": "reprisal_form"},
    )
    perpetrator = models.ForeignKey(
        "reference.Term", verbose_name=_("perpetrator"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"vocabulary": "perpetrator"},
    )
    description = models.TextField(_("what happened"), blank=True, validators=[TEXT_LIMIT])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_year", "date_month", "date_day", "id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["date_year", "id"], name="incident_year_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.date}"



class Engagement(PartialDateFields):
    """The cooperation with the UN that triggered the reprisal."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="engagements")
    un_body = models.ForeignKey(
        "reference.UNBody", verbose_name=_("UN body or mechanism"), on_delete=models.PROTECT, related_name="engagements"
    )
    kind = models.ForeignKey(
        "reference.Term", verbose_name=_("kind of engagement"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"vocabulary": "engagement_kind"},
    )
    description = models.TextField(_("details"), blank=True, validators=[TEXT_LIMIT])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_year", "date_month", "date_day", "id"]
        verbose_name = _("UN engagement")
        verbose_name_plural = _("UN engagements")
        indexes = [models.Index(fields=["date_year", "un_body"], name="engagement_year_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} · {self.date}"



class StatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=40, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=40, choices=CaseStatus.choices)
    reason = models.TextField(_("reason"), validators=[MaxLengthValidator(5000)])
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"



class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a reviewer")
    DONE = "done", _("Erased")
    REFUSED = "refused", _("Refused")


class ErasureRequest(models.Model):
    """A request to erase a person's identifying data, carried out only when a reviewer confirms it."""

    party = models.ForeignKey(AffectedParty, on_delete=models.PROTECT, related_name="erasure_requests")
    reason = models.TextField(_("reason"), validators=[MaxLengthValidator(5000)])
    status = models.CharField(max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("why it was refused"), blank=True, validators=[MaxLengthValidator(5000)])

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure request")
        constraints = [
            models.UniqueConstraint(
                fields=["party"], condition=Q(status="pending"), name="one_pending_erasure_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk} · {self.get_status_display()}"



class ReferenceSequence(models.Model):
    """The last number handed out per prefix and year ("RT-2026-00042"), locked while incremented, so
    that references are unique under concurrency and found without scanning."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_prefix_year")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ErasedName(models.Model):
    """A name erased from the register, known only by keyed hashes (HMAC-SHA256 under a key derived from the
    data key with id ``key_id``, as blind indexes are): of the whole name (``phrase``, its words joined by a
    space, case-folded), of its first word (``start``, to look phrases up word by word) and of each word that
    the report redaction blanks alone (``token``). Report redaction blanks any of them in what it publishes
    (``reports.redaction.ErasedNames``). No link to the party, case or erasure, no date: a row says only that
    some erased name hashes so. Rows written since the hashes' key is ``ErasedNameKey`` have the key id
    ``ERASED_NAME_KEY_ID`` ("wrapped") and survive any key rotation; older rows name the data key they were
    made under and match only while that key is configured."""

    key_id = models.CharField(max_length=8)
    kind = models.CharField(max_length=6)  # phrase, start or token
    digest = models.CharField(max_length=64)
    words = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key_id", "kind", "digest"], name="erasedname_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.digest[:8]}"


ERASED_NAME_KEY_ID = "wrapped"


class ErasedNameKey(models.Model):
    """The secret the erased names' hashes are keyed with (``ErasedName``): 32 random bytes made once, at
    the first erasure, and kept encrypted under the data key like every protected value, so ``rotate-key``
    re-encrypts it and the hashes stay matchable after the old data key is removed (they cannot be made
    again: the names are gone). One row (``slot`` 1)."""

    slot = models.PositiveSmallIntegerField(default=1, unique=True)
    secret = EncryptedTextField()  # base64 of the 32 bytes

    def __str__(self) -> str:
        return "erased-name key"

    @classmethod
    def current(cls) -> bytes:
        """The secret, made at first use (two first erasures at once: the unique slot keeps one, the other
        reads it)."""
        import base64
        import secrets

        from django.db import transaction

        with transaction.atomic():
            row, _created = cls.objects.get_or_create(
                slot=1, defaults={"secret": base64.b64encode(secrets.token_bytes(32)).decode("ascii")})
        return base64.b64decode(row.secret)
