# roadmap-ingest: `make run` and `make test` work on a fresh Debian machine with Python 3.11.
# Both bootstrap .venv, install the package and any missing system packages, then do their job.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# the sample orders (samples/gold holds their hand-checked expected output, not inputs)
SAMPLES := $(wildcard samples/*.txt samples/*.docx samples/*.pdf)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench system clean fuzz

run: $(STAMP)
	$(VENV)/bin/roadmap-ingest run $(SAMPLES) --out out
	$(VENV)/bin/roadmap-ingest report out --html out/report.html

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/run_all.py

# atheris (libFuzzer) on the four entry points of fuzz/targets.py, FUZZ_SECONDS each; a crashing
# input is kept in tests/fuzz_corpus/<target>/ for the regression test. Fails when one crashed.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= text_dump table_assembly deadline executors
fuzz: $(STAMP)
	$(PY) -c "import atheris" 2>/dev/null || $(PY) -m pip install -q -e '.[fuzz]'
	@status=0; for t in $(FUZZ_TARGETS); do \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  $(PY) fuzz/run.py $$t --seconds $(FUZZ_SECONDS) || status=1; \
	done; exit $$status

# Debian packages the pipeline calls: tesseract with Russian data (scans), poppler (PDF tools),
# LibreOffice Writer (DOC/ODT/RTF), python3-venv (the bootstrap itself), Chromium (the report tests
# open the HTML report in it). Only what is missing.
system:
	@missing=""; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	(tesseract --list-langs 2>/dev/null | grep -qx rus) || missing="$$missing tesseract-ocr-rus"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	(command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1) || missing="$$missing libreoffice-writer-nogui"; \
	$(PYTHON) -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml | system
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dask]'
	touch $(STAMP)

clean:
	rm -rf out .pytest_cache build *.egg-info
