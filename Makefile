# Two commands do all set-up on a fresh machine:
#   make lab    create .venv from requirements.txt (first time only) and open JupyterLab on notebooks/
#               (Notebook 7 too: `.venv/bin/jupyter notebook`; both get the keyboard override below)
#   make test   the same venv plus requirements-dev.txt, then every test (units, notebooks)
# Also: make bench (performance figures), make slides / make html (static copies),
#       make setup-cells (notebooks' setup cells from tools/setup_cell.py), make clean,
#       make links HUB=https://hub.example.edu (nbgitpuller links), make student (no solutions).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python

.PHONY: lab test bench slides html links student setup-cells clean

$(VENV)/.runtime: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed (found " + sys.version.split()[0] + "); run: make PYTHON=python3.11 ...")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# A settings override, installed where JupyterLab and Notebook 7 of this environment read it
# ({sys.prefix}/share/jupyter/lab/settings/overrides.d/; a user's own overrides.json is untouched):
# Notebook 7's ArrowLeft/ArrowRight heading navigation stays, but not while a widget inside an
# output (a slider) has the focus, so the arrow keys move the slider as in JupyterLab and Voila.
# Binder installs the same file (binder/postBuild); the browser tests serve it (tests/browser).
KEYS_OVERRIDE := $(VENV)/share/jupyter/lab/settings/overrides.d/lectures-widget-keys.json
$(KEYS_OVERRIDE): jupyter-settings/overrides.d/lectures-widget-keys.json $(VENV)/.runtime
	mkdir -p $(dir $@)
	cp $< $@

# Presenting (issue 15; README, Presenting). Each block below adds what `make lab` and
# `make test` need for one way of presenting to PRESENTING.
PRESENTING :=

# -- slideshow in JupyterLab, and a git filter so that presenting never dirties the checkout --

# -- slides from Voila, with reveal.js served from disk --

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# JupyterLab refuses to start as root unless told; containers and CI machines often are root.
lab: $(VENV)/.runtime $(KEYS_OVERRIDE) $(PRESENTING)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

test: $(VENV)/.dev $(KEYS_OVERRIDE) $(PRESENTING)
	$(VENV)/bin/ruff check lectures_lib tests benchmarks tools
	$(PY) -m pytest

bench: $(VENV)/.dev
	$(PY) benchmarks/bench_demos.py
	$(PY) benchmarks/bench_long_runs.py

# Executed static copies: reveal.js slides (RISE metadata) and an HTML site with an index page.
slides: $(VENV)/.runtime
	$(PY) tools/export.py --slides build/slides

html: $(VENV)/.runtime
	$(PY) tools/export.py --html build/html

# One nbgitpuller link per notebook for a JupyterHub: make links HUB=https://hub.example.edu
# [BRANCH=student] [TARGETPATH=folder] [REPO=git URL] (README, Teaching with a JupyterHub).
links: $(VENV)/.runtime
	$(if $(HUB),,$(error give the hub's address: make links HUB=https://hub.example.edu))
	@$(PY) tools/hub_links.py '$(HUB)' $(if $(BRANCH),--branch '$(BRANCH)') \
	  $(if $(TARGETPATH),--targetpath '$(TARGETPATH)') $(if $(REPO),--repo '$(REPO)')

# The student edition: build/student/notebooks/, the notebooks without their solution cells.
student: $(VENV)/.runtime
	$(PY) tools/student.py --out build/student

# The setup and imports cells of every notebook, rewritten from tools/setup_cell.py.
setup-cells: $(VENV)/.runtime
	$(PY) tools/setup_cell.py

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
