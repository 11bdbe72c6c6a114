"""The corrections asked for by the content review of 2026-12-07 (shared/audits/content-2026-12-07.md,
§2 and §7), checked on the built pages: each test names the wrong or misleading statement it keeps out
and the sourced statement that replaced it."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from hooks.data.facts import load_registry

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry(ROOT / "data" / "facts")
FACT_ATTRIBUTE = re.compile(r'data-fact="([a-z0-9_]+)"')


def page_html(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def article(site: Path, url: str) -> str:
    """The page's own content (title to the end of its source list), without the theme's navigation."""
    page = page_html(site, url)
    return page[page.index("<article") : page.index("</article>")]


def text_of(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


def facts_on(fragment: str) -> set[str]:
    return set(FACT_ATTRIBUTE.findall(fragment))


def section(page: str, heading: str) -> str:
    """The h2 section whose heading text starts with `heading`, up to the next h2."""
    match = re.search(rf"<h2[^>]*>{re.escape(heading)}.*?</h2>(.*?)(?=<h2|\Z)", page, re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


# ---- §2 #2: personal bankruptcy is not "only in Shenzhen" -------------------------------------------


def test_no_page_says_only_shenzhen_has_personal_bankruptcy(built_site: Path) -> None:
    said = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if "只有深圳" in p.read_text(encoding="utf-8")]
    assert not said


@pytest.mark.parametrize("url", ["/guides/relief/", "/faq/"])
def test_the_bankruptcy_answers_name_xiamen_and_zhejiangs_route(built_site: Path, url: str) -> None:
    page = article(built_site, url)
    assert {"shenzhen_bankruptcy_law", "xiamen_bankruptcy_law", "zhejiang_clearance_name"} <= facts_on(page)
    assert "厦门经济特区个人破产保护条例" in text_of(page)


def test_the_relief_page_gives_each_routes_conditions_and_that_zhejiangs_needs_enforcement(built_site: Path) -> None:
    page = section(article(built_site, "/guides/relief/"), "个人破产")
    assert {"shenzhen_bankruptcy_who", "xiamen_bankruptcy_who", "zhejiang_clearance_who", "zhejiang_clearance_court"} <= facts_on(page)
    assert "据报道" in text_of(page)  # Xiamen's conditions are read only through a press report


# ---- §2 #8: moving money is fine before a case, 规避执行 once enforcement begins --------------------


def test_the_accounts_page_warns_that_moving_money_under_enforcement_is_evading_it(built_site: Path) -> None:
    page = article(built_site, "/guides/accounts/")
    text = text_of(page)
    advice = text.index("别的账户")
    warning = text.index("规避执行")
    assert advice < warning < text.index("法院什么时候会冻结"), "the limit follows the advice it limits"
    assert {"dishonest_list_grounds_plain", "enforcement_noncompliance_penalty", "criminal_art313_refusal"} <= facts_on(page)
    assert 'href="../court/"' in page


# ---- §2 #9: 限高 bars every seat on G trains; a 个体户 is the debtor personally ---------------------


def test_the_business_page_states_every_g_train_seat_and_the_sole_traders_personal_liability(built_site: Path) -> None:
    page = section(article(built_site, "/guides/business/"), "公司或个体户被执行")
    assert {"consumption_limit_items", "civil_code_art56_sole_trader", "consumption_limit_company"} <= facts_on(page)
    assert "G 字头动车组列车的任何座位" in REGISTRY.facts["consumption_limit_items"].value
    assert "坐不了飞机、高铁一等座" not in text_of(page)


# ---- §2 #10: a court does not always reduce on its own ---------------------------------------------


def test_the_myths_page_no_longer_says_a_court_never_applies_the_line_unasked(built_site: Path) -> None:
    text = text_of(article(built_site, "/myths/"))
    assert "法院不会自动按它算" not in text
    assert "法院不一定会主动按它调减" in text


# ---- §2 #11: reaching a court in another city, and when someone answers -----------------------------


@pytest.mark.parametrize("url", ["/guides/court/", "/help/", "/faq/"])
def test_12368_advice_says_how_to_reach_another_citys_court_and_when_people_answer(built_site: Path, url: str) -> None:
    page = article(built_site, url)
    assert {"hotline_12368", "hotline_12368_other_city", "hotline_12368_hours"} <= facts_on(page)
    assert "区号" in REGISTRY.facts["hotline_12368_other_city"].value
    assert "工作日" in REGISTRY.facts["hotline_12368_hours"].value


# ---- §2 #12: pre-suit mediation binds; enforceable through 司法确认 or a court's 调解书 ---------------


def test_pre_suit_mediation_explains_how_an_agreement_becomes_enforceable(built_site: Path) -> None:
    page = section(article(built_site, "/guides/court/"), "诉前调解")
    assert {"mediation_judicial_confirmation", "enforcement_titles"} <= facts_on(page)
    text = text_of(page)
    assert "调解书和判决一样可以强制执行" not in text
    assert "按约定履行" in text


# ---- §3.1 #5 residue: detention also follows breaking a 限消令 ---------------------------------------


def test_the_faqs_jail_answer_names_both_grounds_for_detention(built_site: Path) -> None:
    page = section(article(built_site, "/faq/"), "网商贷逾期会坐牢吗")
    assert {"asset_report_duty", "consumption_limit_breach"} <= facts_on(page)
    assert "遵守限制消费令" in text_of(page)


# ---- R5, R13: unsourced absolutes reworded ---------------------------------------------------------


def test_collectors_threats_are_not_called_a_non_legal_procedure_without_a_source(built_site: Path) -> None:
    page = article(built_site, "/guides/consequences/")
    assert "这是施压的说法，不是法律程序" not in text_of(page)
    assert {"cba_no_exaggeration", "cba_no_impersonation"} <= facts_on(page)


@pytest.mark.parametrize("url", ["/faq/", "/myths/", "/glossary/"])
def test_no_unsourced_claim_that_a_credit_dispute_is_free(built_site: Path, url: str) -> None:
    text = text_of(article(built_site, url))
    for claim in ("异议申请免费", "免费提异议", "异议本身不收费", "免费的异议"):
        assert claim not in text, claim


# ---- crisis order: 120 first, then 12356 with its hours, then 110 -----------------------------------

CRISIS_PAGES = ["/", "/help/", "/faq/", "/about/", "/guides/handling/", "/guides/collection/", "/guides/prevention/"]


@pytest.mark.parametrize("url", CRISIS_PAGES)
def test_120_comes_before_12356_wherever_both_are_offered(built_site: Path, url: str) -> None:
    page = article(built_site, url)
    order = [match.group(1) for match in FACT_ATTRIBUTE.finditer(page)]
    assert "hotline_120" in order and "hotline_12356" in order
    assert order.index("hotline_120") < order.index("hotline_12356"), order
    assert "hotline_12356_hours" in order


# ---- §5, §7.7: legal rules moved off class `other` ---------------------------------------------------

MOVED_OFF_OTHER = [
    "e_service_rule",
    "asset_report_duty",
    "court_freeze_rule",
    "court_keeps_living_costs",
    "renewal_notice",
    "renewal_scope",
    "renewal_conditions",
    "gbt45251_title",
    "gbt45251_dates",
    "gbt45251_outsourcing",
    "gbt45251_quiet_hours",
    "gbt45251_call_cap",
    "gbt45251_third_party",
]


@pytest.mark.parametrize("key", MOVED_OFF_OTHER)
def test_rules_the_review_found_on_weak_sources_now_rest_on_better_ones(key: str) -> None:
    source = REGISTRY.sources[REGISTRY.facts[key].source]
    assert source.source_class != "other", (key, source.url)
    assert "hbdnlaw.com" not in source.url and "qijiantest.com" not in source.url
