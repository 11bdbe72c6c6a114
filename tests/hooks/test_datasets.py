"""The calculators' data sets: the same data in CPython (YAML) and in the browser (JSON in calculators.zip)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from calculators.datasets import DATASETS, DataError, from_repository, resolve
from hooks.data.datasets import checked_datasets
from hooks.delivery.runtime import calculators_zip

ROOT = Path(__file__).resolve().parents[2]


def test_the_zip_carries_each_data_set_as_the_json_cpython_reads() -> None:
    archive = zipfile.ZipFile(io.BytesIO(calculators_zip(ROOT)))
    for name in DATASETS:
        packed = json.loads(archive.read(f"calculators/_data/{name}.json"))
        dataset = from_repository(name)
        assert packed == {"data": dataset.data, "facts": dict(dataset.facts)}
        assert packed["facts"], name  # every data set cites facts


def test_dates_become_iso_text_and_floats_are_refused() -> None:
    import datetime as dt

    assert resolve("x", {"day": dt.date(2026, 3, 31)}, {}).data == {"day": "2026-03-31"}
    with pytest.raises(DataError) as caught:
        resolve("x", {"rules": [{"limit": 0.1}]}, {})
    assert caught.value.key == "rules[0].limit"


def test_an_unknown_fact_is_named_with_its_key_path() -> None:
    with pytest.raises(DataError) as caught:
        resolve("x", {"crisis": {"calls": [{"fact": "hotline_999"}]}}, {"hotline_110": "110"})
    assert caught.value.key == "crisis.calls[0].fact"


def test_the_build_names_the_file_and_the_key(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "facts").symlink_to(ROOT / "data" / "facts")
    for name in DATASETS:
        (tmp_path / "data" / f"{name}.yml").write_text((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "data" / "triage.yml").read_text(encoding="utf-8").replace("priority: 10\n", "priority: ten\n", 1)
    (tmp_path / "data" / "triage.yml").write_text(text, encoding="utf-8")
    with pytest.raises(PluginError, match=r"triage\.yml: actions\[0\]\.priority: expected a whole number"):
        checked_datasets(tmp_path)
