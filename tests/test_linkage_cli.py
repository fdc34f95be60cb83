"""`reprisals link file` on any CSV, without a database, and `reprisals link run` over the register."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.linkage import synthetic


def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _rows(path):
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_link_file_adds_a_cluster_id_and_a_score_to_every_row(tmp_path):
    src = _write(tmp_path / "in.csv", "name,country,ref\n"
                 "Cao Shunli,CHN,a\nCao Sunli,CHN,b\n曹顺利,CHN,c\n"
                 "Ales Bialiatski,BLR,d\nАлесь Бяляцкі,BLR,e\n"
                 "Zainab Al-Khawaja,BHR,f\nMaryam Al-Khawaja,BHR,g\n")
    out = tmp_path / "out.csv"
    stdout = StringIO()
    call_command("link", "file", str(src), "--out", str(out), stdout=stdout)
    rows = _rows(out)
    assert list(rows[0]) == ["name", "country", "ref", "cluster_id", "score"]
    by_ref = {r["ref"]: r for r in rows}
    assert by_ref["a"]["cluster_id"] == by_ref["b"]["cluster_id"] == by_ref["c"]["cluster_id"]
    assert by_ref["d"]["cluster_id"] == by_ref["e"]["cluster_id"] != by_ref["a"]["cluster_id"]
    assert by_ref["f"]["cluster_id"] != by_ref["g"]["cluster_id"]
    assert float(by_ref["a"]["score"]) > 0.7 and float(by_ref["f"]["score"]) == 0.0
    assert "7 rows, 4 clusters" in stdout.getvalue()


def test_link_file_keeps_the_delimiter_and_reads_optional_columns(tmp_path):
    src = _write(tmp_path / "in.csv", "Name;Organisation;Role;Date\nAli Rajab;BCHR;lawyer;2014-03\n"
                 "Ali Rajab;Bahrain Centre for Human Rights;lawyer;2015\n")
    out = tmp_path / "out.csv"
    call_command("link", "file", str(src), "--out", str(out), stdout=StringIO())
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Name;Organisation;Role;Date;cluster_id;score"
    assert text.splitlines()[1].split(";")[4] == text.splitlines()[2].split(";")[4]


def test_link_file_needs_no_database(tmp_path, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise AssertionError("link file touched the database")

    monkeypatch.setattr(connection, "cursor", refuse)
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    src = _write(tmp_path / "in.csv", "name\nAles Bialiatski\nAles Byalyatski\n")
    call_command("link", "file", str(src), "--out", str(tmp_path / "out.csv"), stdout=StringIO())


def test_a_file_without_a_name_column_is_refused_naming_the_column(tmp_path):
    src = _write(tmp_path / "in.csv", "nom,pays\nAles,BLR\n")
    with pytest.raises(CommandError, match="no 'name' column .*nom, pays"):
        call_command("link", "file", str(src), "--out", str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()


def test_an_empty_file_is_refused(tmp_path):
    src = _write(tmp_path / "in.csv", "")
    with pytest.raises(CommandError, match="empty"):
        call_command("link", "file", str(src), "--out", str(tmp_path / "out.csv"))


def test_a_file_in_another_encoding_is_refused_unless_named(tmp_path):
    src = _write(tmp_path / "in.csv", "name\nJosé García\nJose Garcia\n", encoding="cp1252")
    with pytest.raises(CommandError, match="not valid .* --encoding"):
        call_command("link", "file", str(src), "--out", str(tmp_path / "out.csv"))
    call_command("link", "file", str(src), "--out", str(tmp_path / "out.csv"), "--encoding", "cp1252",
                 stdout=StringIO())
    rows = _rows(tmp_path / "out.csv")
    assert rows[0]["name"] == "José García" and rows[0]["cluster_id"] == rows[1]["cluster_id"]


def test_a_missing_input_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("link", "file", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out.csv"))


def test_link_file_on_the_synthetic_set_matches_the_ground_truth(tmp_path):
    records = synthetic.generate(1500, seed=31)
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(records[0].row()))
        writer.writeheader()
        writer.writerows(r.row() for r in records)
    call_command("link", "file", str(src), "--out", str(tmp_path / "out.csv"), stdout=StringIO())
    rows = _rows(tmp_path / "out.csv")
    scores = synthetic.evaluate([int(r["true_cluster"]) for r in rows], [int(r["cluster_id"]) for r in rows])
    assert scores.f1 > 0.85


@pytest.mark.django_db
def test_link_run_over_the_register_proposes_pairs(new_case):
    new_case(name="Abdulhadi Alkhawaja")
    new_case(name="Abdul-Hadi al-Khawaja")
    stdout = StringIO()
    call_command("link", "run", stdout=stdout)
    assert "2 parties" in stdout.getvalue() and "1 new pairs proposed" in stdout.getvalue()
