"""What the guards of the public redaction print of a text: ``reports.redaction.Guard`` (the guard of a party of the
paragraph who may not be named), ``RegisterNames.guard`` (the guard of every name in the register) and the
``Redactor`` that applies both, for the tests of the guards to compare with one expectation."""
from __future__ import annotations

from reprisals.reports.redaction import Guard, NameSet, Redactor, RegisterNames


def guarded(protected: str, text: str) -> dict[str, str]:
    """What each guard, and the redactor that applies both, prints of ``text`` when ``protected`` may not be named."""
    return {
        "guard": Guard([protected])(text),
        "register guard": RegisterNames([NameSet(1, (protected,))]).guard(text),
        "redactor": Redactor({}, [protected], RegisterNames([NameSet(1, (protected,))])).text(text),
    }


def everywhere(text: str) -> dict[str, str]:
    """``text`` as every guard of ``guarded`` prints it."""
    return {"guard": text, "register guard": text, "redactor": text}
