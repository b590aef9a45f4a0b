# Standard Practice — build, run and test.
#
#   make run    set up this machine, build the app, launch it
#   make test   set up this machine, then every check CI runs
#
# `setup` is idempotent: it installs only what is missing (Debian packages, the
# UI's node_modules, tauri-driver into .tools/), so every target can depend on it.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory
# The steps share cargo's target directory, the generated bindings and ui/dist,
# so they run one after another even when the caller's MAKEFLAGS asks for -j.
.NOTPARALLEL:

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
TOOLS := $(ROOT)/.tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
APP_BIN := $(ROOT)/target/release/standard-practice-app
UI := $(ROOT)/ui

# Build and test dependencies from Debian: WebKitGTK and friends for Tauri, Xvfb
# and WebKitWebDriver for the end-to-end suite, Chromium for the UI tests, and
# the PDF and image tools the document tests and screenshots use.
APT_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver chromium \
	poppler-utils qpdf imagemagick perl sqlite3 xdotool \
	libdbus-1-dev dbus-daemon gnome-keyring libsecret-tools

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Readable logs: no colour codes in CI, and no npm advertising.
export CARGO_TERM_COLOR ?= $(if $(CI),never,auto)
# In CI, cargo's hundreds of "Compiling …" lines hide what matters; errors and
# warnings still print.
CARGO_QUIET := $(if $(CI),--quiet)
ifdef CI
# CI=true makes some Node tools print colour codes into the log.
export NO_COLOR := 1
endif
export npm_config_fund := false
export npm_config_audit := false
export npm_config_update_notifier := false
# WebKitGTK asks for the accessibility bus, which Xvfb sessions do not have.
export NO_AT_BRIDGE := 1

UI_SOURCES := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) \
	$(UI)/index.html $(UI)/vite.config.ts $(UI)/svelte.config.js $(UI)/tsconfig.json \
	docs/user-guide.md $(wildcard docs/user-guide/*.png)
UI_DEPS_STAMP := $(UI)/node_modules/.installed-from-lock

.PHONY: help setup setup-apt setup-node ui app run test check-rust check-ui test-ui e2e bench types types-check windows-build windows-test package package-check package-test guide clean

help:
	@echo "make run     build the app and launch it (needs a display)"
	@echo "make test    formatting, lints, Rust tests, UI checks and tests, end-to-end, the .deb on a clean Debian"
	@echo "make app     build target/release/standard-practice-app (UI embedded) and the standard-practice command"
	@echo "make ui      build ui/dist"
	@echo "make bench   benchmarks"
	@echo "make package  the .deb and .rpm in target/package/"
	@echo "make package-test  windows-test, the installed package under the end-to-end suite with a printer, and the upgrade from the previous release (not part of make test)"
	@echo "make windows-test  the command line built for Windows, run under Wine (make test only builds it)"
	@echo "make guide         remake the user guide's screenshots (docs/user-guide/*.png) from the end-to-end walk"
	@echo "make types   regenerate the TypeScript bindings and the capability"
	@echo "make setup   install what this machine is missing (idempotent)"

# ---------------------------------------------------------------- setup

setup: setup-apt setup-node $(UI_DEPS_STAMP) $(TAURI_DRIVER)

# Installs those of the Debian packages $(1) that are missing.
define apt_install
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

setup-apt:
	$(call apt_install,$(APT_PACKAGES))

setup-node:
	@command -v node >/dev/null || { echo "setup: Node.js >= 20.19 is required (node not found)"; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("setup: Node.js >= 20.19 is required, found " + process.version); process.exit(1) }'
	@command -v cargo >/dev/null || { echo "setup: Rust (cargo) is required"; exit 1; }

# Reinstall the UI's packages when the lock file changes (or they are missing).
$(UI_DEPS_STAMP): $(UI)/package-lock.json $(UI)/package.json
	cd $(UI) && npm ci --no-progress --loglevel=error
	@touch $@

$(TAURI_DRIVER):
	cargo install tauri-driver --version '^2' --locked --quiet --root $(TOOLS)

# ---------------------------------------------------------------- build

ui: $(UI)/dist/index.html

$(UI)/dist/index.html: $(UI_DEPS_STAMP) $(UI_SOURCES)
	cd $(UI) && npm run --silent build -- --logLevel warn

# The desktop app and the command line, both release builds (they share the core).
app: setup ui
	$(STAGE)
	cargo build --release -p standard-practice-app -p standard-practice $(CARGO_QUIET)

run: app
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run: there is no display (\$$DISPLAY and \$$WAYLAND_DISPLAY are unset)."; \
	  echo "Run it from a desktop session, or in a virtual one: xvfb-run -a make run"; \
	  exit 1; \
	fi
	$(APP_BIN)

# ---------------------------------------------------------------- test

# Each suite announces itself with the time, so a CI log shows where time goes.
STAGE = @echo "== $@ $$(date +%T)"
# No suite may hold CI for its whole budget: a hung browser or window fails it.
SUITE_TIMEOUT := timeout --kill-after=30s 20m

test: setup check-rust windows-build types-check check-ui test-ui e2e package-check

# The shell crate embeds ui/dist at compile time, so the UI is built first.
check-rust: setup ui
	$(STAGE)
	cargo fmt --all -- --check
	@long=$$(find src src-tauri/src -name '*.rs' -exec wc -l {} + | awk '$$2 != "total" && $$1 > 800'); \
	  if [ -n "$$long" ]; then echo "$$long"; echo "check-rust: no source file over 800 lines: split it into modules"; exit 1; fi
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cargo clippy -p standard-practice-app --features e2e --quiet -- -D warnings
	cargo test --workspace --no-run $(CARGO_QUIET)
	@# Every suite runs with data, config and cache folders of its own, so a
	@# test that reaches for the user's (as Tauri does for a webview given no
	@# data folder) writes nowhere that matters.
	home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	  XDG_DATA_HOME="$$home/data" XDG_CONFIG_HOME="$$home/config" XDG_CACHE_HOME="$$home/cache" \
	  cargo test --workspace

check-ui: setup
	$(STAGE)
	cd $(UI) && npm run --silent check
	cd $(UI) && npm run --silent lint

test-ui: setup ui
	$(STAGE)
	cd $(UI) && $(SUITE_TIMEOUT) npm run --silent test

# The end-to-end build: the app with its test hook (`e2e` feature: a folder
# answers the save dialogs). Only the shell crate differs from `make app`'s.
e2e: setup ui
	$(STAGE)
	cargo build --release -p standard-practice-app --features e2e $(CARGO_QUIET)
	cd $(UI) && TAURI_DRIVER=$(TAURI_DRIVER) APP_BINARY=$(APP_BIN) \
	  $(SUITE_TIMEOUT) xvfb-run -a --server-args="-screen 0 1280x1024x24" npm run --silent e2e

# The print benchmark compares against LibreOffice, which only it needs.
bench: setup ui
	$(call apt_install,libreoffice-writer-nogui)
	cargo bench
	cargo build --release --bin standard-practice $(CARGO_QUIET)
	benches/print-routes.sh target/release/standard-practice
	benches/print-memory.sh target/release/standard-practice 5000
	cargo build --release -p standard-practice-app $(CARGO_QUIET)
	TAURI_DRIVER=$(TAURI_DRIVER) APP_BINARY=$(APP_BIN) \
	  xvfb-run -a --server-args="-screen 0 1280x1024x24" node benches/window-memory.mjs

# The core on Windows, as far as this machine proves it: the command line
# cross-built with MinGW (SQLCipher's vendored OpenSSL included) and run under
# Wine by tests/windows/smoke.sh, each check against the Linux build doing the
# same: the same PDF bytes at the same SOURCE_DATE_EPOCH, restore, paths with
# a space and a non-ASCII letter, replacing files and refusing the practice's
# own however Windows spells them, permissions as far as Wine shows them,
# locking between processes. `make test` runs the cross-build alone
# (`windows-build`: 8 minutes from nothing on 2 cores, OpenSSL's C, compiled
# by its build script, nearly all of it; `cargo check` for Windows is no
# cheaper); Wine and the smoke test (2.5-6 minutes) stay outside it.
WINDOWS_TARGET := x86_64-pc-windows-gnu
WINDOWS_APT := gcc-mingw-w64-x86-64 wine wine64
WINDOWS_STD = [ -d "$$(rustc --print sysroot)/lib/rustlib/$(WINDOWS_TARGET)" ] || rustup target add $(WINDOWS_TARGET)
# In `make test`: the core and the command line build for Windows. Rust's
# standard library for Windows comes from rustup's server, which is not a
# package registry: where it cannot be reached the stage says, in capitals,
# that it did not run, rather than failing every other suite with it.
windows-build: setup
	$(STAGE)
	$(call apt_install,gcc-mingw-w64-x86-64)
	@if ! { $(WINDOWS_STD); }; then \
	  echo "windows-build: NOT RUN: rustup could not install Rust's standard library for $(WINDOWS_TARGET) here"; \
	else \
	  echo "cargo build --release --target $(WINDOWS_TARGET) -p standard-practice --bin standard-practice"; \
	  cargo build --release --target $(WINDOWS_TARGET) -p standard-practice --bin standard-practice $(CARGO_QUIET); \
	fi

windows-test: setup
	$(STAGE)
	$(call apt_install,$(WINDOWS_APT))
	@$(WINDOWS_STD)
	cargo build --release -p standard-practice --bin standard-practice $(CARGO_QUIET)
	cargo build --release --target $(WINDOWS_TARGET) -p standard-practice --bin standard-practice $(CARGO_QUIET)
	tests/windows/smoke.sh target/$(WINDOWS_TARGET)/release/standard-practice.exe target/release/standard-practice

# The Linux packages (.deb and .rpm in target/package/) with Tauri's bundler:
# see src-tauri/packaging/build.sh. What it needs besides the build: help2man
# for the command's manual page, dpkg-shlibdeps for the dependencies, strip.
PACKAGE_APT := help2man dpkg-dev binutils
package: setup ui
	$(STAGE)
	$(call apt_install,$(PACKAGE_APT))
	CARGO_QUIET="$(CARGO_QUIET)" src-tauri/packaging/build.sh

# In `make test`: the .deb passes lintian (no error, no warning), and installs
# and works on a clean Debian 12 root (tests/package/clean-install.sh).
package-check: package
	$(STAGE)
	$(call apt_install,lintian debootstrap)
	lintian --fail-on error,warning target/package/standard-practice_*_amd64.deb
	$(SUDO) tests/package/clean-install.sh target/package/standard-practice_*_amd64.deb

# Outside `make test`: the package installed on this machine, the whole
# end-to-end suite run against the installed app (the journeys that answer a
# save dialog skip, saying why: the package has no test hook) with a printer
# to print to (tests/package/cups-pdf.sh: a CUPS scheduler of the run's own
# with a CUPS-PDF queue; the menu journey reads the printout back by OCR),
# and the window's size and place kept as a person leaves it, under a window
# manager (tests/package/window-state.sh). The package is removed afterwards.
# Then the upgrade: the previous release's package (tests/package/previous.sh
# builds it from the commit CHANGELOG.md records) installed and filled, this
# one installed over it, opened in the window and by the command, every
# record still there (tests/package/upgrade.sh). It runs `windows-test`
# first: the Windows build under Wine is the third thing CI leaves to it.
PACKAGE_TEST_APT := openbox wmctrl cups cups-bsd printer-driver-cups-pdf ghostscript \
	tesseract-ocr tesseract-ocr-eng
package-test: package windows-test
	$(STAGE)
	$(call apt_install,$(PACKAGE_TEST_APT))
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  ./target/package/standard-practice_*_amd64.deb >/dev/null
	cd $(UI) && $(SUDO) env PATH="$$PATH" ../tests/package/cups-pdf.sh \
	  env TAURI_DRIVER=$(TAURI_DRIVER) APP_BINARY=/usr/bin/standard-practice-app \
	  $(SUITE_TIMEOUT) xvfb-run -a --server-args="-screen 0 1280x1024x24" npm run --silent e2e
	xvfb-run -a --server-args="-screen 0 1280x1024x24" tests/package/window-state.sh /usr/bin/standard-practice-app
	$(SUDO) apt-get remove -y -qq standard-practice >/dev/null
	$(SUDO) env TAURI_DRIVER=$(TAURI_DRIVER) tests/package/upgrade.sh "$$(tests/package/previous.sh)" \
	  target/package/standard-practice_*_amd64.deb

# The user guide's screenshots (docs/user-guide/*.png), made by the e2e walk
# in tests/e2e/guide.test.mjs (which `make test` runs too, into a temporary
# folder, failing when the guide shows a picture the walk does not make or
# the walk makes one the guide does not show) and reduced with pngquant. Run
# after changing a screen the guide shows, look at them, commit them with it.
guide: setup ui
	$(STAGE)
	$(call apt_install,pngquant)
	cargo build --release -p standard-practice-app --features e2e $(CARGO_QUIET)
	rm -f docs/user-guide/*.png
	cd $(UI) && TAURI_DRIVER=$(TAURI_DRIVER) APP_BINARY=$(APP_BIN) GUIDE_SHOTS=$(CURDIR)/docs/user-guide \
	  $(SUITE_TIMEOUT) xvfb-run -a --server-args="-screen 0 1280x1024x24" \
	  node --test --test-concurrency=1 ../tests/e2e/guide.test.mjs
	pngquant --force --skip-if-larger --strip --quality=65-90 --speed 1 --ext .png docs/user-guide/*.png

# What is generated from the one list of commands (src-tauri/src/command_list.rs):
# the commands' TypeScript functions with every type they take or return, by
# tauri-specta (the shell's export_bindings test writes bindings.ts), the UI
# tests' fixtures (export_fixtures: the policy, and the core's answers in
# practices it builds at a fixed date, before and after each test's changes,
# which the fake backend serves instead of computing them), and the
# capability granting exactly those commands (the shell's build.rs writes it).
# Also the About box's list of what is built in, with each licence
# (src-tauri/packaging/licences.mjs, from cargo metadata and the UI's build).
GENERATED := $(UI)/src/lib/bindings.ts $(UI)/tests/fixtures src-tauri/capabilities/main.json \
	$(UI)/src/lib/licences.json
types: ui
	cargo test -p standard-practice-app --lib --quiet export_ >/dev/null
	node src-tauri/packaging/licences.mjs

# Fails when what is committed differs from what the Rust commands generate.
types-check: types
	$(STAGE)
	@if [ -n "$$(git status --porcelain -- $(GENERATED))" ]; then \
	  git status --short -- $(GENERATED); \
	  echo "types-check: generated files are stale: run 'make types' and commit the result"; exit 1; \
	fi

clean:
	rm -rf $(UI)/dist $(UI)/node_modules
	cargo clean
