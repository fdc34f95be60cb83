"""Paging through the review queues in the API while deciding: the cursor names a place in the order
(strongest first), so pairs decided meanwhile never make others skipped, and a forged cursor is a 422
naming the field, never a 500."""

from __future__ import annotations

import base64

import pytest
from test_linkage_allegations_services import NGO_TEXT, SR_TEXT, report

from reprisals.linkage import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_pairs(new_case, reviewer):
    for first, second in (("Ales Bialiatski", "Алесь Бяляцкі"), ("Cao Shunli", "曹顺利"),
                          ("Abdulhadi Alkhawaja", "Abdul-Hadi al-Khawaja")):
        new_case(name=first)
        new_case(name=second)
    services.linkage_run(actor=reviewer)


def _walk(api, path, decide=None):
    """Every item of a queue, one page of one item at a time, deciding each as it is seen."""
    seen, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = api.get(path, **params).json()
        for item in body["items"]:
            seen.append(item["id"])
            if decide:
                assert api.post(f"{path}/{item['id']}/{decide}", {}).status_code == 200
        cursor = body["next_cursor"]
        if cursor is None:
            return seen


def test_deciding_while_paging_skips_no_pair_of_reports(api_as, three_pairs, officer):
    api = api_as(officer)
    everything = _walk(api, "/api/v1/linkage/candidates")
    assert len(everything) == 3
    assert _walk(api, "/api/v1/linkage/candidates", decide="defer") == everything


def test_deciding_while_paging_skips_no_pair_of_allegations(api_as, officer, reviewer):
    for entity, text, date in (("SP", SR_TEXT, "2016-03-12"), ("ISHR", NGO_TEXT, "2016-03-14"),
                               ("SP", NGO_TEXT, "2016-03-13")):
        report(officer, entity=entity, text=text, date=date)
    services.allegation_duplicates_run(actor=reviewer)
    api = api_as(officer)
    everything = _walk(api, "/api/v1/linkage/allegation-candidates")
    assert len(everything) == 3
    assert _walk(api, "/api/v1/linkage/allegation-candidates", decide="defer") == everything


@pytest.mark.parametrize("raw", [str(10**28), "0.5:" + str(10**28), "2.0:1", "nan:1", "0.5", "x:y"])
def test_a_forged_cursor_is_refused_naming_the_field(api_as, three_pairs, officer, raw):
    cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    for path in ("/api/v1/linkage/candidates", "/api/v1/linkage/allegation-candidates"):
        response = api_as(officer).get(path, cursor=cursor)
        assert response.status_code == 422, response.content
        assert "cursor" in response.json()["error"]["fields"]
