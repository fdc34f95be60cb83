"""The `reprisals` console script: demo data, accounts, tokens, exit codes and messages."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from reprisals.accounts.models import ApiToken, User
from reprisals.cases.demo import NAMES
from reprisals.cases.models import AffectedParty, Case, Engagement, Gender, Incident
from reprisals.linkage.models import CandidateStatus, MatchCandidate
from reprisals.reference.models import Term, UNBody

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out)
    finally:
        sys.stdin = old_stdin
    return out.getvalue()


def test_demo_loads_a_realistic_register(reference):
    output = run("demo", "--cases", "500", "--seed", "3")
    assert "loaded 500 demo cases" in output
    assert Case.objects.count() == 500
    assert Case.objects.values("country").distinct().count() >= 60
    years = set(Case.objects.values_list("year", flat=True))
    assert min(years) == 2010 and max(years) >= 2025
    used_forms = set(Incident.forms.through.objects.values_list("term__code", flat=True))
    assert used_forms == set(Term.objects.filter(vocabulary="reprisal_form").values_list("code", flat=True))
    used_roles = set(AffectedParty.roles.through.objects.values_list("term__code", flat=True))
    assert used_roles == set(Term.objects.filter(vocabulary="party_role").values_list("code", flat=True))
    engaged = set(Engagement.objects.values_list("un_body_id", flat=True))
    assert engaged == set(UNBody.objects.values_list("pk", flat=True))
    names = " ".join(AffectedParty.objects.values_list("name", flat=True))
    for sample_char in ("ا", "曹", "Б", "é"):  # Arabic, Han, Cyrillic, Latin with diacritics
        assert sample_char in names
    assert AffectedParty.objects.filter(is_anonymous=True).exclude(protected_name="").exists()
    repeated = AffectedParty.objects.exclude(name="").values("name").annotate(n=Count("case", distinct=True)).filter(
        n__gt=1)
    assert repeated.exists()
    # the same person reported again, spelt another way, waits in the linkage review queue
    proposed = MatchCandidate.objects.filter(status=CandidateStatus.PROPOSED)
    assert f"linkage: {proposed.count()} pairs of reports and" in output and proposed.count() >= 10
    assert proposed.filter(party_a__case__country=F("party_b__case__country")).exists()


def test_demo_names_are_mostly_of_the_states_own_cultures():
    import random

    from reprisals.cases.demo import NameMaker
    from reprisals.reference.models import Country

    def cultures_of(country: Country) -> Counter:
        maker, found = NameMaker(random.Random(1)), Counter()
        for _ in range(700):
            name, _variants = maker.person(Gender.MALE, country)
            found.update(k for k, c in NAMES["cultures"].items() if any(f in name for f in c["family"]))
        return found

    china = cultures_of(Country(iso3="CHN", m49_subregion="Eastern Asia"))
    assert china["chinese_han"] + china["chinese_pinyin"] > 0.8 * 700 and china["spanish"] > 0  # and exiles
    assert cultures_of(Country(iso3="IRN", m49_subregion="Southern Asia")).most_common(1)[0][0] == "persian"
    assert len(cultures_of(Country(iso3="NOR", m49_subregion="Northern Europe"))) == len(NAMES["cultures"])


def test_demo_never_names_a_real_well_known_person(reference):
    run("demo", "--cases", "400", "--seed", "5", "--no-users")
    names = set(AffectedParty.objects.values_list("name", flat=True))
    names |= {p.protected_name for p in AffectedParty.objects.filter(is_anonymous=True)}
    assert "Ales Bialiatski" in NAMES["avoid"] and "曹顺利" in NAMES["avoid"]
    assert not names & set(NAMES["avoid"])
    assert any(n.startswith("Ales ") for n in names) and any(n.startswith("曹") for n in names)


def test_demo_is_deterministic_for_a_seed(reference):
    from django.db import transaction

    class Undo(Exception):
        pass

    def load_and_read() -> list:
        try:
            with transaction.atomic():
                run("demo", "--cases", "40", "--seed", "11", "--no-users")
                rows = list(Case.objects.order_by("reference")
                            .values_list("reference", "title", "status", "country_id"))
                raise Undo
        except Undo:
            return rows

    first, second = load_and_read(), load_and_read()
    assert len(first) == 40 and first == second


def test_demo_if_empty_does_not_load_twice(reference):
    run("demo", "--cases", "5", "--no-users")
    assert "already present" in run("demo", "--cases", "5", "--if-empty", "--no-users")
    assert Case.objects.count() == 5


def test_user_add_creates_an_account_with_a_password_from_stdin(reference):
    out = run("user", "add", "ana", "--role", "case_officer", "--password-stdin", stdin="a long enough passphrase 9\n")
    assert "created ana" in out
    assert User.objects.get(username="ana").check_password("a long enough passphrase 9")


def test_user_add_for_a_state_needs_a_known_state(reference):
    with pytest.raises(CommandError, match="state"):
        run("user", "add", "m", "--role", "state", "--no-password")
    with pytest.raises(CommandError, match="QZZ"):
        run("user", "add", "m", "--role", "state", "--state", "QZZ", "--no-password")
    run("user", "add", "m", "--role", "state", "--state", "BHR", "--no-password")
    assert User.objects.get(username="m").country.iso3 == "BHR"


def test_user_add_refuses_a_weak_password(reference):
    with pytest.raises(CommandError, match="password"):
        run("user", "add", "weak", "--role", "reviewer", "--password-stdin", stdin="123\n")
    assert not User.objects.filter(username="weak").exists()


def test_user_password_sets_a_new_password_ends_sessions_and_is_audited(officer):
    from django.test import Client

    from reprisals.core.models import AuditEntry

    browser = Client()
    browser.force_login(officer)
    assert browser.get("/cases/").status_code == 200
    with pytest.raises(CommandError, match="password"):
        run("user", "password", "officer", "--password-stdin", stdin="123\n")
    with pytest.raises(CommandError, match="nobody"):
        run("user", "password", "nobody", "--password-stdin", stdin="a long new passphrase 7\n")
    out = run("user", "password", "officer", "--password-stdin", stdin="a long new passphrase 7\n")
    assert "password of officer changed" in out
    assert User.objects.get(pk=officer.pk).check_password("a long new passphrase 7")
    assert browser.get("/cases/").status_code == 302  # signed out: back to the sign-in page
    entry = AuditEntry.objects.filter(action="user.password", object_id=str(officer.pk)).get()
    assert entry.actor_label == "system" and entry.payload == {}


def test_djangos_own_account_commands_point_to_the_audited_ones():
    for command, instead in (("createsuperuser", "user add"), ("changepassword", "user password")):
        result = subprocess.run([sys.executable, "-m", "reprisals.cli", command], capture_output=True, text=True,
                                env={**os.environ}, timeout=120)
        assert result.returncode == 2 and instead in result.stderr, result.stderr


def test_token_create_prints_a_working_token_once(officer):
    token = run("token", "create", "officer").strip()
    assert token.startswith("rt_")
    stored = ApiToken.objects.get(user=officer)
    assert token not in (stored.digest, stored.prefix)
    from django.test import Client

    assert Client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_token_create_for_an_unknown_user_fails(reference):
    with pytest.raises(CommandError, match="nobody"):
        run("token", "create", "nobody")


def test_the_console_script_exits_non_zero_with_a_message():
    env = {**os.environ}
    result = subprocess.run([sys.executable, "-m", "reprisals.cli", "token", "create"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode != 0
    assert "name" in result.stderr


def test_a_missing_key_is_one_line_naming_it_not_a_traceback(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("name\nCao Shunli\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("REPRISALS_SECRET_KEY", "REPRISALS_DATA_KEY", "REPRISALS_DEBUG", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run([sys.executable, "-m", "reprisals.cli", "link", "file", str(names), "--out",
                             str(tmp_path / "out.csv")], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == "reprisals: REPRISALS_SECRET_KEY is not set (see docs/configuration.md)"
    assert not (tmp_path / "out.csv").exists()
