# The two commands: `make run` and `make test`. Each sets up everything it needs on a machine
# that has only Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=marketplace $(BIN)/flask
CATALOGUES := $(wildcard marketplace/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run test install install-test install-bench install-locked install-lint lint lock translations extract bench ci clean

run: install translations
	$(FLASK) db upgrade
	FLASK_DEBUG=1 FLASK_DEMO_MODE=true $(FLASK) demo ensure
	FLASK_DEBUG=1 FLASK_DEMO_MODE=true $(FLASK) run --host 127.0.0.1 --port 5000

test: install-test translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install-bench: $(VENV)/.installed-bench
$(VENV)/.installed-bench: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $(VENV)/.installed $@

# Exactly the versions of requirements.lock, each checked against its hash (CI's way in).
install-locked: $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(VENV)/.installed $(VENV)/.installed-test $(VENV)/.installed-lint

install-lint: $(VENV)/.installed-lint
$(VENV)/.installed-lint: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,lint]"
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# Static checks: ruff and bandit (settings in pyproject.toml); any finding fails.
lint: install-lint
	$(BIN)/ruff check marketplace matching
	$(BIN)/bandit -q -c pyproject.toml -r marketplace matching

# Refresh requirements.lock after changing a requirement in setup.cfg: every package of the test,
# lint and contract extras pinned with its hashes (pip-tools, from the index pip is set up with).
lock: install-lint
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --extra test --extra lint --extra contract --output-file requirements.lock setup.cfg

translations: $(COMPILED)
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# Refresh the catalogues after changing strings: extract, then merge into vi and en.
extract: install
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs ".* __pycache__ build" -k _l -k lazy_ngettext:1,2 -o marketplace/translations/messages.pot .
	$(BIN)/pybabel update -i marketplace/translations/messages.pot -d marketplace/translations --no-fuzzy-matching

bench: install-bench translations
	$(BIN)/python bench/bench_ranking.py
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_import.py

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) build *.egg-info
