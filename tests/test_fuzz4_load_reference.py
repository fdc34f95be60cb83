"""``manage.py load_reference --data-dir DIR`` with a reference file that is not UTF-8 text (a spreadsheet saved
in a legacy encoding, or binary junk): refused naming the file, the line and the byte, as any other problem of
those files, instead of a traceback; nothing is loaded."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.reference.loaders import DATA_DIR
from reprisals.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path):
    for name in ("countries.csv", "un_bodies.csv", "entities.csv", "vocabularies.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_a_reference_file_that_is_not_utf8_is_refused_naming_its_line_and_byte(data_dir):
    name = Country.objects.get(iso3="BHR").name
    countries = (data_dir / "countries.csv").read_text(encoding="utf-8")
    (data_dir / "countries.csv").write_text(countries.replace(f",{name},", ",Renamed,"), encoding="utf-8")
    lines = (data_dir / "entities.csv").read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b"\xe9,", 1)
    (data_dir / "entities.csv").write_bytes(b"\n".join(lines))
    with pytest.raises(CommandError, match=r"^entities.csv, line 3, field '-': not UTF-8 text \(byte 0xe9\)"):
        call_command("load_reference", "--data-dir", str(data_dir), stdout=io.StringIO())
    assert Country.objects.get(iso3="BHR").name == name  # the countries, read before, are not loaded either


def test_a_reference_file_of_binary_junk_is_refused_naming_it(data_dir):
    before = Country.objects.count()
    (data_dir / "countries.csv").write_bytes(bytes(range(128, 256)) * 8)
    with pytest.raises(CommandError, match=r"^countries.csv, line 1, field '-': not UTF-8 text \(byte 0x80\)"):
        call_command("load_reference", "--data-dir", str(data_dir), stdout=io.StringIO())
    assert Country.objects.count() == before


def test_the_packaged_reference_files_still_load(data_dir):
    call_command("load_reference", "--data-dir", str(data_dir), stdout=io.StringIO())
    assert Country.objects.filter(iso3="BHR").exists()
