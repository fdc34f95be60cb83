"""Staff statistics over the whole register (``reports.register_stats``): each table counts where its rows
live, restricted cases included, and a range of years selects by the year each row belongs to."""

from __future__ import annotations

import datetime as dt

import pytest

from reprisals.cases import services
from reprisals.reference.models import Country, RegionalGroup, UNBody, UNBodyKind
from reprisals.reports import register_stats as rs

pytestmark = pytest.mark.django_db

ALL = rs.Years()
EARLY = rs.Years(2015, 2016)
SMEAR = "Smear or defamation campaign (e.g. labelled terrorist or traitor)"


@pytest.fixture
def register(officer, reviewer, bahrain):
    """Three cases: Bahrain 2015 (two parties), Bahrain 2016 (restricted), and a Western European one in 2019."""
    spain = Country.objects.get(iso3="ESP")
    hrc, ccpr = UNBody.objects.get(code="HRC"), UNBody.objects.get(code="CCPR")

    def case(country, year, parties, forms_by_incident, bodies):
        c = services.case_open(actor=officer, title=f"case {year}", country=country)
        for gender, roles in parties:
            services.party_add(actor=officer, case=c, name=f"P {year} {gender}", gender=gender, roles=roles)
        for forms in forms_by_incident:
            services.incident_add(actor=officer, case=c, date=str(year), forms=forms)
        for body in bodies:
            services.engagement_add(actor=officer, case=c, un_body=body, kind="submission_of_information",
                                    date=str(year))
        return c

    case(bahrain, 2015, [("female", ["human_rights_defender", "lawyer"]), ("male", ["lawyer"])],
         [["travel_ban", "threats"], ["detention"]], [hrc, ccpr])
    restricted = case(bahrain, 2016, [("female", ["journalist"])], [["travel_ban"]], [ccpr])
    services.case_restrict(actor=reviewer, case=restricted, restricted=True, members=[officer])
    case(spain, 2019, [("unknown", ["ngo"])], [["smear_campaign"]], [hrc])


def labels(rows):
    return {tuple(str(x) for x in row[:-1]): row[-1] for row in rows}


def test_cases_by_year_status_and_regional_group_include_restricted_cases(register):
    assert rs.by_year(ALL) == [(2015, 1), (2016, 1), (2019, 1)]
    assert rs.by_year(EARLY) == [(2015, 1), (2016, 1)]
    assert sum(n for _s, n in rs.by_status(ALL)) == 3
    groups = dict(rs.by_group(ALL))
    assert groups[str(RegionalGroup.ASIA_PACIFIC.label)] == 2
    assert groups[str(RegionalGroup.WESTERN_EUROPEAN_OTHER.label)] == 1
    assert dict(rs.by_group(EARLY)) == {str(RegionalGroup.ASIA_PACIFIC.label): 2}


def test_incidents_count_once_under_each_of_their_forms(register):
    forms = dict(rs.by_form(ALL))
    assert (forms["Travel ban or passport confiscation"], forms["Threats"], forms["Detention or imprisonment"],
            forms[SMEAR]) == (2, 1, 1, 1)
    assert SMEAR not in dict(rs.by_form(EARLY))


def test_engagements_count_by_kind_of_un_body(register):
    bodies = dict(rs.by_body(ALL))
    assert bodies[str(UNBodyKind.HRC.label)] == 2
    assert bodies[str(UNBodyKind.TREATY_BODY.label)] == 2
    assert dict(rs.by_body(rs.Years(2019, 2019))) == {str(UNBodyKind.HRC.label): 1}


def test_parties_count_under_each_role_with_their_gender(register):
    table = labels(rs.by_role_gender(ALL))
    assert table[("Lawyer", "Female")] == 1
    assert table[("Lawyer", "Male")] == 1
    assert table[("Human rights defender", "Female")] == 1
    assert table[("Journalist", "Female")] == 1
    assert table[("Non-governmental organisation", "Not known")] == 1
    assert sum(table.values()) == 5
    assert ("Non-governmental organisation", "Not known") not in labels(rs.by_role_gender(EARLY))


def test_compute_gathers_every_table_for_a_date_range(register):
    stats = rs.compute(dt.date(2015, 1, 1), dt.date(2016, 12, 31))
    assert stats.total == 2
    assert sum(n for _f, n in stats.by_form) == 4
    assert sum(n for *_k, n in stats.by_role_gender) == 4


def test_the_staff_statistics_speak_the_readers_language(register, officer, consenting_case):
    """Forms, roles and genders were shown by their English labels (and genders by their codes) on an
    Arabic page; States on the list of cases raised by several bodies by their English names."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from reprisals.reference.i18n import country_name, term_label

    with translation.override("ar"):
        forms = dict(rs.by_form(ALL))
        roles = labels(rs.by_role_gender(ALL))
        travel_ban = term_label("reprisal_form", "travel_ban", "", "ar")
        lawyer = term_label("party_role", "lawyer", "", "ar")
        female = str(translation.gettext("Female"))
        assert travel_ban and forms[travel_ban] == 2 and "Travel ban or passport confiscation" not in forms
        assert female != "Female" and roles[(lawyer, female)] == 1
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("reports:statistics")).content.decode()
    assert travel_ban in page and "Travel ban or passport confiscation" not in page and ">female<" not in page
    case = consenting_case()
    from reprisals.followup import services as followup

    for code in ("SR-HRD", "WGAD"):
        followup.communication_record(actor=officer, country=case.country, kind="sp_allegation_letter",
                                      un_body=UNBody.objects.get(code=code), sent_on=dt.date.today(),
                                      summary="x", cases=[case], symbol=f"AL {code}")
    with translation.override("ar"):
        rows = rs.raised_by_several(type(case).objects.all())
        assert [r.state for r in rows if r.case_id == case.pk] == [country_name("BHR", "Bahrain", "ar")]
