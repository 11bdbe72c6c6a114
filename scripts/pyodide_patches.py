"""Four of Pyodide's own Python files, patched in the standard library the site ships (never in node_modules).

Pyodide 314 imports asyncio while it starts, and with it concurrent.futures, logging, socket, ssl, subprocess,
selectors, threading and more (about a quarter of the trimmed standard library, brotli): its C core imports
asyncio only to keep `asyncio.get_event_loop` for awaiting JavaScript promises later, and `pyodide/__init__.py`
imports `pyodide.webloop` to install its web event loop. The calculators never await anything. These patches
make both happen on first use instead:
- `_pyodide/__init__.py` (imported before the C core starts) puts a stand-in `asyncio` module in `sys.modules`
  whose `get_event_loop` imports the real asyncio when first called; any other attribute does the same.
- `pyodide/__init__.py` (imported once the core has started) removes the stand-in and sets up the web event loop
  once asyncio and `pyodide.webloop` are both imported, whichever comes first (a `sys.meta_path` finder wraps their
  loaders, then runs `webloop._initialize_event_loop()`); `time.sleep` imports asyncio on first use where Pyodide
  could run the event loop during a sleep (JavaScript Promise Integration); `pyodide.webloop` stays an attribute
  (module __getattr__); and it still holds `pyodide_js._api.scheduleCallback` as webloop did, because a memory
  snapshot expects exactly those JavaScript references first (Pyodide's `getExpectedKeys`).
- `pyodide/_package_loader.py` (imported at start) imports shutil, tempfile and zipfile (and through shutil bz2,
  lzma and compression.zstd), which serve only installing packages and unpacking archives: each name now stands
  for its module or class until first used, and the "whl" unpack format is registered when shutil is first used.
  `pyodide/common.py` (imported by it) imports shutil for one copy: now inside the function that copies.
  The worker imports the calculators from their zip with zipimport, so nothing at start needs them.
Since nothing imports asyncio any more, `scripts/precompile_stdlib.mjs` (which keeps what `sys.modules` holds
after running every calculator) leaves it and its imports out of the zip: in the site, `import asyncio` fails.

Each patch names the SHA-256 of the file it was written against and replaces exact text: a Pyodide upgrade that
changes any of them stops `make setup` here instead of shipping an unpatched or half-patched start.
Usage: python scripts/pyodide_patches.py SOURCE.zip PATCHED.zip  (Pyodide's python_stdlib.zip, as source)
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from typing import NamedTuple

MARK = "# Patched for the site by scripts/pyodide_patches.py (wangshangdai-help): "


class Patch(NamedTuple):
    sha256: str  # of the pinned Pyodide's file
    old: str  # text found exactly once in it
    new: str
    then: tuple[tuple[str, str], ...] = ()  # further (old, new) replacements, in order, each old found once


STAND_IN = '''__all__ = ["_base", "_importhook"]

''' + MARK + '''asyncio on first use.
# Pyodide's C core imports asyncio while it starts, only to keep asyncio.get_event_loop for awaiting JavaScript
# promises later. It gets this stand-in, whose get_event_loop (or any other attribute) imports the real asyncio
# first; pyodide/__init__.py removes it from sys.modules once the core has started.
def _real_asyncio():
    import sys

    if sys.modules.get("asyncio") is _asyncio_stand_in:
        del sys.modules["asyncio"]
    import asyncio

    return asyncio


def _stand_in_get_event_loop():
    return _real_asyncio().get_event_loop()


def _stand_in_getattr(name):
    return getattr(_real_asyncio(), name)


def _install_asyncio_stand_in():
    import sys

    stand_in = type(sys)("asyncio", "Stands in for asyncio while Pyodide's core starts.")
    stand_in.get_event_loop = _stand_in_get_event_loop
    stand_in.__getattr__ = _stand_in_getattr
    if sys.platform == "emscripten" and "_pyodide_core" not in sys.modules:
        sys.modules.setdefault("asyncio", stand_in)
    return stand_in


_asyncio_stand_in = _install_asyncio_stand_in()
'''

LAZY_WEBLOOP = '''from . import _state  # noqa: F401

''' + MARK + '''the web event loop is set up when asyncio is
# first imported, no longer here at start (see _pyodide/__init__.py for the C core's import of asyncio).
import sys as _sys

import _pyodide

from .ffi import IN_PYODIDE as _IN_PYODIDE

if _sys.modules.get("asyncio") is getattr(_pyodide, "_asyncio_stand_in", None):
    del _sys.modules["asyncio"]

if _IN_PYODIDE:
    # What importing webloop did first: hold pyodide_js._api and its scheduleCallback. A memory snapshot
    # (makeMemorySnapshot) expects exactly these JavaScript references at these places.
    from pyodide_js._api import scheduleCallback as _scheduleCallback  # noqa: F401


def __getattr__(name):
    if name in ("console", "code", "ffi", "http", "webloop"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _ThenSetUpEventLoop:
    """Runs the module's own loader, then _set_up_event_loop()."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        _set_up_event_loop()


class _WatchAsyncio:
    """On sys.meta_path until the web event loop is set up: wraps the loaders of asyncio and pyodide.webloop."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in ("asyncio", "pyodide.webloop"):
            return None
        for finder in _sys.meta_path:
            find = getattr(finder, "find_spec", None) if finder is not cls else None
            spec = find(name, path, target) if find else None
            if spec is not None:
                spec.loader = _ThenSetUpEventLoop(spec.loader)
                return spec
        return None


def _set_up_event_loop():
    """What this module did at start, once asyncio and pyodide.webloop are both imported, whichever came first."""
    webloop = _sys.modules.get("pyodide.webloop")
    if webloop is None:
        from . import webloop  # noqa: F811  (calls this again once it is imported)
    elif hasattr(webloop, "_initialize_event_loop") and _WatchAsyncio in _sys.meta_path:
        _sys.meta_path.remove(_WatchAsyncio)
        webloop._initialize_event_loop()
    # else webloop is still being imported (it imported asyncio): the end of its import calls this again


def _install_lazy_event_loop():
    import time
    from functools import wraps

    from .ffi import can_run_sync

    sleep_before_asyncio = time.sleep

    @wraps(sleep_before_asyncio)
    def sleep(seconds):
        # Where Python may wait for JavaScript (JSPI), webloop's time.sleep runs the event loop meanwhile.
        if can_run_sync():
            try:
                import asyncio  # noqa: F401  (sets up the web event loop, which replaces time.sleep)
            except ImportError:  # a standard library without asyncio (the site's): a plain sleep
                pass
            if time.sleep is not sleep:
                return time.sleep(seconds)
        return sleep_before_asyncio(seconds)

    time.sleep = sleep
    _sys.meta_path.insert(0, _WatchAsyncio)


if _IN_PYODIDE and "asyncio" not in _sys.modules:
    _install_lazy_event_loop()
elif _IN_PYODIDE:
    from .webloop import _initialize_event_loop

    _initialize_event_loop()
    del _initialize_event_loop
'''

PACKAGE_LOADER_IMPORTS = '''import shutil
import sys
from collections.abc import Iterable
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from site import getsitepackages
from tempfile import NamedTemporaryFile
from typing import IO, Any, Literal
from zipfile import ZipFile
'''

LAZY_PACKAGE_LOADER_IMPORTS = '''import sys
from collections.abc import Iterable
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from site import getsitepackages
from typing import IO, Any, Literal

''' + MARK + '''shutil, tempfile and zipfile on first use.
# Pyodide's start imports this module; these three (and through shutil bz2, lzma and compression.zstd) serve only
# installing packages and unpacking archives. Each name stands for its module or class until first used.
class _OnFirstUse:
    def __init__(self, load):
        self._load = load
        self._loaded = None

    def _target(self):
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def __getattr__(self, name):
        return getattr(self._target(), name)

    def __call__(self, *args, **kwargs):
        return self._target()(*args, **kwargs)


def _load_shutil():
    import shutil as module

    # what this module did at import in Pyodide: wheels unpack as zip files
    if IN_PYODIDE and "whl" not in {name for name, *_ in module.get_unpack_formats()}:
        module.register_archive_format("whl", make_whlfile, description="Wheel file")
        module.register_unpack_format(
            "whl", [".whl", ".wheel"], module._unpack_zipfile, description="Wheel file"
        )
    return module


def _load_named_temporary_file():
    from tempfile import NamedTemporaryFile

    return NamedTemporaryFile


def _load_zip_file():
    from zipfile import ZipFile

    return ZipFile


shutil = _OnFirstUse(_load_shutil)
NamedTemporaryFile = _OnFirstUse(_load_named_temporary_file)
ZipFile = _OnFirstUse(_load_zip_file)
'''

PACKAGE_LOADER_REGISTRATION = '''if IN_PYODIDE:
    shutil.register_archive_format("whl", make_whlfile, description="Wheel file")
    shutil.register_unpack_format(
        "whl",
        [".whl", ".wheel"],
        shutil._unpack_zipfile,  # type: ignore[attr-defined]
        description="Wheel file",
    )
'''

LAZY_PACKAGE_LOADER_REGISTRATION = MARK + '''the "whl" format is registered when shutil is first used (_load_shutil).
'''

COMMON_IMPORT = "import os\nimport shutil\nfrom pathlib import Path\n"
LAZY_COMMON_IMPORT = "import os\nfrom pathlib import Path\n"
COMMON_COPY = "            shutil.copy2(src_file, dst_file)\n"
LAZY_COMMON_COPY = (
    "            import shutil  # " + MARK.removeprefix("# ") + "on first use: Pyodide's start imports this module\n"
    "            shutil.copy2(src_file, dst_file)\n"
)

PATCHES: dict[str, Patch] = {
    "_pyodide/__init__.py": Patch(
        sha256="de655c1598120f699d84a90a4d88ff1cc372e8d9fc14d5b66d505b80414857ca",
        old='__all__ = ["_base", "_importhook"]\n',
        new=STAND_IN,
    ),
    "pyodide/__init__.py": Patch(
        sha256="e72ecf4b144c38a54a40be1ad0a21eddc92d2f587b6a96851e6c81965276e25d",
        old="from . import _state  # noqa: F401\nfrom .webloop import _initialize_event_loop\n\n"
        "_initialize_event_loop()\ndel _initialize_event_loop\n",
        new=LAZY_WEBLOOP,
    ),
    "pyodide/_package_loader.py": Patch(
        sha256="66bc0d856252e3c3690a9c9cc2f73a4e88d7a9cc5beafa712194cadda4eb2b70",
        old=PACKAGE_LOADER_IMPORTS,
        new=LAZY_PACKAGE_LOADER_IMPORTS,
        then=((PACKAGE_LOADER_REGISTRATION, LAZY_PACKAGE_LOADER_REGISTRATION),),
    ),
    "pyodide/common.py": Patch(
        sha256="fb1f3d764f43efb1a451363557df712abbd4f409ad5bc3650fe6a1d50a8e9ec7",
        old=COMMON_IMPORT,
        new=LAZY_COMMON_IMPORT,
        then=((COMMON_COPY, LAZY_COMMON_COPY),),
    ),
}


class PatchMismatch(Exception):
    """The pinned Pyodide's file is not the one a patch was written for."""


def patch_source(member: str, source: bytes) -> bytes:
    """The patched text of one of PATCHES' files; PatchMismatch unless it is exactly the expected original."""
    patch = PATCHES[member]
    digest = hashlib.sha256(source).hexdigest()
    if digest != patch.sha256:
        raise PatchMismatch(
            f"{member}: SHA-256 {digest}, the patch in scripts/pyodide_patches.py expects {patch.sha256} "
            "(a new Pyodide? Read the new file, then update or drop the patch)"
        )
    text = source.decode("utf-8")
    for old, new in ((patch.old, patch.new), *patch.then):
        if text.count(old) != 1:
            raise PatchMismatch(f"{member}: the text to replace occurs {text.count(old)} times, expected once")
        text = text.replace(old, new)
    return text.encode("utf-8")


def patch_zip(source: str, target: str) -> list[str]:
    """Copy a standard library zip with PATCHES applied; every patched file must be in it."""
    patched = []
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in PATCHES:
                data = patch_source(info.filename, data)
                patched.append(info.filename)
            out.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data, zipfile.ZIP_DEFLATED)
    missing = sorted(set(PATCHES) - set(patched))
    if missing:
        raise PatchMismatch(f"not in {source}: {missing}")
    return patched


if __name__ == "__main__":
    print("patched:", ", ".join(patch_zip(sys.argv[1], sys.argv[2])))
