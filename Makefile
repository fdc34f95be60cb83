# Reprisals Tracker: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export REPRISALS_VAR_DIR ?= $(CURDIR)/var

.PHONY: install run test test-fast bench lint clean

# The install compiles the linkage core's hot modules with Cython (setup.py): a change to one of them builds them again.
COMPILED := reprisals/linkage/names.py reprisals/linkage/compare.py reprisals/linkage/compare.pxd

$(STAMP): pyproject.toml setup.py $(COMPILED)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The benchmarks also run peer libraries (recordlinkage for linkage) beside this project's code.
$(VENV)/.installed-bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

run: install
	mkdir -p var
	REPRISALS_DEBUG=1 $(BIN)/reprisals migrate --no-input
	REPRISALS_DEBUG=1 $(BIN)/reprisals demo --if-empty
	@echo
	@echo "Reprisals Tracker on http://127.0.0.1:8000  ($$(tr '\n' ' ' < var/demo-login.txt 2>/dev/null))"
	@echo
	REPRISALS_DEBUG=1 $(BIN)/reprisals runserver 127.0.0.1:8000

test: install
	mkdir -p var
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not browser" -x -q $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check reprisals tests bench setup.py

clean:
	rm -rf $(VENV) var/test.sqlite3 build reprisals/linkage/*.c reprisals/linkage/*.so
