"""An unrecorded Latin spelling of a withheld name is blanked beside the rest of the name.

A withheld "Muhammad Ali" is often written "Mohammed Ali". "Ali" is a word of the name and is blanked, but
"Mohammed" is not a recorded spelling, and blanking only "Ali" would leave the given name beside the mark
("Mohammed […]"). So a Latin word immediately beside a blanked word (only spaces between them) is blanked too
when it is another spelling of a word of the name: written as a name (a capital first), with the same first
letter, the same consonant skeleton (``linkage.names.skeleton``: "Mohammed" and "Muhammad" are m-h-m-d) and a
length within two letters. This is stronger than sound: an English word beside a name stays ("under" sounds
as "Nader" but is written in lower case and begins with another letter; "Humid" after a full stop is not
beside the name; the name of a month or a day never is one), and so does another name ("Ahmed Ali",
"Hassan Alaoui").
"""

from __future__ import annotations

import pytest

from reprisals.cases import selectors
from reprisals.cases import services as case_services
from reprisals.cases.models import AffectedParty


def _names(name: str, *variants: str) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, name_variants=list(variants),
                                                   kind="individual")])


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Muhammad Ali", "Mohammed Ali was detained.", "[…] […] was detained."),
    ("Muhammad Ali", "Police held Ali Mohammed overnight.", "Police held […] […] overnight."),
    ("Muhammad Ali", "MOHAMMED ALI DETAINED", "[…] […] DETAINED"),
    ("Muhammad Hassan", "Mohamed Hassan met Mahmud", "[…] […] met Mahmud"),      # Mahmud is not beside it
    ("Muhammad Ahmad Hassan", "Mohammed Ahmed Hassan was held", "[…] […] […] was held"),
    ("Hussein Ali", "Husayn Ali was held", "[…] […] was held"),
    ("Saeed Hassan", "Mr Hassan Said was released", "Mr […] […] was released"),
    ("Dmitry Ivanov", "Dmitriy Ivanov was held", "[…] […] was held"),
    ("Muhammad Hassan", "Mohammed, Hassan", "[…], […]"),                            # a comma between
])
def test_another_latin_spelling_of_a_word_of_the_name_beside_a_blanked_word_is_blanked(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Nader Bakri", "Bakri under threat, he said.", "[…] under threat, he said."),   # lower case
    ("Nader Bakri", "BAKRI UNDER THREAT", "[…] UNDER THREAT"),                      # another first letter
    ("Hamid Karim", "Karim. Humid weather followed.", "[…]. Humid weather followed."),  # not beside: a full stop
    ("Hamid Karim", "Karim humid", "[…] humid"),
    ("Sharif Kamal", "Kamal and Sherif, said the sheriff", "[…] and Sherif, said the sheriff"),
    ("Muhammad Ali", "Ahmed Ali was held", "Ahmed […] was held"),                   # another name
    ("Ali Hassan", "Hassan Alaoui was held", "[…] Alaoui was held"),                # longer by more than two
    ("Ali Hassan", "Al Hassan was held", "Al […] was held"),                        # a particle
    ("Jan Ewing", "On 3 June Jan Ewing was arrested", "On 3 June […] was arrested"),  # a month: "June" is j-n
])
def test_an_english_word_or_another_name_beside_a_blanked_word_is_kept(name, text, shown):
    assert selectors.blank_names(text, _names(name)) == shown


@pytest.mark.django_db
def test_the_case_api_blanks_an_unrecorded_spelling_of_the_given_name(officer, new_case, also_reported_by_cat,
                                                                      cat_focal, api_as):
    case = new_case(name="Muhammad Ali", title="Detention of a defender")
    summary = "Mohammed Ali was detained after speaking in Geneva."
    case_services.case_update(actor=officer, case=case, expected_version=None, summary=summary)
    case = also_reported_by_cat(case)
    body = api_as(cat_focal).get(f"/api/v1/cases/{case.pk}").json()
    assert body["summary"] == "[…] […] was detained after speaking in Geneva."
    assert api_as(officer).get(f"/api/v1/cases/{case.pk}").json()["summary"] == summary
