"""The public site: open to everyone, published cases only, filters, State pages, the map, charts and
open data with disclosure control."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client

from reprisals.reference.models import Country
from reprisals.reports import opendata, services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def site(officer, senior):
    bahrain, nauru = Country.objects.get(iso3="BHR"), Country.objects.get(iso3="NRU")
    for i in range(4):
        make_case(actor=officer, country=bahrain, name=f"Bahraini Defender {i}", incident=f"2016-0{i + 1}")
    make_case(actor=officer, country=nauru, name="Nauru Defender", forms=["online_harassment"], body="CCPR")
    for i in range(3):
        make_case(actor=officer, country=Country.objects.get(iso3="EGY"), name=f"Egyptian Defender {i}")
    draft_only = make_case(actor=officer, country=bahrain, name="Draft Only Person", incident="2016-08",
                           received=D(2016, 8, 2))
    first = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    services.report_finalise(actor=senior, period=first)
    services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2017, 4, 30))
    return {"first": first, "draft_only": draft_only}


def test_the_public_site_needs_no_login_and_lists_only_cases_of_final_reports(site):
    client = Client()
    for path in ("/public/", "/public/cases/", "/public/states/BHR/", "/public/data/"):
        response = client.get(path)
        assert response.status_code == 200, path
    html = client.get("/public/cases/").content.decode()
    assert "Bahraini Defender 0" in html and "Nauru Defender" in html
    assert "Draft Only Person" not in html


def test_published_cases_can_be_filtered(site):
    client = Client()
    html = client.get("/public/cases/", {"state": "NRU"}).content.decode()
    assert "Nauru Defender" in html and "Bahraini Defender" not in html
    html = client.get("/public/cases/", {"form": "online_harassment"}).content.decode()
    assert "Nauru Defender" in html and "Bahraini Defender" not in html
    html = client.get("/public/cases/", {"un_body": "CCPR", "regional_group": "ASIA_PACIFIC"}).content.decode()
    assert "Nauru Defender" in html and "Bahraini Defender" not in html
    assert client.get("/public/cases/", {"state": "QZZ"}).status_code == 400
    assert client.get("/public/cases/", {"page": "-4"}).status_code == 400


def test_a_state_page_shows_its_published_cases(site):
    html = Client().get("/public/states/NRU/").content.decode()
    assert "Nauru" in html and "Nauru Defender" in html and "Bahraini Defender" not in html
    assert Client().get("/public/states/ZZZ/").status_code == 404


def test_the_map_is_drawn_on_the_server_and_hides_small_counts(site):
    svg = Client().get("/public/map.svg").content.decode()
    assert svg.startswith("<svg") and "<script" not in svg
    assert "Bahrain: 4" in svg
    assert "Nauru: fewer than 3" in svg and "Nauru: 1" not in svg
    # Egypt's 3 are grouped with Nauru's 1 in the statistics, so that Nauru's cannot be worked out: no number.
    assert "Egypt: fewer than 3, or grouped" in svg and "Egypt: 3" not in svg
    page = Client().get("/public/").content.decode()
    assert "<svg" in page and 'href="/public/states/BHR/"' in page


def test_public_statistics_group_or_suppress_counts_below_the_threshold(site):
    stats = json.loads(Client().get("/public/data/statistics.json").content)
    by_state = {row["code"]: row["count"] for row in stats["tables"]["by_state"]["rows"] if not row["grouped"]}
    assert by_state == {"BHR": 4}
    other = [row for row in stats["tables"]["by_state"]["rows"] if row["grouped"]]
    assert [row["count"] for row in other] == [4]
    for table in stats["tables"].values():
        for row in table["rows"]:
            assert row["count"] >= stats["threshold"]
    rows = list(csv.reader(io.StringIO(Client().get("/public/data/statistics.csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["table", "code", "label", "count", "grouped"]
    assert all(int(r[3]) >= 3 for r in rows[1:] if r[1] != "total" and r[3].isdigit())


def test_open_data_follows_its_documented_schema(site):
    cases = json.loads(Client().get("/public/data/cases.json").content)
    assert cases["schema"] == "reprisals-tracker/published-cases" and cases["version"] == 1
    assert set(cases["cases"][0]) == set(opendata.CASE_FIELDS)
    rows = list(csv.DictReader(io.StringIO(Client().get("/public/data/cases.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 8 and set(rows[0]) == set(opendata.CASE_FIELDS)
    assert {r["report"] for r in rows} == {"A/HRC/33/19"}


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped():
    assert opendata.safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert opendata.safe_cell("+1") == "'+1" and opendata.safe_cell("-1") == "'-1" and opendata.safe_cell("@x") == "'@x"
    assert opendata.safe_cell("Bahrain") == "Bahrain"


def test_charts_are_png_without_metadata(site):
    for key in ("by_regional_group", "by_form", "by_un_body", "by_report"):
        body = Client().get(f"/public/charts/{key}.png").content
        assert body[:8] == b"\x89PNG\r\n\x1a\n" and b"tEXt" not in body and b"matplotlib" not in body
    assert Client().get("/public/charts/nope.png").status_code == 404


def test_public_documents_exist_for_final_reports_only(site):
    first = site["first"]
    assert Client().get(f"/public/reports/{first.pk}/document.pdf").status_code == 200
    assert Client().get(f"/public/reports/{first.pk + 1}/document.pdf").status_code == 404
    assert Client().get(f"/public/reports/{first.pk}/document.exe").status_code == 404
