"""A build cache for work whose inputs rarely change: the search tables from pinned package data
(hooks/search/tables.py), the compiled Jinja templates of hooks/pages/page.py, and the SHA-256 of the runtime's large
files (hooks/delivery/runtime.py; `file_sha256` below, the one entry judged by a file's size and time, as make does).

Content-addressed: an entry's name is the SHA-256 of everything it is computed from — the caller passes every
input (file contents, package versions, the source of the code that computes it) — so a changed input gives a
new name and an entry can never be stale; nothing is ever invalidated by hand. Entries are JSON under
`.cache/build/` (git-ignored; `make clean` removes it), each file starting with the SHA-256 of its own body: a
missing, truncated or otherwise corrupt file is recomputed and rewritten, never trusted. A cache that cannot be
written (read-only checkout) only costs time.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import jinja2.bccache
from mkdocs.plugins import get_plugin_logger

from hooks import ROOT

log = get_plugin_logger(__name__)

FOLDER = ROOT / ".cache" / "build"
FORMAT = "1"  # bump when the file layout below changes


def package(name: str) -> str:
    """An input naming an installed distribution at its exact version ("pypinyin==0.55.0")."""
    return f"{name}=={version(name)}"


def key(name: str, inputs: Iterable[bytes | str]) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version_info[:2]}\0{name}\0".encode())
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: ("ab", "c") ≠ ("a", "bc")
    return digest.hexdigest()


def cached(name: str, inputs: Iterable[bytes | str], compute: Callable[[], Any], folder: Path = FOLDER) -> Any:
    """compute()'s JSON value, from `folder` when an entry for exactly these inputs exists and is intact."""
    path = folder / f"{name}-{key(name, inputs)}.json"
    body = read(path)
    if body is not None:
        try:
            return json.loads(body)
        except ValueError as exc:  # a checksum that matches a body that is not JSON: written by something else
            log.debug(f"build cache: {path.name} is not JSON ({exc}); recomputing")
    value = compute()
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    for old in folder.glob(f"{name}-*.json"):  # entries of older inputs are never read again
        old.unlink(missing_ok=True)
    write(path, body)
    return json.loads(body)  # the same value whether computed or read: JSON types only


def cached_map(
    name: str, inputs: Iterable[bytes | str], keys: Iterable[str], compute_one: Callable[[str], Any], folder: Path = FOLDER
) -> dict[str, Any]:
    """{key: compute_one(key)} for `keys`, from one entry that grows: keys it lacks are computed and added.

    For a table over a large domain of which a build needs a part (pypinyin's readings of the characters in the
    site): a cold build computes only what it needs, as it would without a cache."""
    path = folder / f"{name}-{key(name, inputs)}.json"
    body = read(path)
    table: dict[str, Any] = {}
    if body is not None:
        try:
            loaded = json.loads(body)
            table = loaded if isinstance(loaded, dict) else {}
        except ValueError as exc:
            log.debug(f"build cache: {path.name} is not JSON ({exc}); recomputing")
    wanted = set(keys)
    missing = sorted(wanted - table.keys())
    if missing:
        table.update((item, compute_one(item)) for item in missing)
        body = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        for old in folder.glob(f"{name}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        write(path, body)
        table = json.loads(body)  # JSON types only, whether computed or read
    return {item: table[item] for item in wanted}


RACY_SECONDS = 2  # a file modified this recently may change again within its timestamp's granularity


def file_system_now_ns(folder: Path) -> int:
    """Now, by the clock that stamps files: the time a file written now gets. It is the clock a file's modification
    time is compared with; the process's own clock may differ (a network file system, a faked test clock)."""
    marker = folder / "now"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker.write_bytes(b"")
        return marker.stat().st_mtime_ns
    except OSError:  # a cache that cannot be written: the process's clock is the best there is
        return time.time_ns()


def file_sha256(path: Path, folder: Path = FOLDER) -> str:
    """The SHA-256 of a file's contents, remembered under its path, size, inode and modification time, the way make
    and git judge a file unchanged (for the runtime's large files: the wasm, the snapshot). A file written again
    gets a new time and is hashed again; one modified in the last RACY_SECONDS is always hashed and not
    remembered (git's "racy clean" rule: a second write could keep its time and size)."""
    stat = path.stat()

    def compute() -> str:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    if file_system_now_ns(folder) - stat.st_mtime_ns < RACY_SECONDS * 1_000_000_000:
        return compute()
    where = str(path.resolve())
    identity = [where, str(stat.st_size), str(stat.st_ino), str(stat.st_mtime_ns)]
    # One entry a file (named by its path), so entries of different files never replace one another.
    return cached(f"sha256-{hashlib.sha256(where.encode()).hexdigest()[:16]}", identity, compute, folder)


def read(path: Path) -> bytes | None:
    """The body of an entry written by `write`, or None when it is missing or does not match its checksum."""
    try:
        checksum, _, body = path.read_bytes().partition(b"\n")
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.debug(f"build cache: {path.name} unreadable ({exc}); recomputing")
        return None
    if hashlib.sha256(body).hexdigest().encode() != checksum:
        log.debug(f"build cache: {path.name} is corrupt; recomputing")
        return None
    return body


def write(path: Path, body: bytes) -> None:
    """Store body with its checksum; a cache that cannot be written (read-only checkout) only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its final name, then renamed: a build that stops half-way leaves no partial entry.
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as temporary:
            try:
                temporary.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            except OSError:
                os.unlink(temporary.name)
                raise
        os.replace(temporary.name, path)
    except OSError as exc:
        log.debug(f"build cache: cannot write {path} ({exc})")


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's compiled templates (hooks/pages/page.py), so a build does not compile them again.

    Jinja names each template's entry and checks the template's source checksum and its own format inside it;
    the Jinja version is added to the name, and a checksum of the entry guards against a corrupt file."""

    def __init__(self, folder: Path = FOLDER / "jinja") -> None:
        self.folder = folder

    def path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{key('jinja', [package('jinja2'), bucket.key])}.bin"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        body = read(self.path(bucket))
        if body is not None:
            bucket.load_bytecode(io.BytesIO(body))  # resets the bucket itself when the source has changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        buffer = io.BytesIO()
        bucket.write_bytecode(buffer)
        write(self.path(bucket), buffer.getvalue())
