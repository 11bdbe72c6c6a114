"""The built site's content contract: every nav page is built, reachable and sourced; the FAQ links
each answer to a guide; the about page lists every source; glossary tooltips stay in body text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from hooks.data.facts import load_registry
from hooks.data.glossary import GLOSSARY_FILE, load_glossary
from hooks.pages.markers import MARKER

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FAQ_MIN_ENTRIES = 25
FAQ_OTHER_HEADINGS = {"相关页面", "下一步", "来源与核对"}
GUIDE_URL = re.compile(r"^/(?:guides/[a-z0-9_-]+|calculators/penalty)/$")


def nav_pages() -> list[str]:
    """Every Markdown page in mkdocs.yml's nav, in order."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    pages: list[str] = []

    def walk(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                walk(item)
        elif isinstance(items, dict):
            for value in items.values():
                walk(value)
        elif isinstance(items, str) and items.endswith(".md"):
            pages.append(items)

    walk(config["nav"])
    return pages


def page_url(src: str) -> str:
    """The site path of a page (use_directory_urls): index.md → /, guides/credit.md → /guides/credit/."""
    path = PurePosixPath(src).with_suffix("")
    if path.name == "index":
        path = path.parent
    return "/" if str(path) == "." else f"/{path}/"


def built_file(site: Path, url: str) -> Path:
    return site / url.lstrip("/") / "index.html"


def resolve(from_url: str, href: str) -> str:
    return urlsplit(urljoin(f"http://site{from_url}", href)).path


NAV_PAGES = nav_pages()


class _Collector(HTMLParser):
    """Collects the primary navigation's links, and the page's h2 sections with the links in each."""

    def __init__(self) -> None:
        super().__init__()
        self.nav_depth = 0  # >0 while inside the primary <nav> (navs nest)
        self.nav_links: list[str] = []
        self.sections: list[Section] = []
        self.in_h2 = False
        self.in_headerlink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "nav" and (self.nav_depth or "md-nav--primary" in classes):
            self.nav_depth += 1
        if tag == "a" and values.get("href"):
            if self.nav_depth:
                self.nav_links.append(values["href"] or "")
            elif "headerlink" in classes:
                self.in_headerlink = True
            elif self.sections:
                self.sections[-1].links.append(values["href"] or "")
        if tag == "h2":
            self.in_h2 = True
            self.sections.append(Section())

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.nav_depth:
            self.nav_depth -= 1
        if tag == "h2":
            self.in_h2 = False
        if tag == "a":
            self.in_headerlink = False

    def handle_data(self, data: str) -> None:
        if self.in_h2 and not self.in_headerlink:
            self.sections[-1].heading += data


@dataclass
class Section:
    heading: str = ""
    links: list[str] = field(default_factory=list)


def collect(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector


def test_the_nav_lists_the_pages_we_expect() -> None:
    assert NAV_PAGES[0] == "index.md"
    assert {"faq.md", "glossary.md", "about.md", "calculators/penalty.md"} <= set(NAV_PAGES)


@pytest.mark.parametrize("src", NAV_PAGES)
def test_every_nav_page_is_built(built_site: Path, src: str) -> None:
    assert built_file(built_site, page_url(src)).is_file()


def test_every_nav_page_is_reachable_from_the_home_page_navigation(built_site: Path) -> None:
    links = {resolve("/", href) for href in collect(built_site / "index.html").nav_links}
    missing = [src for src in NAV_PAGES if page_url(src) not in links]
    assert not missing, f"not linked from the home page's navigation: {missing}"


@pytest.mark.parametrize("src", NAV_PAGES)
def test_every_page_shows_its_sources_and_review_date(built_site: Path, src: str) -> None:
    html = built_file(built_site, page_url(src)).read_text(encoding="utf-8")
    assert '<h2 id="sources-title">来源与核对</h2>' in html
    _, meta = get_data((DOCS / src).read_text(encoding="utf-8"))
    reviewed = meta["reviewed"]
    assert isinstance(reviewed, dt.date)
    assert f'本页内容最后核对：<time datetime="{reviewed.isoformat()}">' in html


def faq_sections(site: Path) -> list[Section]:
    return collect(built_file(site, "/faq/")).sections


def test_the_faq_has_enough_entries_and_no_stray_headings(built_site: Path) -> None:
    sections = faq_sections(built_site)
    questions = [s.heading for s in sections if s.heading.endswith("？")]
    others = [s.heading for s in sections if not s.heading.endswith("？")]
    assert len(questions) >= FAQ_MIN_ENTRIES, questions
    assert len(set(questions)) == len(questions), "a question appears twice"
    assert set(others) <= FAQ_OTHER_HEADINGS, f"h2 headings that are not questions: {others}"


def test_every_faq_entry_links_to_a_guide_page_that_exists(built_site: Path) -> None:
    for section in faq_sections(built_site):
        if not section.heading.endswith("？"):
            continue
        guides = [url for url in (resolve("/faq/", href) for href in section.links) if GUIDE_URL.match(url)]
        assert guides, f"FAQ entry {section.heading!r} links to no guide page"
        for url in guides:
            assert built_file(built_site, url).is_file(), f"FAQ entry {section.heading!r} links to missing {url}"


def test_the_about_page_lists_every_source_in_the_registry(built_site: Path) -> None:
    html = built_file(built_site, "/about/").read_text(encoding="utf-8")
    registry = load_registry(ROOT / "data" / "facts")
    missing = [key for key in registry.sources if f'data-source="{key}"' not in html]
    assert not missing, f"sources missing from the about page: {missing}"
    for source in registry.sources.values():
        assert f'href="{source.url}"' in html.replace("&amp;", "&")


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_a_leftover_marker(built_site: Path) -> None:
    leftovers = {
        str(path.relative_to(built_site)): match.group(0)
        for path in all_pages(built_site)
        if (match := MARKER.search(path.read_text(encoding="utf-8")))
    }
    assert not leftovers


HEADING_WITH_ABBR = re.compile(r"<h([1-6])\b[^>]*>(?:(?!</h\1>).)*<abbr", re.DOTALL)
LINK_WITH_ABBR = re.compile(r"<a\b[^>]*>(?:(?!</a>).)*<abbr", re.DOTALL)


def test_tooltips_appear_in_body_text_and_never_in_headings_or_links(built_site: Path) -> None:
    tooltips = 0
    for path in all_pages(built_site):
        html = path.read_text(encoding="utf-8")
        assert not HEADING_WITH_ABBR.search(html), f"tooltip inside a heading in {path}"
        assert not LINK_WITH_ABBR.search(html), f"tooltip inside a link in {path}"
        terms = re.findall(r'<abbr title="[^"]+" data-term="([a-z0-9_]+)">', html)
        assert len(terms) == len(set(terms)), f"a term has more than one tooltip in {path}"
        tooltips += len(terms)
    assert tooltips > 0


def test_the_glossary_page_anchors_every_term_and_has_no_tooltips(built_site: Path) -> None:
    html = built_file(built_site, "/glossary/").read_text(encoding="utf-8")
    for term in load_glossary(GLOSSARY_FILE, DOCS).terms:
        assert f'id="{term.key}"' in html, term.key
    assert "data-term=" not in html


# ---- the truth pass (issue 11): rules that must travel together, on every page -------------------

FACT_ATTRIBUTE = re.compile(r'data-fact="([a-z0-9_]+)"')

# If a page states the fact on the left, it must also state every group on the right (one fact of
# each group is enough). Each pair is a correction from the content review of 2026-11-25.
MUST_TRAVEL_TOGETHER: list[tuple[str, list[set[str]], str]] = [
    (
        "private_lending_art25_cap",
        [{"court_reduction_line", "court_reduction_rule"}],
        "a page saying the 4×LPR cap does not bind banks must give the 24 % reduction a borrower can ask a court for",
    ),
    (
        "hotline_12356",
        [{"hotline_120"}, {"hotline_110"}, {"hotline_12356_hours"}],
        "wherever 12356 is offered: its hours (not always 24 h), 120 and 110 for immediate danger",
    ),
    (
        "criminal_art193_loan_fraud",
        [{"criminal_art175_1_loan_by_deception"}, {"asset_report_duty", "consumption_limit_breach"}],
        "a 'will I go to jail' answer must name 骗取贷款罪 and detention for not cooperating with enforcement",
    ),
    (
        "dishonest_list_conditions",
        [{"dishonest_list_grounds_plain"}],
        "the 失信 list has six grounds, not only 'able but refusing'",
    ),
    (
        "consumption_limit_trigger",
        [{"enforcement_titles"}],
        "not only judgments lead to enforcement: 支付令, arbitral awards, notarised debt instruments too",
    ),
    (
        "e_service_rule",
        [{"hotline_12368"}],
        "a page saying courts serve documents by SMS must say how to verify one (12368)",
    ),
    (
        "cba_third_party_unrelated",
        [{"gbt45251_third_party", "cba_third_party_when"}],
        "contacts may be called when the debtor cannot be reached: state the limits, not a flat ban",
    ),
]


def page_facts(path: Path) -> set[str]:
    return set(FACT_ATTRIBUTE.findall(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("fact", "groups", "why"), MUST_TRAVEL_TOGETHER, ids=[pair[0] for pair in MUST_TRAVEL_TOGETHER])
def test_corrected_rules_travel_together_on_every_page(built_site: Path, fact: str, groups: list[set[str]], why: str) -> None:
    pages = [path for path in all_pages(built_site) if fact in page_facts(path)]
    assert pages, f"no page states {fact}: the pairing would never be checked"
    missing = {
        str(path.relative_to(built_site)): [sorted(group) for group in groups if not group & page_facts(path)]
        for path in pages
    }
    missing = {page: groups for page, groups in missing.items() if groups}
    assert not missing, f"{why}: {missing}"


def test_the_help_page_offers_every_hotline_as_a_tappable_link(built_site: Path) -> None:
    html = built_file(built_site, "/help/").read_text(encoding="utf-8")
    registry = load_registry(ROOT / "data" / "facts")
    for key in ("hotline_120", "hotline_110", "hotline_12356", "hotline_12378", "hotline_12363", "hotline_12368"):
        number = registry.facts[key].value
        assert f'href="tel:{number}"' in html, key


def test_the_glossary_no_longer_equates_overdue_interest_with_penalty_interest() -> None:
    glossary = load_glossary(GLOSSARY_FILE, DOCS)
    penalty = next(term for term in glossary.terms if term.key == "penalty_interest")
    # 逾期利息 is unpaid ordinary interest in the calculator's form; 罚息 replaces the rate, it is not an add-on.
    assert "逾期利息" not in penalty.aliases
    assert "包含原来的利率" in penalty.definition


def test_worked_examples_are_marked_as_the_sites_own(built_site: Path) -> None:
    html = built_file(built_site, "/guides/credit/").read_text(encoding="utf-8")
    examples = re.findall(r'data-fact="(example_[a-z0-9_]+)">[^<]*</span><sup class="([^"]+)"', html)
    assert examples, "the credit page shows worked examples"
    assert all(classes == "fact-ref fact-ref--example" for _, classes in examples), examples


def test_faq_questions_have_shareable_chinese_anchors_listed_at_the_top(built_site: Path) -> None:
    html = built_file(built_site, "/faq/").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    questions = [i for i in ids if i not in {"相关页面", "下一步", "sources-title"}]
    assert len(questions) >= FAQ_MIN_ENTRIES
    assert all(re.search(r"[\u4e00-\u9fff]", i) for i in questions), "heading ids keep the question's Chinese text"
    index_end = html.index('<h2 id="')  # the question list sits before the first question
    index = html[:index_end]
    missing = [i for i in questions if f'href="#{i}"' not in index]
    assert not missing, f"questions not listed at the top of the FAQ: {missing}"


def test_every_listed_source_says_what_kind_of_source_it_is(built_site: Path) -> None:
    registry = load_registry(Path(__file__).resolve().parents[2] / "data" / "facts")
    seen = 0
    for page in built_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for key, kind in re.findall(r'<li id="(?:source|registry)-([\w-]+)"[^>]*>.*?data-source-class="(\w+)"', html):
            assert registry.sources[key].source_class == kind, (page, key)
            seen += 1
        listed = len(re.findall(r'<li id="(?:source|registry)-', html))
        assert html.count("data-source-class=") == listed, page
    assert seen >= len(registry.sources)  # the about page lists them all
