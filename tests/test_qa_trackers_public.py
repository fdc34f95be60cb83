"""The public San José Guidelines page and its JSON speak of what happened: a date still to come is
refused (400, the page back with the reason) rather than answered with a claim such as "On 2031-01-01,
8 treaty bodies had adopted the Guidelines"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_date_in_the_future_is_refused_on_the_public_page_and_in_the_json(reference):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    client = Client()
    page = client.get(reverse("trackers:sanjose_public"), {"on": tomorrow})
    text = page.content.decode()
    assert page.status_code == 400 and "the date is in the future" in text
    assert f"On {tomorrow}," not in text
    data = client.get(reverse("trackers:sanjose_public_json"), {"on": tomorrow})
    assert data.status_code == 400 and data.json()["error"]["fields"] == {"on": ["the date is in the future"]}


def test_today_and_past_dates_are_still_answered(reference):
    client = Client()
    for on in (dt.date.today().isoformat(), "2016-06-30", "2010-01-01"):
        assert client.get(reverse("trackers:sanjose_public"), {"on": on}).status_code == 200
        assert client.get(reverse("trackers:sanjose_public_json"), {"on": on}).json()["on"] == on


def test_the_refusal_is_in_the_readers_language(reference):
    client = Client()
    client.cookies["django_language"] = "es"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    page = client.get(reverse("trackers:sanjose_public"), {"on": tomorrow})
    assert page.status_code == 400 and "the date is in the future" not in page.content.decode()
