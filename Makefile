# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENTANGLE := $(BIN)/entangle
STAMP := $(VENV)/.installed

# `make test` owns a second Neo4j on its own port and folder: it never touches `make run`'s graph.
# TEST_PORT moves it, so that several checkouts on one machine can each run their own.
TEST_PORT ?= 7688
TEST_ENV := NEO4J_URI=bolt://127.0.0.1:$(TEST_PORT) ENTANGLE_HOME=.entangle-test NEO4J_PASSWORD=entangle-test-only

.PHONY: install vendor browser proxy run test test-routing test-model test-faults lint lint-schema format db-start db-stop bench bench-ingest bench-ui schema docs clean \
	eval-matching eval-matching-baseline

install: $(STAMP) vendor
$(STAMP): pyproject.toml setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# setuptools says every editable install of a mapped layout may be shadowed by a folder
	@# named like the package; there is none (the namespace is entanglements).
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The web app's front-end libraries: npm installs them from package-lock.json, and their
# built files are copied into the Python package (api/web/static/vendor/, package data), so
# the server serves them itself and no page loads anything from another host.
VENDOR := api/web/static/vendor
VENDOR_FILES := \
	node_modules/cytoscape/dist/cytoscape.esm.min.mjs:cytoscape.esm.min.js \
	node_modules/react/umd/react.production.min.js:react.production.min.js \
	node_modules/react-dom/umd/react-dom.production.min.js:react-dom.production.min.js \
	node_modules/graphiql/graphiql.min.js:graphiql.min.js \
	node_modules/graphiql/graphiql.min.css:graphiql.min.css

vendor: $(VENDOR)/.copied
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
$(VENDOR)/.copied: node_modules/.package-lock.json Makefile
	mkdir -p $(VENDOR)
	@for pair in $(VENDOR_FILES); do cp "$${pair%%:*}" "$(VENDOR)/$${pair##*:}"; done
	touch $@

# The browser tests drive Debian's Chromium through its chromedriver (nothing downloads a browser).
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "Installing Debian's chromium, chromium-driver and a CJK font for the browser tests (apt-get)."; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-wqy-zenhei; \
	fi

# The multi-instance test (tests/deploy/) puts Debian's nginx in front of several
# `entangle serve` (deploy/nginx.conf); it runs nginx itself, in the foreground, on free ports.
proxy:
	@if ! command -v nginx >/dev/null && ! test -x /usr/sbin/nginx; then \
		echo "Installing Debian's nginx for the multi-instance test (apt-get)."; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx; \
	fi

run: install
	$(ENTANGLE) db start
	$(ENTANGLE) db migrate
	$(ENTANGLE) ingest data/seed/
	@echo "Anonymous requests get the 'reader' role (ENTANGLE_ANONYMOUS_ROLE=reader) for local use."
	@echo "The app: http://127.0.0.1:8000/  (GraphiQL: http://127.0.0.1:8000/graphql)"
	ENTANGLE_ANONYMOUS_ROLE=$${ENTANGLE_ANONYMOUS_ROLE:-reader} $(ENTANGLE) serve

# mypy cannot follow the editable install's import hook: give it the namespace as links.
TYPECHECK := build/typecheck/entanglements
LAYERS := core ingest api cli cypher

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p $(TYPECHECK) && for layer in $(LAYERS); do ln -sfn ../../../$$layer $(TYPECHECK)/$$layer; done
	$(BIN)/mypy

# The exported schema against graphql-schema-linter (npm lockfile; rules in
# .graphql-schema-linterrc, the four left out are explained in docs/api.md).
lint-schema: vendor
	node_modules/.bin/graphql-schema-linter

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Each run starts from an empty test graph; within a run, tests isolate by id prefix. After
# the suite, `db check` verifies the graph's invariants on everything the tests wrote: the
# target fails when the tests fail or when any invariant does (each its own recipe line).
test: lint lint-schema browser proxy
	$(TEST_ENV) $(ENTANGLE) db start
	$(TEST_ENV) $(ENTANGLE) db reset --yes
	$(TEST_ENV) $(ENTANGLE) db migrate
	$(TEST_ENV) $(BIN)/pytest -m "not faults" $(PYTEST_ARGS)
	$(TEST_ENV) $(ENTANGLE) db check

# The whole suite again through the routing driver (neo4j://), against the same single
# server: every read must run with READ access and every write with WRITE access, which
# Neo4j enforces on one server as a cluster's followers would (core/db/database.py).
ROUTING_ENV := NEO4J_URI=neo4j://127.0.0.1:$(TEST_PORT) ENTANGLE_HOME=.entangle-test NEO4J_PASSWORD=entangle-test-only
# It starts from an empty graph, as `make test` does. The bulk import's comparison is left
# out: `entangle db import` refuses a routing URI (it writes a local server's store files)
# and that test runs its own server on its own bolt:// port whatever NEO4J_URI says.
test-routing: install browser proxy
	$(TEST_ENV) $(ENTANGLE) db start
	$(TEST_ENV) $(ENTANGLE) db reset --yes
	$(TEST_ENV) $(ENTANGLE) db migrate
	$(ROUTING_ENV) $(BIN)/pytest -m "not faults" --ignore=tests/ingest/test_bulk_import.py $(PYTEST_ARGS)
	$(ROUTING_ENV) $(ENTANGLE) db check

# The model-based test of identity and corrections (tests/core/resolution/test_model.py) with
# more sequences than `make test` runs (MODEL_EXAMPLES; seeded, so a failure reproduces).
MODEL_EXAMPLES ?= 1000
test-model: install
	$(TEST_ENV) $(ENTANGLE) db start
	$(TEST_ENV) $(ENTANGLE) db migrate
	$(TEST_ENV) ENTANGLE_MODEL_EXAMPLES=$(MODEL_EXAMPLES) $(BIN)/pytest -m model $(PYTEST_ARGS)

test-faults: install
	$(TEST_ENV) $(ENTANGLE) db start
	$(TEST_ENV) $(ENTANGLE) db migrate
	$(TEST_ENV) $(BIN)/pytest -m faults $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: no fault tests selected

db-start: install
	$(ENTANGLE) db start

db-stop: install
	$(ENTANGLE) db stop

# `make bench-ingest` owns a third Neo4j (port 7689, .entangle-bench/), emptied by the benchmark.
BENCH_ENV := NEO4J_URI=bolt://127.0.0.1:7689 ENTANGLE_HOME=.entangle-bench NEO4J_PASSWORD=entangle-bench-only
BENCH_ENTITIES ?= 200000
BENCH_RELATIONSHIPS ?= 600000

bench-ingest: install
	$(BENCH_ENV) $(ENTANGLE) db start
	$(BENCH_ENV) BENCH_ENTITIES=$(BENCH_ENTITIES) BENCH_RELATIONSHIPS=$(BENCH_RELATIONSHIPS) \
		$(BIN)/python -m bench.ingest_bench; status=$$?; $(BENCH_ENV) $(ENTANGLE) db stop; exit $$status

# `make bench SCALE=small|full`: its own Neo4j (port 7692, .entangle-bench-$(SCALE)/),
# reset before loading and stopped at the end; writes bench/results/$(SCALE).json and the table
# in docs/performance.md. Every figure is the median of RUNS runs, with the spread; the graph
# is loaded INGEST_RUNS times, by LOAD=import (`entangle db import`, end to end) or
# LOAD=ingest (the transactional ingest; its median of three is `make bench-ingest`).
SCALE ?= small
RUNS ?= 3
INGEST_RUNS ?= 1
LOAD ?= import

bench: install
	$(BIN)/python -m bench.run --scale $(SCALE) --runs $(RUNS) --ingest-runs $(INGEST_RUNS) --load $(LOAD)

# `make bench-ui`: the exposure page with 500 nodes in Chromium (docs/ui.md); the test Neo4j.
bench-ui: install browser
	$(TEST_ENV) $(ENTANGLE) db start
	$(TEST_ENV) $(BIN)/python -m bench.ui_bench

# The matcher over a labelled set built from ../shared/data (docs/screening.md): precision,
# recall, F1 at the threshold, the PR curve; writes bench/results/matching.json.
eval-matching: install
	$(BIN)/python -m bench.matching.evaluate

# The same pairs through nomenklatura's logic-v2 (the reference), from its own venv.
NK_VENV := bench/work/nomenklatura-venv
# It scores the pairs eval-matching wrote (bench/work/matching-pairs.jsonl).
eval-matching-baseline:
	test -f bench/work/matching-pairs.jsonl || $(MAKE) eval-matching
	test -x $(NK_VENV)/bin/python || $(PYTHON) -m venv $(NK_VENV)
	$(NK_VENV)/bin/pip install -q nomenklatura==4.17.4
	PYTHONPATH=. $(NK_VENV)/bin/python -m bench.matching.baseline

schema: install
	$(BIN)/python -m entanglements.api.export_schema > api/schema.graphql

docs: install
	$(BIN)/python -m entanglements.core.saved_queries.docs > docs/queries.md

clean:
	-$(TEST_ENV) $(ENTANGLE) db stop
	-$(ENTANGLE) db stop
	rm -rf $(VENV) .entangle .entangle-test .mypy_cache .ruff_cache .pytest_cache
