# Two commands a newcomer needs: `make build` and `make test`. Both install what they need first.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HASH := $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")

.PHONY: build test check serve clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site-$(HASH): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-$(HASH): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## build: install the generator, then build the site from content/ into output/
build: $(VENV)/.site-$(HASH)
	$(VENV)/bin/jobboard build $(ARGS)

## check: report every problem in config.yaml and content/ without writing anything
check: $(VENV)/.site-$(HASH)
	$(VENV)/bin/jobboard check $(ARGS)

## serve: live preview on http://127.0.0.1:8000/
serve: $(VENV)/.site-$(HASH)
	$(VENV)/bin/jobboard serve $(ARGS)

## test: install the generator, its test tools and Chromium, then run the whole test suite
test: $(VENV)/.test-$(HASH)
	bash scripts/install-browser
	$(PY) -m pytest $(ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: the suite is missing" >&2; exit 1; fi; exit $$status

clean:
	rm -rf output .output.* $(VENV) .pytest_cache
