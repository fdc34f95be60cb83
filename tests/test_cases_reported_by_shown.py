"""Which entity reported each affected party, on the case page, for OHCHR staff only.

Whether a party is withheld from a focal point (the rule of consent to share with other UN bodies) depends on
the entity that reported it (``AffectedParty.reported_by``). OHCHR staff, who see every source, read it on
the case page, with each party ("Reported by"; "Not recorded" for a party recorded before the register kept
it, or added by OHCHR itself), so that they can tell why a focal point does not see a name. Focal points do
not read it at all, not even for their own entity's parties: shown on those alone, its absence on the others
would tell them that another organisation reported a party they can read.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reprisals.cases import services
from reprisals.cases.models import AffectedParty, Case
from reprisals.reference.models import Entity
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NAME = "Nadia Withheldname"
ISHR = "International Service for Human Rights"
LABEL = "Reported by"


@pytest.fixture
def shared(officer, new_case, bahrain):
    """ISHR reported NAME; the Committee against Torture later sent an allegation on the same case."""
    case = new_case(name=NAME, title="Detention of a defender")
    other = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2016, 4, 1),
                                       narrative="The Committee also heard of it.",
                                       source_entity=Entity.objects.get(code="CAT"))
    services.allegation_attach(actor=officer, allegation=other, case=case)
    return Case.objects.get(pk=case.pk)


def _party_card(html: str, party: AffectedParty) -> str:
    """The article of the parties section that shows ``party``."""
    cards = [c for c in html.split("<article ")[1:] if f'data-party="{party.pk}"' in c.split(">", 1)[0]]
    assert len(cards) == 1, "one card per party"
    return cards[0].split("</article>")[0]


def _reporter(html: str, party: AffectedParty) -> str:
    card = _party_card(html, party)
    assert LABEL in card
    after = card.split(LABEL, 1)[1]
    return after.split("<dd", 1)[1].split(">", 1)[1].split("</dd>", 1)[0]


def test_ohchr_staff_read_which_entity_reported_each_party(shared, officer):
    party = shared.parties.get()
    html = client_for(officer).get(f"/cases/{shared.pk}/").content.decode()
    assert ISHR in _reporter(html, party)


def test_a_party_whose_reporter_is_not_known_reads_not_recorded(shared, officer):
    added = services.party_add(actor=officer, case=shared, name="Omar Unsourced")  # OHCHR's own: no reporter
    older = shared.parties.get(name=NAME)
    AffectedParty.objects.filter(pk=older.pk).update(reported_by=None)  # a row from before migration 0016
    html = client_for(officer).get(f"/cases/{shared.pk}/").content.decode()
    for party in (added, older):
        shown = _reporter(html, party)
        assert "Not recorded" in shown and ISHR not in shown


def test_each_party_reads_its_own_reporter(shared, officer, api_as, cat_focal):
    response = api_as(cat_focal).post(f"/api/v1/cases/{shared.pk}/parties", {"name": "Karim Catreported"})
    assert response.status_code == 201
    cat_party = AffectedParty.objects.get(pk=response.json()["id"])
    html = client_for(officer).get(f"/cases/{shared.pk}/").content.decode()
    assert "Committee against Torture" in _reporter(html, cat_party)
    assert ISHR in _reporter(html, shared.parties.get(name=NAME))


@pytest.mark.parametrize("reader", ["cat_focal", "focal"])
def test_focal_points_do_not_read_who_reported_a_party_not_even_their_own(shared, reader, request):
    """The CAT focal point, from whom NAME is withheld, and the ISHR focal point, who reported it."""
    response = client_for(request.getfixturevalue(reader)).get(f"/cases/{shared.pk}/")
    assert response.status_code == 200
    assert LABEL not in response.content.decode()


def test_the_reporter_costs_no_query_per_party(shared, officer, api_as, cat_focal):
    client = client_for(officer)
    client.get(f"/cases/{shared.pk}/")  # warm the caches of the first request

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(f"/cases/{shared.pk}/").status_code == 200
        return len(seen)

    before = queries()
    api = api_as(cat_focal)
    for name in ("Karim Catreported", "Layla Catreported", "Samir Catreported"):
        assert api.post(f"/api/v1/cases/{shared.pk}/parties", {"name": name}).status_code == 201
    services.party_add(actor=officer, case=shared, name="Omar Unsourced")
    assert queries() == before
