"""A model constraint over several fields is refused naming those fields, in words a user understands:
never "__all__", never Django's "Constraint “x” is violated." (the services' `validate`)."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases.models import AffectedParty, Allegation
from reprisals.core.errors import ValidationFailed
from reprisals.core.services import constraint_fields, validate
from reprisals.followup.models import Communication
from reprisals.linkage.models import MatchCandidate
from reprisals.reference.models import Term
from reprisals.reports.models import ReportingPeriod


def refusal(instance, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        validate(instance, **kwargs)
    assert "__all__" not in caught.value.fields, caught.value.fields
    assert "__all__" not in caught.value.message
    return caught.value


def test_a_unique_pair_already_taken_names_both_fields(reference):
    taken = Term.objects.first()
    error = refusal(Term(vocabulary=taken.vocabulary, code=taken.code, label="Another label"))
    assert set(error.fields) == {"vocabulary", "code"}
    assert "already exists" in error.fields["code"][0]


def test_a_check_between_two_dates_names_both_and_says_they_do_not_fit(db):
    error = refusal(ReportingPeriod(start=dt.date(2025, 5, 1), end=dt.date(2024, 4, 30)),
                    exclude=["created_by", "finalised_by"])
    assert set(error.fields) == {"end", "start"}
    message = error.fields["end"][0]
    assert "do not fit together" in message and "first day" in message and "last day" in message
    assert "period_ends_after_start" not in message


def test_a_conditional_unique_constraint_says_another_record_has_the_same_values(new_case):
    sent = new_case().allegations.get()
    sent.source_reference = "ISHR/2016/7"
    sent.save()
    again = Allegation(reference="AL-2016-9999", country=sent.country, received_on=sent.received_on,
                       narrative="The same report, sent twice.", source_entity=sent.source_entity,
                       source_reference="ISHR/2016/7")
    error = refusal(again, exclude=["case", "recorded_by"])
    assert set(error.fields) == {"source_entity", "source_reference"}
    assert "another record already has the same sent by, sender's reference" in error.fields["source_reference"][0]


def test_an_excluded_field_is_not_named(new_case):
    sent = new_case().allegations.get()
    party = AffectedParty(case=sent.case, is_anonymous=False, name="")
    with pytest.raises(ValidationFailed) as caught:
        validate(party, exclude=["case"])
    assert "case" not in caught.value.fields
    assert "__all__" not in caught.value.fields


@pytest.mark.parametrize(("constraint", "fields"), [
    (Communication._meta.constraints[0], ["deadline", "sent_on"]),
    (AffectedParty._meta.constraints[0], ["is_anonymous", "name"]),
    (MatchCandidate._meta.constraints[0], ["party_a", "party_b"]),
    (MatchCandidate._meta.constraints[1], ["party_a", "party_b"]),
])
def test_the_fields_of_a_constraint_are_those_it_lists_or_its_condition_names(constraint, fields):
    assert constraint_fields(constraint) == fields
