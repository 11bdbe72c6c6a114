"""MkDocs hook: publish the browser runtime — the pinned Pyodide files and a zip of calculators/.

Files are added as generated files, so nothing is written into docs/ and `mkdocs serve`
serves them too. The Pyodide version must match the pin in package.json.

Every runtime file lives in `assets/pyodide/<hash>/`, the hash of all their contents: the web server
caches that folder for a year (deploy/nginx.conf) and a new build gets a new folder. The worker learns
the folder from its own text, stamped here (RUNTIME_PLACEHOLDER). Precompressed copies (`.br`, `.gz`,
made by `make setup`) sit beside the files for nginx's brotli_static and gzip_static.

The worker is also stamped with the sizes of what its start downloads (SIZES_PLACEHOLDER), so the page can show
how far the download is while the reader waits.

`snapshot.bin` (made by `make setup` too) is a memory snapshot of Pyodide with the calculators imported. No page
loads it: calculators.js caches it in idle time after a first start (never on a slow or data-saving connection),
and the worker starts from it on later visits. It is published only when it was made from exactly the files
published beside it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from hooks.build_cache import file_sha256
from hooks.data.datasets import pack_datasets

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
STDLIB = "python_stdlib.zip"
PRECOMPILED_STDLIB = Path(".cache") / "pyodide" / STDLIB  # made by scripts/precompile_stdlib.mjs (make setup)
PRECOMPRESSED = PRECOMPILED_STDLIB.parent / "precompressed"
COMPILED_CALCULATORS = PRECOMPILED_STDLIB.parent / "calculators-pyc"  # made by the same script, with sources.json
SNAPSHOT = "snapshot.bin"
LOCK = "pyodide-lock.json"  # published without its package list (see lock_without_packages)
PYODIDE_DEST = "assets/pyodide"
CALCULATORS_ZIP = "calculators.zip"
WORKER = "assets/javascripts/calc-worker.js"
# The line of calc-worker.js that names the runtime folder, relative to the worker's assets/ folder.
RUNTIME_PLACEHOLDER = 'const RUNTIME = "pyodide/";'
SNAPSHOT_PLACEHOLDER = "const SNAPSHOT = null;"  # the snapshot's file name once published
# The sizes of what a start downloads, stamped for the page's progress figure (sizes_of_start).
SIZES_PLACEHOLDER = "const SIZES = null;"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # a fixed timestamp keeps the zip byte-identical between builds

log = get_plugin_logger(__name__)


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


def compiled_calculators(root: Path) -> dict[str, tuple[str, bytes]]:
    """The calculators' bytecode from `make setup`: for each module file, the SHA-256 of the source it was
    compiled from and the .pyc. Empty when missing or made by another Pyodide."""
    folder = root / COMPILED_CALCULATORS
    manifest = folder / "sources.json"
    if not manifest.exists():
        return {}
    made = json.loads(manifest.read_text(encoding="utf-8"))
    if made["pyodide"] != pinned_pyodide_version(root):
        return {}
    return {name: (digest, (folder / (name + "c")).read_bytes()) for name, digest in made["sources"].items()}


def calculators_zip(root: Path) -> bytes:
    """The calculators package as a zip the worker unpacks into Pyodide's file system. A module goes as its
    bytecode alone when `make setup` compiled exactly this source (Python imports a .pyc without its .py, and
    is spared compiling 150 kB of source at every cold start); an edited module goes as source."""
    compiled = compiled_calculators(root)
    buffer = io.BytesIO()
    # Stored, not deflated: the web server compresses it on the wire.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted((root / "calculators").glob("*.py")):
            source = path.read_bytes()
            digest, pyc = compiled.get(path.name, ("", b""))
            if digest == hashlib.sha256(source).hexdigest():
                archive.writestr(zipfile.ZipInfo(f"calculators/{path.stem}.pyc", date_time=ZIP_DATE), pyc)
            else:
                archive.writestr(zipfile.ZipInfo(f"calculators/{path.name}", date_time=ZIP_DATE), source)
        pack_datasets(archive, root, ZIP_DATE)  # calculators/_data/*.json: the YAML data sets (hooks/data/datasets.py)
    return buffer.getvalue()


def matching_snapshot(root: Path, version: str, stdlib: Path | None, calculators: bytes) -> Path | None:
    """The memory snapshot, if it was made from this Pyodide, this standard library and these calculators."""
    path = root / PRECOMPILED_STDLIB.parent / SNAPSHOT
    source = path.with_name(SNAPSHOT + ".source")
    if stdlib is None or not path.exists() or not source.exists():
        return None
    made_from = json.loads(source.read_text(encoding="utf-8"))
    wanted = {
        "pyodide": version,
        "stdlib": hashlib.sha256(stdlib.read_bytes()).hexdigest(),
        "calculators": hashlib.sha256(calculators).hexdigest(),
    }
    return path if made_from == wanted else None


def lock_without_packages(lock_text: str) -> str:
    """Pyodide's lock file as the site needs it: its `info` (Pyodide checks the ABI version at start) and no
    packages. The 357 packages list wheels the site never loads (the calculators use the standard library
    only; packages would need a CDN); the full file costs 22 KiB with brotli on every cold calculator visit."""
    return json.dumps({"info": json.loads(lock_text)["info"], "packages": {}}, separators=(",", ":"))


def runtime_folder(sources: dict[str, Path], calculators: bytes) -> str:
    """`assets/pyodide/<hash>`: the hash of every runtime file, so any change gives a new URL."""
    digest = hashlib.sha256()
    for name in sorted(sources):  # each file's own SHA-256, remembered while it is unchanged (the snapshot is 31 MB)
        digest.update(name.encode() + b"\0" + file_sha256(sources[name]).encode())
    digest.update(calculators)
    return f"{PYODIDE_DEST}/{digest.hexdigest()[:12]}"


def stamp_worker(text: str, folder: str, snapshot: bool = False) -> str:
    """The worker's text with the runtime folder it must load (relative to assets/), and whether that folder
    holds a memory snapshot."""
    for placeholder in (RUNTIME_PLACEHOLDER, SNAPSHOT_PLACEHOLDER):
        if text.count(placeholder) != 1:
            raise PluginError(f"{WORKER}: expected the line `{placeholder}` once, to stamp the runtime")
    relative = folder.removeprefix("assets/") + "/"
    text = text.replace(RUNTIME_PLACEHOLDER, f"const RUNTIME = {json.dumps(relative)};")
    return text.replace(SNAPSHOT_PLACEHOLDER, f"const SNAPSHOT = {json.dumps(SNAPSHOT if snapshot else None)};")


def sizes_of_start(published: dict[str, bytes | Path], packed: dict[str, Path]) -> dict[str, object]:
    """What a start downloads before it is ready (every published runtime file but the snapshot, which a start
    never waits for): each file's size as the worker reads it (decompressed), and the whole on the wire: the
    brotli copy's size where the build has one, else the size at zlib's best (about what the server's brotli
    makes of it on the fly). The page shows the share read so far, and the total a reader's data plan pays."""
    sizes = {}
    wire = 0
    for name, content in sorted(published.items()):
        if name == SNAPSHOT:
            continue
        data = content if isinstance(content, bytes) else None
        sizes[name] = len(data) if data is not None else content.stat().st_size
        if name in packed:
            wire += packed[name].stat().st_size
        else:
            wire += len(zlib.compress(data if data is not None else content.read_bytes(), 9))
    return {"files": sizes, "wire": wire}


def stamp_sizes(text: str, sizes: dict[str, object]) -> str:
    """The worker's text with the sizes of what its start downloads (sizes_of_start)."""
    if text.count(SIZES_PLACEHOLDER) != 1:
        raise PluginError(f"{WORKER}: expected the line `{SIZES_PLACEHOLDER}` once, to stamp the runtime's sizes")
    return text.replace(SIZES_PLACEHOLDER, f"const SIZES = {json.dumps(sizes, sort_keys=True, separators=(',', ':'))};")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = repo_root(config)
    folder = pyodide_folder(root)
    stdlib = precompiled_stdlib(root, pinned_pyodide_version(root))
    if stdlib is None:
        log.info("serving Pyodide's stock standard library; `make setup` precompiles it for a faster start")
    sources = {name: (stdlib if (name == STDLIB and stdlib is not None) else folder / name) for name in PYODIDE_FILES}
    calculators = calculators_zip(root)
    snapshot = matching_snapshot(root, pinned_pyodide_version(root), stdlib, calculators)
    if snapshot is not None:
        sources[SNAPSHOT] = snapshot
    elif stdlib is not None:
        log.info("no memory snapshot for these calculators: `make setup` makes one (warm visits start faster)")
    dest = runtime_folder(sources, calculators)
    published: dict[str, bytes | Path] = {CALCULATORS_ZIP: calculators}
    brotli: dict[str, Path] = {}
    for name, source in sources.items():
        if name == LOCK:  # no precompressed copies: they hold the full file (nginx compresses this one)
            lock = lock_without_packages(source.read_text(encoding="utf-8"))
            files.append(File.generated(config, f"{dest}/{name}", content=lock))
            published[name] = lock.encode()
            continue
        files.append(File.generated(config, f"{dest}/{name}", abs_src_path=str(source)))
        published[name] = source
        for suffix in (".br", ".gz"):
            packed = root / PRECOMPRESSED / (name + suffix)
            if stdlib is not None and packed.exists():  # made together with the precompiled stdlib
                files.append(File.generated(config, f"{dest}/{name}{suffix}", abs_src_path=str(packed)))
                if suffix == ".br":
                    brotli[name] = packed
    files.append(File.generated(config, f"{dest}/{CALCULATORS_ZIP}", content=calculators))
    worker = files.get_file_from_path(WORKER)
    if worker is None:
        raise PluginError(f"docs/{WORKER} is missing")
    files.remove(worker)
    text = stamp_worker(worker.content_string, dest, snapshot is not None)
    files.append(File.generated(config, WORKER, content=stamp_sizes(text, sizes_of_start(published, brotli))))
    return files
