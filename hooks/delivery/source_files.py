"""MkDocs hook: publish each calculator's Python source and its tests as text, for the 计算方法 panel.

A reader (or a reviewer) can read the exact code that computed their numbers on the site itself,
with no third-party host. Files are generated; nothing is written into docs/.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from calculators.browser import CALCULATORS

DEST = "assets/source"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    published: set[str] = set()
    for calculator in CALCULATORS.values():
        for path in (calculator.form.source, calculator.form.tests):
            if not path or path in published:
                continue
            source = root / path
            if not source.is_file():
                raise PluginError(f"calculator '{calculator.form.name}' names {path}, which does not exist")
            published.add(path)
            files.append(File.generated(config, f"{DEST}/{path}.txt", content=source.read_text(encoding="utf-8")))
    return files
