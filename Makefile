# Two commands do everything on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site test validate serve golden clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "guidesite needs Python 3.11 or newer (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/guidesite build

test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/guidesite validate

serve: $(STAMP)
	$(BIN)/guidesite serve

# Rewrite the golden files in tests/golden/ from the current templates (review the diff!).
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_render.py --update-golden

clean:
	rm -rf site build $(VENV)
