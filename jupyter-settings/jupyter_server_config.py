"""Jupyter server settings that `make lab` and `make test` install for this venv's JupyterLab and
Notebook 7 (as {sys.prefix}/etc/jupyter/jupyter_server_config.py; README, Presenting).

A notebook is saved to disk without its outputs, exactly as this checkout's git filter (nbstripout,
Makefile: git-filter) would commit it. Presenting or working through a notebook then never changes
the file that git sees: `git status` stays clean and a `git pull` is never refused. (The git filter
alone keeps outputs out of commits, but git status lists a saved notebook as modified, since git
compares file sizes before it runs any filter.) The outputs stay on the screen until the notebook is
closed; Run All brings them back. To keep outputs on disk, delete the installed copy of this file.
"""

import subprocess
import sys
from pathlib import Path

import nbformat


def save_without_outputs(model, path, contents_manager, **kwargs):
    """ContentsManager.pre_save_hook: replace a notebook's content by nbstripout's output, run as
    the git filter runs it (--keep-id; from the notebook's folder, so that nbstripout reads that
    checkout's git config, e.g. its extrakeys)."""
    if model.get("type") != "notebook" or model.get("content") is None:
        return
    folder = Path(contents_manager.root_dir, path).parent
    stripped = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id"], cwd=folder, check=True,
        input=nbformat.writes(nbformat.from_dict(model["content"])), capture_output=True, text=True)
    model["content"] = nbformat.reads(stripped.stdout, as_version=nbformat.NO_CONVERT)


c.ContentsManager.pre_save_hook = save_without_outputs  # noqa: F821 (c: the config object)
