"""Chromium and JupyterLab for the browser tests (conftest.py) and benchmarks/bench_browser.py.

Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) with the arguments both use, and a JupyterLab
(or Notebook 7) server on a free localhost port with settings that make runs deterministic
(autosave off, news and update checks off, windowing mode "none" so that every cell is in the DOM).
The servers read the repository's settings override jupyter-settings/overrides.d/ (the keyboard
fix for Notebook 7 that `make lab` and Binder install; README, Accessibility) from a copy in their
own application settings folder. No pytest here: a benchmark imports this module without the test
fixtures.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
# What `make lab` and binder/postBuild copy to {sys.prefix}/share/jupyter/lab/settings/overrides.d/
OVERRIDES_D = ROOT / "jupyter-settings" / "overrides.d"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, proc, log, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer at {url}:\n{log.read_text()[-3000:]}")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def start_lab(root, scratch, app="jupyterlab", overrides=True):
    """Start JupyterLab (app="jupyterlab") or Notebook 7 (app="notebook") on `root`, with settings
    and config in the folder `scratch`, and the repository's overrides.d unless overrides=False.
    Returns (url, process); stop it with stop(process)."""
    settings = Path(scratch) / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    # The application settings folder, as the Makefile installs it in the environment. Notebook 7
    # answers /lab/api/settings with the jupyterlab server extension it also loads, so the option
    # is LabServerApp's (both apps inherit it), not JupyterNotebookApp's alone.
    app_settings = Path(scratch) / "app-settings"
    app_settings.mkdir(parents=True, exist_ok=True)
    if overrides:
        shutil.copytree(OVERRIDES_D, app_settings / "overrides.d", dirs_exist_ok=True)
    port = free_port()
    log = Path(scratch) / f"{app}.log"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTER_CONFIG_DIR=str(Path(scratch) / "jupyter-config"))
    proc = subprocess.Popen(
        [sys.executable, "-m", app, "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", "--ServerApp.disable_check_xsrf=True",
         f"--LabServerApp.app_settings_dir={app_settings}"],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/status", proc, log)
    except Exception:
        stop(proc)
        raise
    return f"http://127.0.0.1:{port}", proc
