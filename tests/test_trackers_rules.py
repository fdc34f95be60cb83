"""The trackers' pure rules, without a database: San José adoption on a date, the session rules of the
Committee on NGOs, evidence file checks, the CSV template and the sealing of files."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reprisals.core.crypto import DecryptionError
from reprisals.trackers import files, ngo_csv, rules, sealing
from reprisals.trackers.demo import tiny_png
from reprisals.trackers.rules import AdoptionFact, RuleBroken, SessionFact

D = dt.date


# ---------------------------------------------------------------- San José: adoption_on


def seed_history() -> list[AdoptionFact]:
    eight = ["CCPR", "CERD", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED"]
    facts = [AdoptionFact(code, "adopted", D(2016, 6, 30), True, order=i) for i, code in enumerate(eight)]
    facts += [AdoptionFact("CESCR", "not_adopted", D(2016, 6, 30), order=20),
              AdoptionFact("CEDAW", "not_adopted", D(2016, 6, 30), order=21),
              AdoptionFact("CESCR", "adopted", D(2017, 12, 31), True, order=30),
              AdoptionFact("CEDAW", "adopted", D(2017, 12, 31), True, order=31)]
    return facts


def test_by_june_2016_eight_of_ten_had_adopted_and_cescr_and_cedaw_had_not():
    state = rules.adoption_on(seed_history(), D(2016, 6, 30))
    assert state.adopted_count == 8
    assert set(rules.TREATY_BODIES) - set(state.adopted) == {"CESCR", "CEDAW"}
    assert state.by_body["CESCR"].status == "not_adopted"


def test_before_any_decision_every_body_has_no_decision():
    state = rules.adoption_on(seed_history(), D(2015, 1, 1))
    assert state.adopted_count == 0 and all(fact is None for fact in state.by_body.values())


def test_a_later_decision_replaces_an_earlier_one():
    state = rules.adoption_on(seed_history(), D(2018, 1, 1))
    assert state.adopted_count == 10 and state.by_body["CEDAW"].status == "adopted"


def test_the_state_on_the_day_of_a_decision_includes_it():
    facts = [AdoptionFact("CAT", "adopted", D(2015, 11, 20))]
    assert rules.adoption_on(facts, D(2015, 11, 19)).adopted == ()
    assert rules.adoption_on(facts, D(2015, 11, 20)).adopted == ("CAT",)


def test_two_decisions_on_one_day_the_one_recorded_later_wins():
    facts = [AdoptionFact("CRC", "adopted", D(2016, 1, 1), order=2),
             AdoptionFact("CRC", "under_consideration", D(2016, 1, 1), order=1)]
    assert rules.adoption_on(facts, D(2016, 1, 1)).by_body["CRC"].status == "adopted"


def test_decisions_of_bodies_not_asked_about_are_ignored():
    facts = [AdoptionFact("HRC", "adopted", D(2016, 1, 1)), AdoptionFact("CAT", "adopted", D(2016, 1, 1))]
    state = rules.adoption_on(facts, D(2017, 1, 1))
    assert state.adopted == ("CAT",) and "HRC" not in state.by_body


def test_uncertain_dates_are_reported_with_the_state():
    state = rules.adoption_on(seed_history(), D(2016, 7, 1))
    assert "CCPR" in state.uncertain and "CESCR" not in state.uncertain


def test_history_counts_adopted_bodies_after_each_decision():
    history = rules.adoption_history(seed_history())
    assert [n for _f, n in history][-1] == 10
    assert history[7][1] == 8  # the eighth adoption


facts_strategy = st.lists(st.builds(
    AdoptionFact, treaty_body=st.sampled_from(rules.TREATY_BODIES),
    status=st.sampled_from(["adopted", "not_adopted", "under_consideration"]),
    decided_on=st.dates(D(2015, 1, 1), D(2025, 12, 31)), order=st.integers(0, 1000)), max_size=40,
    unique_by=lambda f: f.order)  # ``order`` is the record's id: unique


@given(facts_strategy, st.dates(D(2014, 1, 1), D(2026, 12, 31)))
def test_the_state_on_a_date_is_the_latest_decision_of_each_body_on_or_before_it(facts, on):
    state = rules.adoption_on(facts, on)
    for code in rules.TREATY_BODIES:
        earlier = [f for f in facts if f.treaty_body == code and f.decided_on <= on]
        expected = max(earlier, key=lambda f: (f.decided_on, f.order)) if earlier else None
        assert state.by_body[code] == expected
    assert state.adopted_count == sum(1 for f in state.by_body.values() if f and f.status == "adopted")


@given(facts_strategy, st.dates(D(2014, 1, 1), D(2026, 12, 31)))
def test_the_state_does_not_depend_on_the_order_records_are_given_in(facts, on):
    assert rules.adoption_on(facts, on) == rules.adoption_on(list(reversed(facts)), on)


# ---------------------------------------------------------------- Committee on NGOs: session rules

APPLIED = D(2019, 5, 30)
S1 = SessionFact("2020 regular session", D(2020, 1, 21), "deferred")
S2 = SessionFact("2020 resumed session", D(2020, 5, 18), "deferred")


def test_a_session_after_the_last_one_is_accepted():
    rules.check_next_session(APPLIED, [S1], S2)


def test_a_session_out_of_order_is_refused_naming_the_session_date():
    with pytest.raises(RuleBroken) as err:
        rules.check_next_session(APPLIED, [S2], S1)
    assert err.value.field == "session_date" and "chronological order" in err.value.message


def test_a_session_on_the_same_day_as_the_last_is_refused():
    with pytest.raises(RuleBroken) as err:
        rules.check_next_session(APPLIED, [S1], SessionFact("other", S1.session_date, "deferred"))
    assert err.value.field == "session_date"


@pytest.mark.parametrize("final", ["recommended", "rejected", "closed_without_prejudice"])
def test_a_deferral_after_a_final_outcome_is_refused(final):
    done = SessionFact("2020 regular session", D(2020, 1, 21), final)
    with pytest.raises(RuleBroken) as err:
        rules.check_next_session(APPLIED, [done], S2)
    assert err.value.field == "outcome" and "final outcome" in err.value.message


def test_the_same_session_twice_is_refused():
    with pytest.raises(RuleBroken) as err:
        rules.check_next_session(APPLIED, [S1], SessionFact("2020 Regular Session", D(2020, 2, 1), "deferred"))
    assert err.value.field == "session"


def test_a_session_before_the_application_is_refused():
    with pytest.raises(RuleBroken) as err:
        rules.check_next_session(D(2021, 1, 1), [], S1)
    assert err.value.field == "session_date"


def test_an_unknown_outcome_is_refused():
    with pytest.raises(RuleBroken) as err:
        rules.check_next_session(APPLIED, [], SessionFact("x", D(2020, 1, 1), "postponed"))
    assert err.value.field == "outcome"


def test_check_history_reports_every_refused_session_by_index():
    history = [S1, SessionFact("r", D(2020, 9, 1), "recommended"), SessionFact("late", D(2021, 1, 1), "deferred"), S2]
    problems = rules.check_history(APPLIED, history)
    assert [i for i, _p in problems] == [2, 3]


def test_deferral_count_streak_waiting_and_status():
    deferred = [S1, S2, SessionFact("2021 regular session", D(2021, 1, 25), "deferred")]
    today = D(2022, 5, 30)
    assert rules.deferral_count(deferred) == 3 and rules.deferral_streak(deferred) == 3
    assert rules.is_pending(deferred) and rules.waiting_days(APPLIED, deferred, today) == (today - APPLIED).days
    done = [*deferred, SessionFact("2021 resumed session", D(2021, 5, 17), "recommended")]
    assert rules.deferral_streak(done) == 0 and not rules.is_pending(done)
    assert rules.waiting_days(APPLIED, done, today) == (D(2021, 5, 17) - APPLIED).days
    assert rules.current_outcome(done) == "recommended" and rules.current_outcome([]) is None


outcome_lists = st.lists(st.sampled_from(rules.OUTCOMES), max_size=12)


@given(outcome_lists)
def test_an_accepted_history_never_has_anything_after_a_final_outcome(outcomes):
    facts = [SessionFact(f"s{i}", D(2020, 1, 1) + dt.timedelta(days=100 * i), o) for i, o in enumerate(outcomes)]
    refused = {i for i, _p in rules.check_history(D(2019, 1, 1), facts)}
    accepted = [f for i, f in enumerate(facts) if i not in refused]
    assert all(f.outcome not in rules.FINAL_OUTCOMES for f in accepted[:-1])
    assert rules.deferral_count(accepted) <= len(accepted)


# ---------------------------------------------------------------- evidence files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("shot.png", tiny_png(3), "png"), ("photo.JPG", JPEG, "jpeg"), ("photo.jpeg", JPEG, "jpeg"),
    ("page.pdf", PDF, "pdf"), ("post.txt", "Traitor! «Предатель» 叛徒\n".encode(), "text"),
])
def test_allowed_files_are_recognised_by_their_content(name, data, kind):
    checked = files.check_file(name, data)
    assert checked.kind == kind and checked.size == len(data)


@pytest.mark.parametrize(("name", "data", "words"), [
    ("virus.exe", b"MZ\x90\x00", "not accepted"),
    ("page.html", b"<html><script>alert(1)</script>", "not accepted"),
    ("noext", b"hello", "not accepted"),
    ("fake.png", b"PK\x03\x04zipfile", "not one of the accepted types"),
    ("fake.pdf", tiny_png(1), "content is PNG"),
    ("binary.txt", b"abc\x00def", "not one of the accepted types"),
    ("empty.png", b"", "empty"),
])
def test_forbidden_or_disguised_files_are_refused_with_a_reason(name, data, words):
    with pytest.raises(files.FileRefused) as err:
        files.check_file(name, data)
    assert words in err.value.message


def test_a_file_over_the_size_limit_is_refused_naming_the_limit():
    with pytest.raises(files.FileRefused) as err:
        files.check_file("big.txt", b"a" * (files.MAX_BYTES + 1))
    assert "10.0 MB" in err.value.message


@pytest.mark.parametrize(("original", "safe"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\Windows\\win.ini.txt", "win.ini.txt"),
    ("C:\\Users\\x\\shot.png", "shot.png"),
    ("a\x00b\r\n.png", "ab.png"),
    ("...png", "evidence.png"),
    ("my screenshot (1).png", "my screenshot _1.png"),
    ("Скриншот.png", "Скриншот.png"),
])
def test_file_names_are_made_safe(original, safe):
    assert files.safe_name(original, "png" if safe.endswith(".png") else "text") == safe


@given(st.text(max_size=300))
def test_a_safe_name_never_contains_a_path_or_control_character(name):
    safe = files.safe_name(name, "pdf")
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".") and safe.endswith(".pdf")
    assert all(ord(ch) >= 32 for ch in safe) and len(safe) <= files.MAX_NAME


# ---------------------------------------------------------------- sealing


def test_a_sealed_file_opens_only_with_its_own_digest_and_untampered():
    data = tiny_png(9)
    digest = sealing.sha256_hex(data)
    blob = sealing.seal(data, digest)
    assert data not in blob and sealing.unseal(blob, digest) == data
    with pytest.raises(DecryptionError):
        sealing.unseal(blob, sealing.sha256_hex(b"other"))
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(DecryptionError):
        sealing.unseal(tampered, digest)


# ---------------------------------------------------------------- the CSV template

KNOWN = {"PAK", "CHN", "CUB", "IND"}
TODAY = D(2024, 6, 1)


def norm(name: str) -> str:
    return " ".join(name.casefold().split())


def test_the_documented_template_parses():
    from reprisals.trackers.ngo_views import TEMPLATE_CSV

    parsed = ngo_csv.parse(TEMPLATE_CSV, KNOWN, TODAY)
    assert parsed.errors == [] and len(parsed.rows) == 2
    row = parsed.rows[0]
    assert row.questioning_states == ("CHN", "CUB") and row.areas == ("water", "land rights")


def test_every_bad_value_is_reported_by_line_and_column():
    text = ("ngo_name,ngo_country,date_applied,session,session_date,outcome,questioning_states\n"
            "A,QZZ,2019-01-01,2020 regular session,2020-01-20,deferred,\n"
            "B,PAK,2019-02-30,2020 regular session,2020-01-20,deferred,\n"
            "C,PAK,2019-01-01,2020 regular session,2020-01-20,postponed,CHN|ZZZ\n"
            ",PAK,2019-01-01,2020 regular session,2099-01-20,deferred,\n")
    parsed = ngo_csv.parse(text, KNOWN, TODAY)
    found = {(e.line, e.field) for e in parsed.errors}
    assert found == {(2, "ngo_country"), (3, "date_applied"), (4, "outcome"), (4, "questioning_states"),
                     (5, "ngo_name"), (5, "session_date")}
    assert parsed.rows == []


def test_a_missing_column_is_reported_on_the_header_line():
    parsed = ngo_csv.parse("ngo_name,ngo_country\nA,PAK\n", KNOWN, TODAY)
    assert parsed.errors[0].line == 1 and parsed.errors[0].field == "header" and "date_applied" in \
        parsed.errors[0].message


@pytest.mark.parametrize("text", ["", "\n\n", "   \r\n"])
def test_an_empty_file_is_called_empty_not_short_of_columns(text):
    parsed = ngo_csv.parse(text, KNOWN, TODAY)
    assert [(e.line, e.field) for e in parsed.errors] == [(1, "header")]
    assert parsed.errors[0].message.startswith("the file is empty") and parsed.rows == []


def test_check_rows_applies_the_session_rules_per_application_in_date_order():
    text = ("ngo_name,ngo_country,date_applied,session,session_date,outcome\n"
            "Water  Centre,PAK,2019-01-01,2020 resumed session,2020-05-18,recommended\n"
            "water centre,PAK,2019-01-01,2020 regular session,2020-01-20,deferred\n"
            "Water Centre,PAK,2019-01-01,2021 regular session,2021-01-20,deferred\n")
    parsed = ngo_csv.parse(text, KNOWN, TODAY)
    plan = ngo_csv.check_rows(parsed.rows, {}, norm)
    assert len(plan.new_applications) == 1
    assert [(e.line, e.field) for e in plan.errors] == [(4, "outcome")]


def test_check_rows_refuses_a_session_before_one_already_recorded():
    text = ("ngo_name,ngo_country,date_applied,session,session_date,outcome\n"
            "A,PAK,2019-01-01,2020 regular session,2020-01-20,deferred\n")
    parsed = ngo_csv.parse(text, KNOWN, TODAY)
    existing = {(norm("A"), "PAK", D(2019, 1, 1)): [SessionFact("2021 regular session", D(2021, 1, 20), "deferred")]}
    plan = ngo_csv.check_rows(parsed.rows, existing, norm)
    assert [(e.line, e.field) for e in plan.errors] == [(2, "session_date")] and not plan.new_applications


def test_check_rows_skips_rows_already_recorded_with_the_same_outcome():
    text = ("ngo_name,ngo_country,date_applied,session,session_date,outcome\n"
            "A,PAK,2019-01-01,2020 regular session,2020-01-20,deferred\n")
    parsed = ngo_csv.parse(text, KNOWN, TODAY)
    existing = {(norm("A"), "PAK", D(2019, 1, 1)): [SessionFact("2020 regular session", D(2020, 1, 20), "deferred")]}
    plan = ngo_csv.check_rows(parsed.rows, existing, norm)
    assert plan.errors == [] and len(plan.unchanged) == 1 and plan.new_outcomes == []


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(ValueError, match="UTF-8"):
        ngo_csv.decode("ngo_name\nCafé".encode("latin-1"))
