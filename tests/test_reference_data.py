"""Reference data: the dated CSVs load completely, correctly and idempotently, and bad files are refused."""

from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from reprisals.reference.loaders import DATA_DIR, ReferenceDataError, load_reference_data
from reprisals.reference.models import (
    Country,
    Entity,
    EntityKind,
    RegionalGroup,
    Term,
    UNBody,
    UNBodyKind,
    UNStatus,
    Vocabulary,
)

pytestmark = pytest.mark.django_db

TREATY_BODIES = {"CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED"}
REPRISAL_GROUPS = {
    "Violence and deprivation of liberty",
    "Legal and administrative measures",
    "Threats, stigma and surveillance",
}


@pytest.fixture
def loaded() -> dict[str, int]:
    return load_reference_data()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged CSVs, to break one file at a time."""
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(path: Path, change) -> int:
    """Apply ``change(rows)`` to a CSV (rows include the header); return the 1-based line number it reports."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    line = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return line


def _snapshot() -> dict[str, list[tuple]]:
    return {
        "countries": list(Country.objects.order_by("iso3").values_list()),
        "bodies": list(UNBody.objects.order_by("code").values_list()),
        "entities": list(Entity.objects.order_by("code").values_list()),
        "terms": list(Term.objects.order_by("vocabulary", "code").values_list()),
    }


# --- countries ---------------------------------------------------------------------------------------------------


def test_all_193_member_states_and_the_2_observer_states_are_loaded(loaded):
    assert Country.objects.filter(un_status=UNStatus.MEMBER).count() == 193
    observers = set(Country.objects.filter(un_status=UNStatus.OBSERVER).values_list("iso3", flat=True))
    assert observers == {"VAT", "PSE"}


def test_every_iso_3166_entry_is_present_and_the_rest_are_territories(loaded):
    assert Country.objects.count() == loaded["countries"] == 249
    for iso3 in ["HKG", "MAC", "TWN", "ESH", "PRI", "GRL", "NCL", "BMU"]:
        assert Country.objects.get(iso3=iso3).un_status == UNStatus.TERRITORY


def test_every_member_state_has_a_regional_group_and_no_observer_or_territory_has_one(loaded):
    assert not Country.objects.filter(un_status=UNStatus.MEMBER, regional_group=RegionalGroup.NONE).exists()
    assert not Country.objects.exclude(un_status=UNStatus.MEMBER).exclude(regional_group=RegionalGroup.NONE).exists()


def test_regional_group_sizes_add_up_to_the_membership(loaded):
    members = Country.objects.filter(un_status=UNStatus.MEMBER)
    sizes = {group: members.filter(regional_group=group).count() for group in RegionalGroup.values}
    assert sizes == {
        "AFRICAN": 54,
        "ASIA_PACIFIC": 54,
        "EASTERN_EUROPEAN": 23,
        "LATIN_AMERICAN_CARIBBEAN": 33,
        "WESTERN_EUROPEAN_OTHER": 29,  # 28 members plus the United States, which sits with the group
        "NONE": 0,
    }


@pytest.mark.parametrize(
    ("iso3", "group"),
    [
        ("BHR", "ASIA_PACIFIC"),
        ("CHN", "ASIA_PACIFIC"),
        ("SAU", "ASIA_PACIFIC"),
        ("KIR", "ASIA_PACIFIC"),
        ("CYP", "ASIA_PACIFIC"),
        ("BLR", "EASTERN_EUROPEAN"),
        ("RUS", "EASTERN_EUROPEAN"),
        ("VEN", "LATIN_AMERICAN_CARIBBEAN"),
        ("CUB", "LATIN_AMERICAN_CARIBBEAN"),
        ("EGY", "AFRICAN"),
        ("TUR", "WESTERN_EUROPEAN_OTHER"),
        ("ISR", "WESTERN_EUROPEAN_OTHER"),
        ("USA", "WESTERN_EUROPEAN_OTHER"),
        ("AUS", "WESTERN_EUROPEAN_OTHER"),
    ],
)
def test_countries_sit_in_their_un_regional_group(loaded, iso3, group):
    assert Country.objects.get(iso3=iso3).regional_group == group


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("BOL", "Bolivia (Plurinational State of)"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("TUR", "Türkiye"),
        ("RUS", "Russian Federation"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("PSE", "State of Palestine"),
        ("VAT", "Holy See"),
    ],
)
def test_countries_carry_un_official_short_names(loaded, iso3, name):
    assert Country.objects.get(iso3=iso3).name == name


def test_countries_carry_iso_and_m49_codes_and_m49_regions(loaded):
    bahrain = Country.objects.get(iso3="BHR")
    assert (bahrain.iso2, bahrain.m49) == ("BH", "048")
    assert (bahrain.m49_region, bahrain.m49_subregion) == ("Asia", "Western Asia")
    assert Country.objects.get(iso3="AFG").m49 == "004"
    assert not Country.objects.filter(un_status=UNStatus.MEMBER, m49_region="").exists()


# --- UN bodies and entities --------------------------------------------------------------------------------------


def test_the_ten_treaty_bodies_are_loaded_with_their_exact_codes(loaded):
    codes = set(UNBody.objects.filter(kind=UNBodyKind.TREATY_BODY).values_list("code", flat=True))
    assert codes == TREATY_BODIES


def test_special_procedures_hang_under_the_general_special_procedures_entry(loaded):
    mandates = UNBody.objects.filter(parent__code="SP", kind=UNBodyKind.SPECIAL_PROCEDURE)
    assert mandates.count() >= 55
    for code in ["SR-HRD", "SR-FOE", "SR-FOAA", "WGAD", "WGEID", "SR-TORTURE", "SR-BELARUS", "SR-IRAN"]:
        assert mandates.filter(code=code).exists(), code


def test_the_bodies_named_in_the_domain_are_present(loaded):
    expected = set(
        "HRC HRC-PRES HRC-AC HRC-CP HRC-FMI HRC-SF HRC-FBHR EMRIP UPR SP OHCHR OHCHR-FIELD OHCHR-HRA OHCHR-VF HC ASG SG"
        " GA GA-C3 SC ECOSOC ECOSOC-NGO HLPF UNPFII PKO UNCT ILO UNESCO UN-WOMEN UNDP UNICEF UNHCR COI-SYR IIIM".split()
    )
    assert expected <= set(UNBody.objects.values_list("code", flat=True))
    assert UNBody.objects.get(code="ECOSOC-NGO").parent.code == "ECOSOC"
    assert UNBody.objects.get(code="HRC-PRES").parent.code == "HRC"


def test_un_entities_point_at_a_body_and_ngos_do_not(loaded):
    assert Entity.objects.get(code="OHCHR-COL").un_body.code == "OHCHR-FIELD"
    assert Entity.objects.get(code="CCPR").un_body.code == "CCPR"
    ngos = Entity.objects.filter(kind=EntityKind.NGO)
    assert {"ISHR", "AMNESTY", "HRW", "FIDH", "OMCT", "CIVICUS", "FLD"} <= set(ngos.values_list("code", flat=True))
    assert not ngos.filter(un_body__isnull=False).exists()
    assert not Entity.objects.exclude(kind=EntityKind.NGO).filter(un_body__isnull=True).exists()


# --- vocabularies ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vocabulary", Vocabulary.values)
def test_every_vocabulary_has_terms(loaded, vocabulary):
    assert Term.objects.filter(vocabulary=vocabulary).exists()


def test_reprisal_forms_come_in_the_three_domain_groups(loaded):
    forms = Term.objects.filter(vocabulary=Vocabulary.REPRISAL_FORM)
    assert set(forms.values_list("group", flat=True)) == REPRISAL_GROUPS
    for code in ["killing", "travel_ban", "terrorism_charges", "blocked_un_accreditation", "online_harassment"]:
        assert forms.filter(code=code).exists(), code


def test_perpetrators_are_grouped_as_state_non_state_or_unknown(loaded):
    groups = set(Term.objects.filter(vocabulary=Vocabulary.PERPETRATOR).values_list("group", flat=True))
    assert groups == {"State actor", "Non-State actor", "Unknown"}


# --- the loader --------------------------------------------------------------------------------------------------


def test_loader_reports_how_many_rows_it_read_per_model(loaded):
    assert loaded == {
        "countries": Country.objects.count(),
        "un_bodies": UNBody.objects.count(),
        "entities": Entity.objects.count(),
        "terms": Term.objects.count(),
    }


def test_loading_twice_changes_nothing_and_creates_no_duplicates(loaded):
    before = _snapshot()
    assert load_reference_data() == loaded
    assert _snapshot() == before


def test_loading_repairs_edited_rows_but_keeps_rows_added_in_the_admin(loaded):
    Country.objects.filter(iso3="BHR").update(regional_group=RegionalGroup.AFRICAN)
    UNBody.objects.create(code="LOCAL-ONLY", name="Added in the admin", kind=UNBodyKind.OTHER)
    load_reference_data()
    assert Country.objects.get(iso3="BHR").regional_group == RegionalGroup.ASIA_PACIFIC
    assert UNBody.objects.filter(code="LOCAL-ONLY").exists()


def test_management_command_loads_and_prints_counts():
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "countries: 249" in out.getvalue()
    assert Country.objects.filter(un_status=UNStatus.MEMBER).count() == 193


# --- bad files are refused, naming file, line and field ----------------------------------------------------------


def _set(rows: list[list[str]], key: str, column: str, value: str) -> int:
    index = rows[0].index(column)
    for number, row in enumerate(rows, start=1):
        if row[0] == key:
            row[index] = value
            return number
    raise AssertionError(key)


def test_unknown_regional_group_is_refused_with_line_and_field(data_copy):
    line = _edit(data_copy / "countries.csv", lambda rows: _set(rows, "BHR", "regional_group", "MIDDLE_EAST"))
    with pytest.raises(ReferenceDataError, match=rf"countries\.csv, line {line}, field 'regional_group'"):
        load_reference_data(data_copy)


def test_member_state_without_regional_group_is_refused(data_copy):
    line = _edit(data_copy / "countries.csv", lambda rows: _set(rows, "CHN", "regional_group", "NONE"))
    with pytest.raises(ReferenceDataError, match=rf"line {line}, field 'regional_group'"):
        load_reference_data(data_copy)


def test_duplicate_code_is_refused_with_line_and_field(data_copy):
    def duplicate(rows):
        rows.append(list(rows[1]))
        return len(rows)

    line = _edit(data_copy / "un_bodies.csv", duplicate)
    with pytest.raises(ReferenceDataError, match=rf"un_bodies\.csv, line {line}, field 'code': duplicate"):
        load_reference_data(data_copy)


def test_duplicate_term_code_within_a_vocabulary_is_refused(data_copy):
    def duplicate(rows):
        rows.append(list(rows[-1]))
        return len(rows)

    line = _edit(data_copy / "vocabularies.csv", duplicate)
    with pytest.raises(ReferenceDataError, match=rf"vocabularies\.csv, line {line}, field 'code'"):
        load_reference_data(data_copy)


def test_unknown_parent_code_is_refused_with_line_and_field(data_copy):
    line = _edit(data_copy / "un_bodies.csv", lambda rows: _set(rows, "SR-HRD", "parent_code", "NO-SUCH-BODY"))
    with pytest.raises(ReferenceDataError, match=rf"un_bodies\.csv, line {line}, field 'parent_code'"):
        load_reference_data(data_copy)


def test_parent_loop_is_refused(data_copy):
    line = _edit(data_copy / "un_bodies.csv", lambda rows: _set(rows, "HRC", "parent_code", "HRC-PRES"))
    with pytest.raises(ReferenceDataError, match=rf"line {line}, field 'parent_code': .*loops"):
        load_reference_data(data_copy)


def test_unknown_un_body_in_entities_is_refused(data_copy):
    line = _edit(data_copy / "entities.csv", lambda rows: _set(rows, "CCPR", "un_body_code", "NOPE"))
    with pytest.raises(ReferenceDataError, match=rf"entities\.csv, line {line}, field 'un_body_code'"):
        load_reference_data(data_copy)


def test_unknown_vocabulary_kind_or_status_is_refused(data_copy):
    line = _edit(data_copy / "un_bodies.csv", lambda rows: _set(rows, "CAT", "kind", "committee"))
    with pytest.raises(ReferenceDataError, match=rf"line {line}, field 'kind': unknown value 'committee'"):
        load_reference_data(data_copy)


def test_wrong_column_headers_are_refused(data_copy):
    def rename(rows):
        rows[0][0] = "vocab"
        return 1

    _edit(data_copy / "vocabularies.csv", rename)
    with pytest.raises(ReferenceDataError, match=r"vocabularies\.csv, line 1, field 'header'"):
        load_reference_data(data_copy)


def test_a_bad_file_writes_nothing(data_copy):
    before = _snapshot()
    _edit(data_copy / "countries.csv", lambda rows: _set(rows, "BHR", "regional_group", "AFRICAN"))  # valid change
    _edit(data_copy / "vocabularies.csv", lambda rows: _set(rows, "reprisal_form", "sort_order", "first"))
    with pytest.raises(ReferenceDataError, match=r"field 'sort_order'"):
        load_reference_data(data_copy)
    assert _snapshot() == before


def test_reference_data_error_is_a_value_error():
    assert issubclass(ReferenceDataError, ValueError)
