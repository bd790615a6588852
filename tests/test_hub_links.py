"""The nbgitpuller links of tools/hub_links.py, read the way nbgitpuller reads them.

`nbgitpuller_reads` below follows nbgitpuller's handlers.py (jupyterhub/nbgitpuller at f7dce43,
UIHandler.get and SyncHandler.get): the query parameters it takes (repo, branch, urlpath,
targetpath or targetPath) and the folder it clones into (targetpath, else the last part of the
repository URL). The tests check that every link decodes to the course repository, the branch
asked for, and a JupyterLab urlpath that names the notebook inside that folder; and that the
links are byte for byte what nbgitpuller's own link generator (docs/_static/link_gen/link.js,
generateRegularUrl, same commit, run with node) writes for the same input.
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import lectures_lib
from tools import hub_links

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
REPO_URL = f"https://github.com/{lectures_lib.REPO_SLUG}"

# generateRegularUrl(hub, "", urlpath, REPO_URL, branch, targetPath) of nbgitpuller's link.js
GENERATOR = {
    ("https://hub.example.edu", "main", None):
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F"
        "implicit-reg-notebooks%2Fimplicit-reg-notebooks&urlpath=lab%2Ftree%2F"
        "implicit-reg-notebooks%2Fnotebooks%2F00_overview.ipynb&branch=main",
    ("https://hub.example.edu/jupyter/", "student", "my course"):
        "https://hub.example.edu/jupyter/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com"
        "%2Fimplicit-reg-notebooks%2Fimplicit-reg-notebooks&urlpath=lab%2Ftree%2Fmy+course%2F"
        "notebooks%2F00_overview.ipynb&branch=student&targetPath=my+course",
}


def nbgitpuller_reads(link):
    """(the hub path the link goes to, {what nbgitpuller takes from it}) as handlers.py does."""
    parts = urlsplit(link)
    args = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in args.values()), f"a parameter given twice: {args}"
    args = {k: v[0] for k, v in args.items()}
    assert set(args) <= {"repo", "branch", "urlpath", "targetpath", "targetPath"}, args
    repo = args["repo"]
    folder = args.get("targetpath") or args.get("targetPath", repo.rstrip("/").split("/")[-1])
    return parts.path, {"repo": repo, "branch": args.get("branch"), "urlpath": args.get("urlpath"),
                        "folder": folder}


def test_a_link_for_every_notebook_in_nbgitpullers_terms():
    links = hub_links.hub_links("https://hub.example.edu")
    assert [name for name, _ in links] == NOTEBOOKS and len(NOTEBOOKS) >= 7
    for name, link in links:
        assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
        path, got = nbgitpuller_reads(link)
        assert path == "/hub/user-redirect/git-pull"
        assert got["repo"] == REPO_URL
        assert got["branch"] == "main"
        # the clone goes to ~/implicit-reg-notebooks, and JupyterLab opens the notebook inside it
        assert got["folder"] == lectures_lib.REPO_SLUG.split("/")[-1]
        assert got["urlpath"] == f"lab/tree/{got['folder']}/notebooks/{name}"
        assert (ROOT / got["urlpath"].split("/", 3)[3]).is_file()


def test_targetpath_branch_and_hub_prefix():
    link = hub_links.hub_link("https://uni.example.edu/jupyter/", "01_min_norm_least_squares.ipynb",
                              branch="feature/a&b", targetpath="courses/implicit reg")
    path, got = nbgitpuller_reads(link)
    assert path == "/jupyter/hub/user-redirect/git-pull"
    nb = "01_min_norm_least_squares.ipynb"
    assert got == {"repo": REPO_URL, "branch": "feature/a&b", "folder": "courses/implicit reg",
                   "urlpath": f"lab/tree/courses/implicit reg/notebooks/{nb}"}
    # every part is encoded: no raw '/', '&', ':' or space inside a value
    query = urlsplit(link).query
    assert query.count("&") == 3 and "/" not in query and ":" not in query and " " not in query


def test_another_repository_for_a_separate_student_edition():
    other = "https://github.com/some-university/implicit-reg-student"
    for name, link in hub_links.hub_links("https://hub.example.edu", repo_url=other):
        _, got = nbgitpuller_reads(link)
        assert got["repo"] == other and got["folder"] == "implicit-reg-student"
        assert got["urlpath"] == f"lab/tree/implicit-reg-student/notebooks/{name}"


@pytest.mark.parametrize(("hub", "branch", "targetpath"), list(GENERATOR), ids=["plain", "target"])
def test_the_same_link_as_nbgitpullers_generator(hub, branch, targetpath):
    assert hub_links.hub_link(hub, "00_overview.ipynb", branch, targetpath) == \
        GENERATOR[hub, branch, targetpath]


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"hub": "ftp://hub.example.edu"}, "hub"),
    ({"hub": "hub.example.edu"}, "hub"),
    ({"hub": ""}, "hub"),
    ({"hub": "https://hub.example.edu/?next=x"}, "hub"),
    ({"branch": ""}, "branch"),
    ({"branch": "   "}, "branch"),
    ({"targetpath": ""}, "targetpath"),
    ({"targetpath": "/home/jovyan"}, "targetpath"),
    ({"notebook": "00_overview"}, "notebook"),
    ({"repo_url": " "}, "repo_url"),
])
def test_bad_input_names_the_argument(kwargs, word):
    args = {"hub": "https://hub.example.edu", "notebook": "00_overview.ipynb", **kwargs}
    with pytest.raises(ValueError, match=rf"^{word} "):
        hub_links.hub_link(**args)


def test_command_prints_every_link_and_refuses_a_bad_hub():
    run = subprocess.run([sys.executable, "tools/hub_links.py", "https://hub.example.edu",
                          "--branch", "student"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line.split("  ")[0] for line in lines] == NOTEBOOKS
    for line, (name, link) in zip(lines, hub_links.hub_links("https://hub.example.edu", "student")):
        assert line == f"{name}  {link}"
    bad = subprocess.run([sys.executable, "tools/hub_links.py", "hub.example.edu"], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "hub must be an http(s) address" in bad.stderr and not bad.stdout
