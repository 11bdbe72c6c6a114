"""calculators.browser.run: the worker's only door. JSON text in, JSON text out, never a traceback."""

import json

from calculators.browser import CALCULATORS, run
from calculators.penalty import FORM


def test_run_returns_json_text_with_string_values() -> None:
    outcome = json.loads(run("penalty", json.dumps(FORM.defaults())))
    assert outcome["ok"] is True
    assert all(isinstance(value, str) for value in outcome["result"]["values"].values())


def test_unknown_calculator_and_malformed_input_give_messages_not_tracebacks() -> None:
    assert json.loads(run("nope", "{}"))["errors"][""] == "没有名为 nope 的计算器。"
    assert json.loads(run("penalty", "not json"))["ok"] is False
    assert json.loads(run("penalty", "[1, 2]"))["ok"] is False
    assert json.loads(run("penalty", json.dumps({"principal": 5})))["ok"] is False
    unknown_field = json.loads(run("penalty", json.dumps({**FORM.defaults(), "extra": "1"})))
    assert unknown_field["errors"] == {"extra": "未知的输入项。"}


def test_every_calculator_declares_fields_with_labels_and_computable_defaults() -> None:
    for name, calculator in CALCULATORS.items():
        assert calculator.form.name == name
        assert all(field.label for field in calculator.form.fields)
        assert calculator.run(calculator.form.defaults())["ok"] is True


def test_the_entry_imports_a_calculator_only_when_a_page_needs_it() -> None:
    # In a fresh interpreter: each calculator module costs start-up time in the browser, and a page shows one.
    import subprocess
    import sys

    script = (
        "import sys, calculators.browser as entry\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.removeprefix('calculators.') in entry.MODULES)\n"
        "print(loaded()); entry.prepare(['credit', 'no-such']); print(loaded())\n"
        "entry.run('penalty', '{}'); print(loaded())\n"
    )
    lines = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines == ["[]", "['calculators.credit']", "['calculators.credit', 'calculators.penalty']"]
