"""Every calculator with the keyboard only, in both colour schemes: every control is reached by Tab and shows
its focus; repeating rows are added and removed, the second plan opened, the form submitted, the result's copy
and print buttons pressed, all with keys; each change is announced in the form's status live region.

Calculator pages are discovered from the built site, so a calculator added later is covered with no test edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.site.calculator_page import arrive

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
MAX_TABS = 400

# Marks the controls a keyboard user must be able to reach in a form (visible, enabled, not in a <template>),
# numbering them so the Tab walk can say which were reached.
MARK_CONTROLS = """form => {
  const controls = [...form.querySelectorAll("input:not([type=hidden]), select, textarea, button, a[href], summary, [tabindex='0']")]
    .filter(e => !e.closest("template") && !e.disabled && e.checkVisibility({ visibilityProperty: true }))
    .filter(e => e.type !== "radio" || e.checked); // a radio group is one Tab stop, its checked answer (arrows move within)
  controls.forEach((e, i) => (e.dataset.kb = String(i)));
  return controls.map(e => `${e.tagName.toLowerCase()} ${e.name || e.textContent.trim().slice(0, 16)}`);
}"""

# The focused element: its mark, whether it is inside the form, and whether its focus is visible
# (an outline of 2 px or more, or a box shadow, as theme.css draws for :focus-visible).
FOCUSED = """form => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  return { kb: e.dataset.kb ?? null, inside: form.contains(e), ring, visible: e.matches(":focus-visible"),
           what: `${e.tagName.toLowerCase()} ${e.name || (e.textContent || "").trim().slice(0, 16)}` };
}"""


def calculator_pages(built_site: Path, site_pages: list[str]) -> list[str]:
    def html(path: str) -> str:
        relative = path.strip("/")
        file = built_site / relative if relative.endswith(".html") else built_site / relative / "index.html"
        return file.read_text(encoding="utf-8")

    return [path for path in site_pages if "data-calculator=" in html(path)]


def tab_to(page: Page, form: Locator, selector: str) -> None:
    """Press Tab (from where focus is) until an element matching `selector` inside the form has focus."""
    for _ in range(MAX_TABS):
        if form.evaluate("(form, selector) => form.contains(document.activeElement) && document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def start_of(page: Page, form: Locator) -> None:
    """Focus the form's first field with the keyboard: Tab from the form's title."""
    form.locator(".calc__title").evaluate("t => { t.tabIndex = -1; t.focus(); }")
    page.keyboard.press("Tab")


def status(form: Locator) -> Locator:
    live = form.locator("[data-calculator-status]")
    expect(live).to_have_attribute("role", "status")
    expect(live).to_have_attribute("aria-live", "polite")
    return live


@pytest.fixture(scope="module")
def keyboard_tab(browser: Browser) -> Page:
    """One tab for both schemes: after the first page's runtime start, every calculator page arrives by instant
    navigation (calculator_page.arrive), the colour scheme switched in place between the two runs."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    # window.print() opens no dialog here: count the calls instead, as the print button's effect.
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_calculator_works_from_the_keyboard_with_focus_visible(
    keyboard_tab: Page, scheme: str, site_url: str, built_site: Path, site_pages: list[str]
) -> None:
    page = keyboard_tab
    page.emulate_media(color_scheme=scheme)
    pages = calculator_pages(built_site, site_pages)
    assert len(pages) >= 4, pages
    done: set[str] = set()
    for path in pages:
        arrive(page, site_url + path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        for form in page.locator("form[data-calculator]").all():
            name = form.get_attribute("data-calculator")
            where = f"{path} {name} ({scheme})"

            # Every control is reached by Tab, in one pass, and shows its focus.
            expected = form.evaluate(MARK_CONTROLS)
            start_of(page, form)
            reached: set[str] = set()
            unringed: list[str] = []
            for _ in range(MAX_TABS):
                focused = form.evaluate(FOCUSED)
                if not focused["inside"]:
                    break
                if focused["kb"] is not None:
                    reached.add(focused["kb"])
                if not (focused["visible"] and focused["ring"]):
                    unringed.append(focused["what"])
                page.keyboard.press("Tab")
            missed = [expected[int(i)] for i in set(map(str, range(len(expected)))) - reached]
            assert missed == [], f"{where}: not reached by Tab"
            assert unringed == [], f"{where}: focus not visible"

            # Repeating rows: add one with Enter, remove it with Space; each is announced.
            for group in form.locator("[data-group]").all():
                rows = group.locator("[data-rows] > [data-row-group]")
                before = rows.count()
                if before >= int(group.get_attribute("data-max-rows") or 0):
                    continue
                start_of(page, form)
                tab_to(page, group, "[data-row-add]")
                page.keyboard.press("Enter")
                expect(rows).to_have_count(before + 1)
                expect(status(form)).to_contain_text("已添加")  # kept in front of "result updated"
                assert group.evaluate("(g) => g.querySelector('[data-rows]').lastElementChild.contains(document.activeElement)"), where
                tab_to(page, rows.last, "[data-row-remove]")
                page.keyboard.press(" ")
                expect(rows).to_have_count(before)
                expect(status(form)).to_contain_text("已删除")
                expect(status(form)).to_contain_text("结果已按你填写的数值更新")

            # The second plan opens from the keyboard and takes focus into its fields.
            toggle = form.locator("[data-compare-toggle]")
            if toggle.count():
                start_of(page, form)
                tab_to(page, form, "[data-compare-toggle]")
                page.keyboard.press("Enter")
                expect(toggle).to_have_attribute("aria-expanded", "true")
                assert form.evaluate("f => f.querySelector('[data-compare]').contains(document.activeElement)"), where
                expect(form.locator("[data-compare-output]")).to_be_visible()

            # Submit with Enter on the button: the result is the reader's, and the live region says so.
            start_of(page, form)
            tab_to(page, form, 'button[type="submit"]')
            page.keyboard.press("Enter")
            output = form.locator("[data-calculator-output]")
            expect(output).to_have_attribute("data-state", "current")
            expect(status(form)).to_contain_text("结果已按你填写的数值更新")

            # Copy and print buttons the result brings (the letter): pressed with keys.
            if form.locator("[data-copy]").count():
                tab_to(page, form, "[data-copy]")
                page.keyboard.press("Enter")
                expect(status(form)).to_contain_text("已复制到剪贴板")
                copied = page.evaluate("navigator.clipboard.readText()")
                source = form.locator("[data-copy]").get_attribute("data-copy")
                assert copied.strip() and copied.strip() == page.inner_text(f"#{source}").strip(), where
                done.add("copy")
            if form.locator("[data-print]").count():
                start_of(page, form)
                tab_to(page, form, "[data-print]")
                printed = page.evaluate("window.__printed || 0")
                page.keyboard.press("Enter")
                assert page.evaluate("window.__printed") == printed + 1, where
                target = form.locator("[data-print]").get_attribute("data-print")
                assert page.evaluate("document.documentElement.dataset.printOnly") == "true"
                expect(page.locator(f"#{target}")).to_have_class("letter print-target")
                page.evaluate("window.dispatchEvent(new Event('afterprint'))")
                done.add("print")
            done.add(name)
    assert {"copy", "print"} <= done, "the letter's copy and print buttons were exercised"
