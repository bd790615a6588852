"""The keyboard override for Notebook 7 (jupyter-settings/overrides.d/, README: Accessibility),
without a browser: it replaces exactly the pinned JupyterLab's two heading-navigation bindings,
and `make lab`, `make test` and Binder's postBuild install it where JupyterLab and Notebook 7
read it. The browser tests show what it does (test_notebooks_in_browser.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from .launch import OVERRIDES_D, ROOT

FILE = OVERRIDES_D / "lectures-widget-keys.json"
INSTALLED = Path("share", "jupyter", "lab", "settings", "overrides.d", FILE.name)
# not inside an output (a slider), nor in jupyterlab-slideshow's deck (its own arrow-key bindings
# go to the next slide there; with the override's they jumped from heading to heading instead)
OUTSIDE_OUTPUTS = ":not(.jp-OutputArea-output *):not(.jp-Deck *)"


def test_the_override_rescopes_the_pinned_jupyterlab_bindings():
    entries = json.loads(FILE.read_text())["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    schema = Path(sys.prefix, "share", "jupyter", "lab", "schemas", "@jupyterlab",
                  "notebook-extension", "tracker.json")
    defaults = json.loads(schema.read_text())["jupyter.lab.shortcuts"]
    disabled = [e for e in entries if e.get("disabled")]
    added = [e for e in entries if not e.get("disabled")]
    assert len(disabled) == len(added) == 2
    for off, on in zip(disabled, added):
        # the default binding, exactly as JupyterLab ships it (else disabling it does nothing)
        assert {k: off[k] for k in ("command", "keys", "selector")} in defaults, off
        # and the same binding again, except inside an output (a widget) or a slideshow
        assert on == {"command": off["command"], "keys": off["keys"],
                      "selector": off["selector"] + OUTSIDE_OUTPUTS}


def test_make_lab_and_make_test_install_it():
    for target in ("lab", "test"):
        # -B: the whole plan, as on a fresh checkout (after `make test` the copy is up to date
        # and a plain dry run would list nothing); -n: print it, run nothing
        plan = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
        assert f"cp jupyter-settings/overrides.d/{FILE.name} .venv/{INSTALLED}" in plan, plan


def test_binder_postbuild_installs_it(tmp_path):
    prefix = tmp_path / "env"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python").write_text(f"#!/bin/sh\necho {prefix}\n")  # sys.prefix of Binder's env
    (fake / "python").chmod(0o755)
    subprocess.run([str(ROOT / "binder" / "postBuild")], cwd=tmp_path, check=True,
                   env=dict(os.environ, PATH=f"{fake}:{os.environ['PATH']}"))
    assert (prefix / INSTALLED).read_text() == FILE.read_text()
