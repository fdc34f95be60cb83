"""The case list says how many cases match its filters: exactly up to a limit, "more than" beyond it, with
a count whose cost the limit bounds (the list itself is keyset-paginated over 100,000 cases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reprisals.cases import selectors, services
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def count_shown(response: Any) -> str:
    text = response.content.decode()
    start = text.index('id="case-count"')
    return text[text.index(">", start) + 1:text.index("</strong>", start)]


@pytest.fixture
def register(officer, bahrain):
    for n in range(52):
        allegation = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2020, 1, 1),
                                                narrative=f"Narrative {n}")
        services.case_open(actor=officer, title=f"Case number {n}", country=bahrain, allegation=allegation)
    allegation = services.allegation_record(actor=officer, country=bahrain, received_on=dt.date(2020, 1, 1),
                                            narrative="Another story")
    services.case_open(actor=officer, title="The odd one", country=bahrain, allegation=allegation)


def test_the_list_shows_how_many_cases_match_on_every_page(officer, register):
    client = client_for(officer)
    assert count_shown(client.get(reverse("case_list"))) == "53 cases."
    first = client.get(reverse("case_list"), {"q": "narrative"})
    assert count_shown(first) == "52 cases."
    older = first.content.decode().split("before=")[1].split('"')[0]
    assert count_shown(client.get(reverse("case_list"), {"q": "narrative", "before": older})) == "52 cases."
    assert count_shown(client.get(reverse("case_list"), {"q": "odd"})) == "1 case."
    assert count_shown(client.get(reverse("case_list"), {"q": "nobody"})) == "0 cases."


def test_the_count_is_of_what_the_reader_may_see(focal, new_case, register):
    new_case(actor=focal)
    assert count_shown(client_for(focal).get(reverse("case_list"))) == "1 case."


def test_beyond_the_limit_the_list_says_more_than(officer, register, monkeypatch):
    monkeypatch.setattr(selectors, "CASE_COUNT_LIMIT", 52)
    client = client_for(officer)
    assert count_shown(client.get(reverse("case_list"))) == "More than 52 cases."
    assert count_shown(client.get(reverse("case_list"), {"q": "narrative"})) == "52 cases."


def test_the_count_reads_no_more_rows_than_the_limit(officer, register):
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("case_list"))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "cases_case" in q["sql"]]
    assert len(counts) == 1
    assert f"LIMIT {selectors.CASE_COUNT_LIMIT + 1}" in counts[0] and "ORDER BY" not in counts[0].upper()


def test_loading_older_rows_through_htmx_counts_nothing(officer, register):
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("case_list"), {"q": "narrative"}, headers={"HX-Request": "true"})
    assert 'id="case-count"' not in response.content.decode()
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "cases_case" in q["sql"]]


@pytest.mark.parametrize(("language", "shown"),
                         [("fr", "53 dossiers."), ("ru", "53 дела."), ("zh-hans", "53 起案件。")])
def test_the_count_is_translated_with_the_language_s_plural(officer, register, language, shown):
    client = client_for(officer)
    client.cookies["django_language"] = language
    assert count_shown(client.get(reverse("case_list"))) == shown
