"""The case list's fast path (SQL compiled once per shape of request) returns exactly what the ORM
selector returns, for every kind of reader and filter; and the shared mechanism refuses to reuse SQL
whenever a value does not travel as a plain parameter."""

from __future__ import annotations

import itertools

import pytest
from django.db.models import Value
from django.db.models.functions import Concat

from reprisals.cases import selectors, services
from reprisals.cases.demo import demo_load
from reprisals.cases.models import Allegation, Case, Engagement
from reprisals.cases.serializers import SUMMARY_COLUMNS
from reprisals.core.prepared import PreparedQueries, StandIns, prepare
from reprisals.reference.models import Country, Term
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(officer, officer2, reviewer, focal):
    demo_load(actor=None, cases=120, seed=5, officers=[officer, officer2])
    # Two restricted cases: one whose compartment includes the officer, one that leaves them out.
    first, second = Case.objects.order_by("-id")[:2]
    services.case_restrict(actor=reviewer, case=first, restricted=True, members=[officer])
    services.case_restrict(actor=reviewer, case=second, restricted=True, members=[officer2])
    # The focal point's entity raised some of the cases.
    for allegation in Allegation.objects.filter(case__isnull=False).order_by("id")[::7]:
        allegation.source_entity = focal.entity
        allegation.save(update_fields=["source_entity"])
    selectors._LIST_PAGES.clear()
    return Case.objects.count()


def _ordinary(user, filters, after=None, limit=51):
    qs = selectors.case_list(user, filters)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    return list(qs.values_list(*SUMMARY_COLUMNS)[:limit])


def _filter_sets():
    busiest = Case.objects.values_list("country_id", flat=True).order_by("country_id").first()
    lawyer = Term.objects.get(vocabulary="party_role", code="lawyer").pk
    travel_ban = Term.objects.get(vocabulary="reprisal_form", code="travel_ban").pk
    body = Engagement.objects.values_list("un_body_id", flat=True).first()
    name = Case.objects.exclude(search_text="").values_list("search_text", flat=True).first().split()[0]
    return [
        selectors.CaseFilters(),
        selectors.CaseFilters(country=busiest),
        selectors.CaseFilters(country=busiest, status="received"),
        selectors.CaseFilters(regional_group="ASIA_PACIFIC", form=travel_ban, year=2018),
        selectors.CaseFilters(un_body=body, role=lawyer, open_only=True),
        selectors.CaseFilters(unassigned=True, risk_level="high"),
        selectors.CaseFilters(text=name),
        selectors.CaseFilters(text=name, open_only=True, country=busiest),
        selectors.CaseFilters(text="!!! ???"),  # no word: the same as no text
        selectors.CaseFilters(text="zzzznotaname"),
    ]


def test_every_reader_and_filter_gets_the_orm_selectors_rows(register, officer, officer2, reviewer, focal, auditor):
    readers = [officer, officer2, reviewer, focal, auditor]
    for reader, filters in itertools.product(readers, _filter_sets()):
        for user in (reader, officer):  # alternate so that every shape is met cold and warm
            expected = _ordinary(user, filters)
            assert selectors.case_list_page(user, filters, SUMMARY_COLUMNS, limit=51) == expected, (user, filters)


def test_the_same_shape_with_other_values_gets_their_rows(register, officer):
    """One shape, several values of each filter in turn: no value may stick in the reused SQL."""
    countries = list(Case.objects.values_list("country_id", flat=True).distinct().order_by("country_id")[:3])
    forms = list(Term.objects.filter(vocabulary="reprisal_form").values_list("id", flat=True)[:3])
    roles = list(Term.objects.filter(vocabulary="party_role").values_list("id", flat=True)[:3])
    bodies = list(Engagement.objects.values_list("un_body_id", flat=True).distinct().order_by("un_body_id")[:3])
    words = list(dict.fromkeys(t.split()[0] for t in Case.objects.exclude(search_text="").order_by("id")
                               .values_list("search_text", flat=True)))[:3]
    values = {
        "country": countries, "regional_group": ["ASIA_PACIFIC", "AFRICAN", "EASTERN_EUROPEAN"], "un_body": bodies,
        "form": forms, "role": roles, "status": ["received", "follow_up", "verified"], "year": [2016, 2018, 2021],
        "assigned_to": [officer.pk, officer.pk + 1], "risk_level": ["urgent", "high", "ordinary"], "text": words,
    }
    for name, options in values.items():
        answers = []
        for value in options:
            filters = selectors.CaseFilters(**{name: value})
            rows = selectors.case_list_page(officer, filters, SUMMARY_COLUMNS, limit=200)
            assert rows == _ordinary(officer, filters, limit=200), (name, value)
            answers.append(rows)
        assert any(a != answers[0] for a in answers[1:]), f"{name}: pick values that select different cases"


def test_the_assignee_filter_takes_each_readers_own_id(register, officer, officer2):
    mine = selectors.CaseFilters(assigned_to=officer.pk)
    theirs = selectors.CaseFilters(assigned_to=officer2.pk)
    first = selectors.case_list_page(officer, mine, SUMMARY_COLUMNS, limit=200)
    second = selectors.case_list_page(officer2, theirs, SUMMARY_COLUMNS, limit=200)
    assert first and second
    assert {row[8] for row in first} == {"officer"}
    assert {row[8] for row in second} == {"officer2"}


def test_pages_follow_the_cursor_like_the_orm(register, officer):
    filters = selectors.CaseFilters(open_only=True)
    after = None
    seen: list[int] = []
    while True:
        page = selectors.case_list_page(officer, filters, SUMMARY_COLUMNS, after=after, limit=26)
        assert page == _ordinary(officer, filters, after=after, limit=26)
        seen.extend(row[0] for row in page[:25])
        if len(page) <= 25:
            break
        after = page[24][0]
    assert seen == list(selectors.case_list(officer, filters).values_list("id", flat=True))


def test_restricted_cases_stay_behind_their_compartment(register, officer, officer2):
    restricted = set(Case.objects.filter(is_restricted=True).values_list("id", flat=True))
    mine = set(Case.objects.filter(is_restricted=True, compartment=officer).values_list("id", flat=True))
    seen = {row[0] for row in selectors.case_list_page(officer, selectors.CaseFilters(), SUMMARY_COLUMNS, limit=200)}
    assert mine <= seen
    assert not (restricted - mine) & seen
    # The same shape for the other officer: the compartment follows the reader, not the cache.
    seen2 = {row[0] for row in selectors.case_list_page(officer2, selectors.CaseFilters(), SUMMARY_COLUMNS,
                                                        limit=200)}
    assert (restricted - mine) <= seen2 and not mine & seen2


def test_a_focal_point_sees_only_what_their_entity_raised(register, focal, other_focal):
    raised = set(Allegation.objects.filter(source_entity=focal.entity, case__isnull=False)
                 .values_list("case_id", flat=True))
    rows = selectors.case_list_page(focal, selectors.CaseFilters(), SUMMARY_COLUMNS, limit=200)
    assert {row[0] for row in rows} <= raised and rows
    assert selectors.case_list_page(other_focal, selectors.CaseFilters(), SUMMARY_COLUMNS, limit=200) == \
        _ordinary(other_focal, selectors.CaseFilters(), limit=200)


def test_a_reader_without_access_gets_nothing(register):
    nobody = make_user("nobody", "state", country=Country.objects.get(iso3="BHR"))
    assert selectors.case_list_page(nobody, selectors.CaseFilters(), SUMMARY_COLUMNS, limit=50) == []


# ---------------------------------------------------------------- the shared mechanism


def test_plain_parameters_become_slots_and_rows_are_converted_as_the_orm_does(register):
    country = Case.objects.values_list("country_id", flat=True).first()

    def build(stand: StandIns):
        return Case.objects.filter(country_id=stand.int("country")).order_by("-id").values_list("id", "updated_at")

    prepared = prepare(build)
    assert prepared is not None and [name for _index, name in prepared.slots] == ["country"]
    rows = prepared.rows({"country": country})
    assert rows == list(Case.objects.filter(country_id=country).order_by("-id").values_list("id", "updated_at"))
    assert rows[0][1].tzinfo is not None  # a datetime, aware, also on SQLite where the column is text


def test_a_value_the_orm_transforms_is_never_reused(register):
    def contains(stand: StandIns):  # the ORM wraps the value in % signs: not the stand-in any more
        return Case.objects.filter(title__contains=stand.text("t")).values_list("id")

    assert prepare(contains) is None


def test_a_value_written_into_the_sql_text_is_never_reused(register):
    def inlined(stand: StandIns):
        return Case.objects.extra(where=[f"year <> {stand.int('year')}"]).values_list("id")  # noqa: S610

    assert prepare(inlined) is None


def test_a_value_inside_an_expression_still_travels_as_a_parameter(register):
    def annotated(stand: StandIns):
        return Case.objects.annotate(label=Concat("reference", Value(stand.text("suffix")))).values_list("label")

    prepared = prepare(annotated)
    if prepared is None:  # a backend may inline it: then the guard must have refused, which is also right
        return
    assert prepared.rows({"suffix": "!"})[0][0].endswith("!")


def test_the_cache_falls_back_to_the_orm_for_a_shape_it_cannot_keep(register):
    cache = PreparedQueries(size=2)
    word = Case.objects.values_list("title", flat=True).first()[:4]
    calls = []

    def ordinary():
        calls.append(1)
        return Case.objects.filter(title__contains=word).values_list("id")

    def build(stand: StandIns):
        return Case.objects.filter(title__contains=stand.text("t")).values_list("id")

    for _ in range(2):
        assert cache.rows("contains", build, {"t": word}, ordinary) == list(ordinary())
    assert len(calls) == 4  # twice by the cache, twice here: never from stale SQL


def test_the_cache_keeps_only_its_most_recent_shapes(register):
    cache = PreparedQueries(size=2)

    def build(stand: StandIns):
        return Case.objects.filter(year=stand.int("y")).values_list("id")

    for shape in ("a", "b", "c"):
        cache.rows(shape, build, {"y": 2018}, lambda: Case.objects.none())
    assert list(cache._cache) == ["b", "c"]
