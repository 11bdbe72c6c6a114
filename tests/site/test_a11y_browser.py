"""Accessibility on every built page, at 375 px, in light and dark: axe-core, keyboard, focus, reflow, text zoom.

Pages are discovered from the built site (`site_pages`: sitemap plus a walk), so new pages are covered
automatically. axe-core comes pinned from npm (package.json); it is evaluated through the DevTools protocol, so
the pages keep their Content-Security-Policy on, and any CSP violation fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import CSP_WATCH, ROOT, csp_violations
from tests.site.calculator_page import one_after_another

pytestmark = pytest.mark.browser

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 375, "height": 667}
PYODIDE_START_MS = 90_000
BLOCKING = ("serious", "critical")
# Violations that belong to the theme and cannot be fixed from the project: (rule id, CSS selector, why).
# Empty today: the palette, the search dialog's name and the scrolling tables are fixed in the project.
THEME_EXCLUSIONS: tuple[tuple[str, str, str], ...] = ()
# Known problems in markup this file's owner does not own, reported to its owner. Checked strictly: once fixed,
# the test fails until the entry is removed. selector -> why.
# Empty: at 375 px every table is a stack of cards (phone.css), so the calculators' tables no longer scroll.
KNOWN_SCROLLERS: dict[str, str] = {}
TAB_STOPS = 12  # focus is checked on the first stops of every page: header, nav, first content links

AXE_RUN = """async (exclusions) => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  const out = [];
  for (const v of results.violations) {
    if (!%s.includes(v.impact)) continue;
    for (const node of v.nodes) {
      const target = node.target.join(" ");
      if (exclusions.some(([rule, selector]) => rule === v.id && document.querySelector(selector) &&
          [...document.querySelectorAll(selector)].some(e => e.matches(target) || e === document.querySelector(target)))) continue;
      out.push(`${v.id} (${v.impact}) at ${target}: ${node.failureSummary.split("\\n")[1] || ""}`.trim());
    }
  }
  return out;
}""" % list(BLOCKING)

FOCUS_RING = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "nothing focused";
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  return ring ? "" : `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 20)}" has no visible focus`;
}"""

SCROLLING_BOXES = """() => [...document.querySelectorAll(".md-content *")]
  .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .filter(e => !(e.tabIndex >= 0 && e.getAttribute("role") === "region" && (e.getAttribute("aria-label") || "").trim()))
  .map(e => [e.outerHTML.slice(0, 100), Object.keys(%s).find(k => e.matches(k)) || ""])""" % "{known}"


def wait_for_calculators(page: Page) -> None:
    """The calculators ready, as a reader uses them: every form of the page has its runtime."""
    if page.locator("form[data-calculator]").count():
        page.wait_for_function(
            "[...document.querySelectorAll('form[data-calculator]')].every(f => f.dataset.ready === 'true')",
            timeout=PYODIDE_START_MS,
        )


SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme → Material's scheme (mkdocs.yml palette)


def audit(page: Page, scheme: str) -> list[str]:
    """What fails on the page as loaded, in the scheme shown now: axe's serious and critical violations and
    sideways scrolling."""
    found: list[str] = []
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    found += page.evaluate(AXE_RUN, [list(x[:2]) for x in THEME_EXCLUSIONS])
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"page is {width} px wide at {PHONE['width']} px: it scrolls sideways")
    for box, known in page.evaluate(SCROLLING_BOXES.replace("{known}", json.dumps(KNOWN_SCROLLERS))):
        if not known:
            found.append(f"scrolls sideways but is not a focusable, labelled region: {box}")
    return found


def focus_shown(page: Page) -> list[str]:
    """Focus visible on the first TAB_STOPS stops, from the quick exit on."""
    found: list[str] = []
    page.focus("[data-quick-exit]")
    for _ in range(TAB_STOPS):
        if problem := page.evaluate(FOCUS_RING):
            found.append(problem)
        page.keyboard.press("Tab")
    return found


@pytest.fixture(scope="module")
def phone_audit(browser, site_pages: list[str], site_url: str) -> dict[str, dict[str, list[str]]]:
    """Every page once, at 375 px: as it first paints, then with its calculators ready, audited in light and in
    dark, the colour scheme switched in place (Material follows prefers-color-scheme live, as a phone does at
    dusk), so each page and its runtime load once for both. The page is audited as loaded in both schemes before
    any key is pressed (the Tab walk may open the search). Scheme → path → problems; the key "known" lists the
    KNOWN_SCROLLERS seen."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, color_scheme="light")
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    problems: dict[str, dict[str, list[str]]] = {"light": {}, "dark": {}, "known": {}}
    for path in site_pages:
        page.emulate_media(color_scheme="light")
        page.goto(site_url + path)
        light: list[str] = []
        if (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE["width"]:
            light.append(f"page is {width} px wide at {PHONE['width']} px as it first paints: it scrolls sideways")
        wait_for_calculators(page)
        page.evaluate(AXE)
        light += audit(page, "light")
        problems["known"][path] = [
            known for _, known in page.evaluate(SCROLLING_BOXES.replace("{known}", json.dumps(KNOWN_SCROLLERS))) if known
        ]
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        dark = audit(page, "dark")
        page.emulate_media(color_scheme="light")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.matches('[data-quick-exit]')"):
            light.append("the first Tab does not reach the quick exit")
        light += focus_shown(page)
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        dark += focus_shown(page)
        problems["light"][path] = light
        problems["dark"][path] = dark + csp_violations(page)
    context.close()
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_reflows_at_375px_and_shows_focus(phone_audit: dict, site_pages: list[str], scheme: str) -> None:
    assert len(site_pages) >= 13
    assert set(phone_audit[scheme]) == set(site_pages)
    assert {path: found for path, found in phone_audit[scheme].items() if found} == {}


def test_the_known_sideways_scrollers_are_still_there(phone_audit: dict) -> None:
    seen = {known for found in phone_audit["known"].values() for known in found}
    assert seen == set(KNOWN_SCROLLERS), "a known problem is fixed: remove it from KNOWN_SCROLLERS"


def test_text_zoomed_to_200_percent_cuts_nothing_off(watched_context, site_pages: list[str], site_url: str) -> None:
    """Browser zoom at 200% on a 1280 × 800 desktop is a 640 × 400 CSS-pixel layout drawn at twice the
    pixel density (the media queries see 640 px, as they do in a zoomed browser): no sideways scrolling of the
    page, and no text clipped inside a box that hides its overflow."""
    page = watched_context(viewport={"width": 1280 // 2, "height": 800 // 2}, device_scale_factor=2).new_page()
    clipped: dict[str, object] = {}
    for path in site_pages:
        page.goto(site_url + path)
        assert page.evaluate("devicePixelRatio") == 2
        found = page.evaluate(
            """() => {
              const out = [];
              if (document.documentElement.scrollWidth > innerWidth) out.push(`page ${document.documentElement.scrollWidth}px wide`);
              for (const e of document.querySelectorAll(".md-content *, .quick-exit *")) {
                const s = getComputedStyle(e);
                if (!["hidden", "clip"].includes(s.overflowX) && !["hidden", "clip"].includes(s.overflowY)) continue;
                if (s.display === "none" || !e.textContent.trim()) continue;
                if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
                  out.push(e.outerHTML.slice(0, 80));
              }
              return out;
            }"""
        )
        if found:
            clipped[path] = found
    assert clipped == {}


def test_the_search_works_from_the_keyboard_and_has_a_name(watched_context, site_url: str) -> None:
    page = watched_context(viewport=PHONE).new_page()
    page.goto(site_url + "/")
    assert page.get_attribute(".md-search", "aria-label")
    page.keyboard.press("/")  # Material's shortcut opens the search
    page.wait_for_function("document.activeElement.matches('.md-search__input')")
    page.keyboard.insert_text("罚息")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    page.evaluate(AXE)
    for scheme in ("dark", "light"):  # the open search, its results and count line, in both schemes
        page.emulate_media(color_scheme=scheme)
        page.wait_for_function("(scheme) => document.body.dataset.mdColorScheme === scheme", arg=SCHEMES[scheme])
        assert page.evaluate(AXE_RUN, [list(x[:2]) for x in THEME_EXCLUSIONS]) == [], scheme
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert focused, "ArrowDown moves into the results"
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target.split("#")[0] + "**")
    assert csp_violations(page) == []


def test_calculator_results_are_announced(watched_context, site_pages: list[str], site_url: str, built_site: Path) -> None:
    """Every calculator page tells screen readers about new results: a live region inside each form."""
    pages = [p for p in site_pages if p.endswith("/") and "data-calculator=" in (built_site / p.strip("/") / "index.html" if p != "/" else built_site / "index.html").read_text(encoding="utf-8")]
    assert pages, "at least one calculator page"
    page = watched_context(viewport=PHONE).new_page()
    for url in one_after_another(page, [site_url + path for path in pages]):
        path = url.removeprefix(site_url)
        silent = page.eval_on_selector_all(
            "form[data-calculator]", "forms => forms.filter(f => !f.querySelector('[aria-live], [role=status], [role=alert]')).map(f => f.dataset.calculator)"
        )
        assert silent == [], path
