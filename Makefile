# Two commands do everything on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test validate serve golden schema messages i18n-status clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "guidesite needs Python 3.11 or newer (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/guidesite build

test: $(STAMP)
	$(BIN)/python -m pytest

# `make validate VALIDATE_ARGS="--format github"` in CI, `--lang en` for English messages.
validate: $(STAMP)
	$(BIN)/guidesite validate $(VALIDATE_ARGS)

serve: $(STAMP)
	$(BIN)/guidesite serve

# Extract new or changed strings into locales/*/LC_MESSAGES/*.po (zh-Hant converted by OpenCC);
# translators then fill in what `make i18n-status` reports as fuzzy or missing.
messages: $(STAMP)
	$(BIN)/guidesite i18n-update

i18n-status: $(STAMP)
	$(BIN)/guidesite i18n-status

# Rewrite the golden files in tests/golden/ from the current templates (review the diff!).
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_render.py --update-golden

# Rewrite schema/*.schema.json from generator/model.py (a test fails when they differ).
schema: $(STAMP)
	$(BIN)/guidesite schema

clean:
	rm -rf site build $(VENV)
