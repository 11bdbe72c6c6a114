"""The one entry point the browser's worker calls: a JSON string in, a JSON string out.

Pyodide hands a Decimal to JavaScript as a proxy, so everything crosses the
boundary as text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from importlib import import_module

from calculators.forms import Calculator, Result

# Each calculator's module, by its form's name. A page imports only the calculators it shows (`prepare`): each
# module costs start-up time in the browser, and most pages have one. The others are imported when first run.
MODULES: dict[str, str] = {
    "penalty": "calculators.penalty",
    "repayment": "calculators.repayment",
    "debts": "calculators.debts",
    "credit": "calculators.credit",
    "triage": "calculators.triage",
    "letter": "calculators.letter",
}


class Calculators(Mapping[str, Calculator]):
    """The calculators by name, each module imported on first use."""

    def __init__(self, modules: Mapping[str, str]) -> None:
        self._modules = dict(modules)

    def __getitem__(self, name: str) -> Calculator:
        calculator: Calculator = import_module(self._modules[name]).CALCULATOR
        return calculator

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


CALCULATORS = Calculators(MODULES)


def prepare(names: Iterable[str]) -> None:
    """Import the named calculators now (the worker does it before it says ready); unknown names are left out."""
    for name in names:
        if name in MODULES:
            CALCULATORS[name]  # imports it


def run_calculator(name: str, raw: dict[str, object], today: dt.date | None = None) -> Result:
    calculator = CALCULATORS.get(name)
    if calculator is None:
        return {"ok": False, "errors": {"": f"没有名为 {name} 的计算器。"}}
    # Values are strings or, for a repeating group, lists of rows: Calculator.run checks their shape.
    if not all(isinstance(key, str) for key in raw):
        return {"ok": False, "errors": {"": "表单数据格式不对。"}}
    return calculator.run(raw, today)


def reader_date(text: str) -> dt.date | None:
    """The reader's local date as the page sends it (YYYY-MM-DD); None when absent or malformed."""
    try:
        return dt.date.fromisoformat(text) if len(text) == len("2026-12-07") else None
    except ValueError:
        return None


def run(name: str, fields_json: str, today: str = "") -> str:
    """Called from the worker: run(name, JSON of {field: raw string}, the reader's local date YYYY-MM-DD)
    → JSON of the result."""
    try:
        raw = json.loads(fields_json)
    except json.JSONDecodeError:
        raw = None
    if not isinstance(raw, dict):
        return json.dumps({"ok": False, "errors": {"": "表单数据格式不对。"}}, ensure_ascii=False)
    return json.dumps(run_calculator(name, raw, reader_date(today)), ensure_ascii=False)
