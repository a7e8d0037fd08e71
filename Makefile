# Two commands a newcomer needs: `make build` and `make test`. Both install what they need first.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
hash = $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('$(1)','rb').read()).hexdigest()[:12])")
HASH := $(call hash,pyproject.toml)
NPM_HASH := $(call hash,package-lock.json)
# The design system's CSS, JavaScript and icons for the site; axe-core and the Nu Html Checker for the tests.
# --ignore-scripts: vnu-jar's install script would fetch a Java of its own; the machine's Java runs it.
NPM_CI := npm ci --ignore-scripts --no-audit --no-fund

.PHONY: build test test-quick test-ahead check serve clean npm

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

npm:
	@command -v npm >/dev/null || { echo "npm is needed for the nhsuk theme's assets: install Node.js 20 or newer" >&2; exit 1; }

# The site needs only the design system; a test install (below) already has it.
node_modules/.site-$(NPM_HASH): package.json package-lock.json | npm
	if [ ! -f node_modules/.test-$(NPM_HASH) ]; then $(NPM_CI) --omit=dev; fi
	touch $@

node_modules/.test-$(NPM_HASH): package.json package-lock.json | npm
	$(NPM_CI)
	touch $@ node_modules/.site-$(NPM_HASH)

SITE_TOOLS := $(VENV)/.site-$(HASH) node_modules/.site-$(NPM_HASH)
TEST_TOOLS := $(VENV)/.test-$(HASH) node_modules/.test-$(NPM_HASH)

## build: install jobboard, Pagefind and the NHS.UK frontend assets, then build the site (search index included) into output/
build: $(SITE_TOOLS)
	$(VENV)/bin/jobboard build $(ARGS)

## check: report every problem in config.yaml and content/ without writing anything
check: $(SITE_TOOLS)
	$(VENV)/bin/jobboard check $(ARGS)

## serve: live preview on http://127.0.0.1:8000/
serve: $(SITE_TOOLS)
	$(VENV)/bin/jobboard serve $(ARGS)

# pytest, where collecting no test at all (exit 5) is a failure: the suite is missing.
PYTEST = status=0; $(1) $(PY) -m pytest $(2) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: the suite is missing" >&2; exit 1; fi; exit $$status
# The quick part runs on every CPU (pytest-xdist); each worker takes the next test as it frees up.
QUICK := -m "not browser and not slow" -n auto --dist worksteal

## test: install jobboard, its test tools, the npm packages, Chromium and Java, then run the whole test suite
test: $(TEST_TOOLS)
	bash scripts/install-browser
	bash scripts/install-java
	$(call PYTEST,,$(ARGS))

## test-quick: the suite without the browser tests (Chromium, Java) and the 1,000-advert builds
test-quick: $(TEST_TOOLS)
	$(call PYTEST,,$(QUICK) $(ARGS))

## test-ahead: the quick suite with the whole machine's clock moved YEARS ahead (default 1), to catch time bombs
YEARS ?= 1
test-ahead: $(TEST_TOOLS)
	bash scripts/install-faketime
	$(call PYTEST,faketime -f "+$(YEARS)y",$(QUICK) $(ARGS))

clean:
	rm -rf output .output.* .cache $(VENV) .pytest_cache node_modules tests/screenshots
