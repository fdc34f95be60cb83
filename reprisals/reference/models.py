"""Reference data: countries, UN bodies, submitting entities and controlled vocabularies.

Loaded from the dated data files in ``reference/data`` and editable in the admin. Vocabularies are
data (``Term`` rows), not code, so that new forms of reprisal can be added without a release.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalGroup(models.TextChoices):
    AFRICAN = "AFRICAN", _("African States")
    ASIA_PACIFIC = "ASIA_PACIFIC", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "EASTERN_EUROPEAN", _("Eastern European States")
    LATIN_AMERICAN_CARIBBEAN = "LATIN_AMERICAN_CARIBBEAN", _("Latin American and Caribbean States")
    WESTERN_EUROPEAN_OTHER = "WESTERN_EUROPEAN_OTHER", _("Western European and other States")
    NONE = "NONE", _("No regional group")


class UNStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer State")
    TERRITORY = "territory", _("Territory")


class Country(models.Model):
    """A UN Member or observer State, or a territory used in UN practice."""

    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=200)
    un_status = models.CharField(_("UN status"), max_length=10, choices=UNStatus.choices)
    regional_group = models.CharField(
        _("UN regional group"), max_length=30, choices=RegionalGroup.choices, default=RegionalGroup.NONE
    )
    m49_region = models.CharField(_("M49 region"), max_length=100, blank=True)
    m49_subregion = models.CharField(_("M49 sub-region"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class UNBodyKind(models.TextChoices):
    HRC = "hrc", _("Human Rights Council")
    UPR = "upr", _("Universal Periodic Review")
    SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
    TREATY_BODY = "treaty_body", _("Treaty body")
    INQUIRY = "inquiry", _("Commission of inquiry, fact-finding or investigative mechanism")
    OHCHR = "ohchr", _("OHCHR")
    SECRETARIAT = "secretariat", _("Secretary-General and senior officials")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    AGENCY = "agency", _("Agency, fund or programme")
    PEACE_OPERATION = "peace_operation", _("Peace operation")
    OTHER = "other", _("Other")


class UNBody(models.Model):
    """A UN body or mechanism a person cooperated with, or that raised a case."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=UNBodyKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("UN body")
        verbose_name_plural = _("UN bodies")

    def __str__(self) -> str:
        return self.name


class EntityKind(models.TextChoices):
    UN_BODY = "un_body", _("UN body or mechanism")
    FIELD_PRESENCE = "field_presence", _("OHCHR field presence")
    AGENCY = "agency", _("UN agency, fund or programme")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class Entity(models.Model):
    """An organisation that sends allegations: a UN body, field presence, agency or NGO."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    un_body = models.ForeignKey(
        UNBody, verbose_name=_("UN body"), null=True, blank=True, on_delete=models.PROTECT, related_name="entities"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("submitting entity")
        verbose_name_plural = _("submitting entities")

    def __str__(self) -> str:
        return self.name


class Vocabulary(models.TextChoices):
    REPRISAL_FORM = "reprisal_form", _("Form of reprisal")
    ENGAGEMENT_KIND = "engagement_kind", _("Kind of engagement")
    PARTY_ROLE = "party_role", _("Role of the affected party")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    CONSEQUENCE = "consequence", _("Consequence for the person")


class Term(models.Model):
    """One value of a controlled vocabulary, optionally inside a group ("Threats, stigma and surveillance")."""

    vocabulary = models.CharField(_("vocabulary"), max_length=30, choices=Vocabulary.choices)
    code = models.CharField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    group = models.CharField(_("group"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["vocabulary", "sort_order", "label"]
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code_per_vocabulary")]

    def __str__(self) -> str:
        return self.label
