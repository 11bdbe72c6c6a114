"""When the calculator runtime misbehaves, or input is hostile, the page stays truthful and usable."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from calculators.browser import CALCULATORS
from tests.site.calculator_page import open_calculator, posted_fields, python_result, shown_values, wait_for_result

pytestmark = pytest.mark.browser


def example_values(name: str) -> dict[str, str]:
    calculator = CALCULATORS[name]
    return calculator.run(calculator.form.defaults())["result"]["values"]


def serve_worker(page: Page, body: str) -> None:
    """Replace the calculator worker with a script of the test's own."""
    page.route("**/assets/javascripts/calc-worker.js", lambda route: route.fulfill(body=body, content_type="text/javascript"))


def test_a_worker_that_throws_is_reported_and_the_form_stays_usable(page: Page, site_url: str) -> None:
    # it takes the page's list of calculators quietly, then throws on the first calculation
    serve_worker(
        page,
        'postMessage({type: "ready"}); onmessage = (e) => { if (e.data.type !== "prepare") throw new Error("boom"); };',
    )
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
    page.clock.install()  # the page's timers run on a clock the test moves: the time limit passes at once
    page.goto(f"{site_url}/calculators/penalty/")
    page.wait_for_selector('form[data-calculator="penalty"][data-ready="true"]')
    page.fill('input[name="principal"]', "20000")
    page.click('button[type="submit"]')
    # after the time limit (calculators.js COMPUTE_TIMEOUT_MS, 15 s) the worker is replaced and the input sent
    # again; it hangs again: reported
    status = page.locator("[data-calculator-status]")
    # Every text the status takes, as a screen reader hears it: the restart's message lasts only until the new
    # worker says it is ready, which may be before a poll of the page sees it.
    status.evaluate("s => { window.__said = []; new MutationObserver(() => window.__said.push(s.textContent)).observe(s, {childList: true, subtree: true, characterData: true}); }")
    page.clock.run_for(16_000)
    page.wait_for_function("() => window.__said.some((text) => text.includes('没有响应，已经重新启动'))", timeout=5_000)
    page.wait_for_selector('form[data-calculator="penalty"][data-ready="true"]')
    page.clock.run_for(16_000)
    expect(status).to_contain_text("重启后仍然没有响应")
    assert len(starts) == 2, starts
    assert shown_values(page) == example_values("penalty")
    assert page.get_attribute('form[data-calculator="penalty"]', "data-ready") is None


def test_markup_typed_into_a_text_field_is_shown_as_text_never_run(page: Page, site_url: str) -> None:
    open_calculator(page, f"{site_url}/calculators/debts/", "debts")
    hostile = "<svg/onload=alert()>"  # 20 characters, the name's limit
    page.on("dialog", lambda dialog: pytest.fail("markup from a field ran"))
    page.fill('input[name="debts.0.name"]', hostile)
    page.click('form[data-calculator="debts"] button[type="submit"]')
    python_result("debts", posted_fields(page, "debts"))  # the input is valid: the name is shown, not refused
    wait_for_result(page, "debts", ("current",))
    output = page.locator("[data-calculator-output]")
    expect(output).to_contain_text(hostile)  # shown, as text, where the name is echoed
    assert output.locator("svg[onload], img").count() == 0


def test_a_runtime_that_fails_to_load_is_reported_and_the_example_stays(page: Page, site_url: str) -> None:
    # The network drops the WebAssembly half of the runtime: the worker cannot start.
    page.route("**/pyodide.asm.wasm", lambda route: route.abort("connectionfailed"))
    page.goto(f"{site_url}/calculators/penalty/")
    status = page.locator("[data-calculator-status]")
    expect(status).to_have_attribute("data-kind", "failed", timeout=60_000)
    expect(status).to_contain_text("计算器没能加载")
    assert page.get_attribute('form[data-calculator="penalty"]', "data-ready") is None
    assert shown_values(page) == example_values("penalty")
    page.fill('input[name="days"]', "45")  # not frozen
    assert page.input_value('input[name="days"]') == "45"
