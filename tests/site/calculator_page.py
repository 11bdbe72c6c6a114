"""What every calculator test in the browser needs: read a form as it would post, run the same input
through Python, and read what the page shows — through the DOM contract only (README)."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page

from calculators.browser import run

START_MS = 90_000  # a cold Pyodide start on a loaded 2-core CI machine
ROW_NAME = re.compile(r"^([A-Za-z_]\w*)\.(\d+)\.([A-Za-z_]\w*)$")


def form_selector(name: str) -> str:
    return f'form[data-calculator="{name}"]'


def open_calculator(page: Page, url: str, name: str) -> Page:
    """Go to a page and wait until its calculator can compute."""
    page.goto(url)
    page.wait_for_selector(f'{form_selector(name)}[data-ready="true"]', timeout=START_MS)
    return page


RESULT_MS = 20_000  # one calculation, once the calculator is ready, on a loaded machine


def wait_for_result(page: Page, name: str, states: tuple[str, ...] = ("current", "invalid")) -> None:
    """Wait until the output answers the reader's latest change: its data-ticket equals the form's (the form's
    rises at once on every change) and its data-state is one of `states`. Never wait on a text instead: it may
    read the same before and after the change."""
    page.wait_for_function(
        """([selector, states]) => {
            const form = document.querySelector(selector);
            const output = form?.querySelector("[data-calculator-output]");
            return !!output && output.dataset.ticket === form.dataset.ticket && states.includes(output.dataset.state);
        }""",
        arg=[form_selector(name), list(states)],
        timeout=RESULT_MS,
    )


def posted_fields(page: Page, name: str) -> dict[str, Any]:
    """What the form posts: plain fields by name, repeating rows (GROUP.I.FIELD) as lists of rows; of a radio
    group, only the checked answer; an example row the reader left untouched while working on their own rows
    (data-example="excluded") is not posted (as calculators.js readFields)."""
    flat = page.eval_on_selector(
        form_selector(name),
        "form => [...form.elements].filter(e => e.name && !e.closest('template')"
        " && !e.closest('[data-example=\"excluded\"]')"
        " && (e.tagName === 'INPUT' || e.tagName === 'SELECT') && (e.type !== 'radio' || e.checked))"
        ".map(e => [e.name, e.value])",
    )
    groups = page.eval_on_selector_all(f"{form_selector(name)} [data-group]", "gs => gs.map(g => g.dataset.group)")
    fields: dict[str, Any] = {group: [] for group in groups}
    for key, value in flat:
        match = ROW_NAME.match(key)
        if match:
            group, index, field = match.group(1), int(match.group(2)), match.group(3)
            rows = fields.setdefault(group, [])
            while len(rows) <= index:
                rows.append({})
            rows[index][field] = value
        else:
            fields[key] = value
    # Rows not posted leave holes in the numbering; the page drops them too (calculators.js readFields).
    return {key: [row for row in value if row] if isinstance(value, list) else value for key, value in fields.items()}


def python_result(name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The same input through the same Python entry point the worker calls."""
    outcome = json.loads(run(name, json.dumps(fields, ensure_ascii=False)))
    assert outcome["ok"], outcome
    return outcome["result"]


def shown_values(page: Page, name: str | None = None) -> dict[str, str]:
    scope = f"{form_selector(name)} " if name else ""
    return page.eval_on_selector_all(
        f"{scope}[data-calculator-output] [data-value]",
        "nodes => Object.fromEntries(nodes.map(n => [n.dataset.value, n.textContent]))",
    )


def shown_table(page: Page, key: str, name: str | None = None) -> list[list[str]]:
    scope = f"{form_selector(name)} " if name else ""
    return page.eval_on_selector_all(
        f'{scope}[data-calculator-rows="{key}"] tr', "trs => trs.map(tr => [...tr.cells].map(cell => cell.textContent))"
    )


def expected_table(result: dict[str, Any], key: str, columns: list[str]) -> list[list[str]]:
    return [[row[column] for column in columns] for row in result["tables"][key]]
