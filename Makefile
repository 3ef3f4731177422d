# The README's two commands: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CHROMIUM ?= /usr/bin/chromium
# A package index to take PyTorch from first, e.g. https://download.pytorch.org/whl/cpu for the CPU build.
TORCH_INDEX ?=
# Test processes side by side (pytest-xdist; each serves its own copy of the suite). A file's tests stay in one
# process, so the Ray head and a file's trained fixtures are made once.
TEST_WORKERS ?= 2
TORCH_PIN := $(shell grep -E '^torch==' requirements.txt)

.PHONY: run test console install install-dev browser postgres bench clean

run: install
	$(PY) app.py

console: $(VENV)/.installed-console
	$(PY) -m streamlit run apps/console.py --server.headless true --browser.gatherUsageStats false

test: install-dev browser postgres emoji-font node_modules/.installed
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-nodeps.txt | $(PY)
	$(if $(TORCH_INDEX),$(PIP) install --quiet "$(TORCH_PIN)" --index-url $(TORCH_INDEX))
	$(PIP) install --quiet -r requirements.txt
	$(PIP) install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

$(VENV)/.installed-console: requirements-console.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-console.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements-console.txt requirements-train.txt requirements-scale.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# inkjs, to play the Ink scripts the quests tab exports.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium when present or installable as root; Playwright's own download only as a last resort.
browser:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "Browser: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		$(PY) -m playwright install chromium; \
	fi

# PostgreSQL from Debian's packages, for the audit store's tests on a real server (tests/postgres_server.py).
# The Noto Color Emoji font (Debian's fonts-noto-color-emoji, OFL 1.1): the painter's subjects are drawn from it
# (core/art/subjects.py) when its training pictures are made; the app never needs it.
emoji-font:
	@if [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then \
		echo "Noto Color Emoji: /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null; \
	else \
		echo "Install the emoji font (Debian: sudo apt-get install fonts-noto-color-emoji) for the painter's data." >&2; exit 1; \
	fi

postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then \
		echo "PostgreSQL: $$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "Install PostgreSQL (Debian: sudo apt-get install postgresql) for the audit store's tests." >&2; exit 1; \
	fi

bench: install-dev
	$(PIP) install --quiet -r bench/requirements.txt
	$(PY) bench/startup.py
	$(PY) bench/synthetic_data.py

clean:
	rm -rf $(VENV) .pytest_cache
