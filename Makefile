# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app tracker
#: The port `make run` serves on: `make run PORT=8080` when 5000 is taken.
PORT ?= 5000

.PHONY: run test venv migrate demo lint browser-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

run: demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the browser tests, and axe-core from the npm registry for the accessibility scan.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund

#: Test processes (pytest-xdist): one per core of the usual 2-core machine; `make test JOBS=1` runs in one process.
JOBS ?= 2

test: venv browser-deps
	$(PY) -m pytest -n $(JOBS)

lint: venv
	$(VENV)/bin/ruff check tracker tests benchmarks

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache
