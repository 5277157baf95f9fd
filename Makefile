# anakinra-edu — education only; check every number against current labeling.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ROOM_STAMP := $(VENV)/.installed-room
PROXY := .hub/node_modules/.bin/configurable-http-proxy
AXE_VERSION := 4.14.1
AXE := .axe/node_modules/axe-core/axe.min.js
VEGA_PACKAGES := vega@5.33.1 vega-lite@5.23.0 vega-embed@6.29.0
VEGA_STATIC := anakinra_edu/teach/static
VEGA := $(VEGA_STATIC)/vega-embed.min.js
TABLE_CACHE := data/.validated-tables.marshal

.PHONY: lab test test-room lint bench clean outputs notebooks app serve hub room fuzz data-readme site test-site mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet uv || true

$(STAMP): pyproject.toml | $(BIN)/python $(VEGA)
	@if [ -x $(BIN)/uv ]; then UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --quiet --python $(BIN)/python -e .; \
	else $(BIN)/python -m pip install --quiet -e .; fi
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python $(VEGA)
	@if [ -x $(BIN)/uv ]; then UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'; \
	else $(BIN)/python -m pip install --quiet -e '.[test]'; fi
	touch $@ $(STAMP)

$(ROOM_STAMP): pyproject.toml | $(BIN)/python
	@if [ -x $(BIN)/uv ]; then UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[room]'; \
	else $(BIN)/python -m pip install --quiet -e '.[room]'; fi
	touch $@

## JupyterHub's proxy (npm), in the project's .hub/ folder (gitignored)
$(PROXY):
	npm install --quiet --no-audit --no-fund --prefix .hub configurable-http-proxy@5

## The dashboards' chart renderer (Vega, Vega-Lite, Vega-Embed from npm, pinned, BSD-3-Clause), copied into the
## package (gitignored; the wheel carries it): charts are drawn in the page with nothing fetched at run time
$(VEGA): Makefile
	npm install --quiet --no-audit --no-fund --prefix .vega $(VEGA_PACKAGES)
	mkdir -p $(VEGA_STATIC)
	set -e; for p in vega vega-lite vega-embed; do cp .vega/node_modules/$$p/build/$$p.min.js $(VEGA_STATIC)/; \
		node -p "const j = require('./.vega/node_modules/$$p/package.json'); j.name + ' ' + j.version + ': ' + \
		j.license + ' (from its package.json)'" > $(VEGA_STATIC)/$$p.LICENSE.txt; \
		if [ -f .vega/node_modules/$$p/LICENSE ]; then cat .vega/node_modules/$$p/LICENSE >> $(VEGA_STATIC)/$$p.LICENSE.txt; fi; \
	done
	touch $@

## The tables validated once and stored beside them (gitignored); the loader uses the file only while it matches
## the tables' bytes, and never writes it
$(TABLE_CACHE): data/*.csv | $(STAMP)
	$(BIN)/python -c "import sys; from anakinra_edu.knowledge.table_cache import main; sys.exit(main([]))"

## axe-core (npm, pinned) for the browser tests' accessibility scan, in the project's .axe/ folder (gitignored);
## the tests read it from there and inject it into the page: nothing is fetched at test time
$(AXE): Makefile
	npm install --quiet --no-audit --no-fund --prefix .axe axe-core@$(AXE_VERSION)
	touch $@

## make lab: install if needed and open JupyterLab on notebooks/ (127.0.0.1, token on), with the classroom
## settings of jupyter-config/ (no news pop-up, no news or update requests); LAB_ARGS adds options. The test
## extra brings jupytext: saving a notebook in Lab also writes its paired .md (and the reverse)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS ?=
lab: $(TEST_STAMP)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(ROOT_FLAG) $(LAB_ARGS)

## make test: install with the test extra (and axe-core for the accessibility scan), then ruff, mypy
## ([tool.mypy] files) and the whole pytest suite (nbval included)
test: $(TEST_STAMP) $(AXE) $(TABLE_CACHE)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not room" --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

## make test-room: the workshop hub started for real (JupyterHub + proxy on free 127.0.0.1 ports, three trainees)
test-room: $(TEST_STAMP) $(ROOM_STAMP) $(PROXY)
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser/test_hub.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## make data-readme: regenerate the table reference in data/README.md from data/schema.csv
data-readme: $(STAMP)
	$(BIN)/python -m anakinra_edu.knowledge.readme

## make bench: performance figures (not part of make test)
bench: $(TEST_STAMP) $(TABLE_CACHE)
	$(BIN)/python -m compileall -q anakinra_edu
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/dashboard_latency.py
	$(BIN)/python benchmarks/suite_times.py

## make room N=30 SERVER=voila|hub: N trainees arriving in the same second (see benchmarks/room_load.py)
N ?= 30
SERVER ?= voila
room: $(TEST_STAMP) $(ROOM_STAMP) $(PROXY) $(TABLE_CACHE)
	$(BIN)/python benchmarks/room_load.py $(SERVER) $(N)

## make fuzz: 10,000 generated patients per indication
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py

## make mutation: mutation testing of dosing/ and kidney.py with the step tests (not part of make test; see
## benchmarks/mutation.md). mutmut is installed here, pinned, not in the test extra. One worker, lowest priority.
MUTMUT_VERSION := 3.8.1
MUTMUT_STAMP := $(VENV)/.installed-mutmut-$(MUTMUT_VERSION)
$(MUTMUT_STAMP): | $(TEST_STAMP)
	@if [ -x $(BIN)/uv ]; then UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --quiet --python $(BIN)/python mutmut==$(MUTMUT_VERSION); \
	else $(BIN)/python -m pip install --quiet mutmut==$(MUTMUT_VERSION); fi
	touch $@

mutation: $(TEST_STAMP) $(MUTMUT_STAMP)
	rm -rf mutants
	PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 nice -n 19 $(BIN)/mutmut run --max-children 1
	$(BIN)/python benchmarks/mutation_summary.py

## make notebooks: each notebook's text (notebooks/NN_name.md, MyST Markdown) converted to its .ipynb and
## executed top to bottom, outputs stored for nbval and Voilà (an .ipynb edited without the pairing is kept)
notebooks: $(TEST_STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.md

## make outputs: the same (re-execute every notebook from its text)
outputs: notebooks

## make serve: every dashboard in app mode (Voilà, code hidden) on 127.0.0.1, landing page 00_start_here
## (HOST=0.0.0.0 PORT=8866 make serve to open it to a room, with a warning). A room arriving together:
## POOL=30 ROOM=01_dosing_explorer.ipynb make serve keeps 30 kernels ready for that notebook (about 115 MB
## each; README: Room figures)
HOST ?= 127.0.0.1
PORT ?= 8866
POOL ?= 1
ROOM ?= 00_start_here.ipynb
serve: $(STAMP) $(TABLE_CACHE)
	$(BIN)/anakinra-edu serve --host $(HOST) --port $(PORT) --notebooks notebooks --pool-size $(POOL) \
		--room-notebook $(ROOM)

app: serve

## make hub: JupyterHub for a room on this machine; needs ANAKINRA_EDU_ROOM_PASSWORD (12+ characters)
## (HOST=0.0.0.0 HUB_PORT=8000 make hub to open it to the room network)
HUB_PORT ?= 8000
hub: $(ROOM_STAMP) $(PROXY) $(TABLE_CACHE)
	$(BIN)/anakinra-edu hub --host $(HOST) --port $(HUB_PORT) --notebooks notebooks


## make site: the dashboards as a static site in site/ (Voici, Pyodide in the browser, no server, no CDN).
## Build tools live in .site-venv/ (not runtime dependencies); downloads from npm and PyPI are cached in .cache/site/.
SITE_VENV := .site-venv
SITE_TOOLS := voici-core==0.10.0 jupyterlite-core==0.7.0 jupyterlite-pyodide-kernel==0.7.0 jupyter_server \
	jupyterlab_widgets==3.0.17 anywidget==0.11.0 hatchling pip
$(SITE_VENV)/.installed: Makefile | $(BIN)/python
	$(PYTHON) -m venv $(SITE_VENV)
	@if [ -x $(BIN)/uv ]; then UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip install --quiet --python $(SITE_VENV)/bin/python $(SITE_TOOLS); \
	else $(SITE_VENV)/bin/python -m pip install --quiet $(SITE_TOOLS); fi
	touch $@

site: $(SITE_VENV)/.installed $(VEGA)
	$(SITE_VENV)/bin/python tools/build_site.py

## make test-site: build site/, serve it with a plain static server and drive it in Chromium (offline)
test-site: site $(TEST_STAMP)
	ANAKINRA_EDU_REQUIRE_SITE=1 $(BIN)/python -m pytest -p no:cacheprovider tests/browser/test_site.py

clean:
	rm -rf $(VENV) $(SITE_VENV) build dist site .pytest_cache .hub .axe .vega $(VEGA_STATIC) mutants
