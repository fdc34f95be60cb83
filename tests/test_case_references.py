"""Case references typed into one field (a communication's cases, a San José action's cases): how they are
read, and that a case the user may not see is refused exactly like one that does not exist."""

from __future__ import annotations

import pytest

from reprisals.cases import services
from reprisals.cases.selectors import case_references, cases_by_references_for_user
from reprisals.core.errors import ValidationFailed


def test_references_are_read_across_separators_upper_cased_and_once_each():
    assert case_references(" rt-2016-0001, RT-2016-0002;RT-2016-0003 | rt-2016-0001\n") == [
        "RT-2016-0001", "RT-2016-0002", "RT-2016-0003"]
    assert case_references("") == [] and case_references(" ,; ") == []


def test_cases_come_back_in_the_order_named(officer, new_case):
    first, second = new_case(), new_case(title="Another")
    found = cases_by_references_for_user(officer, f"{second.reference.lower()} {first.reference}")
    assert [c.pk for c in found] == [second.pk, first.pk]


def test_a_hidden_case_is_refused_like_a_missing_one(officer, officer2, reviewer, new_case):
    hidden = new_case()
    services.case_restrict(actor=reviewer, case=hidden, restricted=True, members=[officer])
    messages = []
    for reference in (hidden.reference, "RT-1999-99999"):
        with pytest.raises(ValidationFailed) as caught:
            cases_by_references_for_user(officer2, reference)
        assert list(caught.value.fields) == ["cases"]
        messages.append(caught.value.fields["cases"][0].replace(reference, "…"))
    assert messages[0] == messages[1]
