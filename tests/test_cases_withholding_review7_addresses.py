"""A withheld name is blanked from addresses and account handles however they write it.

Online evidence (``trackers.selectors.shown_evidence``) shows a focal point of another entity the address, the
account handle and the file name of a post with the withheld names blanked, as every other text. An address or
a handle writes a name glued ("@JoseNunez", "nunez_jose") or percent-escaped ("Jos%C3%A9%20N%C3%BA%C3%B1ez"):
the glued forms of two words of an individual's name are withheld too, and a text with percent-escapes is read
decoded as well; when that names the party it is shown decoded, with the name blanked.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote_plus

import pytest

from reprisals.cases import selectors
from reprisals.cases.models import AffectedParty
from reprisals.core.text import printable
from reprisals.trackers import services

NAME = "José Antonio Núñez"


def _names(name: str = NAME) -> selectors.WithheldNames:
    return selectors.withheld_names([AffectedParty(pk=1, name=name, kind="individual")])


@pytest.mark.parametrize("value", [
    "@JoseNunez", "@josenunez", "@jose_nunez", "@NunezJose", "@nunez_jose", "@AntonioNunez",
    "@jose_antonio_nunez", "https://twitter.com/JoseNunez", "https://twitter.com/JoseNunez/status/1",
    "https://news.example/Jos%C3%A9%20N%C3%BA%C3%B1ez-detenido",
    "https://news.example/jos%C3%A9-n%C3%BA%C3%B1ez",
    "https://news.example/?q=Jose+Nunez",
    "https://news.example/?q=Jos%25C3%25A9%2520Nunez",              # escaped twice
    "https://news.example/N%C3%9A%C3%91EZ",
])
def test_a_withheld_name_in_a_handle_or_an_address_is_blanked(value):
    shown = selectors.blank_names(value, _names())
    assert "nunez" not in selectors.fold_name(unquote_plus(shown))  # not even as the reader's browser shows it
    assert "[…]" in shown


def test_an_address_decoded_to_show_it_holds_no_character_that_cannot_be_printed():
    shown = selectors.blank_names("https://news.example/Jos%C3%A9%00Nu%C3%B1ez%0B%7F%EF%BF%BE/x", _names())
    assert "nunez" not in selectors.fold_name(unquote_plus(shown))
    assert printable(shown) == shown


@pytest.mark.parametrize("value", [
    "https://news.example/Mar%C3%ADa%20Ram%C3%ADrez",               # another person: kept exactly as written
    "https://news.example/status/123?ref=a%20b",
    "@JoseRamirez", "@antonio_banderas", "100% sure, 50%2 off",
])
def test_an_address_or_a_handle_that_does_not_name_the_party_is_kept_as_written(value):
    assert selectors.blank_names(value, _names()) == value


def test_the_glued_forms_are_of_an_individuals_name_only():
    organisation = AffectedParty(pk=2, name="Bahrain Centre", kind="organisation")
    names = selectors.withheld_names([organisation])
    assert selectors.blank_names("@CentreBahrain", names) == "@CentreBahrain"
    assert selectors.blank_names("@BahrainCentre", names) == "@[…]"


@pytest.fixture
def shared(officer, new_case, also_reported_by_cat):
    """A case reported by ISHR naming NAME (no consent to share), to which CAT's allegation is attached."""
    case = new_case(name=NAME, title="Detention of a defender")
    return also_reported_by_cat(case)


@pytest.mark.django_db
def test_online_evidence_does_not_show_the_name_in_its_address_or_handle(shared, officer, cat_focal, api_as):
    incident = shared.incidents.get()
    url = "https://news.example/Jos%C3%A9%20N%C3%BA%C3%B1ez-detenido"
    evidence = services.evidence_add(actor=officer, incident=incident, platform="x_twitter",
                                     seen_at=dt.datetime(2016, 3, 12, 9, 30, tzinfo=dt.UTC),
                                     url=url, account_handle="@JoseNunez", text="A post about the arrest")
    body = api_as(cat_focal).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()
    assert body["url"] == "https://news.example/[…] […]-detenido"   # "José" and "Núñez", each a word of NAME
    assert body["account_handle"] == "@[…]"
    assert body["text"] == "A post about the arrest"
    body = api_as(officer).get(f"/api/v1/trackers/evidence/{evidence.pk}").json()
    assert (body["url"], body["account_handle"]) == (url, "@JoseNunez")
