VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install demo test lint sanity format docs clean diagnose-eval

$(VENV)/bin/activate:
	python3 -m venv $(VENV)

install: $(VENV)/bin/activate
	$(VENV)/bin/pip install -q -e '.[test]'

demo: install
	$(VENV)/bin/orchestrate lab demo

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

sanity: install
	$(PY) .ci/ansible_sanity.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

docs: install
	$(PY) -m orchestrator.docs_gen
	$(PY) -m orchestrator.catalog.docs > docs/troubleshooting.md

# Precision and recall of `orchestrate diagnose` per family on the corpus's measure half
# (tests/diagnose_corpus/README.md); HALF=development for the half rules are written from.
HALF ?= measure
diagnose-eval: install
	$(PY) tests/diagnose_corpus/evaluate.py --half $(HALF) --show-misses

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
