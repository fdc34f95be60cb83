"""`reprisals link file` on the CSV files NGOs really have: Excel exports, other encodings, odd shapes.

Bad input gets an error naming the file and the line or column; the output is written whole or not
at all, and never over the input.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _link(src, out, *args):
    stdout = StringIO()
    call_command("link", "file", str(src), "--out", str(out), *args, stdout=stdout)
    return stdout.getvalue()


def _rows(path, delimiter=","):
    return list(csv.reader(path.open(encoding="utf-8", newline=""), delimiter=delimiter))


def _leftovers(tmp_path, *keep):
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in keep)


def test_an_excel_semicolon_export_with_a_bom_and_a_blank_line_is_read(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"\xef\xbb\xbfName;Country;Role\r\nCao Shunli;CHN;lawyer\r\n\r\nCao Sunli;CHN;lawyer\r\n")
    out = tmp_path / "out.csv"
    assert "2 rows" in _link(src, out)
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert rows[0] == ["Name", "Country", "Role", "cluster_id", "score"]
    assert rows[1][3] == rows[2][3]


def test_the_output_keeps_the_byte_order_mark_excel_needs_to_show_other_scripts(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("name,country\nعبد الهادي الخواجة,BHR\n曹顺利,CHN\n".encode("utf-8-sig"))
    _link(src, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfname,country,cluster_id,score")
    plain = tmp_path / "plain.csv"
    plain.write_text("name\nCao Shunli\n", encoding="utf-8")
    _link(plain, tmp_path / "plain-out.csv")
    assert (tmp_path / "plain-out.csv").read_bytes().startswith(b"name,cluster_id")  # none added


def test_a_trailing_delimiter_on_every_line_is_not_a_column_of_data(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name;country;\nAli Rajab;BHR;\nAli Rajab;BHR;;\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    _link(src, out)
    rows = _rows(out, ";")
    assert rows[0] == ["name", "country", "", "cluster_id", "score"]
    assert rows[2] == ["Ali Rajab", "BHR", "", rows[1][3], rows[1][4]]


def test_excel_sep_line_names_the_delimiter_and_is_kept(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("sep=;\nname;country\nAli Rajab;BHR\nAli Rajab;BHR\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    _link(src, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "sep=;" and lines[1] == "name;country;cluster_id;score"


def test_a_file_of_one_column_with_commas_in_names_keeps_each_name_whole(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name\nSmith, John\nJohn Smith\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    _link(src, out)
    rows = _rows(out)
    assert rows[0] == ["name", "cluster_id", "score"] and rows[1][0] == "Smith, John"


def test_a_row_wider_than_the_header_is_refused_naming_its_line_rather_than_shifting_the_ids(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name,country\nAli Rajab,BHR\n\nRajab, Ali,BHR\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=r"line 4: 3 cells, but the header has 2 columns"):
        _link(src, out)
    assert _leftovers(tmp_path, "in.csv") == []


def test_a_utf16_excel_unicode_text_file_is_read_by_its_byte_order_mark(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("name\tcountry\r\nAli Rajab\tBHR\r\nAli Rajab\tBHR\r\n".encode("utf-16"))
    out = tmp_path / "out.csv"
    _link(src, out)
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline=""), delimiter="\t"))
    assert rows[0][0] == "name" and rows[1][:2] == ["Ali Rajab", "BHR"] and rows[1][2] == rows[2][2]


def test_nul_bytes_are_refused_naming_the_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"name,country\nAli Rajab,BHR\nAli\x00 Rajab,BHR\n")
    with pytest.raises(CommandError, match=r"line 3: contains a NUL character"):
        _link(src, tmp_path / "out.csv")
    assert _leftovers(tmp_path, "in.csv") == []


def test_a_wrong_encoding_names_the_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("name\nAli Rajab\nJosé García\n".encode("cp1252"))
    with pytest.raises(CommandError, match=r"line 3: not valid UTF-8 text .*--encoding cp1252"):
        _link(src, tmp_path / "out.csv")


def test_a_huge_field_is_kept_whole(tmp_path):
    src = tmp_path / "in.csv"
    narrative = "detained after testimony " * 20_000  # 500,000 characters, beyond csv's default limit
    src.write_text(f'name,narrative\nCao Shunli,"{narrative}"\nCao Sunli,short\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    before = csv.field_size_limit()
    _link(src, out)
    assert csv.field_size_limit() == before  # the limit is raised for this file only
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith(f"Cao Shunli,{narrative.strip()}")


def test_quoted_newlines_and_names_in_other_scripts_survive_unchanged(tmp_path):
    src = tmp_path / "in.csv"
    names = ["Ali\nRajab", "عبد الهادي الخواجة", "曹顺利", "Алесь Бяляцкі"]
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name"])
        writer.writerows([n] for n in names)
    out = tmp_path / "out.csv"
    _link(src, out)
    assert [r[0] for r in _rows(out)[1:]] == names


def test_two_columns_with_one_name_are_refused_naming_both(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("Name,name,country\nAli,Ali Rajab,BHR\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"2 columns are named 'name' \(columns 1, 2\)"):
        _link(src, tmp_path / "out.csv")


def test_a_directory_as_input_is_a_clear_error(tmp_path):
    (tmp_path / "in.csv").mkdir()
    with pytest.raises(CommandError, match="is a directory, not a CSV file"):
        _link(tmp_path / "in.csv", tmp_path / "out.csv")


def test_the_output_never_overwrites_the_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name\nAli Rajab\nAli Rajab\n", encoding="utf-8")
    with pytest.raises(CommandError, match="is the input file"):
        _link(src, tmp_path / "." / "in.csv")
    assert src.read_text(encoding="utf-8") == "name\nAli Rajab\nAli Rajab\n"


def test_an_output_that_cannot_be_written_leaves_nothing_behind(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name\nAli Rajab\nAli Rajab\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    with pytest.raises(CommandError, match="out: is a directory"):
        _link(src, tmp_path / "out")
    with pytest.raises(CommandError, match="cannot be written"):
        _link(src, tmp_path / "missing" / "out.csv")
    assert _leftovers(tmp_path, "in.csv", "out") == [] and list((tmp_path / "out").iterdir()) == []


def test_a_failure_while_writing_removes_the_partial_file_and_keeps_the_old_output(tmp_path, monkeypatch):
    src = tmp_path / "in.csv"
    src.write_text("name\nAli Rajab\nAli Rajab\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("the previous output\n", encoding="utf-8")

    class Full:
        def __init__(self, *args, **kwargs):
            pass

        def writerow(self, row):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv, "writer", Full)
    with pytest.raises(CommandError, match="out.csv: cannot be written .No space left on device"):
        _link(src, out)
    assert out.read_text(encoding="utf-8") == "the previous output\n"
    assert _leftovers(tmp_path, "in.csv", "out.csv") == []


def test_a_type_column_about_something_else_does_not_make_organisations_individuals(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("name,type,country\nBahrain Centre for Human Rights,detention,BHR\nBCHR,travel ban,BHR\n"
                   "Bahrain Center for Human Rights,Named organization,BHR\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    _link(src, out)
    assert len({r[3] for r in _rows(out)[1:]}) == 1  # the acronym is linked as an organisation's


def test_a_year_in_the_future_is_read_as_a_typo_not_a_date(tmp_path):
    from pathlib import Path

    from reprisals.linkage.csvfile import to_records

    records = to_records(["name", "date"], [["Cao Shunli", "2099"], ["Cao Shunli", "2099 (sic), 14 March 2014"],
                                            ["Cao Shunli", "1990s"]], Path("in.csv"))
    assert [r.years for r in records] == [(), (2014,), ()]


def test_a_quote_left_open_is_refused_naming_its_line_rather_than_swallowing_the_rest(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('name,country\nAli Rajab,BHR\n"Ali Rajab,BHR\nCao Shunli,CHN\nCao Sunli,CHN\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3: a quoted cell is not closed"):
        _link(src, tmp_path / "out.csv")
    assert _leftovers(tmp_path, "in.csv") == []


def test_a_stray_quote_inside_a_cell_is_read_as_written(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('name,notes\nAli Rajab,"held" at the airport\nAli Rajab,5" wide\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    _link(src, out)
    assert [r[1] for r in _rows(out)[1:]] == ["held at the airport", '5" wide']


@pytest.mark.parametrize("value", ["0", "65", "two"])
def test_workers_out_of_range_are_refused_before_any_work(tmp_path, value):
    names = tmp_path / "names.csv"
    names.write_text("name\nCao Shunli\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reprisals.cli", "link", "file", str(names), "--out",
                             str(tmp_path / "out.csv"), "--workers", value], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "REPRISALS_DEBUG": "1"})
    assert result.returncode != 0 and "--workers" in result.stderr
    assert not (tmp_path / "out.csv").exists()
