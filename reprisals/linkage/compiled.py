"""The linkage core's hot modules, built as C extensions by Cython when the project is installed (``setup.py``).

``names`` and ``compare`` are plain Python and stay the only source: Cython compiles the same files, unchanged, into
extension modules beside them, which Python imports in their place. Every pair of records the linkage compares goes
through them (tens of millions of pairs for a register of a million records), and compiled they compare the same
pairs, with the same results, in a fifth less time (docs/linkage.md, "The compiled core"). Where no compiler is at
hand the build leaves them out and the Python files run.

C types for the hottest functions are declared beside them in ``.pxd`` files, which Python does not read. A compiled
module older than its source would run code that is no longer in the file: ``stale`` names such modules, and while
there are any the Python files run instead, with a warning (a test fails on them; ``make install`` rebuilds).
``REPRISALS_PURE_PYTHON=1`` loads the Python files even where compiled modules are built (to step through the code in
a debugger, or to test the Python files themselves).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
import warnings
from pathlib import Path

PACKAGE = "reprisals.linkage"
MODULES = ("names", "compare")
HERE = Path(__file__).resolve().parent


def built(module: str) -> Path | None:
    """The extension module built from ``module``'s source, if any."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = HERE / f"{module}{suffix}"
        if path.exists():
            return path
    return None


def sources(module: str) -> list[Path]:
    """What ``module`` is built from: its Python file, and the C types of its ``.pxd`` file if it has one."""
    return [path for path in (HERE / f"{module}.py", HERE / f"{module}.pxd") if path.exists()]


def stale() -> list[str]:
    """The modules whose built extension is older than a file it is built from."""
    return [m for m in MODULES
            if (path := built(m)) and any(path.stat().st_mtime < source.stat().st_mtime for source in sources(m))]


def running_compiled(module: str) -> bool:
    """Whether the imported ``module`` is its extension module, not its Python file."""
    loaded = sys.modules.get(f"{PACKAGE}.{module}")
    return loaded is not None and not str(getattr(loaded, "__file__", "")).endswith(".py")


def core_compiled() -> bool:
    """Whether every module of ``MODULES`` runs compiled."""
    return all(map(running_compiled, MODULES))


class _PythonSources:
    """A finder that gives the Python file of each module of ``MODULES``, ahead of its extension module."""

    @staticmethod
    def find_spec(fullname: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        package, _, module = fullname.rpartition(".")
        if package != PACKAGE or module not in MODULES:
            return None
        return importlib.util.spec_from_file_location(fullname, HERE / f"{module}.py")


def prefer_python_sources() -> None:
    """Load the Python files of ``MODULES`` from now on, even where extension modules are built."""
    if not any(isinstance(f, _PythonSources) for f in sys.meta_path):
        sys.meta_path.insert(0, _PythonSources())


if os.environ.get("REPRISALS_PURE_PYTHON", "").lower() in ("1", "true", "yes"):
    prefer_python_sources()
elif old := stale():
    # A compiled module older than its source would run code that is no longer in the file: run the files instead.
    warnings.warn(f"reprisals.linkage: {', '.join(old)} compiled before the last change to the source; running the "
                  "Python files (`make install` compiles them again)", RuntimeWarning, stacklevel=2)
    prefer_python_sources()
