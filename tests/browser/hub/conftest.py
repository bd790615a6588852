"""A real JupyterHub for the hub tests (issue 16), as a course would run one on a single machine.

- `course`: the course repository, a clean `git clone` of this repository (its committed HEAD, as
  branch main) in a temporary folder; students pull it through a file:// URL, the instructor
  commits to it.
- `hub`: JupyterHub (requirements-dev.txt) on a temporary state directory, 127.0.0.1 on free
  ports (public, hub and proxy API), with the shared-password authenticator (any student name, one
  password), the simple local-process spawner (each student's home a folder of the temporary
  directory), configurable-http-proxy (its PyPI port), and nbgitpuller in the single-user servers
  (requirements.txt).
  JupyterLab gets the browser tests' settings (autosave off, every cell in the DOM). Stopped by
  its process id afterwards; the hub then stops the proxy and the servers, which stop their
  kernels, and the teardown fails if any of them is left running.
Without jupyterhub, nbgitpuller, the proxy or git the tests skip with instructions, except under
CI=true, where they fail: the same rule as for Chromium in the browser tests' `browser` fixture,
which these tests share (one Playwright per test session: they live under tests/browser for it).
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from tools.hub_links import REPO_URL

from ..launch import LAB_SETTINGS, ROOT, free_port, stop, wait_for

BIN = Path(sys.executable).parent
PROXY = BIN / "configurable-http-proxy"  # the PyPI port (requirements-dev.txt)
PASSWORD = "shared-course-password"  # SharedPasswordAuthenticator wants 8 characters or more


def need(ok, message):
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(message + " In CI it is required: make test installs it.")
        pytest.skip(message)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    need(shutil.which("git"), "git not found: the hub test clones the repository with it.")
    path = tmp_path_factory.mktemp("course") / REPO_URL.rsplit("/", 1)[-1]  # as on GitHub
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "checkout", "--quiet", "-B", "main"], check=True)
    return path


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    for module in ("jupyterhub", "nbgitpuller"):
        need(importlib.util.find_spec(module), f"{module} is not installed: run "
             ".venv/bin/pip install -r requirements-dev.txt (make test does).")
    need(PROXY.exists(), f"{PROXY} not found: run .venv/bin/pip install -r requirements-dev.txt.")
    state = tmp_path_factory.mktemp("hub")
    homes = state / "homes"
    settings = state / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value))
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = {
        "JupyterHub.bind_url": f"http://127.0.0.1:{port}",
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": hub_port,
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{api_port}",
        "ConfigurableHTTPProxy.command": [str(PROXY)],
        "ConfigurableHTTPProxy.pid_file": str(state / "proxy.pid"),
        "JupyterHub.db_url": f"sqlite:///{state / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(state / "cookie_secret"),
        "JupyterHub.authenticator_class": "shared-password",
        "SharedPasswordAuthenticator.user_password": PASSWORD,
        "Authenticator.allow_all": True,
        "JupyterHub.spawner_class": "simple",
        "SimpleLocalProcessSpawner.home_dir_template": str(homes / "{username}"),
        "Spawner.cmd": [str(BIN / "jupyterhub-singleuser")],
        "Spawner.args": ["--allow-root"] if os.geteuid() == 0 else [],
        "Spawner.default_url": "/lab",
        "Spawner.environment": {"JUPYTERLAB_SETTINGS_DIR": str(settings)},
        "Spawner.start_timeout": 180,
        "Spawner.http_timeout": 180,
    }
    (state / "jupyterhub_config.py").write_text(
        "".join(f"c.{key} = {value!r}\n" for key, value in config.items()))
    log = state / "jupyterhub.log"
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.Popen(
        [str(BIN / "jupyterhub"), "-f", str(state / "jupyterhub_config.py")], cwd=state, env=env,
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/hub/health", proc, log)
        yield SimpleNamespace(url=url, homes=homes, proc=proc, log=log)
    finally:
        started = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
        stop(proc)
        _, alive = psutil.wait_procs(started, timeout=20)
        for p in alive:
            p.kill()
        assert not alive, f"still running after the hub stopped: {alive}"
