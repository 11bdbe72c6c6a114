"""What every calculator test in the browser needs: read a form as it would post, run the same input
through Python, and read what the page shows — through the DOM contract only (README)."""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

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


FOLLOW_LINK = """url => {
    document.querySelectorAll("article.md-content__inner, form[data-calculator]").forEach((element) => (element.dataset.previous = "true"));
    const link = Object.assign(document.createElement("a"), { href: url });
    document.body.append(link);
    link.click();
}"""
NEW_ARTICLE = """() => { const article = document.querySelector("article.md-content__inner"); return !!article && !article.dataset.previous; }"""


def follow_link(page: Page, url: str) -> None:
    """Click a link to `url` as a reader taps one: on the site's own origin Material's instant navigation swaps in
    the new page and keeps the scripts (and the calculators' worker); returns once the new article is in."""
    page.evaluate(FOLLOW_LINK, url)
    page.wait_for_function(NEW_ARTICLE, timeout=START_MS)


def one_after_another(page: Page, urls: list[str]) -> Iterator[str]:
    """Each URL in turn, as a reader goes from one page of the site to the next: the first loaded, each next one
    by a tap on a link to it (Material's instant navigation: the header, the scripts and the calculators' worker
    stay, so a tour of the calculator pages starts the runtime once). Yields each URL once its article is in."""
    for index, url in enumerate(urls):
        if index == 0 or page.url.split("#")[0] == url:
            page.goto(url)
        else:
            follow_link(page, url)
        yield url


def arrive(page: Page, url: str, name: str | None = None) -> Page:
    """The page of a calculator (`name`; None: every calculator on the page) as a reader who has just arrived
    sees it: the example in every field, nothing typed, the calculator ready, the page on screen (not print).

    In a tab whose runtime is already booted (the `booted_tab` fixture, one per test module), the page comes by a
    click on a link to it: Material's instant navigation swaps in a new copy of the page from the server while the
    scripts and the worker stay, as when a reader taps a calculator link in a guide, so the test does not pay for a
    Pyodide start. (Material ignores a link to the page it shows after an instant navigation: to come back to the
    same page, the tab goes by the home page.) A tab with no ready calculator loads the page and starts the
    runtime."""
    forms = form_selector(name) if name else "form[data-calculator]"
    every_form_ready = f"""() => {{
        const forms = [...document.querySelectorAll('{forms}')];
        return forms.length > 0 && forms.every((form) => form.dataset.ready === "true" && !form.dataset.previous);
    }}"""
    page.emulate_media(media="null")
    origin = "/".join(url.split("/", 3)[:3])
    if not page.url.startswith(origin + "/") or not page.locator('form[data-calculator][data-ready="true"]').count():
        page.goto(url)
    else:
        page.evaluate("delete document.documentElement.dataset.printOnly")
        if page.url.split("#")[0] == url:
            follow_link(page, origin + "/")
        follow_link(page, url)
    page.wait_for_function(every_form_ready, timeout=START_MS)
    assert page.url.split("#")[0] == url, f"went to {page.url}, not {url}"
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
