# Two commands on a fresh machine that has python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po locale/oscar/*/LC_MESSAGES/django.po))

.PHONY: setup run test demo lint format browser stack-tools stack clean bench-search bench bench-feeds bench-paint bench-report

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

# The task worker (emails, notices, periodic jobs) runs beside the web server
# and stops with it.
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py search_rebuild --verbosity 0
	$(PY) manage.py tasks_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
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

# The stack run (tests/stack) needs haproxy besides PostgreSQL and Redis; as
# root we install it, otherwise the stack run skips.
stack-tools:
	@if ! command -v haproxy >/dev/null || ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy redis-server >/dev/null; \
		else echo "haproxy or redis-server missing and not root: the stack run will skip"; fi; \
	fi

# The production stack with faults (PostgreSQL leg only; writes docs/OPERATIONS.md).
stack: setup stack-tools
	STACK_RUN=1 $(PY) -m pytest tests/stack -p no:randomly -x $(PYTEST_ARGS)

test: setup browser stack-tools node_modules/.installed
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

# Merchant feeds (RSS with g: and CSV) at 100k products; figures into docs/PERFORMANCE.md.
bench-feeds: setup
	$(PY) -m tests.perf.bench_feeds $(BENCH_ARGS)
# First paint of shopper pages on a throttled phone (Chromium); table into docs/PERFORMANCE.md.
bench-paint: setup browser
	$(PY) -m tests.perf.bench_paint $(BENCH_ARGS)

# The marketplace report at 100k orders on PostgreSQL (database bench_report,
# kept between runs); figure into docs/PERFORMANCE.md.
bench-report: setup
	$(PY) -m tests.perf.bench_report $(BENCH_ARGS)
