# Two commands on a fresh machine:
#   make run   - installs into .venv and opens the program on the built-in sample
#   make test  - installs everything (system packages too, where allowed) and runs every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
endif
SAMPLE := resources/samples/sample-return.json

.PHONY: run test install system-deps bench screenshots bundle check-bundle clean

$(BIN)/backoffice: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(BIN)/backoffice

run: install
	$(BIN)/backoffice open $(SAMPLE)

system-deps:
	bash packaging/install-system-deps.sh

test: install system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop.screenshots docs/screenshots

# The one-folder bundle for Windows desktops (packaging/README.md): built, stripped
# (Linux), and its SHA-256 manifest written beside it, dist/BackOfficeReturn.sha256.
bundle: install
	$(BIN)/python -m pip install -q -e ".[bundle]"
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/backoffice.spec
	$(BIN)/python packaging/strip_bundle.py dist/BackOfficeReturn
	$(BIN)/python packaging/manifest.py dist/BackOfficeReturn

# The bundle's self-test from a read-only copy, as an unprivileged user (CI: .ci/run).
check-bundle: bundle
	bash packaging/check-bundle.sh dist/BackOfficeReturn $(BIN)/python

clean:
	rm -rf $(VENV) build dist .pytest_cache
