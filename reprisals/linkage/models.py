"""Linkage across reports: proposed matches between affected parties, and the persons they make up.

A ``Person`` groups the ``AffectedParty`` records (one per case) that reviewers accepted as the same
person or organisation. Records are never merged into one another or deleted: every spelling and every
case stays as it was reported, and a group can be split again. Models hold data and invariants; all
writes go through ``linkage.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted: same person")
    REJECTED = "rejected", _("Rejected: not the same")
    DEFERRED = "deferred", _("Deferred")


# The same statuses as said of two allegations: one incident or two.
INCIDENT_PAIR_STATUS = {
    CandidateStatus.PROPOSED: _("Proposed"),
    CandidateStatus.ACCEPTED: _("Accepted: same incident"),
    CandidateStatus.REJECTED: _("Rejected: different incidents"),
    CandidateStatus.DEFERRED: _("Deferred"),
}


class LinkageRun(models.Model):
    """One pass of the matcher over the register, with the model it fitted (used again on intake)."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    include_anonymous = models.BooleanField(default=False)
    parties = models.PositiveIntegerField(default=0)
    pairs_compared = models.PositiveIntegerField(default=0)
    proposed = models.PositiveIntegerField(default=0)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("linkage run")

    def __str__(self) -> str:
        return f"run {self.pk}"


class MatchCandidate(models.Model):
    """Two parties that may be one person, with the evidence. ``party_a`` has the lower id."""

    party_a = models.ForeignKey("cases.AffectedParty", on_delete=models.CASCADE, related_name="+")
    party_b = models.ForeignKey("cases.AffectedParty", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("match probability"))
    weight = models.FloatField(_("match weight"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices,
                              default=CandidateStatus.PROPOSED)
    run = models.ForeignKey(LinkageRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("match candidate")
        constraints = [
            models.UniqueConstraint(fields=["party_a", "party_b"], name="candidate_unique_pair"),
            models.CheckConstraint(condition=Q(party_a__lt=F("party_b")), name="candidate_canonical_order"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="candidate_queue_idx")]

    def __str__(self) -> str:
        return f"{self.party_a_id}~{self.party_b_id} ({self.score:.2f})"


class Person(models.Model):
    """A person or organisation: the parties reviewers accepted as one."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("linked person")

    def __str__(self) -> str:
        return f"P-{self.pk}"


class PersonLink(models.Model):
    """One party's membership of a person; a party belongs to at most one."""

    party = models.OneToOneField("cases.AffectedParty", on_delete=models.CASCADE, related_name="person_link")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    candidate = models.ForeignKey(MatchCandidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "party"]
        verbose_name = _("person link")

    def __str__(self) -> str:
        return f"{self.party_id} in P-{self.person_id}"


class PartyKey(models.Model):
    """Blocking keys of a party, so that intake finds earlier reports of a name without a full run."""

    party = models.ForeignKey("cases.AffectedParty", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["party", "key"], name="partykey_unique")]

    def __str__(self) -> str:
        return self.key


# ---------------------------------------------------------------- duplicate allegations


class DuplicateKind(models.TextChoices):
    DUPLICATE = "duplicate", _("Same incident, another source")
    RESUBMISSION = "resubmission", _("Same source again (resubmission)")


class AllegationRun(models.Model):
    """One pass of the duplicate-allegation matcher over the register."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    allegations = models.PositiveIntegerField(default=0)
    pairs_compared = models.PositiveIntegerField(default=0)
    proposed = models.PositiveIntegerField(default=0)
    threshold = models.FloatField(default=0.5)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("duplicate allegation run")

    def __str__(self) -> str:
        return f"allegation run {self.pk}"


class AllegationCandidate(models.Model):
    """Two allegations that may report the same incident, with the evidence. ``allegation_a`` has the
    lower id. Reasons hold levels, labels and weights only: no names, no narrative."""

    allegation_a = models.ForeignKey("cases.Allegation", on_delete=models.CASCADE, related_name="+")
    allegation_b = models.ForeignKey("cases.Allegation", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    weight = models.FloatField(_("evidence weight"), default=0.0)
    kind = models.CharField(_("kind"), max_length=15, choices=DuplicateKind.choices, default=DuplicateKind.DUPLICATE)
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices,
                              default=CandidateStatus.PROPOSED)
    run = models.ForeignKey(AllegationRun, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="candidates")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("duplicate allegation candidate")
        constraints = [
            models.UniqueConstraint(fields=["allegation_a", "allegation_b"], name="allegation_candidate_unique_pair"),
            models.CheckConstraint(condition=Q(allegation_a__lt=F("allegation_b")),
                                   name="allegation_candidate_canonical_order"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="allegation_candidate_queue_idx")]

    def __str__(self) -> str:
        return f"{self.allegation_a_id}~{self.allegation_b_id} ({self.score:.2f})"

    @property
    def status_label(self) -> str:
        return str(INCIDENT_PAIR_STATUS[CandidateStatus(self.status)])


class IncidentGroup(models.Model):
    """Allegations that reviewers accepted as reports of one incident. Every allegation stays as it was
    received, with its source, channel, reference and case; a group can be split again."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("group of duplicate allegations")

    def __str__(self) -> str:
        return f"I-{self.pk}"


class IncidentGroupMember(models.Model):
    """One allegation's membership of a group; an allegation belongs to at most one."""

    allegation = models.OneToOneField("cases.Allegation", on_delete=models.CASCADE, related_name="incident_group_link")
    group = models.ForeignKey(IncidentGroup, on_delete=models.CASCADE, related_name="members")
    candidate = models.ForeignKey(AllegationCandidate, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "allegation"]
        verbose_name = _("duplicate allegation link")

    def __str__(self) -> str:
        return f"{self.allegation_id} in I-{self.group_id}"
