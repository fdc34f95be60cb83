"""`reprisals report list|build|create|generate|finalise`."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.reference.models import Country
from reprisals.reports import services
from reprisals.reports.testdata import make_case

pytestmark = pytest.mark.django_db
D = dt.date


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_report_list_prints_one_tab_separated_period_a_line(officer):
    a = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    b = services.period_create(actor=officer, start=D(2016, 5, 1), end=D(2017, 4, 30))
    assert run("list").splitlines() == [f"{a.pk}\t2015-05-01\t2016-04-30\tA/HRC/33/19\topen",
                                        f"{b.pk}\t2016-05-01\t2017-04-30\t\topen"]


def test_report_build_writes_the_document(officer, tmp_path):
    make_case(actor=officer, country=Country.objects.get(iso3="BHR"), name="Maryam Example")
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30), symbol="A/HRC/33/19")
    out = tmp_path / "report.docx"
    run("build", "--period", str(period.pk), "--format", "docx", "--public", "--out", str(out))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Maryam Example" in text and "Annex I" in text


def test_report_build_refuses_bad_input_with_a_message(officer, tmp_path):
    with pytest.raises(CommandError, match="no reporting period with ID 42"):
        run("build", "--period", "42", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    period = services.period_create(actor=officer, start=D(2015, 5, 1), end=D(2016, 4, 30))
    with pytest.raises(CommandError, match="no such directory"):
        run("build", "--period", str(period.pk), "--format", "pdf", "--out", str(tmp_path / "nope" / "x.pdf"))
    with pytest.raises(CommandError):
        run("build", "--period", str(period.pk), "--format", "odt", "--out", str(tmp_path / "x.odt"))


def test_periods_can_be_created_generated_and_finalised_from_the_command_line(officer, senior):
    pid = run("create", "--start", "2015-05-01", "--end", "2016-04-30", "--symbol", "A/HRC/33/19",
              "--user", officer.username).strip()
    assert run("generate", "--from", "2016-06-01", "--to", "2017-06-01", "--user", officer.username).count("\n") == 2
    with pytest.raises(CommandError, match="start"):
        run("create", "--start", "2015-06-01", "--end", "2015-07-01", "--user", officer.username)
    with pytest.raises(CommandError):
        run("finalise", "--period", pid, "--user", officer.username)
    assert "final" in run("finalise", "--period", pid, "--user", senior.username)
