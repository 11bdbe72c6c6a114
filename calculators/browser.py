"""The one entry point the browser's worker calls: a JSON string in, a JSON string out.

Pyodide hands a Decimal to JavaScript as a proxy, so everything crosses the
boundary as text.
"""

from __future__ import annotations

import json

from calculators.forms import Calculator, Result
from calculators.credit import CALCULATOR as CREDIT
from calculators.debts import CALCULATOR as DEBTS
from calculators.letter import CALCULATOR as LETTER
from calculators.penalty import CALCULATOR as PENALTY
from calculators.repayment import CALCULATOR as REPAYMENT
from calculators.triage import CALCULATOR as TRIAGE

CALCULATORS: dict[str, Calculator] = {
    calculator.form.name: calculator
    for calculator in (
        PENALTY,
        REPAYMENT,
        DEBTS,
        CREDIT,
        TRIAGE,
        LETTER,
    )
}


def run_calculator(name: str, raw: dict[str, object]) -> Result:
    calculator = CALCULATORS.get(name)
    if calculator is None:
        return {"ok": False, "errors": {"": f"没有名为 {name} 的计算器。"}}
    # Values are strings or, for a repeating group, lists of rows: Calculator.run checks their shape.
    if not all(isinstance(key, str) for key in raw):
        return {"ok": False, "errors": {"": "表单数据格式不对。"}}
    return calculator.run(raw)


def run(name: str, fields_json: str) -> str:
    """Called from the worker: run(name, JSON of {field: raw string}) → JSON of the result."""
    try:
        raw = json.loads(fields_json)
    except json.JSONDecodeError:
        raw = None
    if not isinstance(raw, dict):
        return json.dumps({"ok": False, "errors": {"": "表单数据格式不对。"}}, ensure_ascii=False)
    return json.dumps(run_calculator(name, raw), ensure_ascii=False)
