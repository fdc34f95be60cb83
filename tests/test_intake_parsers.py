"""The file readers and row checks of intake: pure functions, no database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reprisals.intake import formats, parsers, uwazi
from reprisals.intake.parsers import FileProblem
from reprisals.intake.rows import SubmissionData, Vocab, check, normalise_date, parse_bool
from reprisals.intake.spreadsheet import escape_cell
from reprisals.reference.loaders import DATA_DIR

TODAY = dt.date(2025, 6, 1)


def reference_vocab() -> Vocab:
    """The codes of the reference CSV files, read without a database."""
    def rows(name: str) -> list[dict[str, str]]:
        with (DATA_DIR / name).open(encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    terms: dict[str, set[str]] = {}
    for row in rows("vocabularies.csv"):
        terms.setdefault(row["vocabulary"], set()).add(row["code"])
    countries = rows("countries.csv")
    return Vocab(countries=frozenset(r["iso3"] for r in countries),
                 un_bodies=frozenset(r["code"] for r in rows("un_bodies.csv")),
                 entities=frozenset(r["code"] for r in rows("entities.csv")),
                 terms={k: frozenset(v) for k, v in terms.items()},
                 country_names={r["name"].casefold(): r["iso3"] for r in countries})


VOCAB = reference_vocab()
HEADER = "sender_reference,country,what_happened,forms,person_name"


def native(text: str | bytes, fmt: str = "csv", **kwargs) -> list[formats.Record]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    _table, records = formats.records(io.BytesIO(raw), fmt, **kwargs)
    return list(formats.validated(records, VOCAB, today=TODAY, source="ISHR"))


def messages(records: list[formats.Record]) -> list[str]:
    return [line for r in records for line in formats.error_lines(r)]


# ---------------------------------------------------------------- CSV


def test_a_valid_csv_gives_one_record_per_row():
    records = native(f"{HEADER}\nA1,BHR,Detained,detention|travel_ban,Ana Example\nA2,EGY,Threatened,threats,Bo\n")
    assert [r.ok for r in records] == [True, True]
    assert records[0].data.forms == ["detention", "travel_ban"]
    assert records[0].data.persons[0].name == "Ana Example"
    assert records[0].data.source_entity == "ISHR"


def test_a_byte_order_mark_is_ignored():
    records = native(b"\xef\xbb\xbf" + f"{HEADER}\nA1,BHR,Detained,,Ana\n".encode())
    assert records[0].ok and records[0].data.sender_reference == "A1"


def test_semicolons_are_found_from_the_header():
    records = native("sender_reference;country;what_happened\nA1;BHR;Detained, then released\n")
    assert records[0].ok and records[0].data.what_happened == "Detained, then released"


def test_a_wrong_delimiter_is_named():
    with pytest.raises(FileProblem, match="one column only"):
        native("sender_reference|country|what_happened\nA1|BHR|x\n")


def test_a_missing_header_row_is_named():
    with pytest.raises(FileProblem, match="first line must be the header row") as exc:
        native("A1,BHR,Detained at the airport\nA2,EGY,Threatened\n")
    assert exc.value.line == 1


def test_a_missing_required_column_is_named():
    with pytest.raises(FileProblem, match="what_happened"):
        native("sender_reference,country\nA1,BHR\n")


def test_unknown_columns_are_refused_not_dropped():
    with pytest.raises(FileProblem, match="unknown column.*notes"):
        native("sender_reference,country,what_happened,notes\nA1,BHR,x,y\n")


def test_quoted_newlines_keep_the_line_where_the_row_starts():
    text = f'{HEADER}\nA1,BHR,"Line one\nline two\nline three",,Ana\nA2,QZZ,Threatened,,Bo\n'
    records = native(text)
    assert records[0].ok and "line three" in records[0].data.what_happened
    assert records[1].line == 5
    assert messages(records) == ["line 5, country: unknown State code QZZ (use ISO 3166-1 alpha-3)"]


def test_latin1_bytes_are_reported_with_their_line():
    raw = f"{HEADER}\nA1,BHR,ok,,Ana\n".encode() + "A2,BHR,Arrêté,,Bo\n".encode("latin-1")
    records = native(raw)
    assert records[0].ok
    assert "line 3, encoding: byte 0xea" in messages(records)[0]
    assert "--encoding latin-1" in messages(records)[0]


def test_latin1_files_read_with_the_encoding_option():
    raw = f"{HEADER}\nA2,BHR,Arrêté,,Bo\n".encode("latin-1")
    records = native(raw, encoding="latin-1")
    assert records[0].ok and records[0].data.what_happened == "Arrêté"


def test_utf16_files_are_refused_clearly():
    with pytest.raises(FileProblem, match="UTF-16"):
        native(f"{HEADER}\nA1,BHR,x,,y\n".encode("utf-16"))


def test_a_row_with_too_many_values_is_reported():
    records = native(f"{HEADER}\nA1,BHR,Detained, then released,,Ana\n")
    assert "expected 5 values, found 6" in messages(records)[0]


def test_every_bad_field_of_every_row_is_reported():
    records = native(f"{HEADER}\nA1,QZZ,,killing|flying,Ana\nA1,BHR,ok,,Bo\n")
    lines = messages(records)
    assert any("line 2, country" in m for m in lines)
    assert any("line 2, what_happened" in m for m in lines)
    assert any("line 2, forms: unknown value(s): flying" in m for m in lines)
    assert any("line 3, sender_reference: the same reference" in m for m in lines)


def test_a_formula_is_kept_as_text():
    records = native(f'{HEADER}\nA1,BHR,"=HYPERLINK(""http://x"",""y"")",,Ana\n')
    assert records[0].data.what_happened == '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_escaped_on_export(value):
    assert escape_cell(value) == "'" + value


def test_plain_text_is_not_escaped():
    assert escape_cell("Detained in 2016") == "Detained in 2016"


def test_a_row_for_another_entity_than_the_source_is_refused():
    records = native("sender_reference,source_entity,country,what_happened\nA1,AMNESTY,BHR,x\n")
    assert "source_entity" in messages(records)[0]


def test_dates_use_partial_or_uwazi_forms_and_not_the_future():
    assert normalise_date("2023/05/01") == "2023-05-01"
    assert normalise_date("2023-5") == "2023-05"
    data = SubmissionData(country="BHR", what_happened="x", incident_date="2999-01")
    assert [e.field for e in check(data, VOCAB, today=TODAY)] == ["incident_date"]


def test_yes_no_answers():
    assert parse_bool("Yes") is True and parse_bool("n") is False and parse_bool("") is None
    with pytest.raises(ValueError):
        parse_bool("perhaps")


def test_nul_characters_are_refused_by_name():
    data = SubmissionData(country="BHR", what_happened="a\x00b")
    assert [e.field for e in check(data, VOCAB, today=TODAY)] == ["what_happened"]


# ---------------------------------------------------------------- JSON and XLSX


def test_a_json_array_is_streamed_and_numbered_by_item():
    body = json.dumps([{"sender_reference": "J1", "country": "BHR", "what_happened": "x", "forms": ["detention"]},
                       {"sender_reference": "J2", "country": "ZZZ", "what_happened": "y"}])
    table, records = formats.records(io.BytesIO(body.encode()), "json")
    checked = list(formats.validated(records, VOCAB, today=TODAY, source="ISHR"))
    assert table.unit == "item"
    assert checked[0].ok and checked[0].data.forms == ["detention"]
    assert formats.error_lines(checked[1], "item")[0].startswith("item 2, country")


def test_json_lines_are_numbered_by_line():
    body = '{"sender_reference": "J1", "country": "BHR", "what_happened": "x"}\nnot json\n'
    records = native(body, "json")
    assert records[0].ok and records[1].line == 2 and "not a JSON object" in messages(records)[0]


def test_broken_json_is_a_file_problem():
    with pytest.raises(FileProblem, match="broken"):
        native('[{"sender_reference": "J1", "country": "BHR", "what_happened": "x"}, {"sender', "json")


def test_json_unknown_fields_are_refused():
    records = native('{"sender_reference": "J1", "country": "BHR", "what_happened": "x", "colour": "red"}\n', "json")
    assert "colour" in messages(records)[0]


def test_xlsx_reads_formulas_as_text():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["sender_reference", "country", "what_happened", "incident_date"])
    sheet.append(["X1", "BHR", '=HYPERLINK("http://example.org","click")', dt.date(2016, 3, 1)])
    sheet.append([None, None, None, None])
    out = io.BytesIO()
    book.save(out)
    records = native(out.getvalue(), "xlsx")
    assert len(records) == 1 and records[0].ok
    assert records[0].data.what_happened.startswith("=HYPERLINK(")
    assert records[0].data.incident_date == "2016-03-01"


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(FileProblem, match="not an XLSX"):
        native(b"sender_reference,country\n", "xlsx")


# ---------------------------------------------------------------- Uwazi


def test_uwazi_headers_match_names_labels_and_language_suffixes():
    mapping = uwazi.load_mapping()
    assert mapping.property_for("Types of reprisals suffered")[0].name == "types_of_reprisals_suffered"
    assert mapping.property_for("types_of_reprisals_suffered")[0].name == "types_of_reprisals_suffered"
    prop, language = mapping.property_for("Title__en")
    assert prop.name == "title" and language == "en"


def test_uwazi_grouped_values_map_by_full_name_or_leaf():
    mapping = uwazi.load_mapping()
    assert mapping.lookup("reprisal_form", "Physical attack::Torture/Cruel, inhuman, degrading treatment") == (
        "reprisal_form", "torture_ill_treatment")
    assert mapping.lookup("reprisal_form", "Release within a day") == ("reprisal_form", "arbitrary_arrest")
    assert mapping.lookup("reprisal_form", "Flying saucers") is None


def test_the_mapping_table_only_names_codes_the_register_knows():
    assert uwazi.mapping_problems(uwazi.load_mapping(), VOCAB) == []


def test_an_unmappable_uwazi_value_is_reported_on_its_row():
    text = "Title;Country;Types of reprisals suffered\nAna;Bahrain;Travel restriction|Flying saucers\n"
    _table, records = formats.records(io.BytesIO(text.encode()), "uwazi-csv", vocab=VOCAB)
    records = list(formats.validated(records, VOCAB, today=TODAY, source="ISHR"))
    assert messages(records) == [
        "line 2, types_of_reprisals_suffered: cannot map 'Flying saucers' onto the register's codes; add it to "
        "intake/data/uwazi_mapping.csv"]


def test_uwazi_needs_a_title_column():
    with pytest.raises(FileProblem, match="no title column"):
        formats.records(io.BytesIO(b"Country;Year\nBahrain;2020\n"), "uwazi-csv", vocab=VOCAB)


def test_the_sample_end_reprisals_export_reads_without_errors():
    path = Path(__file__).parent / "data" / "end_reprisals_export.csv"
    with path.open("rb") as fh:
        _table, records = formats.records(fh, "uwazi-csv", vocab=VOCAB)
        records = list(formats.validated(records, VOCAB, today=TODAY, source="ISHR"))
    assert messages(records) == []
    first, org, unnamed, resolved = (r.data for r in records)
    assert first.country == "BHR" and first.forms == ["travel_ban", "arbitrary_arrest", "intimidation_harassment"]
    assert first.incident_date == "2023-09-30" and first.extra["dates_of_reprisals"] == "2023-09-30|2023-10-14"
    assert first.persons[0].name == "Amina Fictional" and first.persons[0].gender == "female"
    assert first.sender_reference == "ER-2024-012-001"
    assert "released the same day" in first.what_happened
    assert org.persons[0].kind == "organisation" and org.country == "VEN"
    assert unnamed.persons[0].is_anonymous and unnamed.persons[0].name == ""
    assert "self_censorship" in unnamed.forms and unnamed.perpetrator == "military"
    assert resolved.extra["case_status"] == "resolved" and resolved.un_body == "OHCHR-FIELD"


# ---------------------------------------------------------------- properties

CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(rows=st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=8),
       delimiter=st.sampled_from([",", ";", "\t"]),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
       bom=st.booleans(), crlf=st.booleans())
def test_csv_round_trip(rows, delimiter, quoting, bom, crlf):
    header = ["sender_reference", "country", "what_happened"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    raw = (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")
    table = parsers.read_csv(io.BytesIO(raw), delimiter=delimiter)
    assert table.header == header
    got = [tuple(r.cells) for r in table.rows]
    expected = [tuple(r) for r in rows if any(c.strip() for c in r)]
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(junk=st.binary(max_size=400), fmt=st.sampled_from(["csv", "json", "uwazi-csv", "xlsx"]))
def test_junk_bytes_never_crash_the_readers(junk, fmt):
    try:
        _table, records = formats.records(io.BytesIO(junk), fmt, vocab=VOCAB)
        for record in formats.validated(records, VOCAB, today=TODAY, source="ISHR"):
            assert record.ok or record.errors
    except FileProblem as exc:
        assert exc.message


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=string.printable, max_size=200))
def test_junk_text_rows_give_rows_or_clear_errors(text):
    try:
        records = native(HEADER + "\n" + text)
    except FileProblem as exc:
        assert exc.message
    else:
        for record in records:
            assert record.ok or all(e.field and e.message for e in record.errors)
