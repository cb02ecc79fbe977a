# Now Serving: the two commands a fresh Debian machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# System libraries Qt, eSpeak NG, python-escpos and the tests need (see docs and
# ../shared/dependency-notes.md). Installed only when missing.
APT_PACKAGES := libpulse0 libespeak-ng1 espeak-ng fonts-dejavu-core fonts-wqy-microhei sox \
	socat libusb-1.0-0 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	gettext iproute2 chromium cage
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all apt venv test lint demo bench i18n clean

all: venv

apt:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	$(MAKE) apt
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: venv lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# The whole office on this machine (127.0.0.1 only): windows with a screen, else a
# self-driving headless day whose tickets, announcements and screenshots land in demo-output/.
demo: venv
	$(BIN)/nowserving demo

bench: venv
	$(BIN)/python -m tests.bench.bench_hub

# Recompile every gettext catalog (.po -> .mo) after editing translations.
i18n: venv
	$(BIN)/python -c "from pathlib import Path; from hub.i18n import catalogs, compile_catalog; \
	[compile_catalog(po) for d in ('hub', 'kiosk', 'display', 'counter') \
	 for po in catalogs(Path(d) / 'locale')]"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output demo-output
