"""Reference data in the six UN languages: every country, the main UN bodies and every vocabulary term
have a name in Arabic, Chinese, English, French, Russian and Spanish; the case pages show them in the
reader's language, with the English name as the fallback."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from reprisals.reference.i18n import COLUMNS, DATA, language_column, localized_name
from reprisals.reference.loaders import DATA_DIR
from reprisals.reference.models import Country, Entity, Term, UNBody

LANGS = ["ar", "zh", "fr", "ru", "es"]


def _rows(path: Any) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_country_of_the_register_has_a_name_in_all_six_languages() -> None:
    register = {r["iso3"]: r["name"] for r in _rows(DATA_DIR / "countries.csv")}
    names = {r["iso3"]: r for r in _rows(DATA / "countries.csv")}
    assert set(names) == set(register)
    for iso3, row in names.items():
        assert all(row[c].strip() for c in COLUMNS), iso3
        assert row["en"] == register[iso3], f"{iso3}: English must be the register's UN short name"


def test_country_names_follow_un_usage_where_cldr_differs() -> None:
    names = {r["iso3"]: r for r in _rows(DATA / "countries.csv")}
    assert names["RUS"]["ru"] == "Российская Федерация" and names["RUS"]["fr"] == "Fédération de Russie"
    assert names["IRN"]["es"] == "Irán (República Islámica del)"
    assert names["SYR"]["ar"] == "الجمهورية العربية السورية"
    assert names["KOR"]["zh"] == "大韩民国"
    assert names["PSE"]["en"] == "State of Palestine" and names["PSE"]["ar"] == "دولة فلسطين"


def test_every_vocabulary_term_has_a_label_in_five_more_languages() -> None:
    terms = {(r["vocabulary"], r["code"]) for r in _rows(DATA_DIR / "vocabularies.csv")}
    labels = {(r["vocabulary"], r["code"]): r for r in _rows(DATA / "terms.csv")}
    assert set(labels) == terms
    for key, row in labels.items():
        assert all(row[c].strip() for c in LANGS), key


def test_every_un_body_of_the_register_has_its_name_in_five_more_languages() -> None:
    register = {r["code"]: r["name"] for r in _rows(DATA_DIR / "un_bodies.csv")}
    names = {r["code"]: r for r in _rows(DATA / "un_bodies.csv")}
    missing = sorted(set(register) - set(names))
    assert not missing, f"UN bodies without translations: {missing}"
    empty = [(code, c) for code, row in names.items() for c in LANGS if not row[c].strip()]
    assert not empty, f"empty names: {empty}"
    # Arabic, Chinese and Russian cannot share a name with English: an English copy is a missing translation.
    copies = [(code, c) for code, row in names.items() for c in ("ar", "zh", "ru") if row[c] == register.get(code)]
    assert not copies, f"English copied as a translation: {copies}"


def test_every_un_entity_that_submits_allegations_has_a_name_in_five_more_languages() -> None:
    bodies = {r["code"]: r for r in _rows(DATA / "un_bodies.csv")}
    own = {r["code"]: r for r in _rows(DATA / "entities.csv")}
    entities = _rows(DATA_DIR / "entities.csv")
    assert set(own) <= {e["code"] for e in entities}
    for e in entities:
        if e["kind"] == "ngo":
            continue  # an NGO keeps the name it gave itself
        row = own.get(e["code"]) or bodies.get(e["code"])
        assert row is not None, f"UN entity {e['code']} has no translated name"
        assert all(row[c].strip() for c in LANGS), e["code"]
        assert row["ar"] != e["name"] and row["zh"] != e["name"] and row["ru"] != e["name"], e["code"]


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [("SR-HRD", "fr", "Rapporteur spécial sur la situation des défenseurs des droits de l'homme"),
     ("WGAD", "zh", "任意拘留问题工作组"),
     ("SR-FOAA", "ru", "Специальный докладчик по вопросу о праве на свободу мирных собраний и ассоциации"),
     ("UNHCR", "es", "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados"),
     ("ILO", "fr", "Organisation internationale du Travail"),
     ("MONUSCO", "ar", "بعثة منظمة الأمم المتحدة لتحقيق الاستقرار في جمهورية الكونغو الديمقراطية"),
     ("SR-IRAN", "es",
      "Relator Especial sobre la situación de los derechos humanos en la República Islámica del Irán")],
)
def test_official_names_of_mandates_agencies_and_missions(code: str, lang: str, name: str) -> None:
    assert {r["code"]: r for r in _rows(DATA / "un_bodies.csv")}[code][lang] == name


def test_translated_un_bodies_exist_in_the_register() -> None:
    bodies = {r["code"] for r in _rows(DATA_DIR / "un_bodies.csv")}
    assert {r["code"] for r in _rows(DATA / "un_bodies.csv")} <= bodies


def test_official_names_of_the_human_rights_council() -> None:
    hrc = {r["code"]: r for r in _rows(DATA / "un_bodies.csv")}["HRC"]
    assert (hrc["ar"], hrc["zh"], hrc["fr"], hrc["ru"], hrc["es"]) == (
        "مجلس حقوق الإنسان", "人权理事会", "Conseil des droits de l'homme", "Совет по правам человека",
        "Consejo de Derechos Humanos",
    )


@pytest.mark.parametrize(("django_code", "column"), [("ar", "ar"), ("zh-hans", "zh"), ("zh_Hans", "zh"),
                                                      ("fr-ch", "fr"), ("en-gb", "en"), ("de", "en"), (None, "en")])
def test_language_codes_map_to_columns(django_code: str | None, column: str) -> None:
    assert language_column(django_code) == column


@pytest.mark.django_db
def test_localized_name_follows_the_active_language_and_falls_back_to_english(reference: None) -> None:
    bahrain = Country.objects.get(iso3="BHR")
    assert localized_name(bahrain, "ar") == "البحرين"
    assert localized_name(bahrain, "zh-hans") == "巴林"
    with translation.override("ru"):
        assert localized_name(UNBody.objects.get(code="HRC")) == "Совет по правам человека"
        assert localized_name(Term.objects.get(vocabulary="reprisal_form", code="travel_ban")).startswith("Запрет")
    untranslated = UNBody.objects.create(code="ZZ-NEW", name="A body added in the admin", kind="other")
    assert localized_name(untranslated, "fr") == "A body added in the admin"
    field_office = Entity.objects.get(code="OHCHR-COL")
    assert localized_name(field_office, "es") == "Oficina del ACNUDH en Colombia"
    assert localized_name(Entity.objects.get(code="UNHCR"), "zh") == "联合国难民事务高级专员办事处"
    assert localized_name(Entity.objects.get(code="ISHR"), "ar") == "International Service for Human Rights"
    assert localized_name(None) == ""


@pytest.mark.django_db
def test_case_page_names_the_state_body_and_forms_in_the_readers_language(officer: Any, new_case: Any) -> None:
    case = new_case()
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "fr"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Bahreïn" in page and "Conseil des droits de l&#x27;homme" in page
    assert "Interdiction de voyager" in page and "Défenseur des droits humains" in page
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "巴林" in page and "人权理事会" in page and "旅行禁令" in page


@pytest.mark.django_db
def test_the_public_map_names_every_state_in_the_readers_language(reference: None) -> None:
    from reprisals.reports.public_views import map_svg

    with translation.override("ar"):
        arabic = map_svg()
    with translation.override("zh-hans"):
        chinese = map_svg()
    assert "<title>البحرين</title>" in arabic and "<title>Bahrain</title>" not in arabic
    assert "<title>巴林</title>" in chinese


@pytest.mark.django_db
def test_the_public_form_names_states_bodies_and_forms_in_the_readers_language(reference: None) -> None:
    client = Client()
    client.cookies["django_language"] = "ar"
    page = client.get("/submit/").content.decode()
    assert ">البحرين</option>" in page and ">مجلس حقوق الإنسان</option>" in page and "Bahrain" not in page
    assert "Human Rights Council</option>" not in page
    client.cookies["django_language"] = "fr"
    page = client.get("/submit/").content.decode()
    assert ">Bahreïn</option>" in page and ">Organisation internationale du Travail</option>" in page
    assert "Interdiction de voyager" in page
    # Sorted by the French name, accents ignored: "Émirats arabes unis" comes among the E, not after "Z".
    assert page.index(">Égypte</option>") < page.index(">Émirats arabes unis</option>") < page.index(">Érythrée<")
    assert page.index(">Allemagne</option>") < page.index(">Zimbabwe</option>")


@pytest.mark.django_db
def test_follow_up_pages_and_the_state_portal_name_bodies_and_states_in_the_readers_language(
    officer: Any, state_user: Any, new_case: Any
) -> None:
    import datetime as dt

    from reprisals.reports.testdata import communicate

    communication = communicate(case=new_case(), sent_on=dt.date.today(), actor=officer)
    staff = Client()
    staff.force_login(officer)
    staff.cookies["django_language"] = "fr"
    page = staff.get(f"/followup/communications/{communication.pk}/").content.decode()
    assert "Bahreïn" in page and "situation des défenseurs des droits de l&#x27;homme" in page
    mission = Client()
    mission.force_login(state_user)
    mission.cookies["django_language"] = "ar"
    for path in ("/portal/", f"/portal/communications/{communication.pk}/"):
        page = mission.get(path).content.decode()
        assert "المقرر الخاص المعني بحالة المدافعين عن حقوق الإنسان" in page, path
        assert "Special Rapporteur on the situation" not in page, path


@pytest.mark.django_db
def test_filter_and_staff_form_lists_name_states_bodies_and_entities_in_the_readers_language(
    officer: Any, senior: Any
) -> None:
    import datetime as dt

    from reprisals.intake.forms import ScheduleForm
    from reprisals.reports import services as report_services
    from reprisals.reports.public import filter_choices
    from reprisals.reports.testdata import make_case
    from reprisals.trackers.forms import country_choices, treaty_body_choices

    make_case(actor=officer, country=Country.objects.get(iso3="BHR"))
    period = report_services.period_create(actor=officer, start=dt.date(2015, 5, 1), end=dt.date(2016, 4, 30),
                                           symbol="A/HRC/33/19")
    report_services.report_finalise(actor=senior, period=period)
    with translation.override("es"):
        public = filter_choices()
        assert ("BHR", "Bahrein") in public["states"]
        assert ("ILO", "Organización Internacional del Trabajo") in public["bodies"]
        assert ("travel_ban", "Prohibición de viajar o confiscación del pasaporte") in public["forms"]
        assert ("CED", "Comité contra la Desaparición Forzada (CED)") in treaty_body_choices()
        assert ("BHR", "Bahrein") in country_choices("—")
        entities = dict(ScheduleForm().fields["entity"].choices)
        assert entities["OHCHR-COL"] == "Oficina del ACNUDH en Colombia"
        assert entities["ISHR"] == "International Service for Human Rights"
