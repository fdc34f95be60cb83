"""The scrubbing of a case's own parties (``scrub``) reads a person's name glued family name first without a digit or
an underscore ("@IvanovDmitry", as a handle glues it) as the guards do (``Guard``, ``RegisterNames``): a name, where
written as a name, replaced by the party's marker, which resolves by consent. Never an organisation's ("@CentreBahrain"
is no form of "Bahrain Centre"), never in lower case ("ivanovdmitry", as the guards leave it), and never a place that
reads so ("Shanghai" for a "Hai Shang": tests/test_reports_redaction_review12.py). "@IvanovDmitryNews" glues the name
to a word as a handle glues it: its parts are read (tests/test_reports_redaction_review12.py)."""
from __future__ import annotations

import pytest

from reprisals.reports.redaction import (
    WITHHELD,
    Guard,
    NameSet,
    PartyView,
    RegisterNames,
    party_marker,
    resolve,
    scrub,
    scrubber,
)

DMITRY = NameSet(1, ("Dmitry Ivanov",))
CENTRE = NameSet(2, ("Bahrain Centre",), individual=False)


@pytest.mark.parametrize(("text", "scrubbed"), [
    ("Follow @IvanovDmitry on X.", "Follow @⟦p:1⟧ on X."),
    ("IvanovDmitry posted the video.", "⟦p:1⟧ posted the video."),
    ("See IVANOVDMITRY's post.", "See ⟦p:1⟧'s post."),
])
def test_a_persons_name_glued_family_name_first_is_scrubbed_to_the_partys_marker(text, scrubbed):
    assert scrub(text, [DMITRY]) == scrubbed


def test_the_marker_of_a_name_glued_family_name_first_resolves_by_consent():
    scrubbed = scrub("Follow @IvanovDmitry on X.", [DMITRY])
    assert resolve(scrubbed, {1: PartyView(1, "a human rights defender", "Dmitry Ivanov")}) == (
        "Follow @Dmitry Ivanov on X.")
    assert resolve(scrubbed, {1: PartyView(1, "a human rights defender")}) == "Follow @a human rights defender on X."


def test_a_name_in_another_script_glued_family_name_first_is_scrubbed_too():
    assert scrub("Подписывайтесь на @ИвановДмитрий", [NameSet(1, ("Дмитрий Иванов",))]) == (
        f"Подписывайтесь на @{party_marker(1)}")


@pytest.mark.parametrize("text", ["Follow @ivanovdmitry on X.", "Follow @DmitryIvanovich on X."])
def test_a_name_glued_family_name_first_in_lower_case_or_glued_to_more_letters_stays(text):
    assert scrub(text, [DMITRY]) == text


@pytest.mark.parametrize("text", ["Follow @CentreBahrain on X.", "CentreBahrain posted the report."])
def test_an_organisations_name_glued_family_name_first_stays(text):
    assert scrub(text, [CENTRE]) == text


@pytest.mark.parametrize("text", ["Follow @IvanovDmitry on X.", "IVANOVDMITRY", "see ivanovdmitry",
                                  "Follow @CentreBahrain", "Follow @BahrainCentre", "IvanovDmitryNews"])
def test_scrubbing_marks_a_name_glued_family_name_first_where_the_guards_blank_it(text):
    parties = [DMITRY, CENTRE]
    guarded = Guard(parties)(text)
    assert (guarded != text) == (scrubber(parties)(text) != text)
    assert RegisterNames(parties).guard(text) == guarded
    assert (WITHHELD in guarded) == (guarded != text)
