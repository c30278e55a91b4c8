# Two commands do everything on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test check lint test-tools validate serve golden schema messages i18n-status bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "guidesite needs Python 3.11 or newer (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/guidesite build

# The second engine too (tests/outputs/test_engines.py compares its site with MkDocs'; on CI it must run).
test: $(STAMP) test-tools lint
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[zensical]' \
	  || echo "make test: could not install zensical; tests/outputs/test_engines.py will say so (and fail on CI)"
	$(BIN)/python -m pytest

# The inner loop while coding (well under a minute): style and types, then every test that does
# not build a whole site, start a server or a browser, spread over the cores (pytest-xdist). Not
# for `make test`: each worker would build the slow tests' shared sites again.
check: $(STAMP) lint
	$(BIN)/python -m pytest -m "not slow" -n auto

# Style and types are held by tools, not by reviewers: ruff (lint and format) and mypy.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# What the browser and accessibility tests (tests/browser/) drive, outside the venv: Debian's
# Chromium (installed only as root where apt-get exists and it is missing; Playwright's own
# browser download is never used) and axe-core from npm, into build/node (git-ignored).
# Without them those tests skip and say why, except on CI ($$CI set), where they fail.
AXE := build/node/node_modules/axe-core/axe.min.js
test-tools:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  || echo "make test: could not install chromium with apt-get; the browser tests will say so"; fi
	@if [ ! -f $(AXE) ] && command -v npm >/dev/null 2>&1; then \
	  npm install --no-save --no-audit --no-fund --silent --prefix build/node axe-core@4.10 \
	  || echo "make test: could not install axe-core with npm; the accessibility tests will say so"; fi

# `make validate VALIDATE_ARGS="--format github"` in CI, `--lang en` for English messages.
validate: $(STAMP)
	$(BIN)/guidesite validate $(VALIDATE_ARGS)

serve: $(STAMP)
	$(BIN)/guidesite serve

# Extract new or changed strings into locales/*/LC_MESSAGES/*.po (zh-Hant converted by
# generator/i18n/hant.py); translators then fill in what `make i18n-status` reports as pending.
messages: $(STAMP)
	$(BIN)/guidesite i18n-update

# A report, never a failure: `make i18n-status I18N_ARGS="--list"` lists every pending string
# with its source location; CI adds `--format github` for the pull request's summary.
i18n-status: $(STAMP)
	$(BIN)/guidesite i18n-status $(I18N_ARGS)

# Rewrite the golden files in tests/golden/ from the current templates (review the diff!).
golden: $(STAMP)
	$(BIN)/python -m pytest tests/outputs/test_render.py --update-golden

# Rewrite schema/*.schema.json from generator/core/model.py (a test fails when they differ).
schema: $(STAMP)
	$(BIN)/guidesite schema

# Benchmarks (not part of the tests): the build at 1x and 10x the shipped guides against one
# MkDocs process with mkdocs-static-i18n; what PDFs cost (per page, the whole build with and
# without PDFs side by side, a rebuild after a one-province edit); the live preview's time from
# a save to the served change; what hostile input costs within the bounds; the bytes one plan of the plan page fetches; and what a phone fetches and search
# answers (Chromium). Figures are written to benchmarks/RESULTS.md, RESULTS-pdf.md,
# RESULTS-serve.md, RESULTS-bounds.md, RESULTS-plan.md and RESULTS-reader.md.
bench: $(STAMP) test-tools
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/build_bench.py
	$(BIN)/python benchmarks/pdf_bench.py
	$(BIN)/python benchmarks/serve_bench.py
	$(BIN)/python benchmarks/bounds_bench.py
	$(BIN)/python benchmarks/plan_bench.py
	$(BIN)/python benchmarks/reader_bench.py

clean:
	rm -rf site build $(VENV)
