"""requirements.lock pins exactly what requirements.txt pins, each with a hash (make setup uses --require-hashes)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from scripts import lock_requirements as lock

LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) --hash=sha256:([0-9a-f]{64})$")


def test_the_lock_pins_every_requirement_with_a_hash() -> None:
    wanted = lock.pins(lock.REQUIREMENTS.read_text(encoding="utf-8"))
    lines = [line for line in lock.LOCK.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), [line for line, match in zip(lines, parsed) if not match]
    assert [(m[1], m[2]) for m in parsed] == wanted, "requirements.txt changed: run `make lock` and commit requirements.lock"


def test_lock_text_takes_each_pins_own_file(tmp_path: Path) -> None:
    (tmp_path / "Foo_Bar-1.2.0-py3-none-any.whl").write_bytes(b"wheel")
    (tmp_path / "foo-1.2.0.tar.gz").write_bytes(b"sdist")
    (tmp_path / "foo_bar_baz-1.2.0-py3-none-any.whl").write_bytes(b"other")  # must not match foo-bar
    text = lock.lock_text([("foo-bar", "1.2.0"), ("foo", "1.2.0")], tmp_path)
    # each pin gets the SHA-256 of its own file's bytes
    assert text.splitlines()[1:] == [
        "foo-bar==1.2.0 --hash=sha256:" + hashlib.sha256(b"wheel").hexdigest(),
        "foo==1.2.0 --hash=sha256:" + hashlib.sha256(b"sdist").hexdigest(),
    ]
    with pytest.raises(SystemExit, match="baz==9: expected one downloaded file, found 0"):
        lock.lock_text([("baz", "9")], tmp_path)


def test_a_requirement_that_is_not_a_pin_is_refused() -> None:
    with pytest.raises(SystemExit, match=r"requirements.txt:2: expected name==version, found 'foo>=1'"):
        lock.pins("bar==1\nfoo>=1\n")
