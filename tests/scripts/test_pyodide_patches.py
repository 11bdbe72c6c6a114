"""scripts/pyodide_patches.py: Pyodide's start no longer imports asyncio, the calculators still run on the trimmed
standard library, asyncio still works where it is in the zip, and a changed Pyodide file stops the patch loudly.

The Node tests start the pinned Pyodide as the calculators' worker does (tests/scripts/pyodide_start.mjs).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from calculators.browser import CALCULATORS, run
from hooks.delivery.runtime import PRECOMPILED_STDLIB, calculators_zip
from scripts import pyodide_patches
from scripts.pyodide_patches import PATCHES, Patch, PatchMismatch, patch_source, patch_zip

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
PINNED_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
TRIMMED_STDLIB = ROOT / PRECOMPILED_STDLIB
# What importing asyncio brought in at start before the patch (asyncio/base_events.py and asyncio/events.py
# import them); nothing the calculators do needs any of them.
ASYNCIO_AND_ITS_IMPORTS = {"asyncio", "asyncio.events", "concurrent.futures", "logging", "selectors", "socket",
                           "ssl", "subprocess"}

# What Pyodide's package loader imported at start before the patch (pyodide/_package_loader.py and
# pyodide/common.py); they serve only installing packages and unpacking archives, which the worker never does.
ARCHIVE_MODULES = {"shutil", "tempfile", "zipfile", "bz2", "lzma", "compression.zstd", "random"}

node = pytest.mark.skipif(shutil.which("node") is None, reason="Node runs Pyodide (make setup installs it)")


def start_pyodide(stdlib: Path, code: str, *, calculators: Path | None = None, mode: str = "sync") -> dict:
    done = subprocess.run(
        ["node", str(HERE / "pyodide_start.mjs"), str(stdlib), str(calculators or "-"), mode],
        input=code, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_pinned_pyodide_files_are_the_ones_the_patches_were_written_for() -> None:
    with zipfile.ZipFile(PINNED_STDLIB) as archive:
        for member, patch in PATCHES.items():
            original = archive.read(member)
            patched = patch_source(member, original).decode("utf-8")
            assert patch.old in original.decode("utf-8") and patch.new in patched and patched != original.decode()
            assert pyodide_patches.MARK in patched
            compile(patched, member, "exec", dont_inherit=True)
    # the start no longer sets up the event loop in pyodide/__init__.py; the stand-in is installed in _pyodide
    assert "\n_initialize_event_loop()\n" not in PATCHES["pyodide/__init__.py"].new
    assert 'sys.modules.setdefault("asyncio", stand_in)' in PATCHES["_pyodide/__init__.py"].new


def test_a_changed_pyodide_file_stops_the_patch() -> None:
    with zipfile.ZipFile(PINNED_STDLIB) as archive:
        original = archive.read("pyodide/__init__.py")
    with pytest.raises(PatchMismatch, match=r"pyodide/__init__.py: SHA-256 [0-9a-f]{64}, the patch .* expects"):
        patch_source("pyodide/__init__.py", original + b"\n# a newer Pyodide\n")


def test_text_to_replace_must_occur_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    twice = b"x = 1\nx = 1\n"
    monkeypatch.setitem(PATCHES, "m.py", Patch(hashlib.sha256(twice).hexdigest(), "x = 1\n", "x = 2\n"))
    with pytest.raises(PatchMismatch, match="occurs 2 times, expected once"):
        patch_source("m.py", twice)
    once = b"x = 1\n"
    monkeypatch.setitem(PATCHES, "m.py", Patch(hashlib.sha256(once).hexdigest(), "x = 1\n", "x = 2\n"))
    assert patch_source("m.py", once) == b"x = 2\n"


def test_a_zip_without_a_patched_file_stops_the_patch(tmp_path: Path) -> None:
    source = tmp_path / "stdlib.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("json/__init__.py", "")
    with pytest.raises(PatchMismatch, match="_pyodide/__init__.py"):
        patch_zip(str(source), str(tmp_path / "patched.zip"))


def test_the_recorded_start_did_not_import_asyncio() -> None:
    """`make setup` records sys.modules after running every calculator on the patched start."""
    loaded = set(TRIMMED_STDLIB.with_name(TRIMMED_STDLIB.name + ".loaded").read_text(encoding="utf-8").split())
    assert {"pyodide", "_pyodide", "calculators.browser", "decimal"} <= loaded  # the record is a real one
    assert not loaded & ASYNCIO_AND_ITS_IMPORTS
    assert not loaded & ARCHIVE_MODULES
    with zipfile.ZipFile(TRIMMED_STDLIB) as archive:
        members = set(archive.namelist())
    assert "asyncio/__init__.pyc" not in members and "decimal.pyc" in members
    assert "pyodide/webloop.pyc" in members  # Pyodide's own package is kept whole (KEEP), its imports are not


@node
def test_every_calculator_gives_on_the_trimmed_zip_what_it_gives_in_cpython(tmp_path: Path) -> None:
    """Each calculator's build-time example (its defaults) and a wholly bad input, in Pyodide on the shipped
    standard library, against the same call in CPython."""
    archive = tmp_path / "calculators.zip"
    archive.write_bytes(calculators_zip(ROOT))
    cases = {}
    for name, calculator in CALCULATORS.items():
        cases[f"{name}/example"] = (name, calculator.form.defaults())
        cases[f"{name}/bad"] = (name, {field.name: "x" for field in calculator.form.fields})
    code = (
        "import json, sys\nfrom calculators.browser import run\n"
        f"cases = json.loads({json.dumps(json.dumps(cases))})\n"
        "json.dumps({'results': {key: json.loads(run(name, json.dumps(fields))) for key, (name, fields) in cases.items()},"
        " 'modules': sorted(sys.modules)})"
    )
    started = start_pyodide(TRIMMED_STDLIB, code, calculators=archive)
    outcome = json.loads(started["result"])
    expected = {key: json.loads(run(name, json.dumps(fields))) for key, (name, fields) in cases.items()}
    assert len(expected) == 2 * len(CALCULATORS) >= 2
    assert any(result["ok"] for result in expected.values()) and not all(result["ok"] for result in expected.values())
    assert outcome["results"] == expected
    assert not set(started["atStart"]) & ASYNCIO_AND_ITS_IMPORTS
    assert not set(outcome["modules"]) & ASYNCIO_AND_ITS_IMPORTS


@node
def test_asyncio_is_imported_on_first_use_and_pyodide_sets_up_its_event_loop_then(tmp_path: Path) -> None:
    """On the whole standard library with the patches (asyncio in it, unlike the site's zip): the start does not
    import asyncio; the first import does, and installs Pyodide's web event loop as the unpatched start did."""
    patched = tmp_path / "python_stdlib.zip"
    patch_zip(str(PINNED_STDLIB), str(patched))
    code = """
import json, sys, time
import pyodide
webloop = pyodide.webloop  # a lazy attribute: imports webloop, which imports asyncio
import asyncio
json.dumps({
    "loop": type(asyncio.get_event_loop()).__name__,
    "sleep": time.sleep.__code__.co_filename,
    "run": asyncio.run.__code__.co_filename,
    "watching": any(getattr(f, "__name__", "") == "_WatchAsyncio" for f in sys.meta_path),
})
"""
    started = start_pyodide(patched, code)
    assert not set(started["atStart"]) & ASYNCIO_AND_ITS_IMPORTS
    outcome = json.loads(started["result"])
    assert outcome["loop"] == "WebLoop"
    assert outcome["sleep"].endswith("pyodide/webloop.py") and outcome["run"].endswith("pyodide/webloop.py")
    assert outcome["watching"] is False


@node
def test_python_still_awaits_a_javascript_promise_through_the_core_s_get_event_loop(tmp_path: Path) -> None:
    """Awaiting a JavaScript promise goes through the get_event_loop the C core kept at start: the stand-in's,
    which imports asyncio then."""
    patched = tmp_path / "python_stdlib.zip"
    patch_zip(str(PINNED_STDLIB), str(patched))
    code = """
import json
import asyncio
from js import Promise
value = await Promise.resolve(7)
await asyncio.sleep(0)
json.dumps({"value": value, "loop": type(asyncio.get_event_loop()).__name__})
"""
    started = start_pyodide(patched, code, mode="async")
    assert "asyncio" not in started["atStart"]
    assert json.loads(started["result"]) == {"value": 7, "loop": "WebLoop"}


def test_archives_still_unpack_once_asked_and_the_wheel_format_is_registered_then(tmp_path: Path) -> None:
    """On the whole standard library with the patches: the start imports no archive module; Pyodide's own
    unpacking (what pyodide.unpackArchive calls) imports them on first use and registers the "whl" format, as the
    unpatched import did."""
    patched = tmp_path / "python_stdlib.zip"
    patch_zip(str(PINNED_STDLIB), str(patched))
    code = """
import io, json, sys, zipfile
from pyodide._package_loader import get_format, unpack_buffer
from pyodide.ffi import to_js
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as archive:
    archive.writestr("folder/hello.txt", "你好")
unpack_buffer(to_js(buffer.getvalue()), filename="hello.zip", extract_dir="/tmp/unpacked")  # a JS buffer
json.dumps({
    "text": open("/tmp/unpacked/folder/hello.txt", encoding="utf-8").read(),
    "wheel": get_format("whl"),
    "shutil": "shutil" in sys.modules,
})
"""
    started = start_pyodide(patched, code)
    assert not set(started["atStart"]) & ARCHIVE_MODULES
    assert json.loads(started["result"]) == {"text": "你好", "wheel": "whl", "shutil": True}
