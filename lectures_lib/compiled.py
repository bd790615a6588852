"""Optional numba, in one place.

Some GD loops run 10^4-10^6 steps on small arrays, where plain numpy spends most of its time on the
overhead of each call. Those loops are written once, in plain numpy, and `jit(loop)` compiles them
with numba when it is installed (same code, same numbers; several times quicker). Without numba,
`jit` returns the loop unchanged, so every notebook still runs (more slowly).
"""

try:
    import numba
except ImportError:  # pragma: no cover - exercised only where numba is missing
    numba = None


def jit(loop):
    """loop compiled by numba if it is installed, else loop itself. The compiled function keeps
    the plain one as `.py_func` (tests compare the two). It releases Python's GIL while it runs
    (nogil): a demo can compute the next setting in a background thread while a figure draws."""
    return loop if numba is None else numba.njit(cache=True, nogil=True,
                                                 error_model="numpy")(loop)
