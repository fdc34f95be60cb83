"""Roles and what each may do: the capability half of the one permission layer.

Capabilities say what a role may do in general; selectors add the object half (compartments, the
focal point's entity). Views, API operations and commands declare the capability they need, so a new
endpoint without one is caught by the role matrix test.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUBMITTER = "submitter", _("Submitter")
    FOCAL_POINT = "focal_point", _("Entity focal point")
    CASE_OFFICER = "case_officer", _("Case officer")
    REVIEWER = "reviewer", _("Reviewer")
    SENIOR_OFFICIAL = "senior_official", _("Senior official")
    STATE = "state", _("State mission user")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Cap:
    """Names of capabilities; plain strings so that they read well in declarations and tests."""

    DASHBOARD = "dashboard.view"
    CASE_VIEW = "case.view"  # cases the selector lets through (all, or the entity's own)
    CASE_VIEW_ALL = "case.view_all"  # every case outside compartments the user is not in
    CASE_CREATE = "case.create"
    CASE_EDIT = "case.edit"
    CASE_ASSIGN = "case.assign"
    CASE_TRANSITION = "case.transition"
    CASE_CLOSE_ADEQUATE = "case.close_adequate"  # reviewer's confirmation that the State responded adequately
    CASE_RESTRICT = "case.restrict"
    ALLEGATION_CREATE = "allegation.create"
    PROTECTED_READ = "protected.read"  # decrypt and see protected fields (sources, contacts, real names)
    AUDIT_READ = "audit.read"
    REFERENCE_EDIT = "reference.edit"
    ACCOUNTS_MANAGE = "accounts.manage"
    # Follow-up with States
    COMMUNICATION_RECORD = "communication.record"  # record communications and State responses
    RESPONSE_ASSESS = "response.assess"  # propose an assessment of a State response
    ASSESSMENT_CONFIRM = "assessment.confirm"  # a reviewer confirms (or returns) an assessment
    STATE_PORTAL = "state.portal"  # a State mission user: its own State's communications only
    # Intake
    SUBMISSION_CREATE = "submission.create"  # send allegations (API, files) as an entity
    SUBMISSION_VIEW_OWN = "submission.view_own"  # the status of what one's entity sent
    TRIAGE = "triage.work"  # the triage queue: attach submissions to cases or open new ones
    IMPORT = "import.run"  # bulk import of files in the staff UI
    # Linkage, trackers, reports
    LINKAGE_REVIEW = "linkage.review"
    TRACKER_VIEW = "tracker.view"
    TRACKER_EDIT = "tracker.edit"
    REPORT_DRAFT = "report.draft"
    REPORT_FINALISE = "report.finalise"
    # Protection
    ERASURE_REQUEST = "erasure.request"  # ask that a person's identifying data be erased
    ERASURE_CONFIRM = "erasure.confirm"  # a reviewer confirms the erasure (not the requester)


_STAFF = {
    Cap.DASHBOARD,
    Cap.CASE_VIEW,
    Cap.CASE_VIEW_ALL,
    Cap.CASE_CREATE,
    Cap.CASE_EDIT,
    Cap.CASE_ASSIGN,
    Cap.CASE_TRANSITION,
    Cap.ALLEGATION_CREATE,
    Cap.PROTECTED_READ,
    Cap.COMMUNICATION_RECORD,
    Cap.RESPONSE_ASSESS,
    Cap.TRIAGE,
    Cap.IMPORT,
    Cap.LINKAGE_REVIEW,
    Cap.TRACKER_VIEW,
    Cap.TRACKER_EDIT,
    Cap.REPORT_DRAFT,
    Cap.ERASURE_REQUEST,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.SUBMITTER: frozenset({Cap.SUBMISSION_CREATE, Cap.SUBMISSION_VIEW_OWN}),
    Role.FOCAL_POINT: frozenset(
        {Cap.DASHBOARD, Cap.CASE_VIEW, Cap.CASE_CREATE, Cap.CASE_EDIT, Cap.ALLEGATION_CREATE, Cap.PROTECTED_READ,
         Cap.SUBMISSION_CREATE, Cap.SUBMISSION_VIEW_OWN, Cap.TRACKER_VIEW}
    ),
    Role.CASE_OFFICER: frozenset(_STAFF),
    Role.REVIEWER: frozenset(
        _STAFF | {Cap.CASE_CLOSE_ADEQUATE, Cap.CASE_RESTRICT, Cap.ASSESSMENT_CONFIRM, Cap.ERASURE_CONFIRM}
    ),
    Role.SENIOR_OFFICIAL: frozenset(
        _STAFF
        | {Cap.CASE_CLOSE_ADEQUATE, Cap.CASE_RESTRICT, Cap.ASSESSMENT_CONFIRM, Cap.REPORT_FINALISE, Cap.ERASURE_CONFIRM}
    ),
    Role.STATE: frozenset({Cap.STATE_PORTAL}),
    Role.AUDITOR: frozenset({Cap.AUDIT_READ}),
    Role.ADMIN: frozenset({Cap.REFERENCE_EDIT, Cap.ACCOUNTS_MANAGE}),
}

ASSIGNABLE_ROLES = (Role.CASE_OFFICER, Role.REVIEWER, Role.SENIOR_OFFICIAL)


def has_cap(user: object, cap: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return cap in CAPABILITIES.get(getattr(user, "role", ""), frozenset())
