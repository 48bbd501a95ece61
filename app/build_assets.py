"""Builds the static files the app serves (run by `make assets`): each under a name that carries a
hash of its content (css/app.3f2a9c01d4be.css), a manifest from each plain name to its hashed one,
and gzip and Brotli copies made by WhiteNoise's own compressor.

A changed file gets a new name, so browsers may keep every file for a year and an upgrade is still
seen at once: the pages name the new files. url(...) in CSS is rewritten to the hashed names too,
so a font's or picture's new version is fetched; a CSS file is hashed after that rewrite.

    python -m app.build_assets app/static app/static-dist
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath

from whitenoise.compress import Compressor

from app.assets import HASH_LENGTH, MANIFEST

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")
# Not served to anyone: axe-core is read from disk by the browser tests.
LEFT_OUT = ("vendor/axe/",)


def hashed_name(name: str, content: bytes) -> str:
    path = PurePosixPath(name)
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _sources(source: Path) -> list[str]:
    names = []
    for path in sorted(source.rglob("*")):
        name = path.relative_to(source).as_posix()
        hidden = any(part.startswith(".") for part in PurePosixPath(name).parts)  # vendor/.built
        if path.is_file() and not hidden and not name.startswith(LEFT_OUT):
            names.append(name)
    return names


def _rewrite_css(name: str, css: str, manifest: dict[str, str]) -> str:
    folder = posixpath.dirname(name) or "."

    def replace(match: re.Match) -> str:
        quote, target = match.group(1), match.group(2)
        if target.startswith(("data:", "http:", "https:", "//", "/", "#")):
            return match.group(0)
        path, sep, rest = _split(target)
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved not in manifest:
            return match.group(0)
        new = posixpath.relpath(manifest[resolved], folder)
        return f"url({quote}{new}{sep}{rest}{quote})"

    return CSS_URL.sub(replace, css)


def _split(target: str) -> tuple[str, str, str]:
    for sep in ("?", "#"):
        if sep in target:
            path, rest = target.split(sep, 1)
            return path, sep, rest
    return target, "", ""


def build(source: Path, destination: Path) -> dict[str, str]:
    """Writes the hashed files, their manifest and compressed copies; returns the manifest.

    Built beside the destination and moved into place at the end, so a running app never
    reads a half-built folder's manifest."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".static-build-", dir=destination.parent))
    names = _sources(source)
    # CSS last: its url(...)s need the hashed names of what they point at.
    names.sort(key=lambda name: name.endswith(".css"))
    manifest: dict[str, str] = {}
    for name in names:
        content = (source / name).read_bytes()
        if name.endswith(".css"):
            content = _rewrite_css(name, content.decode("utf-8"), manifest).encode("utf-8")
        manifest[name] = hashed_name(name, content)
        target = work / manifest[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    compressor = Compressor(quiet=True)
    for path in sorted(work.rglob("*")):
        if path.is_file() and compressor.should_compress(path.name):
            compressor.compress(str(path))
    (work / MANIFEST).write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    old = destination.with_name(f".{destination.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if destination.exists():
        destination.rename(old)
    work.rename(destination)
    shutil.rmtree(old, ignore_errors=True)
    return manifest


if __name__ == "__main__":
    built = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(built)} static files built into {sys.argv[2]}")
