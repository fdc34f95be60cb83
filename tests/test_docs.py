"""Docs held true by tests: every setting documented, every command of the contract present."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


def settings_variables() -> set[str]:
    source = (ROOT / "reprisals" / "settings.py").read_text()
    return set(re.findall(r"""(?:environ\.get|env_bool)\(\s*["']([A-Z_]+)["']""", source))


def test_every_environment_variable_is_in_env_example_and_the_configuration_doc():
    example = (ROOT / ".env.example").read_text()
    doc = (ROOT / "docs" / "configuration.md").read_text()
    variables = settings_variables()
    assert {"REPRISALS_SECRET_KEY", "REPRISALS_DATA_KEY", "DATABASE_URL", "REPRISALS_DEBUG"} <= variables
    for name in variables:
        assert f"{name}=" in example, f"{name} missing from .env.example"
        assert f"`{name}`" in doc, f"{name} missing from docs/configuration.md"


def test_the_commands_of_the_contract_exist_and_are_documented():
    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    commands = get_commands()
    for name in ("demo", "user", "token", "audit", "load_reference", "backup", "restore", "rotate-key"):
        assert name in commands
        assert f"reprisals {name}" in cli_doc


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
