"""The linkage core compiled by Cython (``reprisals.linkage.compiled``): the same results as its Python files, never
older than them."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reprisals.linkage import compiled

ROOT = Path(__file__).resolve().parent.parent

# Links 2,000 synthetic records and prints what the run found: the comparisons of every pair, the clusters and the
# strongest link of each record.
LINK = """
import hashlib, json, sys
import numpy as np
from reprisals.linkage import compiled, engine, synthetic
records = synthetic.generate(2000, seed=7)
result = engine.link([r.to_record() for r in records])
digest = hashlib.sha256()
for kind in sorted(result.scored):
    s = result.scored[kind]
    for part in (s.pairs, s.levels, s.similarity, s.transliterated, s.verdict):
        digest.update(np.ascontiguousarray(part).tobytes())
print(json.dumps({"compiled": [compiled.running_compiled(m) for m in compiled.MODULES], "pairs": digest.hexdigest(),
                  "clusters": result.cluster_ids, "scores": [round(x, 9) for x in result.scores]}))
"""


def _link(*, pure: bool) -> dict:
    env = {**os.environ, "REPRISALS_PURE_PYTHON": "1" if pure else ""}
    done = subprocess.run([sys.executable, "-c", LINK], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
                          check=True)
    return json.loads(done.stdout)


def test_setup_compiles_the_modules_the_package_names() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text())
    listed = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                  and any(getattr(t, "id", "") == "MODULES" for t in node.targets))
    files = ast.literal_eval(listed)
    assert files == [f"reprisals/linkage/{m}.py" for m in compiled.MODULES]


def test_no_compiled_module_is_older_than_its_source() -> None:
    assert compiled.stale() == [], "a compiled module runs code no longer in its file: run `make install`"


@pytest.mark.skipif(not all(compiled.built(m) for m in compiled.MODULES), reason="the linkage core is not built here")
def test_the_compiled_core_links_as_its_python_files_do() -> None:
    fast, pure = _link(pure=False), _link(pure=True)
    assert fast["compiled"] == [True, True]
    assert pure["compiled"] == [False, False]
    assert fast["pairs"] == pure["pairs"]
    assert fast["clusters"] == pure["clusters"]
    assert fast["scores"] == pure["scores"]


def test_the_python_files_are_loaded_when_asked(tmp_path: Path) -> None:
    code = ("from reprisals.linkage import compare, names, compiled; "
            "print(compare.__file__, names.__file__, compiled.running_compiled('compare'))")
    env = {**os.environ, "REPRISALS_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert out == [str(ROOT / "reprisals/linkage/compare.py"), str(ROOT / "reprisals/linkage/names.py"), "False"]
