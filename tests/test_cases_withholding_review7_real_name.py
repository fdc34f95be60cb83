"""The real name of an anonymous party is withheld like any other name.

An anonymous party keeps its real name only in the encrypted ``protected_name``. When the party has not consented
to its case being shared with other UN bodies, a focal point of another entity may read neither its name nor its
real name: a summary, incident or status reason that mentions the real name is shown with it blanked, and a
search for it does not find the case. The real name is compared in memory only: it is never part of what the rule
prints of itself.
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors, services
from reprisals.cases.models import AffectedParty

REAL_NAME = "Layla Qasim"


def _anonymous(**extra: object) -> AffectedParty:
    return AffectedParty(pk=1, name="", is_anonymous=True, protected_name=REAL_NAME, kind="individual", **extra)


def test_the_real_name_of_an_anonymous_party_and_its_family_name_alone_are_blanked():
    names = selectors.withheld_names([_anonymous()])
    assert selectors.blank_names("Layla Qasim was summoned again.", names) == "[…] was summoned again."
    assert selectors.blank_names("Ms Qasim was summoned again.", names) == "Ms […] was summoned again."
    assert selectors.blank_names("LAYLA QASIM was summoned.", names) == "[…] was summoned."


def test_an_anonymous_organisation_real_name_is_blanked_whole_but_not_word_by_word():
    party = AffectedParty(pk=2, name="", is_anonymous=True, protected_name="Bahrain Centre for Rights",
                          kind="organisation")
    names = selectors.withheld_names([party])
    assert selectors.blank_names("The Bahrain Centre for Rights was raided.", names) == "The […] was raided."
    assert selectors.blank_names("The Centre was raided.", names) == "The Centre was raided."


def test_an_anonymous_party_without_a_real_name_withholds_no_name():
    party = AffectedParty(pk=3, name="", is_anonymous=True, protected_name="", kind="individual")
    assert selectors.withheld_names([party]) == selectors.WithheldNames()


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """A case reported by ISHR whose summary and incident name an anonymous party, with no consent to share, and
    that also holds an allegation from the Committee against Torture."""
    case = new_case(title="Detention of a defender")
    services.party_add(actor=officer, case=case, is_anonymous=True, protected_name=REAL_NAME, kind="individual",
                       description="a woman human rights defender")
    services.case_update(actor=officer, case=case, expected_version=None,
                         summary="Layla Qasim was summoned again after the session.")
    incident = case.incidents.get()
    services.incident_update(actor=officer, incident=incident,
                             description="Officers asked Ms Qasim about the Committee.")
    return also_reported_by_cat(case, "The Committee also heard of the summons.")


@pytest.mark.django_db
def test_a_focal_point_of_another_entity_reads_the_case_without_the_real_name(shared, cat_focal, api_as):
    body = api_as(cat_focal).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["summary"] == "[…] was summoned again after the session."
    assert "Qasim" not in str(body)


@pytest.mark.django_db
def test_ohchr_staff_read_the_summary_as_written(shared, officer, api_as):
    body = api_as(officer).get(f"/api/v1/cases/{shared.pk}").json()
    assert body["summary"] == "Layla Qasim was summoned again after the session."


@pytest.mark.django_db
def test_a_focal_point_of_another_entity_cannot_find_the_case_by_the_real_name(shared, cat_focal, officer, api_as):
    assert [c["id"] for c in api_as(officer).get("/api/v1/cases", q="qasim").json()["items"]] == [shared.pk]
    assert [c["id"] for c in api_as(cat_focal).get("/api/v1/cases", q="qasim").json()["items"]] == []


@pytest.mark.django_db
def test_what_is_withheld_does_not_print_the_real_name(shared, cat_focal):
    withheld = selectors.withheld_from(cat_focal, selectors._case_loaded(shared.pk))
    assert REAL_NAME in withheld.names.names
    assert "Qasim" not in repr(withheld)
