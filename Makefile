# The two commands of README.md: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# make run is the development site: DEBUG on, demo data allowed.
DEV_ENV := DEBUG=true

.PHONY: run test lint messages vendor clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	@echo "Installing the requirements into $(VENV) (the first time only, about a minute)…"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar on -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo
	$(DEV_ENV) $(PY) manage.py runserver $(HOST)

# The suite shared by two processes (pytest-xdist, each with its own test database and
# Redis database), then alone what must have the machine to itself (-m serial: restarting
# PostgreSQL cuts every connection). PYTEST_ARGS goes to both (paths, -k), MARKS joins
# both runs' marker expression (MARKS="not fuzz"): a second -m would replace it.
# Exit 5 is "none selected".
TEST_WORKERS ?= 2
MARKED = $(if $(MARKS), and ($(MARKS)))
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(PY) scripts/check_layers.py
	$(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not serial$(MARKED)" $(PYTEST_ARGS)
	$(VENV)/bin/pytest -p no:xdist -m "serial$(MARKED)" $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Re-extract translatable strings and compile the English catalogue (needs gettext).
messages: $(VENV)/.installed-dev
	$(DEV_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	$(DEV_ENV) $(PY) manage.py compilemessages -l en -l zh_Hans --ignore=.venv

vendor:
	./scripts/vendor.sh

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
