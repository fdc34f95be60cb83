"""The trackers' demonstration data: realistic, valid under the rules, deterministic and loaded once."""

from __future__ import annotations

from collections import Counter

import pytest

from reprisals.cases.demo import demo_load
from reprisals.trackers import rules, sealing
from reprisals.trackers.demo import demo_trackers
from reprisals.trackers.models import EvidenceFile, NGOApplication, OnlineEvidence, SessionOutcome
from reprisals.trackers.selectors import sanjose_state, with_histories

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(reference):
    demo_load(actor=None, cases=300, seed=11)
    return demo_trackers(11)


def test_the_demo_has_dozens_of_ngos_with_long_deferral_streaks(loaded):
    assert loaded["ngo_applications"] >= 30
    apps = with_histories(list(NGOApplication.objects.all()))
    streaks = [a.streak for a in apps]
    assert sum(1 for s in streaks if s >= 3) >= 5 and max(streaks) >= 8
    assert any(not a.pending for a in apps) and any(a.pending for a in apps)
    outcomes = Counter(SessionOutcome.objects.values_list("outcome", flat=True))
    assert set(outcomes) == set(rules.OUTCOMES)


def test_every_demo_history_passes_the_session_rules(loaded):
    for app in with_histories(list(NGOApplication.objects.all())):
        assert rules.check_history(app.applied_on, app.history) == []


def test_the_same_states_ask_questions_again_and_again(loaded):
    through = SessionOutcome.questioning_states.through
    per_app = Counter(through.objects.filter(sessionoutcome__outcome="deferred")
                      .values_list("sessionoutcome__application_id", "country_id"))
    assert max(per_app.values()) >= 5


def test_the_demo_keeps_the_documented_san_jose_history(loaded):
    assert sanjose_state(__import__("datetime").date(2016, 6, 30)).state.adopted_count == 8


def test_demo_evidence_files_decrypt_to_their_recorded_hash(loaded):
    assert loaded["online_evidence"] > 0
    for evidence in OnlineEvidence.objects.exclude(file_sha256="")[:20]:
        blob = EvidenceFile.objects.get(pk=evidence.pk).sealed
        assert sealing.sha256_hex(sealing.unseal(bytes(blob), evidence.file_sha256)) == evidence.file_sha256


def test_running_the_demo_twice_adds_nothing(loaded):
    counts = (NGOApplication.objects.count(), SessionOutcome.objects.count(), OnlineEvidence.objects.count())
    again = demo_trackers(11)
    assert set(again) == {"san_jose_decisions"} and again["san_jose_decisions"] == 0
    assert (NGOApplication.objects.count(), SessionOutcome.objects.count(), OnlineEvidence.objects.count()) == counts
