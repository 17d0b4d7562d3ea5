# The two commands that matter: `make run` (whole stack, embedded defaults) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
APP_PY := .venv/app/bin/python
CUSTOMER ?=

.PHONY: help setup run test lint token retention bench lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup:  ## create/update both environments, migrate+seed, build the index, train Rasa (incremental)
	@scripts/setup.sh

run: setup  ## start API, action server and Rasa under honcho; Ctrl-C stops all
	@scripts/run.sh

test: setup  ## everything CI checks: lint, unit, Rasa validation/stories/NLU, end to end
	@scripts/test.sh

lint: setup  ## ruff on everything, mypy on the typed packages
	.venv/app/bin/ruff check .
	.venv/app/bin/mypy api knowledge

token: setup  ## print a signed customer JWT (dev only): make token [CUSTOMER=C1002]
	@source scripts/env.sh && $(APP_PY) -m api token $(CUSTOMER)

retention: setup  ## delete chat data older than RETENTION_DAYS (default 90); run daily, e.g. from cron
	@source scripts/env.sh && $(APP_PY) -m api retention

bench: setup  ## measure retrieval, bot latency, API load, memory → docs/benchmarks.md
	@scripts/bench.sh

lock:  ## re-pin both environments to what is installed now
	@(echo "# Exact versions of the app env (Python 3.11), from 'pip freeze'. Regenerate with: make lock"; \
	  .venv/app/bin/pip freeze --exclude-editable) > requirements/app.lock
	@(echo "# Exact versions of the bot env (Python 3.10), from 'pip freeze'. Regenerate with: make lock"; \
	  .venv/bot/bin/pip freeze --exclude-editable) > requirements/bot.lock

clean:  ## remove environments, database, index, models and caches
	rm -rf .venv var bot/models .rasa .pytest_cache .ruff_cache .mypy_cache
