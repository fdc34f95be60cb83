"""The ``reprisals`` console script: Django's management commands plus the project's own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a command. A setting missing or wrong (the keys, above all) is one line naming it and exit 2,
    not a traceback: an NGO running ``reprisals link file`` reads what to set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reprisals.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["reprisals", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"reprisals: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
