"""nbgitpuller links: one per notebook, for a course's JupyterHub.

    python tools/hub_links.py https://hub.example.edu [--branch B] [--targetpath DIR] [--repo URL]
    make links HUB=https://hub.example.edu [BRANCH=main] [TARGETPATH=DIR] [REPO=URL]

A student who follows a link logs in to the hub; nbgitpuller clones the course repository into
their home (or, on a later visit, merges the instructor's new commits into their copy, keeping
their edits) and JupyterLab opens the notebook. The link is the one nbgitpuller's own link
generator writes (docs/_static/link_gen/link.js, "JupyterLab" app):

    <hub>/hub/user-redirect/git-pull?repo=<git URL>&urlpath=lab/tree/<dir>/notebooks/<nb>
                                    &branch=<branch>[&targetPath=<dir>]

every value URL-encoded as a form (application/x-www-form-urlencoded, as the generator's
URLSearchParams does). <dir> is where nbgitpuller puts the clone: the last part of the repository
URL unless targetPath says otherwise (nbgitpuller/handlers.py). The repository is
lectures_lib.REPO_SLUG on GitHub, the same slug as the Binder and Colab links and the setup cells;
--repo names another one (a separate repository holding the student edition, tools/student.py).
"""

import argparse
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from lectures_lib import REPO_SLUG

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
REPO_URL = f"https://github.com/{REPO_SLUG}"


def hub_link(hub, notebook, branch="main", targetpath=None, repo_url=REPO_URL):
    """The nbgitpuller link that opens notebooks/<notebook> of repo_url on the JupyterHub at hub.

    hub: the hub's address, http(s), with its path prefix if it has one
    ("https://hub.example.edu" or "https://example.edu/jupyter/"); branch: the branch to pull;
    targetpath: the folder (relative to the student's home) to clone into, by default the
    repository's name. Bad input raises ValueError naming the argument."""
    parts = urlsplit(str(hub).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub must be an http(s) address (https://hub.example.edu), got {hub!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"hub must be the hub's address without ?query or #fragment, got {hub!r}")
    if not isinstance(branch, str) or not branch.strip():
        raise ValueError(f"branch must be a non-empty branch name, got {branch!r}")
    if targetpath is not None and (not str(targetpath).strip() or str(targetpath).startswith("/")):
        raise ValueError(f"targetpath must be a folder relative to the home, got {targetpath!r}")
    if not str(repo_url).strip():
        raise ValueError(f"repo_url must be a git repository's URL, got {repo_url!r}")
    if not str(notebook).endswith(".ipynb"):
        raise ValueError(f"notebook must be a .ipynb file name, got {notebook!r}")
    if targetpath:
        folder = str(targetpath).strip().strip("/")
    else:  # where nbgitpuller clones by default: the last part of the repository URL
        folder = repo_url.rstrip("/").split("/")[-1]
    # the parameters in the order, and with the names, that nbgitpuller's link generator uses
    query = {"repo": repo_url, "urlpath": f"lab/tree/{folder}/notebooks/{notebook}",
             "branch": branch.strip()}
    if targetpath:
        query["targetPath"] = folder
    path = parts.path.rstrip("/") + "/hub/user-redirect/git-pull"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def hub_links(hub, branch="main", targetpath=None, repo_url=REPO_URL):
    """[(notebook file name, its link)] for every notebook in notebooks/, in order."""
    return [(path.name, hub_link(hub, path.name, branch, targetpath, repo_url))
            for path in sorted(NOTEBOOKS.glob("*.ipynb"))]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print an nbgitpuller link for every notebook.")
    parser.add_argument("hub", help="the JupyterHub's address, e.g. https://hub.example.edu")
    parser.add_argument("--branch", default="main", help="branch to pull (default: main)")
    parser.add_argument("--targetpath", help="folder to clone into (default: the repository name)")
    parser.add_argument("--repo", default=REPO_URL, help=f"git URL to pull (default: {REPO_URL})")
    args = parser.parse_args(argv)
    try:
        links = hub_links(args.hub, args.branch, args.targetpath, args.repo)
    except ValueError as error:
        parser.error(str(error))
    for name, link in links:
        print(f"{name}  {link}")


if __name__ == "__main__":
    main()
