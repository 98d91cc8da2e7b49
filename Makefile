# The two commands: `make demo` and `make test`. Everything else is what they stand on.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) sites/manage.py
PORT ?= 8000
DEMO_CLIENTS ?= 2000
export CRM_DEMO ?= 1
export CRM_PORT := $(PORT)

.PHONY: demo test lint setup install messages clean

$(VENV)/.installed: apps/securities_crm/pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $@

install: $(VENV)/.installed

# Compiled translations, migrations and static files; each step is a no-op when up to date.
setup: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(MANAGE) with_redis migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0

demo: setup
	$(MANAGE) with_redis demo_setup --clients $(DEMO_CLIENTS)
	$(VENV)/bin/honcho start -f Procfile

# ruff (lint and format), the import contracts and mypy: what .ci/run checks before the tests.
lint: install
	bash scripts/lint.sh

test: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	bash scripts/test.sh

# Refresh the zh_Hans catalogue after changing user-facing strings.
# Unfold ships no zh_Hans: scripts/unfold_msgids.py copies its msgids into the app first;
# scripts/fixture_msgids.py does the same for the labels our fixtures load as data.
messages: install
	$(PY) scripts/unfold_msgids.py
	$(PY) scripts/fixture_msgids.py
	$(VENV)/bin/ruff format -q apps/securities_crm/securities_crm/desk/unfold_msgids.py apps/securities_crm/securities_crm/fixture_msgids.py
	cd apps/securities_crm/securities_crm && ../../../$(PY) ../../../sites/manage.py makemessages -l zh_Hans --no-obsolete --no-location

clean:
	rm -rf sites/var sites/static
