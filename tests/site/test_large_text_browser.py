"""Every page at 200 % text on a phone (issue 21 §3), laid out as the browser does it: a 375 px phone at 200 % is
188 CSS px drawn with 4× device pixels, a 640 px one 320 CSS px at 2×.

On every page: no sideways scroll of the page or of its header; the header's title legible or stepped aside (never
one clipped glyph); the quick exit and the help in the header row, 44 px or more, over no part of it (as
tests/site/test_phone_browser.py checks at 375 px); controls that float over the page (fixed or sticky, not a bar
across the screen) cover at most a tenth of it; the navigation drawer, opened, within the screen; every answer of a
radio group or select, every label and legend of a form shown whole; every row of every table readable without
sideways scrolling — each body cell inside the screen and inside any box that clips it, and, where rows are shown
as cards, each value with its column's name; the tables still tables for a screen reader (Chromium's accessibility
tree keeps the table, its column headers and cells, and a cell's name is its own text, not the card's label read
twice). And once, at 188 px, a calculator's result table written in the browser gets the same names.

One browser context per size, reused for every page, and one test per size that lists every problem at the end.
Pages come from the built site (`site_pages`), so a new page is covered with no edit here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import CDPSession, Page

from tests.conftest import csp_violations
from tests.site.calculator_page import START_MS, wait_for_result
from tests.site.test_phone_browser import the_header_row_holds_the_controls

pytestmark = pytest.mark.browser

SIZES = [({"width": 188, "height": 334}, 4), ({"width": 320, "height": 568}, 2)]
FLOATING_SHARE = 0.10  # of the screen's area, at most

# Everything measured on one page, in one call: a list of problems in words.
MEASURE = """() => {
  const out = [];
  const W = innerWidth, H = innerHeight;
  const shown = (e) => e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const box = (e) => e.getBoundingClientRect();
  const what = (e) => e.outerHTML.slice(0, 90).replace(/\\s+/g, " ");

  const width = document.scrollingElement.scrollWidth;
  if (width > W) out.push(`the page scrolls sideways: ${width} px wide on a ${W} px screen`);
  const header = document.querySelector(".md-header");
  if (header && header.scrollWidth > W) out.push(`the header is ${header.scrollWidth} px wide on a ${W} px screen`);

  // the header's title: stepped aside, or no topic of it cut short
  const title = document.querySelector(".md-header__title");
  if (title && shown(title)) {
    for (const topic of title.querySelectorAll(".md-header__topic")) {
      const text = topic.querySelector(".md-ellipsis") ?? topic;
      if (shown(topic) && text.scrollWidth > text.clientWidth + 1)
        out.push(`the header's title is cut short: "${text.textContent.trim()}" in ${text.clientWidth} px`);
    }
  }

  // floating controls: fixed or sticky boxes that are not a bar across the screen; a layer of no height counts by
  // the controls inside it (the quick exit's row)
  let covered = 0;
  const seen = [];
  const visibleArea = (r) => Math.max(0, Math.min(r.right, W) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, H) - Math.max(r.top, 0));
  for (const e of document.querySelectorAll("body *")) {
    const position = getComputedStyle(e).position;
    // the theme's 回到页面顶部 shows while the reader scrolls up: measured as if shown
    if ((position !== "fixed" && position !== "sticky") || !(shown(e) || e.matches(".md-top")) || seen.some((s) => s.contains(e))) continue;
    const r = box(e);
    const parts = r.width * r.height === 0
      ? [...e.querySelectorAll("a[href], button, summary, input, select")].filter(shown)
      : r.width >= 0.9 * W ? [] : [e];
    seen.push(e);
    for (const part of parts) covered += visibleArea(box(part));
  }
  if (covered > %(share)s * W * H)
    out.push(`floating controls cover ${Math.round(100 * covered / (W * H))} %% of the screen`);

  // every answer, label and legend of a form shown whole
  for (const e of document.querySelectorAll("form label, form legend")) {
    if (!shown(e) || e.closest("template")) continue;
    const r = box(e);
    if (e.scrollWidth > e.clientWidth + 1 || r.left < -0.5 || r.right > W + 0.5)
      out.push(`cut short: ${what(e)} (${e.scrollWidth} px of text in ${e.clientWidth} px, at ${Math.round(r.left)}–${Math.round(r.right)})`);
  }
  const canvas = document.createElement("canvas").getContext("2d");
  for (const select of document.querySelectorAll("form select")) {
    if (!shown(select) || select.closest("template")) continue;
    const s = getComputedStyle(select);
    canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    // the room for the chosen answer's text: the box less its padding and the arrow (about one em)
    const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - parseFloat(s.fontSize);
    for (const option of select.options) {
      const text = canvas.measureText(option.text).width;
      if (text > room) out.push(`select ${select.name}: "${option.text}" needs ${Math.round(text)} px, has ${Math.round(room)}`);
    }
  }

  // tables: every body cell inside the screen and inside every box around it that clips
  for (const table of document.querySelectorAll(".md-content table")) {
    let left = 0, right = W;
    for (let a = table.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === "visible") continue;
      const r = box(a);
      left = Math.max(left, r.left);
      right = Math.min(right, r.right);
    }
    const cards = getComputedStyle(table).display === "block";
    for (const cell of table.querySelectorAll("tbody td, tbody th")) {
      if (!shown(cell)) continue;
      const r = box(cell);
      if (r.left < left - 0.5 || r.right > right + 0.5) {
        out.push(`table cell off the screen or scrolled out of sight: ${what(cell)} at ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(left)}–${Math.round(right)}`);
        break;
      }
      if (cards && !cell.dataset.label && !cell.hasAttribute("colspan")) {
        out.push(`a card's value without its column's name: ${what(cell)}`);
        break;
      }
    }
  }
  return out;
}""" % {"share": FLOATING_SHARE}

# The navigation drawer opened (Material's toggle), its slide finished at once, measured, closed again.
DRAWER = """() => {
  const toggle = document.getElementById("__drawer");
  const drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !drawer) return ["no navigation drawer"];
  const settle = () => { getComputedStyle(drawer).transform; document.getAnimations().forEach((a) => a.finish()); };
  toggle.checked = true;
  settle();
  const r = drawer.getBoundingClientRect();
  const out = [];
  if (r.width === 0) out.push("the drawer does not open");
  if (r.left < -0.5 || r.right > innerWidth + 0.5) out.push(`the open drawer runs off the screen: ${Math.round(r.left)}–${Math.round(r.right)} of ${innerWidth}`);
  if (document.scrollingElement.scrollWidth > innerWidth) out.push("with the drawer open the page scrolls sideways");
  toggle.checked = false;
  settle();
  return out;
}"""

# Cells and their column names as the page has them: the labels a screen reader must not hear twice.
CELL_TEXTS = """() => [...document.querySelectorAll(".md-content table tbody :is(td, th)")].map((c) => [c.dataset.label || "", c.textContent.replace(/\\s+/g, " ").trim()])"""


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_semantics(page: Page, cdp: CDPSession) -> list[str]:
    """What Chromium's accessibility tree says of the page's tables: each still a table with column headers and
    cells, and no cell named with its card label in front of its text."""
    tables = page.locator(".md-content table").count()
    if not tables:
        return []
    content = cdp.send("Runtime.evaluate", {"expression": "document.querySelector('.md-content')"})["result"]["objectId"]
    exposed = {
        role: [n for n in cdp.send("Accessibility.queryAXTree", {"objectId": content, "role": role})["nodes"] if not n.get("ignored")]
        for role in ("table", "columnheader", "rowheader", "cell")
    }
    cdp.send("Runtime.releaseObject", {"objectId": content})
    problems = []
    if len(exposed["table"]) < tables:
        problems.append(f"{tables} tables on the page, {len(exposed['table'])} in the accessibility tree")
    cells = page.evaluate(CELL_TEXTS)
    if not exposed["columnheader"] or len(exposed["rowheader"]) + len(exposed["cell"]) < len(cells):
        problems.append(f"table cells lost their roles: {len(cells)} body cells, {len(exposed['rowheader']) + len(exposed['cell'])} exposed")
    # a cell read with its card's label in front: its name is the label and the text run together
    texts = {squeeze(text) for _, text in cells}
    run_together = {squeeze(label + text) for label, text in cells if label}
    names = {squeeze(n.get("name", {}).get("value", "")) for n in exposed["rowheader"] + exposed["cell"]}
    doubled = sorted(name for name in names if name in run_together and name not in texts)
    if doubled:
        problems.append(f"a cell's name repeats its column's name: {doubled[:3]}")
    return problems


def a_result_written_in_the_browser(page: Page, site_url: str, built_site: Path, site_pages: list[str]) -> list[str]:
    """The first calculator page with a result table: computed in the browser, its new rows are named too."""
    for path in site_pages:
        file = built_site / path.strip("/") / "index.html"
        if path.endswith("/") and file.exists() and "data-calculator-rows=" in file.read_text(encoding="utf-8"):
            break
    else:
        return ["no calculator page with a result table"]
    open_page(page, site_url + path)  # by a link, as the reader comes: the runtime started on an earlier page is kept
    form = page.locator("form[data-calculator]:has([data-calculator-rows])").first
    name = form.get_attribute("data-calculator")
    page.wait_for_selector(f'form[data-calculator="{name}"][data-ready="true"]', timeout=START_MS)
    form.locator('button[type="submit"]').click()
    wait_for_result(page, name, ("current",))
    unnamed = form.evaluate(
        """(form) => [...form.querySelectorAll("[data-calculator-rows]")].flatMap((body) => {
          const names = [...body.closest("table").querySelectorAll("th[data-column]")].map((th) => th.textContent.trim());
          return [...body.rows].flatMap((row) => [...row.cells].filter((cell, i) => cell.dataset.label !== names[i]).map((cell) => cell.outerHTML.slice(0, 80)));
        })"""
    )
    found = [f"{path}: a row written in the browser has a cell without its column's name: {cell}" for cell in unnamed[:3]]
    found += [f"{path} (computed): {problem}" for problem in page.evaluate(MEASURE)]
    return found


# Follow a link to the page as a reader does: Material's instant navigation swaps the page in the same document
# (styles, scripts and a calculator's runtime stay), which is what makes one context for every page fast. Resolves
# true once the theme has mounted the new page (document$ emits), false if the theme did not take the link over.
FOLLOW = """async (href) => {
  if (!window.document$) return false;
  let first = true, subscription;
  const mounted = new Promise((resolve) => {
    subscription = window.document$.subscribe(() => (first ? (first = false) : resolve(true)));
  });
  const link = Object.assign(document.createElement("a"), { href });
  document.body.append(link);
  link.click();
  link.remove();
  const done = await Promise.race([mounted, new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
  subscription.unsubscribe();
  return done && location.pathname === new URL(href).pathname;
}"""


def open_page(page: Page, url: str) -> None:
    """A page of the site's navigation by following a link to it; any other (404.html) by loading it."""
    if url.endswith("/") and page.url.startswith("http") and page.evaluate(FOLLOW, url):
        return
    page.goto(url)


@pytest.mark.parametrize("viewport, scale", SIZES, ids=lambda v: f"{v['width']}px" if isinstance(v, dict) else f"{v}x")
def test_every_page_reads_at_200_percent_text(watched_context, site_url: str, built_site: Path, site_pages: list[str], viewport: dict, scale: int) -> None:
    assert len(site_pages) >= 13
    page = watched_context(viewport=viewport, device_scale_factor=scale, service_workers="block").new_page()
    cdp = page.context.new_cdp_session(page)
    problems: list[str] = []
    for path in site_pages:
        open_page(page, site_url + path)
        found = page.evaluate(MEASURE) + page.evaluate(DRAWER) + table_semantics(page, cdp) + csp_violations(page)
        found += the_header_row_holds_the_controls(page)  # the quick exit and the help, as at 375 px
        problems += [f"{path}: {problem}" for problem in found]
    if (viewport, scale) == SIZES[0]:  # the rows a calculator writes are named alike at any size: checked once
        problems += a_result_written_in_the_browser(page, site_url, built_site, site_pages)
    assert not problems, f"{len(problems)} problems at {viewport['width']} px ({scale}×):\n" + "\n".join(problems)
