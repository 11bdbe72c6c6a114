"""One strict build in this fresh process, timed: what MkDocs and Material spend, and what our hooks spend.

`python scripts/bench_build.py [mkdocs.yml [site_dir]]` prints one JSON line (make bench, section 6, runs it
once per build so nothing of one build — imported modules, in-memory caches — helps the next).

What counts as ours (`hooks`):
- the import of every hook module listed under `hooks:` in mkdocs.yml, with everything it imports that was not
  imported yet (pypinyin, OpenCC, the calculators…): MkDocs does it while loading the configuration;
- every call of an event handler of those modules, including what it calls in MkDocs, Material or Jinja.
`total` is loading the configuration plus the build (not Python's start nor MkDocs' own import, which no hook
changes). This script imports nothing of the project before the build, so no hook import is hidden.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main() -> None:
    config_file = Path(sys.argv[1] if len(sys.argv) > 1 else "mkdocs.yml").resolve()
    site_dir = sys.argv[2] if len(sys.argv) > 2 else None
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(config_file.parent)  # jieba's user dictionary is read relative to the working directory
    sys.path.insert(0, str(config_file.parent))  # `hooks.*` and `calculators.*` of this project, not another copy's

    from mkdocs.commands.build import build
    from mkdocs.config import config_options, load_config

    spent: dict[str, float] = {}
    imports: dict[str, float] = {}
    load_hook = config_options.Hooks._load_hook

    def timed_load(self, name, path):  # noqa: ANN001 - MkDocs' own signature
        start = time.perf_counter()
        try:
            return load_hook(self, name, path)
        finally:
            imports[name] = imports.get(name, 0.0) + time.perf_counter() - start

    config_options.Hooks._load_hook = timed_load

    start = time.perf_counter()
    config = load_config(str(config_file), site_dir=site_dir, strict=True)
    loaded = time.perf_counter()
    hook_modules = set(config.hooks) if config.hooks else set()
    for event, handlers in config.plugins.events.items():
        for index, handler in enumerate(handlers):
            module = getattr(handler, "__module__", "") or ""
            if module in hook_modules:
                def timed(*args, __handler=handler, __key=f"{module} {event}", **kwargs):  # noqa: ANN002, ANN003
                    began = time.perf_counter()
                    try:
                        return __handler(*args, **kwargs)
                    finally:
                        spent[__key] = spent.get(__key, 0.0) + time.perf_counter() - began
                handlers[index] = timed
    build(config)
    end = time.perf_counter()
    pages = len(list(Path(config.site_dir).rglob("index.html")))
    print(json.dumps({
        "pages": pages,
        "total": end - start,
        "load_config": loaded - start,
        "build": end - loaded,
        "imports": imports,
        "events": spent,
        "hooks": sum(imports.values()) + sum(spent.values()),
    }))


if __name__ == "__main__":
    main()
