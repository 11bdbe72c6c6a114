"""When the calculator runtime misbehaves, or input is hostile, the page stays truthful and usable."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from calculators.browser import run

pytestmark = pytest.mark.browser

START_MS = 90_000


def example_values(name: str) -> dict[str, str]:
    from calculators.browser import CALCULATORS

    calculator = CALCULATORS[name]
    return calculator.run(calculator.form.defaults())["result"]["values"]


def shown_values(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "[data-calculator-output] [data-value]", "nodes => Object.fromEntries(nodes.map(n => [n.dataset.value, n.textContent]))"
    )


def serve_worker(page: Page, body: str) -> None:
    """Replace the calculator worker with a script of the test's own."""
    page.route("**/assets/javascripts/calc-worker.js", lambda route: route.fulfill(body=body, content_type="text/javascript"))


def test_a_worker_that_throws_is_reported_and_the_form_stays_usable(page: Page, site_url: str) -> None:
    serve_worker(page, 'postMessage({type: "ready"}); onmessage = () => { throw new Error("boom"); };')
    page.goto(f"{site_url}/calculators/penalty/")
    page.wait_for_selector('form[data-calculator="penalty"][data-ready="true"]')
    page.fill('input[name="principal"]', "20000")
    page.click('button[type="submit"]')
    status = page.locator("[data-calculator-status]")
    expect(status).to_have_attribute("data-kind", "failed", timeout=10_000)
    expect(status).to_contain_text("计算器出错了")
    assert shown_values(page) == example_values("penalty")  # the example, never a half-made result
    expect(page.locator("[data-calculator-output]")).to_have_attribute("data-state", "example")
    page.fill('input[name="days"]', "45")  # not frozen
    assert page.input_value('input[name="days"]') == "45"


def test_a_worker_that_hangs_is_restarted_then_reported(page: Page, site_url: str) -> None:
    serve_worker(page, 'postMessage({type: "ready"}); onmessage = () => {};')
    starts: list[str] = []
    page.on("request", lambda request: starts.append(request.url) if "calc-worker.js" in request.url else None)
    page.goto(f"{site_url}/calculators/penalty/")
    page.wait_for_selector('form[data-calculator="penalty"][data-ready="true"]')
    page.fill('input[name="principal"]', "20000")
    page.click('button[type="submit"]')
    # after the time limit the worker is replaced and the input sent again; it hangs again: reported
    status = page.locator("[data-calculator-status]")
    expect(status).to_contain_text("重启后仍然没有响应", timeout=45_000)
    assert len(starts) == 2, starts
    assert shown_values(page) == example_values("penalty")
    assert page.get_attribute('form[data-calculator="penalty"]', "data-ready") is None


def test_markup_typed_into_a_text_field_is_shown_as_text_never_run(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/calculators/debts/")
    page.wait_for_selector('form[data-calculator="debts"][data-ready="true"]', timeout=START_MS)
    hostile = "<svg/onload=alert()>"  # 20 characters, the name's limit
    page.fill('input[name="debts.0.name"]', hostile)
    page.click('form[data-calculator="debts"] button[type="submit"]')
    fields = page.eval_on_selector(
        'form[data-calculator="debts"]',
        """form => {
          const out = {debts: []};
          for (const e of form.elements) {
            if (!e.name || e.closest('template')) continue;
            const m = /^debts\\.(\\d+)\\.(\\w+)$/.exec(e.name);
            if (m) { (out.debts[+m[1]] ??= {})[m[2]] = e.value; } else { out[e.name] = e.value; }
          }
          return out;
        }""",
    )
    expected = json.loads(run("debts", json.dumps(fields)))
    assert expected["ok"], expected
    page.wait_for_function("document.querySelector('[data-calculator-output]').dataset.state === 'current'")
    output = page.locator("[data-calculator-output]")
    expect(output).to_contain_text(hostile)  # shown, as text, where the name is echoed
    assert output.locator("img").count() == 0
    page.on("dialog", lambda dialog: pytest.fail("markup from a field ran"))
