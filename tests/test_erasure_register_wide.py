"""An erasure scrubs the person's names from the texts of the whole register, not only from their own
case: another case's summary that names them ("detained together with her colleague Omar Haddadine"), its
risk notes, its follow-up, by whole name and by each word of the name ("Mr. Haddadine"). And since the
register then no longer holds the name, the report redaction still knows it through keyed hashes only
(``ErasedName``): a text that names the erased person, typed later or missed, is blanked in everything
published. The erasure is one transaction: nothing is half-written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from reprisals.cases import services as case_services
from reprisals.cases.erasure import ERASED, ERASURE_HOOKS, erasure_confirm, erasure_request
from reprisals.cases.models import AffectedParty, Case
from reprisals.reference.models import Country
from reprisals.reports import drafting, services
from reprisals.reports.redaction import WITHHELD, RegisterNames
from reprisals.reports.testdata import make_case
from tests.test_erasure_case_leftovers import leftovers

pytestmark = pytest.mark.django_db
D = dt.date
NOTHING = {"raise_with_state": False, "publish_name": False, "publish_anonymously": False}
ERASED_PERSON = "Omar Haddadine"
NAMED = "Publicly Named Sister"


def erased_names():
    """The hashes' table (looked up by name, so that the other tests run against a version without it)."""
    from django.apps import apps

    return apps.get_model("cases", "ErasedName").objects


def public_html(period) -> str:
    from reprisals.reports.documents import HtmlReport

    return HtmlReport().render({"period": period, "public": True})[2].decode()


@pytest.fixture
def egypt(reference) -> Country:
    return Country.objects.get(iso3="EGY")


def _erase(party: AffectedParty, officer, reviewer) -> None:
    erasure_confirm(actor=reviewer, request=erasure_request(actor=officer, party=party, reason="His request."))


def test_other_cases_lose_the_name_and_the_next_report_does_not_publish_it(egypt, officer, reviewer, senior, api_as):
    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, incident="2015-08", consents=NOTHING)
    other = make_case(actor=officer, country=egypt, name=NAMED,
                      summary=f"{NAMED} was detained together with her colleague {ERASED_PERSON}. "
                              "Mr. Haddadine was released.")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    _erase(omar_case.parties.get(name=ERASED_PERSON), officer, reviewer)

    summary = Case.objects.get(pk=other.pk).summary
    assert "Haddadine" not in summary and summary.count(ERASED) == 2
    assert "Haddadine" not in api_as(officer).get(f"/api/v1/cases/{other.pk}").content.decode()
    assert api_as(officer).get("/api/v1/cases?q=Haddadine").json()["items"] == []
    assert "Haddadine" not in json.dumps(drafting.build(period).content, ensure_ascii=False)
    before = public_html(period)
    assert NAMED in before and "Haddadine" not in before
    services.report_finalise(actor=senior, period=period)
    client = Client()
    for path in ("/public/cases/", "/public/data/cases.json", "/public/data/cases.csv",
                 f"/public/reports/{period.pk}/document.html"):
        assert "Haddadine" not in client.get(path).content.decode(), path


def test_a_name_typed_after_the_erasure_is_still_blanked_in_what_is_published(egypt, officer, reviewer, senior):
    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, incident="2015-08", consents=NOTHING)
    other = make_case(actor=officer, country=egypt, name=NAMED, summary=f"{NAMED} was detained.")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    _erase(omar_case.parties.get(name=ERASED_PERSON), officer, reviewer)
    # Typed again afterwards (the erasure cannot reach the future), in two spellings of case.
    case_services.case_update(actor=officer, case=Case.objects.get(pk=other.pk), expected_version=None,
                              summary=f"{NAMED} was detained with OMAR  haddadine; Haddadine is still held.")

    content = json.dumps(drafting.build(period).content, ensure_ascii=False)
    assert "addadine" not in content and WITHHELD in content
    assert NAMED in public_html(period) and "addadine" not in public_html(period)
    services.report_finalise(actor=senior, period=period)
    assert "addadine" not in Client().get("/public/cases/").content.decode()


def test_the_erased_names_are_kept_as_keyed_hashes_only(egypt, officer, reviewer):
    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, consents=NOTHING)
    assert not RegisterNames.load().erased
    _erase(omar_case.parties.get(name=ERASED_PERSON), officer, reviewer)
    rows = list(erased_names().values_list("key_id", "kind", "digest", "words"))
    assert {kind for _k, kind, _d, _w in rows} == {"phrase", "start", "token"}
    assert all(len(digest) == 64 and "addadine" not in digest.lower() for _k, _k2, digest, _w in rows)
    assert leftovers(ERASED_PERSON) == []  # the hashes included
    from reprisals.core.backup import backed_up_models

    assert "cases.erasedname" in {m._meta.label_lower for m in backed_up_models()}
    register = RegisterNames.load()
    assert register.scrub("Omar Haddadine and Haddadine, haddadine") == f"{WITHHELD} and {WITHHELD}, haddadine"
    assert register.names_anyone("Mr. Haddadine") and not register.names_anyone("nobody here")


def test_another_persons_case_and_a_word_shared_with_another_name_are_left_alone(egypt, officer, reviewer):
    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, consents=NOTHING)
    namesake = make_case(actor=officer, country=egypt, name=ERASED_PERSON,
                         summary=f"{ERASED_PERSON} was arrested at his home.")
    other_omar = make_case(actor=officer, country=egypt, name="Omar Khalid",
                           summary=f"Omar Khalid was questioned about {ERASED_PERSON}.")
    _erase(omar_case.parties.get(name=ERASED_PERSON), officer, reviewer)
    # The namesake's own case is about him: it keeps its texts (and its party's name).
    assert Case.objects.get(pk=namesake.pk).summary == f"{ERASED_PERSON} was arrested at his home."
    # "Omar" is still a name in the register: only the whole name and "Haddadine" go.
    assert Case.objects.get(pk=other_omar.pk).summary == f"Omar Khalid was questioned about {ERASED}."


def test_encrypted_texts_and_follow_up_of_other_cases_lose_the_name(egypt, officer, reviewer):
    from reprisals.cases.models import Allegation
    from reprisals.followup import services as followup

    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, consents=NOTHING)
    other = make_case(actor=officer, country=egypt, name=NAMED, risk_notes=f"{ERASED_PERSON} knows where she is.",
                      source_identity=ERASED_PERSON, source_contact="+20 100 000 0000")
    followup.development_record(actor=officer, case=other, kind="release", date="2016-05",
                                description=f"Released with {ERASED_PERSON}.")
    _erase(omar_case.parties.get(name=ERASED_PERSON), officer, reviewer)
    assert Case.objects.get(pk=other.pk).risk_notes == f"{ERASED} knows where she is."
    allegation = Allegation.objects.get(case=other)
    assert (allegation.source_identity, allegation.source_contact) == ("", "")  # he reported it himself
    assert leftovers(ERASED_PERSON) == []


def test_an_erasure_that_fails_half_way_leaves_everything_as_it_was(egypt, officer, reviewer):
    omar_case = make_case(actor=officer, country=egypt, name=ERASED_PERSON, consents=NOTHING)
    other = make_case(actor=officer, country=egypt, name=NAMED, summary=f"Detained with {ERASED_PERSON}.")
    party = omar_case.parties.get(name=ERASED_PERSON)
    request = erasure_request(actor=officer, party=party, reason="His request.")

    def broken(party, names):
        raise RuntimeError("a hook failed")

    ERASURE_HOOKS.append(broken)
    try:
        with pytest.raises(RuntimeError):
            erasure_confirm(actor=reviewer, request=request)
    finally:
        ERASURE_HOOKS.remove(broken)
    assert AffectedParty.objects.get(pk=party.pk).name == ERASED_PERSON
    assert Case.objects.get(pk=other.pk).summary == f"Detained with {ERASED_PERSON}."
    assert not erased_names().exists()
