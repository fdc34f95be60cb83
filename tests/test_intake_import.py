"""`reprisals import` and `reprisals export`: validate everything first, all or nothing, idempotent,
audited once, Uwazi in and out, formulas escaped, public exports redacted."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.cases import services as case_services
from reprisals.cases.models import Allegation, Case
from reprisals.core.audit import audit_verify
from reprisals.core.models import AuditEntry
from reprisals.intake.models import ImportBatch, Submission

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
TEMPLATES = Path(__file__).parent.parent / "reprisals" / "intake" / "data" / "templates"
HEADER = "sender_reference,country,what_happened,forms,person_name,in_danger"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args: str) -> tuple[CommandError, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return exc.value, err.getvalue()


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)


def test_import_a_csv_creates_submissions_and_allegations_in_triage(reference, tmp_path):
    path = write(tmp_path, "ngo.csv", f"{HEADER}\nR1,BHR,Detained at the airport,detention,Ana Example,yes\n"
                                      "R2,EGY,Threatened after the UPR,threats,Bo Example,\n")
    out, _err = run("import", path, "--source", "ISHR")
    assert "imported 2 rows, 0 already present" in out
    first = Submission.objects.get(sender_reference="R1")
    assert first.channel == "import" and first.entity.code == "ISHR" and first.file_name == "ngo.csv"
    assert first.row_number == 2 and first.is_urgent and first.batch is not None
    assert first.allegation.case is None and first.allegation.channel == "import"
    assert first.allegation.source_reference == "R1" and "Detained" in first.allegation.narrative
    assert "Ana Example" not in first.allegation.narrative  # names stay in the encrypted submission
    assert json.loads(first.persons)[0]["name"] == "Ana Example"


def test_any_bad_row_imports_nothing_and_lists_every_bad_row(reference, tmp_path):
    path = write(tmp_path, "bad.csv", f"{HEADER}\nR1,BHR,ok,detention,Ana,\nR2,QZZ,ok,,Bo,\nR3,EGY,,flying,Cy,maybe\n")
    error, err = fails("import", path, "--source", "ISHR")
    assert error.returncode == 1 and "2 of 3 rows are not valid; nothing was imported" in str(error)
    assert "bad.csv: line 3, country: unknown State code QZZ" in err
    assert "bad.csv: line 4, what_happened: this field is required" in err
    assert "bad.csv: line 4, forms: unknown value(s): flying" in err
    assert "bad.csv: line 4, in_danger: answer yes or no" in err
    assert Submission.objects.count() == 0 and Allegation.objects.count() == 0
    assert not AuditEntry.objects.filter(action="import.run").exists()


def test_dry_run_validates_only(reference, tmp_path):
    path = write(tmp_path, "ok.csv", f"{HEADER}\nR1,BHR,ok,,Ana,\n")
    out, _ = run("import", path, "--source", "ISHR", "--dry-run")
    assert "1 rows checked, all valid (dry run" in out
    assert Submission.objects.count() == 0


def test_reimporting_the_same_file_creates_no_duplicates(reference, tmp_path):
    path = write(tmp_path, "ok.csv", f"{HEADER}\nR1,BHR,ok,,Ana,\nR2,BHR,ok,,Bo,\n")
    run("import", path, "--source", "ISHR")
    out, _ = run("import", path, "--source", "ISHR")
    assert "imported 0 rows, 2 already present" in out
    assert Submission.objects.count() == 2 and Allegation.objects.count() == 2
    # Another entity may use the same references.
    run("import", path, "--source", "AMNESTY")
    assert Submission.objects.count() == 4


def test_one_audit_entry_per_import_with_the_counts(reference, tmp_path):
    path = write(tmp_path, "ok.csv", f"{HEADER}\nR1,BHR,ok,,Ana,\nR2,BHR,ok,,Bo,\n")
    before = AuditEntry.objects.count()
    run("import", path, "--source", "ISHR")
    entries = AuditEntry.objects.filter(seq__gt=before)
    assert [e.action for e in entries] == ["import.run"]
    assert entries[0].payload | {"sha256": ""} == {"format": "csv", "entity": "ISHR", "rows": 2, "created": 2,
                                                   "skipped": 0, "sha256": ""}
    assert audit_verify() is None


def test_rows_name_their_entity_without_source(reference, tmp_path):
    path = write(tmp_path, "mixed.csv", "sender_reference,source_entity,country,what_happened\nM1,amnesty,BHR,x\n"
                                        "M2,,BHR,y\n")
    _error, err = fails("import", path)
    assert "line 3, source_entity: say who sent it" in err
    path = write(tmp_path, "mixed.csv", "sender_reference,source_entity,country,what_happened\nM1,amnesty,BHR,x\n")
    run("import", path)
    assert Submission.objects.get().entity.code == "AMNESTY"


def test_unknown_source_and_unreadable_files_exit_non_zero(reference, tmp_path):
    path = write(tmp_path, "ok.csv", f"{HEADER}\nR1,BHR,ok,,Ana,\n")
    error, _ = fails("import", path, "--source", "NOPE")
    assert "unknown entity code NOPE" in str(error)
    error, _ = fails("import", write(tmp_path, "x.txt", "hello"))
    assert "--format" in str(error)
    error, _ = fails("import", write(tmp_path, "e.csv", ""), "--source", "ISHR")
    assert "empty" in str(error) and error.returncode == 1


def test_latin1_is_reported_then_imported_with_the_encoding_option(reference, tmp_path):
    path = write(tmp_path, "l1.csv", f"{HEADER}\n".encode() + "R1,FRA,Arrêté à Genève,,Zoé,\n".encode("latin-1"))
    _error, err = fails("import", path, "--source", "ISHR")
    assert "line 2, encoding: byte 0xea" in err
    run("import", path, "--source", "ISHR", "--encoding", "latin-1")
    assert Submission.objects.get().what_happened == "Arrêté à Genève"


@pytest.mark.parametrize("name", ["submissions.csv", "submissions.json", "submissions.jsonl"])
def test_the_templates_import_as_they_are(reference, name):
    out, _ = run("import", str(TEMPLATES / name), "--source", "ISHR", "--format", "json" if "json" in name else "csv")
    assert "imported 2 rows" in out
    anonymous = Submission.objects.get(sender_reference="EX-2024-002")
    assert json.loads(anonymous.persons)[0]["is_anonymous"] is True


def test_xlsx_import(reference, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["sender_reference", "country", "what_happened", "forms"])
    book.active.append(["X1", "BHR", "=HYPERLINK(\"http://evil.example\",\"click\")", "detention|travel_ban"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    run("import", str(path), "--source", "ISHR")
    submission = Submission.objects.get()
    assert submission.what_happened.startswith("=HYPERLINK(") and submission.forms == ["detention", "travel_ban"]


def test_the_end_reprisals_export_imports_as_it_is_and_again_without_duplicates(reference):
    path = str(DATA / "end_reprisals_export.csv")
    out, _ = run("import", path, "--format", "uwazi-csv")
    assert "imported 4 rows" in out
    amina = Submission.objects.get(sender_reference="ER-2024-012-001")
    assert amina.entity.code == "ISHR" and amina.country.iso3 == "BHR" and amina.un_body.code == "HRC"
    assert amina.extra["un_body_that_raised_the_case"] == "SP|HC"
    assert amina.extra["date_added"] == "2024/10/01"
    out, _ = run("import", path, "--format", "uwazi-csv")
    assert "imported 0 rows, 4 already present" in out


def test_formulas_are_stored_as_text_and_escaped_on_export(reference, officer, tmp_path):
    path = write(tmp_path, "f.csv", 'sender_reference,country,what_happened,person_name\n'
                                    'F1,BHR,x,"=HYPERLINK(""http://evil.example"",""Ana"")"\n')
    run("import", path, "--source", "ISHR")
    submission = Submission.objects.get()
    from reprisals.intake.services import submission_open_case

    submission_open_case(actor=officer, submission=submission, title="@SUM(1+1)")
    out_path = tmp_path / "out.csv"
    run("export", "--format", "csv", "--out", str(out_path))
    rows = list(csv.reader(out_path.open(encoding="utf-8")))
    assert rows[1][1] == "'@SUM(1+1)" and rows[1][6].startswith("'=HYPERLINK(")
    uwazi_path = tmp_path / "out-uwazi.csv"
    run("export", "--format", "uwazi-csv", "--out", str(uwazi_path))
    assert list(csv.reader(uwazi_path.open(encoding="utf-8")))[1][0].startswith("'=HYPERLINK(")


def test_json_export_of_the_whole_register_without_protected_fields(reference, new_case, tmp_path):
    case = new_case()
    out_path = tmp_path / "all.json"
    run("export", "--format", "json", "--out", str(out_path))
    data = json.loads(out_path.read_text())
    assert [c["reference"] for c in data] == [case.reference]
    text = out_path.read_text()
    assert "Maryam Example" in text and "Source Alpha" not in text and "alpha@example.org" not in text
    assert AuditEntry.objects.filter(action="export.run").exists()


def test_public_export_holds_no_case_that_no_final_report_published(reference, officer, new_case, tmp_path):
    """Consent to publication is not enough: the public export is what the public site publishes, the cases
    of final reports (tests/test_intake_public_export.py)."""
    import datetime as dt

    named = new_case(name="Named Person")
    anonymous = new_case(name="Hidden Person")
    new_case(name="No Consent Person")
    party = named.parties.get()
    case_services.consent_record(actor=officer, party=party, use="publish_name", granted=True,
                                 decided_on=dt.date(2024, 1, 1))
    hidden = anonymous.parties.get()
    case_services.party_update(actor=officer, party=hidden, description="a woman human rights defender")
    case_services.consent_record(actor=officer, party=hidden, use="publish_anonymously", granted=True,
                                 decided_on=dt.date(2024, 1, 1))
    out_path = tmp_path / "public.json"
    run("export", "--format", "json", "--public", "--out", str(out_path))
    text = out_path.read_text()
    assert json.loads(text)["cases"] == []
    for forbidden in ("Named Person", "Hidden Person", "No Consent Person", named.reference, anonymous.reference,
                      "Source Alpha", "alpha@example.org", "Detained at the airport", "the airport", "title"):
        assert forbidden not in text


def test_an_uwazi_export_of_the_register_imports_back(reference, new_case, tmp_path):
    new_case(name="Round Trip")
    path = tmp_path / "er.csv"
    run("export", "--format", "uwazi-csv", "--out", str(path))
    header = next(csv.reader(path.open(encoding="utf-8")))
    assert header[0] == "Title" and "Types of reprisals suffered" in header
    Case.objects.all()
    out, _ = run("import", str(path), "--format", "uwazi-csv", "--source", "AMNESTY")
    assert "imported 1 rows" in out
    imported = Submission.objects.get(entity__code="AMNESTY")
    assert sorted(imported.forms) == ["arbitrary_arrest", "travel_ban"] and imported.country.iso3 == "BHR"
    assert ImportBatch.objects.get().rows_created == 1


def test_export_for_a_user_holds_only_what_they_may_see(reference, focal, new_case, tmp_path):
    from reprisals.reference.models import Entity

    mine = new_case(title="From ISHR")
    new_case(title="From Amnesty", entity=Entity.objects.get(code="AMNESTY"))
    out_path = tmp_path / "focal.json"
    run("export", "--format", "json", "--user", focal.username, "--out", str(out_path))
    assert [c["reference"] for c in json.loads(out_path.read_text())] == [mine.reference]
    error, _ = fails("export", "--format", "json", "--user", "nobody", "--out", str(out_path))
    assert "nobody" in str(error)
