"""Site search in a real browser: readers' own phrasings reach the right page."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from hooks.data.facts import load_registry
from tests.conftest import ROOT, report

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
# A blind set, written before it was ever run and never tuned on: its figures are printed, with no floor.
# (The first such set, `fresh`, was reported once and then moved into the tuning pool of search_queries.yml.)
FRESH = yaml.safe_load((Path(__file__).parent / "search_queries_fresh2.yml").read_text(encoding="utf-8"))
# The next blind set, written before the ranking was touched again (issue 14, fourth pass): figures only, its misses
# are never printed (not even with SEARCH_SHOW_FRESH), so that nobody tunes on them before it is reported.
FRESH3 = yaml.safe_load((Path(__file__).parent / "search_queries_fresh3.yml").read_text(encoding="utf-8"))
# A set written blind (issue 14, fifth pass) and split once at random: its `tuning` half joins the Node tuning
# queries (tests/site/test_search_worker.py), its `fresh4` half is blind here, figures only, misses never printed.
FRESH4_ALL = yaml.safe_load((Path(__file__).parent / "search_queries_fresh4.yml").read_text(encoding="utf-8"))
FRESH4 = [entry for entry in FRESH4_ALL if entry["split"] == "fresh4"]
# The sixth set, written blind (issue 14, sixth pass) with words chosen to differ from the site's, split once at
# random like the fifth: its `fresh5` half is blind here (figures only), its `tuning` half joins the Node tuning.
FRESH5_ALL = yaml.safe_load((Path(__file__).parent / "search_queries_fresh5.yml").read_text(encoding="utf-8"))
FRESH5 = [entry for entry in FRESH5_ALL if entry["split"] == "fresh5"]
# More tuning queries, ranked in Node by tests/site/test_search_worker.py (same workers) to keep this file fast.
MORE = yaml.safe_load((Path(__file__).parent / "search_queries_more.yml").read_text(encoding="utf-8"))
MINIMUM_HELD_OUT_AT_3 = 0.90  # the floor; its targets are 95 % top-3 and 85 % top-1 on the held-out half
MINIMUM_TUNING_AT_3 = 0.90
SPLITS = ("tuning", "held-out")
# Held-out misses are not printed unless asked: tuning on them would make the held-out figure meaningless.
SHOW_HELD_OUT = os.environ.get("SEARCH_SHOW_HELD_OUT") == "1"
SHOW_FRESH = os.environ.get("SEARCH_SHOW_FRESH") == "1"
# Material's result meta line: "键入以开始搜索" while the box is empty, then "… 结果" once a query is answered.
CLEARED = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return !meta || /键入/.test(meta.textContent);
}"""
ANSWERED = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && /结果/.test(meta.textContent);
}"""


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_url: str) -> Page:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/")
    yield page
    context.close()


def search(page: Page, query: str) -> list[dict[str, str]]:
    """Type a query into Material's search box the way a reader does; return the result pages in order."""
    page.keyboard.press("Escape")
    page.locator(".md-search__input").click()
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function(CLEARED, timeout=15_000)  # the previous query's results are gone
    page.keyboard.insert_text(query)  # Chinese text arrives through the input method, not key presses
    page.keyboard.press("End")
    page.wait_for_function(ANSWERED, timeout=15_000)
    return page.eval_on_selector_all(
        ".md-search-result__list > li > a:first-of-type",
        """links => links.map(a => ({
            href: a.getAttribute('href'),
            title: a.querySelector('h1, h2')?.textContent ?? '',
        }))""",
    )


# The same steps as `search`, run inside the page for a whole list of queries: one round trip instead of eight per
# query (about 10× faster on this machine). `test_many_queries_at_once_rank_as_typed_one_by_one` holds it to `search`.
SEARCH_MANY = """async (queries) => {
  const input = document.querySelector("input.md-search__input");
  const meta = () => document.querySelector(".md-search-result__meta");
  const until = (test) => new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      if (test()) return resolve();
      if (performance.now() - started > 15000) return reject(new Error("no answer in 15 s"));
      setTimeout(check, 5);
    };
    check();
  });
  const type = (text) => {
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "End" }));
  };
  const answers = [];
  for (const query of queries) {
    type("");
    await until(() => !meta() || /键入/.test(meta().textContent));  // the previous query's results are gone
    type(query);
    await until(() => meta() && /结果/.test(meta().textContent));
    answers.push([...document.querySelectorAll(".md-search-result__list > li > a:first-of-type")].map((a) => a.getAttribute("href")));
  }
  return answers;
}"""


def search_many(page: Page, queries: list[str]) -> list[list[str]]:
    """Each query's result links in order, the queries run one after another in the page's own search box."""
    page.keyboard.press("Escape")
    page.locator(".md-search__input").click()
    return page.evaluate(SEARCH_MANY, queries)


def page_path(href: str, site_url: str) -> str:
    return urlparse(href).path.removeprefix(urlparse(site_url).path).lstrip("/")


def test_the_query_set_is_large_split_and_names_real_pages(built_site: Path) -> None:
    assert len(QUERIES) >= 200
    assert {entry["split"] for entry in QUERIES} == set(SPLITS)
    held_out = [entry for entry in QUERIES if entry["split"] == "held-out"]
    assert len(held_out) >= 100
    assert len({entry["query"] for entry in QUERIES}) == len(QUERIES), "a query is listed twice"
    assert {entry["split"] for entry in FRESH} == {"fresh2"} and len(FRESH) >= 50
    assert {entry["split"] for entry in FRESH4_ALL} == {"tuning", "fresh4"} and len(FRESH4) >= 50
    later_tuning = [entry for entry in FRESH4_ALL + FRESH5_ALL if entry["split"] == "tuning"]
    tuned = [entry["query"] for entry in QUERIES + MORE + later_tuning]
    assert len(set(tuned)) == len(tuned), "a query is listed twice"
    assert {entry["split"] for entry in FRESH3} == {"fresh3"} and len(FRESH3) >= 50
    assert {entry["split"] for entry in FRESH5_ALL} == {"tuning", "fresh5"} and len(FRESH5) >= 50
    blind = [entry["query"] for entry in FRESH + FRESH3 + FRESH4 + FRESH5]
    assert len(set(blind)) == len(blind), "a blind query is listed twice"
    assert not set(blind) & set(tuned), "a blind query is also tuned on"
    for entry in QUERIES + FRESH + FRESH3 + FRESH4_ALL + FRESH5_ALL + MORE:
        assert isinstance(entry["query"], str) and entry["query"].strip()
        for path in entry["pages"]:
            assert (built_site / path / "index.html").exists(), f"{entry['query']}: no page {path!r}"


def test_reader_queries_reach_the_right_page_in_the_top_three(search_page: Page, site_url: str) -> None:
    figures: dict[str, tuple[int, int, int]] = {}
    empty: list[str] = []
    for split in (*SPLITS, "fresh2", "fresh3", "fresh4", "fresh5"):
        entries = [entry for entry in QUERIES + FRESH + FRESH3 + FRESH4 + FRESH5 if entry["split"] == split]
        misses, first = [], 0
        answers = search_many(search_page, [entry["query"] for entry in entries])
        for entry, hrefs in zip(entries, answers, strict=True):
            pages = [page_path(href, site_url) for href in hrefs][:3]
            if not pages:
                empty.append(entry["query"])
            if pages and pages[0] in entry["pages"]:
                first += 1
            if not set(pages) & set(entry["pages"]):
                misses.append(f"{entry['query']} → {pages} (want {entry['pages']})")
        total = len(entries)
        at_3 = total - len(misses)
        figures[split] = (first, at_3, total)
        report(f"search {split}: recall@1 {first}/{total} = {first / total:.1%}; recall@3 {at_3}/{total} = {at_3 / total:.1%}")
        if split == "tuning" or (split == "fresh2" and SHOW_FRESH) or (split == "held-out" and SHOW_HELD_OUT):
            for miss in misses:
                report(f"  {split} miss: {miss}")
    assert not empty, f"queries with no result at all: {empty}"
    first, at_3, total = figures["held-out"]
    assert at_3 / total >= MINIMUM_HELD_OUT_AT_3
    first, at_3, total = figures["tuning"]
    assert at_3 / total >= MINIMUM_TUNING_AT_3


def test_many_queries_at_once_rank_as_typed_one_by_one(search_page: Page) -> None:
    # A fixed sample of every set: typed the way a reader types (`search`) and run in one batch, the same links.
    entries = QUERIES + FRESH + FRESH3 + FRESH4 + FRESH5
    sample = [entry["query"] for entry in entries[:: max(1, len(entries) // 25)]]
    assert len(sample) >= 20
    typed = [[result["href"] for result in search(search_page, query)] for query in sample]
    assert search_many(search_page, sample) == typed


def test_a_crisis_word_puts_the_hotlines_above_every_result(search_page: Page) -> None:
    facts = load_registry(ROOT / "data" / "facts").facts
    for query in ("想死", "抑郁", "不想活了", "欠了网贷好绝望"):
        search(search_page, query)
        first = search_page.locator(".md-search-result__list > li").first
        for key in ("hotline_12356", "hotline_120", "hotline_110"):
            number = facts[key].value
            expect(first.locator(f'a[href="tel:{number}"]')).to_have_text(number)
        expect(first).to_contain_text(facts["hotline_12356_hours"].value)


def test_a_query_that_matches_nothing_still_gets_guides_and_the_hotline(search_page: Page) -> None:
    results = search(search_page, "蘑菇炖小鸡")  # no word of the site: character overlap, then the guides
    assert len(results) >= 3
    listed = search_page.locator(".md-search-result__list")
    expect(listed.locator('a[href="tel:12356"]')).to_have_count(1)


def test_a_result_links_to_the_section_that_answers(browser: Browser, site_url: str) -> None:
    # A page of its own: after hundreds of searches on the shared page, one full run landed without the fragment.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/")
    results = search(page, "异议申请")
    # the glossary's entry and the credit guide's section on disputes are sections of long pages
    assert "#" in results[0]["href"], results[0]
    page.locator(".md-search-result__list > li > a").first.click()
    page.wait_for_url("**#*")
    fragment = urlparse(page.url).fragment
    assert fragment
    # and the page is scrolled to that section, not left at the top
    page.wait_for_function("() => window.scrollY > 0")
    context.close()


def test_result_titles_carry_no_zero_width_spaces(search_page: Page) -> None:
    results = search(search_page, "征信多久能消")
    assert results, "the query found nothing"
    shown = search_page.locator(".md-search-result").inner_text()
    assert "\u200b" not in shown
    assert all("\u200b" not in result["title"] for result in results)


def test_results_show_page_text_not_aliases_nor_words_the_reader_did_not_type(search_page: Page) -> None:
    search(search_page, "催收打给家人怎么办")
    shown = search_page.locator(".md-search-result").inner_text()
    assert "\u2063" not in shown
    # "打电话给我同事" is one of the collection page's aliases, not a sentence of the page
    assert "催收打电话给我同事" not in shown.replace("\n", "")
    # the synonym "通讯录" was added by the rewrite: it must not be listed as a missing term
    missing = search_page.locator(".md-search-result__terms").all_inner_texts()
    assert not any("通讯录" in line for line in missing)
    # nor a piece of the query that is not a word of the site's subject (有人, 说)
    search(search_page, "有人说征信能洗白")
    missing = search_page.locator(".md-search-result__terms").all_inner_texts()
    assert not any("有人" in line or "说" in line.replace("说法", "") for line in missing)


def test_the_404_page_points_to_the_faq_and_the_handling_guide(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/404.html")  # the test server does not serve it for unknown paths: open it directly
    block = page.locator(".not-found")
    expect(block).to_contain_text("没找到你要的答案")
    for target in ("faq/", "guides/handling/"):
        link = block.locator(f'a[href$="/{target}"]')
        expect(link).to_have_count(1)
        link.click()
        expect(page).to_have_url(f"{site_url}/{target}")
        page.go_back()
