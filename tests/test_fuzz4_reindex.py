"""``reprisals reindex [ID]...`` with IDs that name no case: a number no database key can hold is a usage error
(exit 2) naming the argument, not a traceback; a case ID that is not in the register is named and nothing is
rebuilt, instead of "Rebuilt the search text of 0 cases"."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reprisals.cli import main

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-5"])
def test_a_case_id_no_key_can_hold_is_a_usage_error_naming_the_argument(reference, capsys, value):
    with pytest.raises(SystemExit) as exited:
        main(["reindex", "--", value])
    assert exited.value.code == 2
    assert f"argument case_ids: {value} is not a case ID" in capsys.readouterr().err


def test_a_case_id_not_in_the_register_is_named_and_nothing_is_rebuilt(new_case):
    case = new_case()
    with pytest.raises(CommandError, match="^no case with ID 424242; nothing was rebuilt$"):
        call_command("reindex", str(case.pk), "424242", stdout=io.StringIO())


def test_the_cases_given_are_rebuilt(new_case):
    case = new_case()
    out = io.StringIO()
    call_command("reindex", str(case.pk), stdout=out)
    assert out.getvalue() == "Rebuilt the search text of 1 cases.\n"
