"""Who may see a protected value: a focal point sees the source details of what its own entity sent and
nothing else, through every reveal path (the case page, the API, exports); OHCHR staff see everything in
the cases they can see. Disclosures are audited, withheld values are not named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from reprisals.accounts.roles import Role
from reprisals.cases import services
from reprisals.core.models import AuditEntry
from reprisals.reference.models import Entity
from tests.conftest import make_user

SECRETS = ("Secret Source QA", "secret-source@example.org", "Hidden Realname QA", "hidden@example.org",
           "Lives in hiding QA")
OWN = ("Amnesty Source QA", "amnesty-source@example.org")


@pytest.fixture
def world(officer, bahrain, new_case):
    case = new_case()  # its allegation came from ISHR
    ishr = case.allegations.get()
    services.allegation_update(actor=officer, allegation=ishr, source_identity=SECRETS[0], source_contact=SECRETS[1])
    amnesty = Entity.objects.get(code="AMNESTY")
    own = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                     narrative="Also reported by Amnesty.", source_entity=amnesty,
                                     source_identity=OWN[0], source_contact=OWN[1])
    services.allegation_attach(actor=officer, allegation=own, case=case)
    party = services.party_add(actor=officer, case=case, is_anonymous=True, description="a journalist",
                               protected_name=SECRETS[2], contact=SECRETS[3])
    services.case_update(actor=officer, case=case, expected_version=None, risk_notes=SECRETS[4])
    focal = make_user("amnesty_focal", Role.FOCAL_POINT, entity=amnesty)
    return {"case": case, "ishr": ishr, "own": own, "party": party, "focal": focal}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_focal_point_reveals_through_the_api_only_its_own_entitys_sources(api_as, world):
    case, focal = world["case"], world["focal"]
    body = api_as(focal).get(f"/api/v1/cases/{case.pk}", reveal="true")
    assert body.status_code == 200
    text = body.content.decode()
    for secret in SECRETS:
        assert secret not in text, secret
    data = body.json()
    assert data["protected"] is None
    assert [p["protected"] for p in data["parties"]] == [None, None]
    by_id = {a["id"]: a["protected"] for a in data["allegations"]}
    assert by_id[world["ishr"].pk] is None
    assert by_id[world["own"].pk] == {"source_identity": OWN[0], "source_contact": OWN[1]}
    # The audit names what was disclosed and nothing withheld.
    entry = AuditEntry.objects.filter(action="protected.read", actor_id=focal.pk).latest("id")
    assert entry.payload["objects"] == [{"type": "cases.allegation", "id": world["own"].pk,
                                         "fields": ["source_contact", "source_identity"]}]


def test_a_focal_point_cannot_reveal_another_organisations_allegation_or_a_party_one_by_one(api_as, world):
    api = api_as(world["focal"])
    for path in (f"/api/v1/allegations/{world['ishr'].pk}", f"/api/v1/parties/{world['party'].pk}"):
        response = api.get(path, reveal="true")
        assert response.status_code == 403, path
        assert "Only OHCHR staff" in response.json()["error"]["message"]
        for secret in SECRETS:
            assert secret not in response.content.decode()
    own = api.get(f"/api/v1/allegations/{world['own'].pk}", reveal="true").json()
    assert own["protected"]["source_identity"] == OWN[0]


def test_a_focal_point_reveals_on_the_case_page_only_its_own_entitys_sources(world):
    client = _client(world["focal"])
    page = client.post(reverse("case_reveal", args=[world["case"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for secret in SECRETS:
        assert secret not in html, secret
    for own in OWN:
        assert own in html
    assert "Source withheld" in html and "only OHCHR staff" in html


def test_staff_still_reveal_everything_in_a_case_they_can_see(api_as, officer, world):
    text = api_as(officer).get(f"/api/v1/cases/{world['case'].pk}", reveal="true").content.decode()
    for secret in (*SECRETS, *OWN):
        assert secret in text, secret
    html = _client(officer).post(reverse("case_reveal", args=[world["case"].pk])).content.decode()
    for secret in (*SECRETS, *OWN):
        assert secret in html, secret


def test_exports_hold_no_protected_value_for_a_focal_point(world):
    from reprisals.intake.exports import export_run

    for fmt in ("json", "csv", "uwazi-csv"):
        out = io.StringIO()
        assert export_run(actor=world["focal"], fmt=fmt, out=out) == 1
        for secret in (*SECRETS, *OWN):
            assert secret not in out.getvalue(), (fmt, secret)
