"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, and real servers.

- `browser`: headless Chromium from /usr/bin/chromium (a Playwright browser download does not
  work on the project's machines). Without Chromium the tests skip with a reason, except in CI
  (CI=true), where they fail: .ci/run installs it.
- `lab`: a JupyterLab server on a free localhost port, serving a temporary copy of notebooks/, with
  settings overrides that make runs deterministic (autosave off, news and update checks off,
  windowing mode "none" so that every cell is in the DOM). Stopped by its process id afterwards.
- `notebook7`: Jupyter Notebook 7 on the same copy, with the same settings and the repository's
  keyboard override (jupyter-settings/overrides.d); `notebook7_without_override`: the same without
  it, on a folder of its own (for the test that shows what the override changes).
- `voila_server`: Voila serving the same copy.
Screenshots go to tests/browser/screenshots/ (ignored by git), for people to look at.
Starting Chromium and JupyterLab is in launch.py, which benchmarks/bench_browser.py uses too.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .launch import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_lab, stop, wait_for

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


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


@pytest.fixture(scope="session")
def lab(served_notebooks, tmp_path_factory):
    url, proc = start_lab(served_notebooks, tmp_path_factory.mktemp("lab"))
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def notebook7(served_notebooks, tmp_path_factory):
    url, proc = start_lab(served_notebooks, tmp_path_factory.mktemp("nb7"), app="notebook")
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture
def notebook7_without_override(tmp_path_factory):
    root = tmp_path_factory.mktemp("nb7-plain")
    (root / "notebooks").mkdir()
    url, proc = start_lab(root, tmp_path_factory.mktemp("nb7-plain-scratch"), app="notebook",
                          overrides=False)
    try:
        yield url, root / "notebooks"
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def voila_server(served_notebooks):
    port = free_port()
    log = served_notebooks / "voila.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
         f"--Voila.root_dir={served_notebooks / 'notebooks'}", "--Voila.ip=127.0.0.1",
         "--ServerApp.allow_root=True"],
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        cwd=served_notebooks / "notebooks")
    try:
        wait_for(f"http://127.0.0.1:{port}/", proc, log)
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
