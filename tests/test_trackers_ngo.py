"""ECOSOC Committee on NGOs: applications, session outcomes and their rules, the views (deferred 3+,
longest-waiting, by questioning State, per session), the link to a case, and the CSV import from the
command line, the API and the web page, all-or-nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from reprisals.core.errors import Forbidden, ValidationFailed
from reprisals.core.models import AuditEntry
from reprisals.trackers import imports, selectors, services
from reprisals.trackers.models import NGOApplication, SessionOutcome

pytestmark = pytest.mark.django_db
D = dt.date

HEADER = "ngo_name,ngo_country,date_applied,areas_of_work,session,session_date,outcome,questioning_states,notes\n"


APPLIED = D(2018, 5, 30)


def application(officer, name="Centre for Water Rights", country="PAK", applied_on=APPLIED):
    return services.ngo_application_create(actor=officer, ngo_name=name, country=country, applied_on=applied_on,
                                           areas_of_work=["water", "land"])


def defer(officer, app, n, *, start=2019, states=("CHN",), outcome="deferred"):
    for i in range(n):
        year, half = start + i // 2, i % 2
        services.ngo_outcome_record(
            actor=officer, application=app, session=f"{year} {'resumed' if half else 'regular'} session",
            session_date=D(year, 5 if half else 1, 20), outcome=outcome, questioning_states=list(states))


# ---------------------------------------------------------------- services and rules


def test_outcomes_are_recorded_in_order_and_audited(officer):
    app = application(officer)
    defer(officer, app, 2, states=("CHN", "CUB"))
    assert [o.outcome for o in app.outcomes.all()] == ["deferred", "deferred"]
    assert set(app.outcomes.first().questioning_states.values_list("iso3", flat=True)) == {"CHN", "CUB"}
    entry = AuditEntry.objects.filter(action="ngo.outcome_record").last()
    assert entry.payload["outcome"] == "deferred" and entry.payload["questioning_states"] == ["CHN", "CUB"]


def test_a_session_out_of_order_is_refused_and_nothing_is_saved(officer):
    app = application(officer)
    services.ngo_outcome_record(actor=officer, application=app, session="2021 regular session",
                                session_date=D(2021, 1, 25), outcome="deferred")
    with pytest.raises(ValidationFailed) as err:
        services.ngo_outcome_record(actor=officer, application=app, session="2020 resumed session",
                                    session_date=D(2020, 5, 18), outcome="deferred", questioning_states=["CHN"])
    assert "session_date" in err.value.fields and "chronological order" in err.value.message
    assert app.outcomes.count() == 1


def test_a_deferral_after_a_final_outcome_is_refused(officer):
    app = application(officer)
    services.ngo_outcome_record(actor=officer, application=app, session="2020 regular session",
                                session_date=D(2020, 1, 21), outcome="recommended")
    with pytest.raises(ValidationFailed) as err:
        services.ngo_outcome_record(actor=officer, application=app, session="2020 resumed session",
                                    session_date=D(2020, 5, 18), outcome="deferred")
    assert err.value.fields["outcome"][0].startswith("the application was already recommended")
    assert app.outcomes.count() == 1


def test_unknown_questioning_states_are_refused_by_name(officer):
    app = application(officer)
    with pytest.raises(ValidationFailed) as err:
        services.ngo_outcome_record(actor=officer, application=app, session="2020 regular session",
                                    session_date=D(2020, 1, 21), outcome="deferred", questioning_states=["CHN", "QZZ"])
    assert "QZZ" in err.value.fields["questioning_states"][0]
    assert not SessionOutcome.objects.exists()


def test_the_same_application_twice_is_refused(officer):
    application(officer)
    with pytest.raises(ValidationFailed):
        application(officer, name="centre for  WATER rights")
    assert NGOApplication.objects.count() == 1


def test_only_tracker_editors_record(focal):
    with pytest.raises(Forbidden):
        application(focal)


def test_link_to_a_case_only_when_the_case_is_visible(officer, reviewer, new_case):
    from reprisals.cases import services as case_services

    app = application(officer)
    case = new_case()
    services.ngo_application_link_case(actor=officer, application=app, case_id=case.pk)
    assert NGOApplication.objects.get(pk=app.pk).case == case
    hidden = new_case(title="Restricted")
    case_services.case_restrict(actor=reviewer, case=hidden, restricted=True, members=[])
    with pytest.raises(ValidationFailed):
        services.ngo_application_link_case(actor=officer, application=app, case_id=hidden.pk)
    assert NGOApplication.objects.get(pk=app.pk).case == case


# ---------------------------------------------------------------- views


@pytest.fixture
def history(officer):
    blocked = application(officer, "Dalit Justice Initiative", "IND", D(2015, 3, 1))
    defer(officer, blocked, 5, start=2016, states=("CHN", "PAK"))
    quick = application(officer, "Quick Legal Aid", "BRA", D(2019, 3, 1))
    defer(officer, quick, 1, start=2020, outcome="recommended", states=())
    three = application(officer, "Three Times Deferred", "KEN", D(2017, 1, 10))
    defer(officer, three, 3, start=2018, states=("CHN",))
    services.ngo_outcome_record(actor=officer, application=three, session="2019 resumed session",
                                session_date=D(2019, 5, 20), outcome="closed_without_prejudice")
    return {"blocked": blocked, "quick": quick, "three": three}


def test_applications_deferred_at_three_or_more_sessions(officer, history):
    rows = selectors.ngo_applications(officer, selectors.NGOFilters(min_deferrals=3))
    assert {r.ngo_name for r in rows} == {"Dalit Justice Initiative", "Three Times Deferred"}
    pending = selectors.ngo_applications(officer, selectors.NGOFilters(min_deferrals=3, pending_only=True))
    assert [r.ngo_name for r in pending] == ["Dalit Justice Initiative"]


def test_longest_waiting_lists_pending_applications_oldest_first(officer, history):
    rows = selectors.with_histories(selectors.ngo_longest_waiting(officer))
    assert [r.ngo_name for r in rows] == ["Dalit Justice Initiative"]
    assert rows[0].streak == 5 and rows[0].waiting_days == (dt.date.today() - D(2015, 3, 1)).days


def test_deferrals_by_questioning_state(officer, history):
    rows = {r["country__iso3"]: r for r in selectors.ngo_deferrals_by_state(officer)}
    assert rows["CHN"]["deferrals"] == 8 and rows["CHN"]["applications"] == 2
    assert rows["PAK"]["deferrals"] == 5 and rows["PAK"]["applications"] == 1
    assert list(rows)[0] == "CHN"


def test_outcomes_per_session(officer, history):
    rows = {r["session"]: r for r in selectors.ngo_by_session(officer)}
    assert rows["2019 resumed session"]["closed"] == 1 and rows["2018 regular session"]["deferred"] == 2
    assert rows["2020 regular session"]["recommended"] == 1


def test_the_pages_show_the_views(officer, history):
    client = Client()
    client.force_login(officer)
    text = client.get(reverse("trackers:ngo_deferred")).content.decode()
    assert "Dalit Justice Initiative" in text and "Quick Legal Aid" not in text
    assert "Dalit Justice Initiative" in client.get(reverse("trackers:ngo_waiting")).content.decode()
    assert "China" in client.get(reverse("trackers:ngo_by_state")).content.decode()
    assert "2019 resumed session" in client.get(reverse("trackers:ngo_by_session")).content.decode()
    detail = client.get(reverse("trackers:ngo_detail", args=[history["three"].pk])).content.decode()
    assert "no further session can be recorded" in detail
    assert client.get(reverse("trackers:ngo_list"), {"min_deferrals": "-4"}).status_code == 400


def test_a_deferral_after_a_final_outcome_is_refused_on_the_page(officer, history):
    client = Client()
    client.force_login(officer)
    r = client.post(reverse("trackers:ngo_outcome_add", args=[history["quick"].pk]),
                    {"session": "2021 regular session", "session_date": "2021-01-20", "outcome": "deferred"})
    assert r.status_code == 422 and "final outcome" in r.content.decode()
    assert history["quick"].outcomes.count() == 1


def test_api_lists_filters_and_records(api_as, officer, focal, history):
    r = api_as(focal).get("/api/v1/trackers/ngo/applications", min_deferrals=3, pending=True)
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["ngo_name"] for i in items] == ["Dalit Justice Initiative"] and items[0]["deferral_streak"] == 5
    assert api_as(focal).post(f"/api/v1/trackers/ngo/applications/{history['blocked'].pk}/outcomes",
                              {"session": "2019 regular session", "session_date": "2019-01-21",
                               "outcome": "recommended"}).status_code == 403
    r = api_as(officer).post(f"/api/v1/trackers/ngo/applications/{history['blocked'].pk}/outcomes",
                             {"session": "2017 special session", "session_date": "2017-02-21", "outcome": "deferred"})
    assert r.status_code == 422 and "session_date" in r.json()["error"]["fields"]
    by_state = api_as(officer).get("/api/v1/trackers/ngo/deferrals-by-state").json()
    assert by_state[0]["country"] == "CHN"
    assert api_as(officer).get("/api/v1/trackers/ngo/longest-waiting").json()[0]["ngo_name"] == \
        "Dalit Justice Initiative"
    assert api_as(officer).get("/api/v1/trackers/ngo/sessions").status_code == 200


def test_api_pagination_with_a_cursor(api_as, officer, history):
    api = api_as(officer)
    first = api.get("/api/v1/trackers/ngo/applications", limit=2).json()
    second = api.get("/api/v1/trackers/ngo/applications", limit=2, cursor=first["next_cursor"]).json()
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(ids) == 3 == len(set(ids)) and second["next_cursor"] is None
    assert api.get("/api/v1/trackers/ngo/applications", cursor="!!").status_code == 422


def test_api_shows_a_linked_case_only_to_those_who_can_see_it(api_as, officer, focal, new_case):
    app = application(officer)
    case = new_case()
    r = api_as(officer).patch(f"/api/v1/trackers/ngo/applications/{app.pk}", {"case_id": case.pk})
    assert r.status_code == 200 and r.json()["case_id"] == case.pk
    other = api_as(focal).get(f"/api/v1/trackers/ngo/applications/{app.pk}").json()
    assert other["case_id"] == case.pk  # the focal point's entity sent the allegation
    r = api_as(officer).patch(f"/api/v1/trackers/ngo/applications/{app.pk}", {"case_id": 0})
    assert r.json()["case_id"] is None


# ---------------------------------------------------------------- import

GOOD = HEADER + (
    "Centre for Water Rights,PAK,2018-05-30,water|land,2019 regular session,2019-01-21,deferred,CHN|CUB,\n"
    "Centre for Water Rights,PAK,2018-05-30,water|land,2019 resumed session,2019-05-20,deferred,CHN,\n"
    "Free Press Union,TUR,2019-02-01,press freedom,2019 resumed session,2019-05-20,recommended,,first time\n"
)


def test_import_creates_applications_and_outcomes_in_one_audited_step(officer):
    report = imports.ngo_import(actor=officer, data=GOOD.encode())
    assert report.ok and (report.rows, report.applications_created, report.outcomes_created) == (3, 2, 3)
    app = NGOApplication.objects.get(ngo_name="Centre for Water Rights")
    assert app.areas_of_work == ["water", "land"] and app.outcomes.count() == 2
    assert set(app.outcomes.first().questioning_states.values_list("iso3", flat=True)) == {"CHN", "CUB"}
    assert AuditEntry.objects.filter(action="ngo.import").count() == 1
    again = imports.ngo_import(actor=officer, data=GOOD.encode())
    assert again.ok and again.unchanged == 3 and again.outcomes_created == 0


def test_import_with_any_bad_row_saves_nothing_and_names_every_problem(officer):
    assert imports.ngo_import(actor=officer, data=GOOD.encode()).ok
    before = (NGOApplication.objects.count(), SessionOutcome.objects.count(), AuditEntry.objects.count())
    bad = HEADER + (
        "A New NGO,KEN,2020-01-01,,2021 regular session,2021-01-20,deferred,CHN,\n"
        "Centre for Water Rights,PAK,2018-05-30,,2018 resumed session,2018-12-01,deferred,,\n"
        "Free Press Union,TUR,2019-02-01,,2020 regular session,2020-01-20,deferred,,\n"
        "Unknown Body,XYZ,2019-02-01,,2020 regular session,2020-01-20,maybe,,\n"
    )
    report = imports.ngo_import(actor=officer, data=bad.encode())
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, "session_date"), (4, "outcome"), (5, "ngo_country"),
                                                          (5, "outcome")]
    assert "chronological order" in report.errors[0].message and "final outcome" in report.errors[1].message
    assert (NGOApplication.objects.count(), SessionOutcome.objects.count(), AuditEntry.objects.count()) == before
    assert not NGOApplication.objects.filter(ngo_name="A New NGO").exists()


def test_import_dry_run_reports_and_saves_nothing(officer):
    report = imports.ngo_import(actor=officer, data=GOOD.encode(), dry_run=True)
    assert report.ok and report.outcomes_created == 3 and not NGOApplication.objects.exists()


def test_import_command_exit_codes(reference, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("trackers", "import-ngo", str(good), "--dry-run", stdout=out)
    assert "would import 3 session outcome(s)" in out.getvalue() and not NGOApplication.objects.exists()
    call_command("trackers", "import-ngo", str(good), stdout=out)
    assert SessionOutcome.objects.count() == 3
    assert AuditEntry.objects.filter(action="ngo.import").last().actor_label == "system"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "X,PAK,2019-01-01,,s,2019-13-01,deferred,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("trackers", "import-ngo", str(bad), stderr=err)
    assert exit_.value.code == 1 and "line 2, session_date" in err.getvalue() and "nothing was imported" in \
        err.getvalue()
    with pytest.raises(SystemExit) as exit_:
        call_command("trackers", "import-ngo", str(tmp_path / "missing.csv"), stderr=StringIO())
    assert exit_.value.code == 2


def test_import_command_can_record_the_user(officer, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("trackers", "import-ngo", str(good), "--user", "officer", stdout=StringIO())
    assert AuditEntry.objects.get(action="ngo.import").actor_label == "officer"


def test_import_by_upload_on_the_page(officer):
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("trackers:ngo_import"))
    assert page.status_code == 200 and "questioning_states" in page.content.decode()
    bad = SimpleUploadedFile("s.csv", (GOOD + "Y,PAK,2019-01-01,,s,2019-05-01,deferred,ZZZ,\n").encode())
    r = client.post(reverse("trackers:ngo_import"), {"file": bad})
    assert r.status_code == 422 and "Nothing was imported" in r.content.decode() and "ZZZ" in r.content.decode()
    assert not NGOApplication.objects.exists()
    r = client.post(reverse("trackers:ngo_import"), {"file": SimpleUploadedFile("s.csv", GOOD.encode())})
    assert r.status_code == 200 and SessionOutcome.objects.count() == 3


def test_import_upload_checks_csrf(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    r = client.post(reverse("trackers:ngo_import"), {"file": SimpleUploadedFile("s.csv", GOOD.encode())})
    assert r.status_code == 403 and not NGOApplication.objects.exists()


def test_import_through_the_api(api_as, officer):
    r = api_as(officer).post("/api/v1/trackers/ngo/import", {"csv": GOOD, "dry_run": False})
    assert r.status_code == 200 and r.json()["outcomes_created"] == 3
    r = api_as(officer).post("/api/v1/trackers/ngo/import", {"csv": "nonsense\n1\n"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "header"


def test_the_template_downloads(officer):
    client = Client()
    client.force_login(officer)
    r = client.get(reverse("trackers:ngo_import_template"))
    assert r.status_code == 200 and r.content.decode().startswith("ngo_name,ngo_country")


def test_a_file_that_is_not_utf8_is_named_on_the_line_of_its_first_bad_byte_and_utf16_is_said(officer):
    """The problem was listed on "line 0", then on line 1 wherever the byte was, and a UTF-16 file (Excel's
    "Unicode text") was "not UTF-8 text (byte 0)"."""
    utf16 = imports.ngo_import(actor=officer, data=GOOD.encode("utf-16"))
    assert [(e.line, e.field) for e in utf16.errors] == [(1, "file")]
    assert "UTF-16" in utf16.errors[0].message
    latin1 = imports.ngo_import(actor=officer, data="ngo_name\nCentre\nSociété\n".encode("latin-1"))
    assert [(e.line, e.field) for e in latin1.errors] == [(3, "file")] and "not UTF-8" in latin1.errors[0].message
    header = imports.ngo_import(actor=officer, data="ngo_name,séance\n".encode("latin-1"))
    assert [(e.line, e.field) for e in header.errors] == [(1, "file")]


def test_deferrals_by_state_name_the_states_in_the_readers_language(officer, history):
    """The table named the States in English on pages in other languages."""
    from reprisals.reference.i18n import country_name

    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "ru"
    text = client.get(reverse("trackers:ngo_by_state")).content.decode()
    assert country_name("PAK", "", "ru") in text and ">Pakistan <" not in text
