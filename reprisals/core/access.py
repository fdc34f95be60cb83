"""The view half of the permission layer: every HTML view declares what it needs.

``@requires(cap)`` sends anonymous users to the login page and refuses (403) users whose role lacks the
capability; ``@public`` marks the few views open to everyone. Both leave a ``required_capability``
attribute on the view so that the role matrix test can find any view that declares nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from reprisals.accounts.roles import Cap, has_cap

PUBLIC = "public"
AUTHENTICATED = "authenticated"

View = Callable[..., HttpResponse]


def requires(cap: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if cap != AUTHENTICATED and not has_cap(request.user, cap):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capability = cap  # type: ignore[attr-defined]
        return wrapper

    return decorate


def public(view: View) -> View:
    view.required_capability = PUBLIC  # type: ignore[attr-defined]
    return view


def capabilities(user: Any) -> dict[str, bool]:
    """What the navigation and the action buttons may offer to this user (the staff pages and the error
    pages share it)."""
    return {
        "dashboard": has_cap(user, Cap.DASHBOARD),
        "cases": has_cap(user, Cap.CASE_VIEW),
        "allegations": has_cap(user, Cap.ALLEGATION_CREATE),
        "case_create": has_cap(user, Cap.CASE_CREATE),
        "case_edit": has_cap(user, Cap.CASE_EDIT),
        "case_assign": has_cap(user, Cap.CASE_ASSIGN),
        "case_transition": has_cap(user, Cap.CASE_TRANSITION),
        "protected_read": has_cap(user, Cap.PROTECTED_READ),
        "admin": has_cap(user, Cap.ACCOUNTS_MANAGE) or has_cap(user, Cap.REFERENCE_EDIT),
        "trackers": has_cap(user, Cap.TRACKER_VIEW),
        "linkage": has_cap(user, Cap.LINKAGE_REVIEW),
        "reports": has_cap(user, Cap.REPORT_DRAFT),
        "followup": has_cap(user, Cap.CASE_VIEW_ALL),
        "state_portal": has_cap(user, Cap.STATE_PORTAL),
        "triage": has_cap(user, Cap.TRIAGE),
        "imports": has_cap(user, Cap.IMPORT),
        "submissions_own": has_cap(user, Cap.SUBMISSION_VIEW_OWN),
        "audit": has_cap(user, Cap.AUDIT_READ),
    }


# ---------------------------------------------------------------- revealing protected values
#
# The one rule for who may see a protected value (a source's identity and contact, a party's contact, an
# anonymous person's real name, risk notes), applied by ``core.services.protected_reveal`` and
# ``protected_reveal_many``, which every page, API operation and export that reveals one goes through.
#
# The capability ``protected.read`` opens the door. Behind it, staff who see every case (``case.view_all``)
# may reveal what is in the cases they can see (compartments are already applied by the selector that
# loaded the object). Anyone else, a focal point of an entity, sees only what a model's rule in
# ``REVEAL_RULES`` lets through: the cases app lets a focal point see the source details of the
# allegations its own entity sent, and nothing else (not another organisation's source, not OHCHR's risk
# notes, not a party's contact or real name). A model without a rule is withheld from them.

RevealRule = Callable[[Any, Any], bool]
REVEAL_RULES: dict[str, RevealRule] = {}


def may_reveal(user: Any, obj: Any) -> bool:
    """Whether ``user`` may see the protected values of ``obj`` (an object it was allowed to load)."""
    if not has_cap(user, Cap.PROTECTED_READ):
        return False
    if has_cap(user, Cap.CASE_VIEW_ALL):
        return True
    rule = REVEAL_RULES.get(obj._meta.label_lower)
    return rule is not None and bool(rule(user, obj))
