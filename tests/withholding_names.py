"""The withheld names of one person, as the withholding's tests build them (``cases.selectors.withheld_names``)."""

from __future__ import annotations

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty

NAME = "José Núñez"


def withheld(name: str = NAME, *variants: str, pk: int = 1) -> selectors.WithheldNames:
    """What the withholding blanks for one person named ``name``, also written ``variants`` (never saved)."""
    return selectors.withheld_names([AffectedParty(pk=pk, name=name, name_variants=list(variants),
                                                   kind="individual")])
