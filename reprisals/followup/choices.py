"""The vocabularies of follow-up with States, as users name them.

Plain enumerations (no database access), shared by the models, the pure rules and the API schemas.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunicationKind(models.TextChoices):
    SP_ALLEGATION_LETTER = "sp_allegation_letter", _("Special procedures: allegation letter")
    SP_URGENT_APPEAL = "sp_urgent_appeal", _("Special procedures: urgent appeal")
    TREATY_BODY_LETTER = "treaty_body_letter", _("Treaty-body letter")
    HRC_PRESIDENT_LETTER = "hrc_president_letter", _("Letter of the President of the Human Rights Council")
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    SENIOR_OFFICIAL_MEETING = "senior_official_meeting", _("Meeting of the senior official")
    OTHER = "other", _("Other")


class ResponseChannel(models.TextChoices):
    PORTAL = "portal", _("State portal")
    NOTE_VERBALE = "note_verbale", _("Note verbale or letter")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    PUBLIC_STATEMENT = "public_statement", _("Public statement or UN session")
    OTHER = "other", _("Other")


class AssessmentLevel(models.TextChoices):
    """How far the State's answer went, from nothing to an adequate response (DOMAIN.md, section 4)."""

    NO_RESPONSE = "no_response", _("No response")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement only")
    DOES_NOT_ADDRESS = "does_not_address", _("Does not address the allegation")
    PARTIAL = "partial", _("Partial")
    ADEQUATE = "adequate", _("Adequate")


class AssessmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting a reviewer")
    CONFIRMED = "confirmed", _("Confirmed by a reviewer")
    RETURNED = "returned", _("Returned to the officer")


class DevelopmentKind(models.TextChoices):
    RELEASE = "release", _("Release")
    NEW_CHARGES = "new_charges", _("New charges")
    NEW_INCIDENT = "new_incident", _("New incident")
    DEATH = "death", _("Death")
    OTHER = "other", _("Other")


#: What the State did, as recorded on an assessment: (field name, label).
STATE_ACTIONS: tuple[tuple[str, str], ...] = (
    ("investigation_opened", _("Independent investigation opened")),
    ("perpetrators_held_accountable", _("Perpetrators held accountable")),
    ("remedy_provided", _("Remedy provided")),
    ("preventive_measures", _("Preventive measures adopted")),
    ("legislation_changed", _("Legislation changed")),
)
STATE_ACTION_FIELDS: tuple[str, ...] = tuple(name for name, _label in STATE_ACTIONS)
