"""A class on a real JupyterHub (issue 16): three students follow the nbgitpuller link to notebook
01 at once; later the instructor changes the course and a student who saved an exercise follows
the link again.

What each student sees: the hub's login page (shared password), then their own server starts,
nbgitpuller clones the course into their home and JupyterLab opens the notebook; Run All gives no
error and no "Error displaying widget"; every demo's first slider, moved with the keyboard,
changes its figure (a11y.check_demo, as in the browser tests, which also run axe: not repeated
here). On the second visit nbgitpuller merges the instructor's commit into the student's copy: the
saved answer stays, the instructor's new line arrives, the notebook is valid.
Printed, never asserted (README, sizing): each student's time from link to open notebook and the
resident memory of their server and kernel after Run All. Measured here (2 cores, 24 GiB, under the
browser lock, five runs): 13-20 s from link to notebook with three students at once, about 400 MiB
per student (server 160 + kernel 243), 3-5 s for the second visit; the whole test takes 46-50 s.
"""

import subprocess
import time

import nbformat
import psutil
import pytest
from playwright.sync_api import Error as PlaywrightError

from tools.hub_links import hub_link

from ..a11y import check_demo
from ..conftest import screenshot
from ..test_notebooks_in_browser import DEMOS, IDLE, STDERR, demos_in, run_all
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.hub]
STUDENTS = ("ada", "ben", "chloe")
NOTEBOOK = "01_min_norm_least_squares.ipynb"
EXERCISE = "18beaca1"  # notebook 01, exercise 1: the cell where the student writes an answer
HEADING = "4fb10cf9"  # notebook 01, the Exercises heading, where the instructor adds a line
ANSWER = "w_answer = np.linalg.pinv(X_small) @ y_small   # ada's answer"
NOTE = "*Week 2: exercise 1 is due on Friday.*"
MiB = 2**20


def log_in(page, link):
    """Follow the link; the hub asks for a name and the shared password first. The form is
    submitted from the page's own script, so that the three spawns run at the same time (a
    Playwright click would wait while the hub starts the server)."""
    page.goto(link)
    page.fill("#username_input", page.student)
    page.fill("#password_input", PASSWORD)
    page.evaluate("() => document.querySelector('#login_submit').click()")


def shows_notebook(page):
    try:
        return ("/lab/tree/" in page.evaluate("() => location.pathname")
                and page.locator(IDLE).count() > 0)
    except PlaywrightError:  # the page is between two documents of the redirects
        return False


def memory(hub):
    """Resident memory (MiB) of the hub's processes: {student: {"server": , "kernel": }} for the
    single-user servers and their kernels, {"hub": , "proxy": } for the rest."""
    found = {"hub": psutil.Process(hub.proc.pid).memory_info().rss / MiB}
    for p in psutil.Process(hub.proc.pid).children(recursive=True):
        try:
            student, command = p.environ().get("JUPYTERHUB_USER"), " ".join(p.cmdline())
            rss = p.memory_info().rss / MiB
        except psutil.Error:  # a short-lived process (git) that has ended
            continue
        if student:
            kind = "kernel" if "ipykernel_launcher" in command else "server"
            found.setdefault(student, {})
            found[student][kind] = found[student].get(kind, 0) + rss
        elif "configurable-http-proxy" in command:
            found["proxy"] = rss
    return found


def test_three_students_follow_the_link_and_a_second_visit_merges(hub, course, browser):
    link = hub_link(hub.url, NOTEBOOK, "main", None, course.as_uri())
    folder = course.name  # where nbgitpuller clones: the repository URL's last part
    head = subprocess.run(["git", "-C", str(course), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    pages, start, opened = {}, {}, {}
    for student in STUDENTS:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.student = student
        pages[student] = page
        start[student] = time.monotonic()
        log_in(page, link)
    try:
        deadline = time.monotonic() + 240
        while len(opened) < len(STUDENTS) and time.monotonic() < deadline:
            for student, page in pages.items():
                if student not in opened and shows_notebook(page):
                    opened[student] = time.monotonic() - start[student]
            time.sleep(0.2)
        assert len(opened) == len(STUDENTS), (
            f"notebook not open for {set(STUDENTS) - set(opened)}: "
            f"{ {s: p.url for s, p in pages.items()} }\n{hub.log.read_text()[-3000:]}")
        for student, page in pages.items():  # three servers, three clones, at the same time
            clone = hub.homes / student / folder
            assert subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], check=True,
                                  capture_output=True, text=True).stdout.strip() == head
            assert page.url.endswith(f"/user/{student}/lab/tree/{folder}/notebooks/{NOTEBOOK}")

        used, ran = {}, {}
        for student, page in pages.items():  # one after another: Playwright's API is not threaded
            ran[student] = time.monotonic()
            run_all(page)
            ran[student] = time.monotonic() - ran[student]
            used[student] = memory(hub)[student]
            assert set(used[student]) == {"server", "kernel"}, used[student]
            assert page.locator(STDERR).count() == 0, page.locator(STDERR).all_inner_texts()
            assert page.get_by_text("Error displaying widget").count() == 0
            demos = page.locator(DEMOS)
            assert demos.count() == demos_in(NOTEBOOK), (demos.count(), demos_in(NOTEBOOK))
            problems = [problem for i in range(demos.count()) for problem in
                        check_demo(page, demos.nth(i), f"JupyterHub {student} demo {i}")]
            assert not problems, "\n".join(problems)
        for student in STUDENTS:
            server, kernel = used[student]["server"], used[student]["kernel"]
            print(f"hub: {student}: link to open notebook {opened[student]:.1f} s; Run All "
                  f"{ran[student]:.1f} s; after it server {server:.0f} MiB + kernel {kernel:.0f} "
                  f"MiB = {server + kernel:.0f} MiB resident")
        rest = memory(hub)
        print(f"hub: the hub itself {rest['hub']:.0f} MiB, the proxy {rest['proxy']:.0f} MiB")

        # ada writes her answer into exercise 1 and saves (autosave is off: Ctrl+S)
        page = pages["ada"]
        mine = hub.homes / "ada" / folder / "notebooks" / NOTEBOOK
        cell = page.locator(".jp-CodeCell", has_text="X_small = np.array")
        source = {c.id: c.source for c in nbformat.read(mine, as_version=4).cells}[EXERCISE]
        answer = "\n".join(ANSWER if line.startswith("w_answer =") else line
                           for line in source.splitlines())
        assert answer != source
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(answer)
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while ANSWER not in mine.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert ANSWER in mine.read_text(), "Ctrl+S did not save the answer"

        # the instructor adds a line to the Exercises heading and commits it to the course
        nb = nbformat.read(course / "notebooks" / NOTEBOOK, as_version=4)
        next(c for c in nb.cells if c.id == HEADING).source += "\n\n" + NOTE
        nbformat.write(nb, course / "notebooks" / NOTEBOOK)
        subprocess.run(["git", "-C", str(course), "-c", "user.name=Instructor", "-c",
                        "user.email=instructor@example.edu", "commit", "--quiet", "-am",
                        "Exercise 1: due date"], check=True)

        # ada follows the same link again
        again = time.monotonic()
        page.goto(link)
        page.wait_for_url(f"**/lab/tree/{folder}/notebooks/{NOTEBOOK}", timeout=120000)
        page.wait_for_selector(IDLE, timeout=120000)
        print(f"hub: ada: second visit, link to open notebook {time.monotonic() - again:.1f} s")
        page.locator(".jp-RenderedMarkdown").get_by_text(NOTE.strip("*")).wait_for(timeout=30000)
        assert page.locator(".jp-CodeCell", has_text="# ada's answer").count() == 1
        nb = nbformat.read(mine, as_version=4)
        nbformat.validate(nb)
        cells = {c.id: c.source for c in nb.cells}
        assert cells[EXERCISE] == answer
        assert cells[HEADING].endswith(NOTE)
        assert "<<<<<<<" not in mine.read_text()
    finally:
        for student, page in pages.items():
            screenshot(page, f"hub_{student}")
            page.context.close()
