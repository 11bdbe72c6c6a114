# One entry point: `make serve` to read the site locally, `make test` to run every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STDLIB_PYC := .cache/pyodide/python_stdlib.zip
export NO_MKDOCS_2_WARNING := 1

NGINX := /usr/sbin/nginx

.PHONY: setup serve build preview test test-durations test-fast test-on-date bench facts lock clean

# requirements.lock is requirements.txt with each file's hash (make lock): a file that changed on the index stops
# the install, and so does a dependency missing from the pins.
$(VENV)/.installed: requirements.txt requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	# Make the repository root importable (calculators/, hooks/) for mkdocs and pytest.
	$(PY) -c "import pathlib, site; pathlib.Path(site.getsitepackages()[0], 'wangshangdai_help.pth').write_text('$(CURDIR)\n')"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The standard library as bytecode from the pinned Pyodide itself (four of its own files patched so asyncio is
# imported on first use: scripts/pyodide_patches.py), trimmed to what the calculators import,
# and the runtime files precompressed for the web server: the calculators start faster (make bench).
$(STDLIB_PYC): $(VENV)/.installed node_modules/.installed scripts/precompile_stdlib.mjs scripts/pyodide_patches.py $(wildcard calculators/*.py) $(wildcard data/*.yml)
	node scripts/precompile_stdlib.mjs $@

/usr/bin/chromium:
	# Debian's Chromium and a Chinese font for the browser tests (root, as on CI).
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk

$(NGINX):
	# Debian's nginx with the brotli modules: the server the site is deployed with (deploy/nginx.conf).
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx \
		libnginx-mod-http-brotli-static libnginx-mod-http-brotli-filter

setup: $(VENV)/.installed node_modules/.installed $(STDLIB_PYC)

build: setup
	$(VENV)/bin/mkdocs build --strict

serve: setup
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT) --livereload

# The built site through nginx with the repository's configuration, as deployed.
preview: build $(NGINX)
	$(PY) deploy/preview.py site --port $(PORT)

# Two pytest workers (pytest-xdist), each test file whole on one of them (its module fixtures: one booted tab, one
# crawl); each worker builds and serves its own copy of the site. On 2 cores the browser waits of one overlap the
# other's work (README "Tests" has the figures). PYTEST_WORKERS=0 runs the suite in one process.
# Files go to the workers longest first, as measured in tests/durations.json (`make test-durations` rewrites it).
PYTEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: setup /usr/bin/chromium $(NGINX)
	$(PYTEST)

# The whole suite, then each test file's seconds into tests/durations.json (commit it: it orders the files).
test-durations: setup /usr/bin/chromium $(NGINX)
	WRITE_TEST_DURATIONS=1 $(PYTEST)

test-fast: setup
	$(PYTEST) -m "not browser"

# The whole suite with the clock of every process (Python, Node, Chromium) moved to TEST_DATE by Debian's
# libfaketime: the tests must pass on any day, month ends and 29 February included.
TEST_DATE ?= 2027-01-31
LIBFAKETIME := /usr/lib/$(shell uname -m)-linux-gnu/faketime/libfaketime.so.1
test-on-date: setup /usr/bin/chromium $(NGINX) $(LIBFAKETIME)
	LD_PRELOAD=$(LIBFAKETIME) FAKETIME="@$(TEST_DATE) 10:00:00" $(PYTEST)

$(LIBFAKETIME):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends faketime

# Every source with its class, and every fact not yet on a primary or official-media source (README "Facts").
facts: $(VENV)/.installed
	$(PY) -m hooks.data.facts_report

bench: setup /usr/bin/chromium $(NGINX)
	$(PY) scripts/bench_runtime.py

# After any change to requirements.txt: pin the hashes of the files it installs (commit both files).
lock:
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) scripts/lock_requirements.py

clean:
	rm -rf site .pytest_cache .cache
