"""The withheld names of one person, as the withholding's tests build them (``cases.selectors.withheld_names``),
and that person's case as a focal point of another UN entity reads it."""

from __future__ import annotations

from typing import Any

from reprisals.cases import selectors
from reprisals.cases import services as case_services
from reprisals.cases.models import AffectedParty, Case

NAME = "José Núñez"


def withheld(name: str = NAME, *variants: str, pk: int = 1) -> selectors.WithheldNames:
    """What the withholding blanks for one person named ``name``, also written ``variants`` (never saved)."""
    return selectors.withheld_names([AffectedParty(pk=pk, name=name, name_variants=list(variants),
                                                   kind="individual")])


def shared_case(summary: str, *, officer: Any, new_case: Any, also_reported_by_cat: Any) -> Case:
    """The case of ``NAME`` whose summary is ``summary``, for ``cat_focal`` to read: ISHR reported José Núñez (no
    consent to share with other UN bodies); CAT later sent an allegation. Takes the conftest fixtures of the
    same names; each test module's ``shared`` fixture passes its own summary."""
    case = new_case(name=NAME, title="Detention of a defender")
    case_services.case_update(actor=officer, case=case, expected_version=None, summary=summary)
    return also_reported_by_cat(case)
