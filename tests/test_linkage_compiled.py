"""The linkage core compiled by Cython (``reprisals.linkage.compiled``): the same results as its Python files, never
older than them."""

from __future__ import annotations

import ast
import importlib.machinery
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
    code = ("import json; from reprisals.linkage import compare, names, compiled; "
            "print(json.dumps([compare.__file__, names.__file__, compiled.running_compiled('compare')]))")
    env = {**os.environ, "REPRISALS_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert json.loads(out) == [str(ROOT / "reprisals/linkage/compare.py"), str(ROOT / "reprisals/linkage/names.py"),
                               False]


SO = importlib.machinery.EXTENSION_SUFFIXES[0]  # e.g. ".cpython-311-x86_64-linux-gnu.so"


def _files(folder: Path, ages: dict[str, int]) -> None:
    """Empty files, each ``age`` seconds older than a fixed moment."""
    for name, age in ages.items():
        path = folder / name
        path.write_text("")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))


def test_a_module_built_before_a_change_to_its_python_or_pxd_file_is_stale(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(compiled, "HERE", tmp_path)
    _files(tmp_path, {"compare.py": 10, f"compare{SO}": 5, "names.py": 5, f"names{SO}": 10})
    assert compiled.stale() == ["names"]
    _files(tmp_path, {"compare.pxd": 1})
    assert compiled.stale() == ["names", "compare"]
    _files(tmp_path, {f"compare{SO}": 0, f"names{SO}": 0})
    assert compiled.stale() == []


def test_a_module_not_built_is_not_stale(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(compiled, "HERE", tmp_path)
    _files(tmp_path, {"compare.py": 0, "names.py": 0})
    assert compiled.built("compare") is None
    assert compiled.stale() == []


def test_skipping_name_orders_that_cannot_be_the_strongest_changes_no_comparison(monkeypatch) -> None:
    """``_compare_parsed`` leaves out the given names of a name order whose family names cannot make it the strongest:
    with the bound raised beyond any level (nothing skipped), every pair of names gives the same comparison."""
    from reprisals.linkage import blocking, compare, synthetic

    prepared = [compare.prepare(r.to_record()) for r in synthetic.generate(4000, seed=11)]
    pairs = [(prepared[i], prepared[j]) for i, j in blocking.candidate_pairs(prepared).tolist()
             if prepared[i].kind == prepared[j].kind == compare.INDIVIDUAL]
    assert len(pairs) > 10_000
    skipping = [compare._compare_parsed(a.parsed, b.parsed) for a, b in pairs]
    monkeypatch.setattr(compare, "_TOP_GIVEN", 1_000)
    every = [compare._compare_parsed(a.parsed, b.parsed) for a, b in pairs]
    assert skipping == every
