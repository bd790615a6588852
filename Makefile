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
# jupyterlab-slideshow (requirements.txt) presents inside JupyterLab, where saving a presented
# notebook would write its outputs into the .ipynb. Two things keep them out of git:
# 1. This venv's Jupyter servers save notebooks without outputs: a pre-save hook
#    (jupyter-settings/jupyter_server_config.py, installed in $(VENV)/etc/jupyter/) runs nbstripout
#    on a notebook before it is written, as the git filter below would, so a saved notebook is the
#    committed file and `git status` stays clean.
# 2. nbstripout becomes this checkout's git filter, for outputs written by anything else (another
#    editor, nbconvert --inplace): git strips them as it reads a notebook (git diff shows nothing,
#    git add stages nothing; git status still lists such a file until `git add`, as git compares
#    sizes before filtering); the file stays:
# `nbstripout --install` writes filter.nbstripout.{clean,smudge,required} and diff.ipynb.textconv
# (this venv's python -m nbstripout) to .git/config, and `*.ipynb filter=nbstripout`,
# `*.zpln filter=nbstripout`, `*.ipynb diff=ipynb` to .git/info/attributes (nothing committed).
# The clean command gets --keep-id (without it nbstripout renumbers the committed cell ids 0, 1, ...)
# and extrakeys the language_info fields a kernel adds on saving (version, lexer, ...), so that a
# committed notebook passes through unchanged. Only where this folder is the top of a git work
# tree. Undo: `.venv/bin/nbstripout --uninstall` (`make clean` does it first).
LANGUAGE_INFO := codemirror_mode file_extension mimetype nbconvert_exporter pygments_lexer version
SAVE_HOOK := $(VENV)/etc/jupyter/jupyter_server_config.py
$(SAVE_HOOK): jupyter-settings/jupyter_server_config.py $(VENV)/.runtime
	mkdir -p $(dir $@)
	cp $< $@

PRESENTING += $(SAVE_HOOK) git-filter
.PHONY: git-filter
git-filter: | $(VENV)/.runtime
	@if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$(CURDIR)" ]; then \
	  $(PY) -m nbstripout --install && \
	  git config filter.nbstripout.clean '"$(abspath $(PY))" -m nbstripout --keep-id' && \
	  git config filter.nbstripout.extrakeys '$(LANGUAGE_INFO:%=metadata.language_info.%)' && \
	  echo "nbstripout: git filter for *.ipynb in $(CURDIR)"; \
	else echo "nbstripout: $(CURDIR) is not the top of a git work tree, no git filter"; fi

# -- slides from Voila, with reveal.js served from disk --
# The Voila template "lectures-reveal" (jupyter-settings/voila/lectures-reveal/: Voila's reveal
# template, code hidden, widgets live) installed where this environment's Voila looks for
# templates, with reveal.js 4.0.2 and jQuery 2.2.4 from tools/vendor_js.py in its static/ folder,
# so the deck loads nothing from a CDN. Binder installs the same (binder/postBuild). Present: make slides-voila NB=05 (one
# notebook's deck in the browser), or make slides-voila (a list of the notebooks to click).
VOILA_REVEAL := $(VENV)/share/jupyter/voila/templates/lectures-reveal
PRESENTING += $(VOILA_REVEAL)/.installed
VOILA_TEMPLATE := $(wildcard jupyter-settings/voila/lectures-reveal/*)
$(VOILA_REVEAL)/.installed: $(VOILA_TEMPLATE) tools/vendor_js.py $(VENV)/.runtime
	mkdir -p $(VOILA_REVEAL)/static
	cp $(VOILA_TEMPLATE) $(VOILA_REVEAL)/
	$(PY) tools/vendor_js.py $(VOILA_REVEAL)/static
	touch $@

.PHONY: slides-voila
slides-voila: $(VENV)/.runtime $(VOILA_REVEAL)/.installed
	$(VENV)/bin/voila --template=lectures-reveal $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True) \
	  $(if $(NB),$(or $(wildcard notebooks/$(NB)*.ipynb),$(error no notebooks/$(NB)*.ipynb)),notebooks)

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
# [BRANCH=student] [TARGETPATH=folder] [REPO=git URL] (README, Teaching a class).
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
	-test -x $(PY) && $(PY) -m nbstripout --uninstall  # the git filter would name a removed python
	rm -rf $(VENV) build .pytest_cache .hypothesis
