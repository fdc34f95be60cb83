"""The ``reprisals`` console script: Django's management commands plus the project's own."""

from __future__ import annotations

import os
import sys

# Django's account commands bypass roles and the audit log: a superuser without a role, a password changed
# without a trace. The project's own commands do both through the services.
REPLACED = {
    "createsuperuser": "use `reprisals user add NAME --role admin` (an administrator with a role, audited)",
    "changepassword": "use `reprisals user password NAME` (audited; ends the account's web sessions)",
}


def main(argv: list[str] | None = None) -> None:
    """Run a command. A setting missing or wrong (the keys, above all) is one line naming it and exit 2,
    not a traceback: an NGO running ``reprisals link file`` reads what to set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reprisals.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in REPLACED:
        sys.stderr.write(f"reprisals: {args[0]} is not used here: {REPLACED[args[0]]}\n")
        raise SystemExit(2)
    try:
        execute_from_command_line(["reprisals", *args])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"reprisals: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
