"""The calculators' data sets for the browser: data/<name>.yml → calculators/_data/<name>.json.

Pyodide has no YAML parser, so the build resolves each data set listed in
`calculators.datasets.DATASETS` (with the values of the facts it cites), checks it with the
calculator's own loader, and packs it as JSON into calculators.zip (hooks/delivery/runtime.py).
Every error names the file and the key. In CPython the calculators read the YAML themselves
(`calculators.datasets.from_repository`), through the same `resolve`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Callable

from calculators import credit, letter, penalty, triage
from calculators.datasets import DATASETS, Dataset, DataError, resolve
from hooks.data.checks import read_data
from hooks.data.facts import load_registry

# Each data set's loader: it raises DataError(key path, problem) when the data cannot be used.
CHECKS: dict[str, Callable[[Dataset], Any]] = {
    "credit_rules": credit.load_rules,
    "triage": triage.load_rules,
    "letters": letter.load_templates,
    "penalty_rules": penalty.load_rules,
}


def checked_datasets(root: Path) -> list[Dataset]:
    """Every data set, resolved and checked; PluginError with file and key on the first problem."""
    registry = load_registry(root / "data" / "facts")
    values = {key: fact.value for key, fact in registry.facts.items()}
    datasets = []
    for name in DATASETS:
        document, where = read_data(root / "data" / f"{name}.yml")
        try:
            dataset = resolve(name, document, values)
            CHECKS[name](dataset)
        except DataError as exc:
            raise where.at(exc.key).fail(exc.problem) from exc
        datasets.append(dataset)
    return datasets


def pack_datasets(archive: zipfile.ZipFile, root: Path, date_time: tuple[int, int, int, int, int, int]) -> None:
    """Add calculators/_data/<name>.json for every data set to the calculators' zip."""
    for dataset in checked_datasets(root):
        info = zipfile.ZipInfo(f"calculators/_data/{dataset.name}.json", date_time=date_time)
        archive.writestr(info, dataset.to_json().encode("utf-8"))
