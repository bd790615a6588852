"""The JavaScript that slides need, from the npm registry, pinned, checked and unpacked on disk.

    python tools/vendor_js.py TARGET      (the Makefile calls it; tools/export.py imports it)

reveal.js (the slide engine), require.js and jQuery (which nbconvert's reveal template loads before
the deck starts) are fetched once, at install or build time, from registry.npmjs.org: each tarball
must match the sha512 integrity that the registry publishes for that version (written below), and
only the files the slides use are unpacked. The slides then load them from disk, never from a CDN,
so a deck presents without a network.
"""

import base64
import hashlib
import io
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
# name, version, the registry's dist.integrity for it, the paths inside the package that are kept.
# reveal.js 4.0.2 is the version nbconvert 7.17's reveal template is written for (its default URL).
PACKAGES = [
    ("reveal.js", "4.0.2",
     "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/QUeaScCLCLrBVHDfFIEiw==",
     ("dist/", "plugin/notes/", "LICENSE")),
    ("requirejs", "2.1.10",
     "sha512-4JqdTihK3kOnT387LxCHuJZ/9QsKg2EIl7LmaW35PIyM4LwCI2jwyy4fy6pbY/ZZH2JoY/QEcb5PzULFPP6gcQ==",
     ("require.js",)),
    ("jquery", "2.2.4",
     "sha512-lBHj60ezci2u1v2FqnZIraShGgEXq35qCzMv4lITyHGppTnA13rwR0MgwyNJh9TnDs3aXUvd1xjAotfraMHX/Q==",
     ("dist/jquery.min.js", "LICENSE.txt")),
]
# Paths below TARGET, for the pages that load them.
REVEAL = "reveal.js-4.0.2"
REQUIRE_JS = "requirejs-2.1.10/require.js"
JQUERY = "jquery-2.2.4/dist/jquery.min.js"


def check(data, integrity, name):
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise ValueError(f"{name}: the downloaded tarball does not match the pinned integrity "
                         f"{integrity} (got {algorithm}-{actual})")


def unpack(data, keep, target):
    """Extract the members of an npm tarball (all under package/) whose path starts with one of
    `keep` into `target`."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            rel = member.name.removeprefix("package/")
            if member.isfile() and rel.startswith(keep):
                out = target / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(tar.extractfile(member).read())


def vendor(target):
    """Make TARGET/<name>-<version>/ hold each package's kept files; download only what is
    missing (a package folder is written whole or not at all). Returns TARGET as a Path."""
    target = Path(target)
    for name, version, integrity, keep in PACKAGES:
        folder = target / f"{name}-{version}"
        if folder.is_dir():
            continue
        url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
        check(data, integrity, f"{name}@{version}")
        partial = target / f".{name}-{version}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        unpack(data, keep, partial)
        partial.rename(folder)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/vendor_js.py TARGET")
    print(f"JavaScript for slides in {vendor(sys.argv[1])}")
