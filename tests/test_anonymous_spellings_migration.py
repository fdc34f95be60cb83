"""Spellings of an anonymous person's real name stored before the rule are dropped by a migration, and the
staff export never carries them."""

from __future__ import annotations

import io
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reprisals.cases import services
from reprisals.cases.models import AffectedParty
from reprisals.intake.exports import export_run

BEFORE = ("cases", "0011_search_vector_splits_punctuation")
AFTER = ("cases", "0012_drop_anonymous_parties_other_spellings")


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_spellings_of_anonymous_parties_only(officer, new_case, migrations_restored):
    case = new_case(name="Public Person")
    named = case.parties.get()
    services.party_update(actor=officer, party=named, name_variants=["Publik Person"])
    hidden = services.party_add(actor=officer, case=case, is_anonymous=True, protected_name="Real Name",
                                description="a witness")
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    AffectedParty.objects.filter(pk=hidden.pk).update(name_variants=["Reel Name"])  # stored before the rule
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    # read only the column, as the schema at AFTER has it (later migrations add columns to the parties)
    spellings = dict(AffectedParty.objects.values_list("pk", "name_variants"))
    assert spellings[hidden.pk] == []
    assert spellings[named.pk] == ["Publik Person"]


@pytest.mark.django_db
def test_the_staff_export_carries_no_spelling_of_an_anonymous_party(officer, new_case):
    case = new_case()
    hidden = services.party_add(actor=officer, case=case, is_anonymous=True, protected_name="Real Name",
                                description="a witness")
    AffectedParty.objects.filter(pk=hidden.pk).update(name_variants=["Reel Name"])
    out = io.StringIO()
    export_run(actor=officer, fmt="json", out=out)
    assert "Reel Name" not in out.getvalue()
    assert any(p["is_anonymous"] and p["name_variants"] == [] for c in json.loads(out.getvalue())
               for p in c["parties"])
