# Two commands on a fresh machine that has python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po locale/oscar/*/LC_MESSAGES/django.po))

.PHONY: setup run test demo lint format browser clean bench-search bench bench-paint

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e ".[test]"
	touch $@

%.mo: %.po | $(VENV)/.installed
	$(VENV)/bin/pybabel compile -i $< -o $@ >/dev/null

setup: $(VENV)/.installed $(MO_FILES)

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py search_rebuild --verbosity 0
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py search_rebuild --verbosity 0

# Browser journeys need Debian's chromium; as root we install it, otherwise they skip.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v zbarimg >/dev/null || ! command -v pdftoppm >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zbar-tools poppler-utils fonts-dejavu-core >/dev/null; \
		else echo "chromium, zbar-tools or poppler-utils missing and not root: their tests will skip"; fi; \
	fi

# digital-link.js (npm) checks our GS1 Digital Link URIs in the tests.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm missing: the digital-link.js test will skip"; fi

test: setup browser node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS); status=$$?; [ $$status -eq 5 ] && exit 0 || exit $$status

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var .test-db.sqlite3 media

# Search at 100k products on the embedded backend; figures into docs/PERFORMANCE.md.
BENCH_ARGS ?=
bench-search: setup
	$(PY) -m tests.perf.bench_search $(BENCH_ARGS)

# Load over HTTP with wrk, side by side with stock Oscar 4.2; table into docs/PERFORMANCE.md.
bench: setup
	$(PY) -m tests.perf.bench $(BENCH_ARGS)

# First paint of shopper pages on a throttled phone (Chromium); table into docs/PERFORMANCE.md.
bench-paint: setup browser
	$(PY) -m tests.perf.bench_paint $(BENCH_ARGS)
