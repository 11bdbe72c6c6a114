"""MkDocs hook: publish the browser runtime — the pinned Pyodide files and a zip of calculators/.

Files are added as generated files, so nothing is written into docs/ and `mkdocs serve`
serves them too. The Pyodide version must match the pin in package.json.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from hooks.datasets import pack_datasets

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
STDLIB = "python_stdlib.zip"
PRECOMPILED_STDLIB = Path(".cache") / "pyodide" / STDLIB  # made by scripts/precompile_stdlib.mjs (make setup)
PYODIDE_DEST = "assets/pyodide"
CALCULATORS_ZIP = "assets/calculators.zip"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)

log = get_plugin_logger(__name__)  # a fixed timestamp keeps the zip byte-identical between builds


def repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def pinned_pyodide_version(root: Path) -> str:
    return json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def pyodide_folder(root: Path) -> Path:
    folder = root / "node_modules" / "pyodide"
    if not (folder / "package.json").exists():
        raise PluginError(f"{folder} is missing: run `npm ci` (the Makefile does) before building")
    installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    pinned = pinned_pyodide_version(root)
    if installed != pinned:
        raise PluginError(f"node_modules/pyodide is {installed} but package.json pins {pinned}: run `npm ci`")
    return folder


def precompiled_stdlib(root: Path, version: str) -> Path | None:
    """The bytecode standard library, if it was made from this very Pyodide version."""
    path = root / PRECOMPILED_STDLIB
    stamp = path.with_name(STDLIB + ".version")
    if path.exists() and stamp.exists() and stamp.read_text(encoding="utf-8").strip() == version:
        return path
    return None


def calculators_zip(root: Path) -> bytes:
    """The calculators package as a zip the worker unpacks into Pyodide's file system."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((root / "calculators").glob("*.py")):
            info = zipfile.ZipInfo(f"calculators/{path.name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
        pack_datasets(archive, root, ZIP_DATE)  # calculators/_data/*.json: the YAML data sets (hooks/datasets.py)
    return buffer.getvalue()


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = repo_root(config)
    folder = pyodide_folder(root)
    stdlib = precompiled_stdlib(root, pinned_pyodide_version(root))
    if stdlib is None:
        log.info("serving Pyodide's stock standard library; `make setup` precompiles it for a faster start")
    for name in PYODIDE_FILES:
        source = stdlib if (name == STDLIB and stdlib is not None) else folder / name
        files.append(File.generated(config, f"{PYODIDE_DEST}/{name}", abs_src_path=str(source)))
    files.append(File.generated(config, CALCULATORS_ZIP, content=calculators_zip(root)))
    return files
