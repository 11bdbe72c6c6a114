"""The real site builds strictly; a broken marker in a page stops the build with file and line."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from hooks.delivery.runtime import PYODIDE_FILES, calculators_zip
from tests.conftest import ROOT, build_site


def runtime_dir(site: Path) -> Path:
    """The one content-hashed runtime folder of a built site."""
    folders = list((site / "assets" / "pyodide").iterdir())
    assert len(folders) == 1 and folders[0].is_dir(), folders
    return folders[0]


def test_the_built_site_carries_the_runtime_and_the_calculators(built_site: Path) -> None:
    for name in PYODIDE_FILES:
        assert (runtime_dir(built_site) / name).stat().st_size > 0, name
    assert (runtime_dir(built_site) / "calculators.zip").read_bytes() == calculators_zip(ROOT)
    page = (built_site / "calculators" / "penalty" / "index.html").read_text(encoding="utf-8")
    assert 'data-calculator="penalty"' in page


EMBEDDED = {("guides", "credit"), ("guides", "negotiation")}  # guides that embed a calculator (issue 10)


def test_only_calculator_pages_contain_a_calculator_form(built_site: Path) -> None:
    for page in built_site.rglob("index.html"):
        has_form = "data-calculator=" in page.read_text(encoding="utf-8")
        assert has_form == ("calculators" in page.parts or page.parts[-3:-1] in EMBEDDED), page


def test_a_bad_marker_fails_the_build_naming_the_page_and_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "__pycache__", ".pytest_cache"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    page = project / "docs" / "calculators" / "penalty.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- calc:nosuch -->\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("<!-- calc:nosuch -->") + 1
    with pytest.raises(Abort):
        build_site(tmp_path / "out", "http://127.0.0.1:1/", project / "mkdocs.yml")
    assert f"calculators/penalty.md:{line}: <!-- calc:nosuch -->: unknown calculator" in caplog.text


def test_the_site_serves_the_precompiled_standard_library(built_site: Path) -> None:
    from hooks.delivery.runtime import pinned_pyodide_version, precompiled_stdlib

    precompiled = precompiled_stdlib(ROOT, pinned_pyodide_version(ROOT))
    if precompiled is None:
        pytest.skip("no precompiled standard library: `make setup` makes it")
    served = runtime_dir(built_site) / "python_stdlib.zip"
    assert served.read_bytes() == precompiled.read_bytes()
    with zipfile.ZipFile(served) as archive:
        names = archive.namelist()
    assert "decimal.pyc" in names and "json/__init__.pyc" in names
    assert not [name for name in names if name.endswith(".py")]
    with zipfile.ZipFile(served) as archive:
        deflated = [info.filename for info in archive.infolist() if info.compress_type != zipfile.ZIP_STORED]
    assert not deflated, "members must be stored so the server's brotli or gzip can compress the zip"


def test_a_precompiled_library_from_another_pyodide_version_is_not_used(tmp_path: Path) -> None:
    from hooks.delivery.runtime import PRECOMPILED_STDLIB, precompiled_stdlib

    path = tmp_path / PRECOMPILED_STDLIB
    path.parent.mkdir(parents=True)
    path.write_bytes(b"zip")
    assert precompiled_stdlib(tmp_path, "314.0.7") is None  # no version stamp
    path.with_name(path.name + ".version").write_text("313.0.0\n", encoding="utf-8")
    assert precompiled_stdlib(tmp_path, "314.0.7") is None
    path.with_name(path.name + ".version").write_text("314.0.7\n", encoding="utf-8")
    assert precompiled_stdlib(tmp_path, "314.0.7") == path
