"""The browser runtime: the trimmed standard library covers what the calculators import, the runtime
folder's name changes with its contents, and calculator pages (only they) preload the runtime."""

from __future__ import annotations

import ast
import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.delivery.preload import PRELOADS, preload_links
from hooks.delivery.runtime import (
    COMPILED_CALCULATORS,
    PRECOMPILED_STDLIB,
    RUNTIME_PLACEHOLDER,
    SNAPSHOT_PLACEHOLDER,
    calculators_zip,
    lock_without_packages,
    matching_snapshot,
    runtime_folder,
    stamp_worker,
)
from tests.conftest import ROOT

def imported_modules(source: str) -> set[str]:
    """Every module a Python file imports, by its dotted name, including imports inside functions."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_imported_modules_reads_every_kind_of_import() -> None:
    source = "import json, os.path\nfrom decimal import Decimal\nfrom . import x\ndef f():\n    import statistics\n"
    assert imported_modules(source) == {"json", "os.path", "decimal", "statistics"}


def test_every_module_a_calculator_imports_is_in_the_trimmed_standard_library() -> None:
    """scripts/precompile_stdlib.mjs keeps what Pyodide loaded while running every calculator; a module a
    calculator imports must be among them (so its .pyc is in the zip, or it is built into Pyodide)."""
    stdlib_zip = ROOT / PRECOMPILED_STDLIB
    assert stdlib_zip.exists(), "`make setup` writes the trimmed standard library"
    with zipfile.ZipFile(stdlib_zip) as archive:
        members = set(archive.namelist())
    loaded = set(stdlib_zip.with_name(stdlib_zip.name + ".loaded").read_text(encoding="utf-8").split())
    imported = set()
    for path in (ROOT / "calculators").glob("*.py"):
        imported |= {name for name in imported_modules(path.read_text(encoding="utf-8"))
                     if name.split(".")[0] in sys.stdlib_module_names and name != "__future__"}
    assert {"decimal", "json"} <= imported, "the calculators use decimal and json: this check must see their imports"
    missing = []
    for name in sorted(imported):
        in_zip = {name.replace(".", "/") + ".pyc", name.replace(".", "/") + "/__init__.pyc"} & members
        if name not in loaded and not in_zip:
            missing.append(name)
    assert not missing, f"imported by a calculator but left out of the standard library (run `make setup`): {missing}"


def test_the_runtime_folder_name_changes_with_any_runtime_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"one")
    b.write_bytes(b"two")
    first = runtime_folder({"a": a, "b": b}, b"calculators")
    assert re.fullmatch(r"assets/pyodide/[0-9a-f]{12}", first)
    assert runtime_folder({"a": a, "b": b}, b"calculators") == first  # the same bytes, the same name
    assert runtime_folder({"a": a, "b": b}, b"calculators!") != first
    b.write_bytes(b"three")
    assert runtime_folder({"a": a, "b": b}, b"calculators") != first


def test_the_worker_is_stamped_with_the_runtime_folder_and_the_snapshot_once() -> None:
    text = f"const a = 1;\n{RUNTIME_PLACEHOLDER}\n{SNAPSHOT_PLACEHOLDER}\n"
    stamped = stamp_worker(text, "assets/pyodide/0123456789ab")
    assert stamped == 'const a = 1;\nconst RUNTIME = "pyodide/0123456789ab/";\nconst SNAPSHOT = null;\n'
    stamped = stamp_worker(text, "assets/pyodide/0123456789ab", snapshot=True)
    assert stamped.endswith('const SNAPSHOT = "snapshot.bin";\n')
    with pytest.raises(PluginError, match="expected the line"):
        stamp_worker("const a = 1;\n", "assets/pyodide/0123456789ab")
    with pytest.raises(PluginError, match="expected the line"):
        stamp_worker(f"{RUNTIME_PLACEHOLDER}\n", "assets/pyodide/0123456789ab")


def test_the_snapshot_is_published_only_for_the_files_it_was_made_from(tmp_path: Path) -> None:
    folder = tmp_path / PRECOMPILED_STDLIB.parent
    folder.mkdir(parents=True)
    stdlib = tmp_path / PRECOMPILED_STDLIB
    stdlib.write_bytes(b"stdlib")
    (folder / "snapshot.bin").write_bytes(b"memory")
    made_from = {
        "pyodide": "314.0.7",
        "stdlib": hashlib.sha256(b"stdlib").hexdigest(),
        "calculators": hashlib.sha256(b"calculators").hexdigest(),
    }
    (folder / "snapshot.bin.source").write_text(json.dumps(made_from), encoding="utf-8")
    assert matching_snapshot(tmp_path, "314.0.7", stdlib, b"calculators") == folder / "snapshot.bin"
    assert matching_snapshot(tmp_path, "314.0.7", stdlib, b"calculators, edited") is None
    assert matching_snapshot(tmp_path, "314.0.8", stdlib, b"calculators") is None
    assert matching_snapshot(tmp_path, "314.0.7", None, b"calculators") is None  # the stock standard library
    stdlib.write_bytes(b"stdlib, made again")
    assert matching_snapshot(tmp_path, "314.0.7", stdlib, b"calculators") is None


def test_preload_links_are_relative_to_the_page() -> None:
    links = preload_links("assets/pyodide/0123456789ab/", "calculators/penalty/")
    assert links.count("<link ") == len(PRELOADS)
    assert 'href="../../assets/pyodide/0123456789ab/pyodide.asm.wasm"' in links


def test_calculator_pages_and_only_they_preload_existing_runtime_files(built_site: Path) -> None:
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'<link rel="(?:modulepreload|preload)"[^>]* href="([^"]+)"', html)
        if "data-calculator=" not in html:
            assert not hrefs, page
            assert "data-calc-worker" not in html, page
            continue
        assert len(hrefs) == len(PRELOADS), page
        head = html[: html.index("</head>")]
        for href in hrefs:
            assert href in head
            assert (page.parent / href).resolve().is_file(), (page, href)
        # and the worker is started from the <head>, with a path that leads to it
        [worker] = re.findall(r'<script data-calc-worker="([^"]+)" data-calculators=', head)
        assert (page.parent / worker).resolve() == built_site / "assets" / "javascripts" / "calc-worker.js", page
        # before every stylesheet: a script after a stylesheet waits for it to arrive before it runs
        assert head.index("<script data-calc-worker=") < head.index('<link rel="stylesheet"'), page
        # naming the calculators the page shows, for the worker to import before it says ready
        [names] = re.findall(r'<script data-calc-worker="[^"]+" data-calculators="([^"]*)">', head)
        assert names.split() == sorted(set(re.findall(r'<form[^>]*data-calculator="([^"]+)"', html)), key=html.index), page


def test_the_lock_file_keeps_its_info_and_drops_the_packages() -> None:
    lock = json.dumps({"info": {"abi_version": "2026_0", "python": "3.14.2"}, "packages": {"numpy": {"name": "numpy"}}})
    assert json.loads(lock_without_packages(lock)) == {"info": {"abi_version": "2026_0", "python": "3.14.2"}, "packages": {}}


def test_the_published_lock_file_has_pyodides_info_and_no_stale_compressed_copy(built_site: Path) -> None:
    """Pyodide refuses a lock file whose ABI version differs from its own: the info must be the pinned one's.
    A .br or .gz beside it would be the full file, which nginx would send instead."""
    folder = next((built_site / "assets" / "pyodide").iterdir())
    published = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert published == {"info": pinned["info"], "packages": {}}
    assert not list(folder.glob("pyodide-lock.json.*"))


def test_calculators_ship_as_bytecode_only_while_the_source_is_the_one_compiled(tmp_path: Path) -> None:
    """`make setup` compiles calculators/*.py with the pinned Pyodide (scripts/precompile_stdlib.mjs); the zip
    carries a module's .pyc instead of its source only while the source is unchanged, so an edited calculator
    never runs stale code."""
    compiled = ROOT / COMPILED_CALCULATORS
    assert (compiled / "sources.json").exists(), "`make setup` compiles the calculators"
    shutil.copytree(ROOT / "calculators", tmp_path / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("data", "package.json", "node_modules"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / COMPILED_CALCULATORS).parent.mkdir(parents=True)
    (tmp_path / COMPILED_CALCULATORS).symlink_to(compiled)
    sources = sorted(path.stem for path in (tmp_path / "calculators").glob("*.py"))

    def shipped(root: Path, suffix: str) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(calculators_zip(root))) as archive:
            return sorted(name.split("/")[-1].removesuffix(suffix) for name in archive.namelist() if name.endswith(suffix))

    assert shipped(tmp_path, ".pyc") == sources
    assert shipped(tmp_path, ".py") == []
    penalty = tmp_path / "calculators" / "penalty.py"
    penalty.write_text(penalty.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert shipped(tmp_path, ".pyc") == [name for name in sources if name != "penalty"]
    assert shipped(tmp_path, ".py") == ["penalty"]


# Run by the pinned Pyodide in Node, on the files `make setup` wrote: a stdlib module's and a calculator's code
# objects, as the browser imports them, and their instructions' positions (line, end line, column, end column).
POSITIONS_CHECK = """
import { loadPyodide } from "%(pyodide)s";
const py = await loadPyodide({ stdLibURL: "%(stdlib)s" });
py.FS.writeFile("/tmp/penalty.pyc", new Uint8Array(await (await import("node:fs")).promises.readFile("%(calculator)s")));
console.log(py.runPython(`
import json, json.decoder, marshal
with open("/tmp/penalty.pyc", "rb") as f:
    calculator = marshal.loads(f.read()[16:])
json.dumps({
    "stdlib_file": json.decoder.__spec__.origin,
    "stdlib": [list(p) for p in json.decoder.JSONDecoder.raw_decode.__code__.co_positions()],
    "calculator": [list(p) for p in calculator.co_positions()],
})
`));
"""


def test_the_shipped_bytecode_leaves_out_column_positions(tmp_path: Path) -> None:
    # A third of the compressed bytecode is where on its line each instruction sits: only tracebacks use it.
    import subprocess

    script = tmp_path / "check.mjs"
    script.write_text(POSITIONS_CHECK % {
        "pyodide": ROOT / "node_modules" / "pyodide" / "pyodide.mjs",
        "stdlib": ROOT / PRECOMPILED_STDLIB,
        "calculator": ROOT / COMPILED_CALCULATORS / "penalty.pyc",
    }, encoding="utf-8")
    output = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    found = json.loads(output.strip().splitlines()[-1])
    assert found["stdlib_file"].endswith(".pyc")  # the precompiled file, not a source compiled in the browser
    for code in ("stdlib", "calculator"):
        lines = [line for line, _end, _column, _end_column in found[code]]
        columns = [position[2:] for position in found[code]]
        assert any(line is not None for line in lines), code  # line numbers stay: tracebacks still name the line
        assert columns and all(column == [None, None] for column in columns), code
