"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, and real servers.

- `browser`: headless Chromium from /usr/bin/chromium (a Playwright browser download does not
  work on the project's machines). Without Chromium the tests skip with a reason, except in CI
  (CI=true), where they fail: .ci/run installs it.
- `lab`: a JupyterLab server on a free localhost port, serving a temporary copy of notebooks/, with
  settings overrides that make runs deterministic (autosave off, news and update checks off,
  windowing mode "none" so that every cell is in the DOM). Stopped by its process id afterwards.
- `voila_server`: Voila serving the same copy.
Screenshots go to tests/browser/screenshots/ (ignored by git), for people to look at.
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

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url, proc, log, timeout=120):
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


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (f"Chromium not found at {CHROMIUM}. Install it (Debian: apt-get install "
                   "chromium) or set CHROMIUM=/path/to/chromium to run the browser tests.")
        if os.environ.get("CI"):
            pytest.fail(message + " In CI it is required: .ci/run installs it.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def served_notebooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return root


def start_lab(root, scratch):
    """Start JupyterLab on `root` (settings and config in the folder `scratch`).
    Returns (url, process); stop it with stop(process)."""
    settings = Path(scratch) / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    port = _free_port()
    log = Path(scratch) / "lab.log"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTER_CONFIG_DIR=str(Path(scratch) / "jupyter-config"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", "--ServerApp.disable_check_xsrf=True"],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status", proc, log)
    except Exception:
        stop(proc)
        raise
    return f"http://127.0.0.1:{port}", proc


@pytest.fixture(scope="session")
def lab(served_notebooks, tmp_path_factory):
    url, proc = start_lab(served_notebooks, tmp_path_factory.mktemp("lab"))
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def voila_server(served_notebooks):
    port = _free_port()
    log = served_notebooks / "voila.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
         f"--Voila.root_dir={served_notebooks / 'notebooks'}", "--Voila.ip=127.0.0.1",
         "--ServerApp.allow_root=True"],
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        cwd=served_notebooks / "notebooks")
    try:
        _wait_for(f"http://127.0.0.1:{port}/", proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.console_messages = []
    pg.on("console", lambda m: pg.console_messages.append(f"{m.type}: {m.text}"))
    yield pg
    context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
