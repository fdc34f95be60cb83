"""``reprisals export --public`` says no more than the public site: the cases published in final reports,
through the reports' redaction step and inclusion rules, with the consent in force at the moment of the
export, and never an internal case reference. JSON and CSV are the open data itself; the Uwazi CSV is made
from the same published paragraphs. The staff export is unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from reprisals.cases import services as cs
from reprisals.cases.models import CaseStatus
from reprisals.core.models import AuditEntry
from reprisals.intake.models import Submission
from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date

ANONYMOUS_ONLY = {"raise_with_state": True, "publish_name": False, "publish_anonymously": True}
ANONYMOUS_ONLY_NO_RAISE = {"raise_with_state": False, "publish_name": False, "publish_anonymously": True}
PUBLISH_BUT_NO_RAISE = {"raise_with_state": False, "publish_name": True, "publish_anonymously": True}
NOT_NAMED = "Nasrin Qarabaghi"  # consented to anonymous publication only
REAL_NAME = "Farid Zulfiqarov"  # an anonymous party's protected real name
BROTHER = f"the brother of {NOT_NAMED}"  # that anonymous party's description, naming the other person
NO_RAISE = "Tamsin Norayse"  # consented to publication, not to the case being raised with the State
UNVERIFIED = "Ulla Unverified"  # consented to everything, case still under assessment
NAMED = "Publicly Named Defender"
SOURCE = "Source Valdemar Ukhov"
FORMATS = ("json", "csv", "uwazi-csv")


def export(tmp_path: Path, fmt: str, *extra: str) -> str:
    path = tmp_path / f"public-{fmt}"
    err = io.StringIO()
    call_command("export", "--format", fmt, "--public", "--out", str(path), *extra, stdout=io.StringIO(),
                 stderr=err)
    return path.read_bytes().decode("utf-8")


def uwazi_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def never_in(text: str, case_refs: list[str]) -> None:
    for secret in (NOT_NAMED, "Qarabaghi", REAL_NAME, "Zulfiqarov", NO_RAISE, "Norayse", UNVERIFIED, SOURCE,
                   "alpha@example.org", *case_refs):
        assert secret not in text
    assert "RT-" not in text


def test_a_case_nobody_published_is_not_exported_in_any_format(officer, tmp_path):
    """The reviewer's case: under assessment, nobody consented to it being raised with the State, and an
    anonymous party's description names the other person. No report published it: nothing of it is public."""
    case = make_case(
        actor=officer, country=Country.objects.get(iso3="BHR"), name=NOT_NAMED, status=CaseStatus.UNDER_ASSESSMENT,
        consents=ANONYMOUS_ONLY_NO_RAISE, source_identity=SOURCE,
        extra_parties=[dict(name="", is_anonymous=True, protected_name=REAL_NAME, description=BROTHER, gender="male",
                            roles=["relative"], consents=ANONYMOUS_ONLY_NO_RAISE)])
    for fmt in FORMATS:
        never_in(export(tmp_path, fmt), [case.reference])
    assert json.loads(export(tmp_path, "json"))["cases"] == []
    assert list(csv.reader(io.StringIO(export(tmp_path, "csv").removeprefix("\ufeff"))))[1:] == []
    assert uwazi_rows(export(tmp_path, "uwazi-csv")) == []
    # Each export is still audited, as public, with the number of cases written.
    payloads = [e.payload for e in AuditEntry.objects.filter(action="export.run").order_by("id")]
    assert payloads[-1]["public"] is True and payloads[-1]["cases"] == 0


@pytest.fixture
def published(officer, senior):
    bahrain, egypt = Country.objects.get(iso3="BHR"), Country.objects.get(iso3="EGY")
    anonymous = make_case(
        actor=officer, country=bahrain, name=NOT_NAMED, consents=ANONYMOUS_ONLY, source_identity=SOURCE,
        summary=f"{NOT_NAMED} was detained.",
        extra_parties=[dict(name="", is_anonymous=True, protected_name=REAL_NAME, description=BROTHER, gender="male",
                            roles=["relative"], consents=ANONYMOUS_ONLY)])
    named = make_case(actor=officer, country=egypt, name=NAMED, summary=f"{NAMED} was threatened.")
    no_raise = make_case(actor=officer, country=egypt, name=NO_RAISE, incident="2015-07", consents=PUBLISH_BUT_NO_RAISE)
    unverified = make_case(actor=officer, country=egypt, name=UNVERIFIED, incident="2015-08",
                           status=CaseStatus.UNDER_ASSESSMENT)
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=period)
    return {"period": period, "anonymous": anonymous, "named": named, "refs": [
        c.reference for c in (anonymous, named, no_raise, unverified)]}


def test_json_and_csv_are_the_public_sites_open_data(published, tmp_path):
    client = Client()
    site_json = client.get("/public/data/cases.json").content.decode("utf-8")
    site_csv = client.get("/public/data/cases.csv").content.decode("utf-8")
    assert export(tmp_path, "json") == site_json
    assert export(tmp_path, "csv") == site_csv
    data = json.loads(site_json)
    assert sorted(c["state_iso3"] for c in data["cases"]) == ["BHR", "EGY"]  # neither the unverified nor no-raise
    assert all(c["report"] == "A/HRC/33/19" for c in data["cases"])


def test_no_format_says_more_than_the_public_site(published, tmp_path):
    for fmt in FORMATS:
        text = export(tmp_path, fmt)
        never_in(text, published["refs"])
        assert NAMED in text


def test_the_uwazi_export_has_one_row_per_published_paragraph_and_person(published, tmp_path):
    site = {(c["annex"], c["paragraph"]): c
            for c in json.loads(Client().get("/public/data/cases.json").content)["cases"]}
    rows = uwazi_rows(export(tmp_path, "uwazi-csv"))
    by_country: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_country.setdefault(row["Country"], []).append(row)
    assert sorted(by_country) == ["Bahrain", "Egypt"]
    (named,) = by_country["Egypt"]
    assert named["Title"] == NAMED and named["Type of record"] == "Named individual"
    # The anonymous person and the relative whose description named her: both by a description that names
    # nobody, as the published paragraph shows them.
    assert len(by_country["Bahrain"]) == 2
    for row in by_country["Bahrain"]:
        assert row["Type of record"] == "Unnamed individual/group/organization"
        assert row["Title"] and row["Title"][0].isupper() and "brother of" not in row["Title"]
        assert row["Title"].casefold() in row["Reprisal information"].casefold()
    # Where the report published the person: one location per person, the persons of a paragraph numbered.
    paragraph = next(n for (_annex, n), c in site.items() if c["state_iso3"] == "BHR")
    assert sorted(row["Location in SG report"] for row in by_country["Bahrain"]) == [
        f"A/HRC/33/19, annex I, para. {paragraph} (1)", f"A/HRC/33/19, annex I, para. {paragraph} (2)"]
    for row in rows:
        match = re.fullmatch(r"A/HRC/33/19, annex I, para\. (\d+)( \(\d\))?", row["Location in SG report"])
        assert match
        paragraph = int(match.group(1))
        assert row["Reprisal information"] == site[("I", paragraph)]["text"]
        assert row["Year"] == "2016" and "Travel restriction" in row["Types of reprisals suffered"]
        assert row["Engagement with UN body"]
        # What the register knows and the public site does not publish is left empty.
        for column in ("Case status", "Gender", "Minor", "Foreign national", "Dates of engagement",
                       "Dates of reprisals", "Location of reprisals", "Alleged/likely perpetrators"):
            assert row[column] == ""


def test_consent_is_checked_at_the_moment_of_the_export(published, officer, tmp_path):
    named = published["named"].parties.get()
    cs.consent_record(actor=officer, party=named, use="publish_name", granted=False, decided_on=dt.date.today())
    for party in published["anonymous"].parties.all():
        cs.consent_record(actor=officer, party=party, use="raise_with_state", granted=False,
                          decided_on=dt.date.today())
    for fmt in FORMATS:
        text = export(tmp_path, fmt)
        assert NAMED not in text and "woman human rights defender" in text
        assert "Bahrain" not in text and "BHR" not in text
    (row,) = uwazi_rows(export(tmp_path, "uwazi-csv"))
    assert row["Type of record"] == "Unnamed individual/group/organization"


def test_the_public_export_is_the_same_for_any_account_and_on_standard_output(published, focal, tmp_path, capsys):
    whole = export(tmp_path, "json")
    assert export(tmp_path, "json", "--user", focal.username) == whole
    out = io.StringIO()
    call_command("export", "--format", "json", "--public", "--out", "-", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(whole)


def test_the_staff_export_still_holds_the_register(published, tmp_path):
    path = tmp_path / "staff.json"
    call_command("export", "--format", "json", "--out", str(path), stderr=io.StringIO())
    data = json.loads(path.read_text())
    assert sorted(c["reference"] for c in data) == sorted(published["refs"])


def test_the_public_uwazi_export_imports_into_a_register(published, tmp_path):
    path = tmp_path / "er.csv"
    path.write_text(export(tmp_path, "uwazi-csv"), encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--format", "uwazi-csv", "--source", "AMNESTY", stdout=out,
                 stderr=io.StringIO())
    assert "imported 3 rows" in out.getvalue()
    imported = Submission.objects.filter(entity__code="AMNESTY")
    assert sorted(s.country.iso3 for s in imported) == ["BHR", "BHR", "EGY"]
    assert all(sorted(s.forms) == ["arbitrary_arrest", "travel_ban"] for s in imported)
