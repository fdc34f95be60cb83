"""``{% load intake_labels %}{{ s.forms|term_labels:"reprisal_form" }}``: the codes a submission holds, shown
as the vocabulary's labels in the reader's language (the code itself when the register no longer knows it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from reprisals.cases.models import Gender, PartyKind
from reprisals.reference.i18n import term_label
from reprisals.reference.models import Term

register = template.Library()


@register.filter
def term_labels(codes: str | Iterable[str] | None, vocabulary: str) -> str:
    """One code or a list of codes of ``vocabulary``, as labels separated by commas."""
    wanted = [codes] if isinstance(codes, str) else list(codes or [])
    wanted = [c for c in wanted if c]
    if not wanted:
        return ""
    english = dict(Term.objects.filter(vocabulary=vocabulary, code__in=wanted).values_list("code", "label"))
    return ", ".join(term_label(vocabulary, code, english.get(code, code)) for code in wanted)


_CHOICES: dict[str, Any] = {"gender": Gender, "party_kind": PartyKind}


@register.filter
def choice_label(code: str | None, choices: str) -> str:
    """A party's kind or gender code as its label (``{{ p.gender|choice_label:"gender" }}``)."""
    if not code:
        return ""
    try:
        return str(_CHOICES[choices](code).label)
    except ValueError:
        return code
