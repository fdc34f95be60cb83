"""The tests read the clock when a test runs, never when pytest imports their module.

A run that crossed midnight UTC failed: modules read ``TODAY = dt.date.today()`` at import, and the code read its
own "today" a day later. ``tests.dates.today()`` is the one way the tests read today; this file fails if a read of
the clock at import comes back: in a module-level statement, a class body, a decorator argument (``parametrize``)
or a default argument, under any name it is imported as, or in a fixture that outlives a test (module or session
scope).
"""

from __future__ import annotations

import ast
import pathlib

import pytest

TESTS = pathlib.Path(__file__).resolve().parent

# dt.date.today(), timezone.now(), timezone.localdate(), dt.datetime.utcnow(), timezone.localtime(), and
# tests.dates.today() itself; time.time() and time.monotonic() (not dt.time(9, 0), which reads no clock).
CLOCK_READS = {"today", "now", "utcnow", "localdate", "localtime"}
TIME_READS = {"time", "monotonic"}


def _clock_names(tree: ast.Module) -> set[str]:
    """The names a module calls the clock by: the reads themselves, and what they are imported as ("from time
    import time", "from tests.dates import today as day")."""
    names = set(CLOCK_READS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            reads = CLOCK_READS | (TIME_READS if node.module == "time" else set())
            names.update(alias.asname or alias.name for alias in node.names if alias.name in reads)
    return names


def _reads_the_clock(call: ast.Call, names: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in names
    if isinstance(func, ast.Attribute):
        in_time = isinstance(func.value, ast.Name) and func.value.id == "time"
        return func.attr in CLOCK_READS or (in_time and func.attr in TIME_READS)
    return False


def _lasts_beyond_a_test(decorator: ast.expr) -> bool:
    """A fixture whose value outlives one test (``scope`` module, class, package or session): its body runs once,
    and a day read there is stale for the tests after midnight, as one read at import."""
    return isinstance(decorator, ast.Call) and any(
        keyword.arg == "scope" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value == "function")
        for keyword in decorator.keywords)


class _AtImport(ast.NodeVisitor):
    """Visit what Python evaluates when it imports a module, and the bodies of fixtures that outlive a test: not
    the bodies of other functions and lambdas."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.reads: list[int] = []

    def visit_Call(self, node: ast.Call) -> None:
        if _reads_the_clock(node, self.names):
            self.reads.append(node.lineno)
        self.generic_visit(node)

    def _defaults(self, args: ast.arguments) -> None:
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                self.visit(default)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._defaults(node.args)  # annotations are strings here: ``from __future__ import annotations``
        if any(_lasts_beyond_a_test(decorator) for decorator in node.decorator_list):
            for statement in node.body:
                self.visit(statement)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._defaults(node.args)


def clock_reads_at_import(source: str) -> list[int]:
    """The lines of ``source`` that read the clock when the module is imported."""
    tree = ast.parse(source)
    visitor = _AtImport(_clock_names(tree))
    visitor.visit(tree)
    return sorted(set(visitor.reads))


def test_no_test_module_reads_the_clock_at_import():
    modules = sorted(TESTS.rglob("*.py"))
    assert len(modules) > 100  # the whole of tests/, helpers and conftest included
    found = {str(path.relative_to(TESTS)): lines for path in modules
             if (lines := clock_reads_at_import(path.read_text(encoding="utf-8")))}
    assert found == {}, "read today with tests.dates.today() inside the test, never at import"


@pytest.mark.parametrize("source", [
    "import datetime as dt\nTODAY = dt.date.today()\n",
    "import datetime as dt\nTOMORROW = dt.date.today() + dt.timedelta(days=1)\n",
    "from django.utils import timezone\nSTAMP: object = timezone.now()\n",
    "from django.utils import timezone\nif True:\n    DAY = timezone.localdate()\n",
    "import datetime as dt\nDAYS = [dt.datetime.now().date() for _ in range(2)]\n",
    "import datetime as dt\nimport pytest\n"
    "@pytest.mark.parametrize('day', ['1945-10-23', (dt.date.today() + dt.timedelta(days=1)).isoformat()])\n"
    "def test_it(day):\n    pass\n",
    "from tests.dates import today\nimport pytest\n@pytest.mark.parametrize('day', [today()])\ndef test_it(day):\n"
    "    pass\n",
    "import datetime as dt\ndef record(sent_on=dt.date.today()):\n    return sent_on\n",
    "import datetime as dt\nclass Dates:\n    TODAY = dt.date.today()\n",
    "import datetime as dt\nlater = lambda day=dt.date.today(): day\n",
    "import time\nSTARTED = time.time()\n",
    "from time import time\nSTARTED = time()\n",
    "from tests.dates import today as day\nTODAY = day()\n",
    "import datetime as dt\nimport pytest\n@pytest.fixture(scope='module')\ndef day():\n    return dt.date.today()\n",
    "from tests.dates import today\nimport pytest\n@pytest.fixture(scope='session')\ndef day():\n"
    "    yield today()\n",
], ids=["TODAY", "TOMORROW", "annotated now", "under an if", "comprehension", "parametrize", "today() in parametrize",
        "default argument", "class body", "lambda default", "time.time", "from time import time", "today as day",
        "module fixture", "session fixture"])
def test_a_read_of_the_clock_at_import_is_found(source):
    assert clock_reads_at_import(source) != []


@pytest.mark.parametrize("source", [
    "import datetime as dt\nTODAY = dt.date(2025, 6, 1)\n",
    "import datetime as dt\nNINE = dt.time(9, 0)\n",
    "import datetime as dt\ndef test_it():\n    assert dt.date.today()\n",
    "from tests.dates import today\ndef record(sent_on=None):\n    return sent_on or today()\n",
    "import datetime as dt\nclass Dates:\n    def day(self):\n        return dt.date.today()\n",
    "import datetime as dt\nlater = lambda: dt.date.today()\n",
    "import datetime as dt\nimport pytest\n@pytest.fixture\ndef day():\n    return dt.date.today()\n",
    "import datetime as dt\nimport pytest\n@pytest.fixture(scope='function')\ndef day():\n"
    "    return dt.date.today()\n",
], ids=["fixed date", "a time of day", "inside a test", "inside a helper", "inside a method", "lambda body",
        "fixture of one test", "fixture of function scope"])
def test_a_read_of_the_clock_when_the_test_runs_is_not(source):
    assert clock_reads_at_import(source) == []


def test_the_modules_that_failed_across_midnight_would_be_found():
    # tests/test_followup_services.py and tests/test_qa_validation.py before commit af95648, in their own words.
    services = ('TODAY = dt.date.today()\nPDF = b"%PDF-1.4 the note verbale\\n%%EOF"\n\n\n'
                "def record(actor, cases, **extra):\n    values = dict(sent_on=TODAY)\n")
    validation = ("TOMORROW = dt.date.today() + dt.timedelta(days=1)\n\n\n"
                  '@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "1945-10-23", TOMORROW.isoformat()])\n'
                  "def test_a_received_date_outside_the_uns_lifetime_is_refused_naming_the_field(api_as, officer, day):"
                  "\n    pass\n")
    assert clock_reads_at_import(services) == [1]
    assert clock_reads_at_import(validation) == [1]
