"""The questions readers ask about the people around them and about life under enforcement, each answered on a
page with a stable section link (the triage tool links to these ids), each answer resting on the facts it cites,
and each found by search in the reader's own words.

Expected texts are read from data/facts (the registry the pages cite), never copied from the built page.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from hooks.data.facts import load_registry
from tests.conftest import ROOT
from tests.site.test_search_protocol import run_worker

FACTS = load_registry(ROOT / "data" / "facts").facts

# The section ids other tools link to: a heading reworded means a broken link, so renaming one is a decision.
SECTIONS = {
    "guides/family": [
        "没有签字的家人要还吗",
        "老公老婆借的网商贷配偶要还吗夫妻共同债务怎么算",
        "给朋友做了担保人要替他还吗",
        "共同借款人要还多少",
        "父母失信或被限高会影响孩子上学高考考公吗",
    ],
    "guides/enforcement": [
        "收到执行通知书第一步做什么",
        "执行和解是什么怎么谈",
        "限高到底限制什么",
        "限高怎样才能解除",
        "失信名单怎样才能移出",
        "怎么查自己有没有被执行限高或失信",
        "请不起律师去哪里找免费的法律帮助",
    ],
    "guides/business": ["贷款逾期了营业执照会被吊销吗"],
    "guides/accounts": ["网商贷逾期了花呗借呗和信用卡会受影响吗"],
}


def built(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def section_html(page_html: str, heading_id: str) -> str:
    """The HTML from the h2 with this id up to the next h2 (the sources list starts with one too)."""
    start = page_html.index(f'<h2 id="{heading_id}"')
    following = page_html.find("<h2", start + 1)
    return page_html[start:following]


def text_of(fragment: str) -> str:
    """What a reader sees: tags and the numbered source links removed."""
    without_refs = re.sub(r"<sup\b.*?</sup>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", without_refs))


def fact(key: str) -> str:
    return FACTS[key].value


def read(site: Path, page: str, heading_id: str) -> str:
    return text_of(section_html(built(site, page), heading_id))


@pytest.mark.parametrize(("page", "heading_id"), [(page, hid) for page, ids in SECTIONS.items() for hid in ids])
def test_each_question_has_its_own_linkable_section(built_site: Path, page: str, heading_id: str) -> None:
    assert f'<h2 id="{heading_id}"' in built(built_site, page)


def test_new_pages_are_reviewed_and_in_the_nav(built_site: Path) -> None:
    for page in ("guides/family", "guides/enforcement"):
        source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
        assert re.search(r"^reviewed: 2026-12-07$", source, re.M), page
        nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        assert f"{page}.md" in nav
    # the nav links both pages from every page, e.g. the home page
    home = built(built_site, "")
    assert 'href="guides/family/"' in home and 'href="guides/enforcement/"' in home


# --- family ---


def test_family_members_who_did_not_sign_owe_nothing_but_the_answer_names_who_does(built_site: Path) -> None:
    answer = read(built_site, "guides/family", "没有签字的家人要还吗")
    assert fact("civil_code_art465_parties") in answer  # only the parties to a contract are bound
    assert fact("civil_code_art1161_estate") in answer  # heirs only up to the estate: 父债子还 is not a rule
    # collectors may not pressure people unrelated to the debt: both collection rules, as the registry words them
    assert fact("cba_third_party_unrelated") in answer and fact("gbt45251_third_party") in answer
    # the harm named: a relative who signs a promise at a collector's request takes the debt on
    assert "不要在催收的要求下签" in answer


def test_a_spouse_is_liable_only_for_a_joint_debt_and_is_warned_about_ratifying_it(built_site: Path) -> None:
    answer = read(built_site, "guides/family", "老公老婆借的网商贷配偶要还吗夫妻共同债务怎么算")
    assert fact("civil_code_art1064_joint") in answer and fact("civil_code_art1064_beyond") in answer
    assert fact("civil_code_art56_sole_trader") in answer  # the 个体户 case most 网商贷 borrowers are in
    assert "事后追认" in answer  # a spouse who writes "we will pay it" may ratify the debt
    assert "由法院" in answer  # the court decides, not the collector


def test_a_guarantor_reads_both_kinds_of_guarantee_the_period_and_recourse(built_site: Path) -> None:
    answer = read(built_site, "guides/family", "给朋友做了担保人要替他还吗")
    for key in (
        "guarantee_art686_modes",
        "guarantee_art687_general",
        "guarantee_art688_joint",
        "guarantee_art691_scope",
        "guarantee_art692_period",
        "guarantee_art693_lapse",
        "guarantee_art700_recourse",
        "credit_status_d",
    ):
        assert fact(key) in answer, key
    assert 'href="tel:12348"' in section_html(built(built_site, "guides/family"), "给朋友做了担保人要替他还吗")


def test_a_co_borrower_is_a_borrower(built_site: Path) -> None:
    answer = read(built_site, "guides/family", "共同借款人要还多少")
    assert fact("joint_debt_art518") in answer


def test_children_what_the_rules_restrict_and_what_could_not_be_confirmed(built_site: Path) -> None:
    answer = read(built_site, "guides/family", "父母失信或被限高会影响孩子上学高考考公吗")
    assert fact("children_private_school") in answer  # the one restriction: paying for a high-fee private school
    assert fact("children_private_school_scope") in answer  # and the court's own limit on it
    assert fact("children_no_other_rule") in answer
    assert "无法确认" in answer  # 政审: said plainly that it could not be confirmed
    assert fact("dishonest_list_removal") in answer  # the way out, for a family facing an exam
    assert "不要做的事" in answer and "规避执行" in answer  # moving assets to a child's name backfires


# --- enforcement ---


def test_the_first_steps_on_an_enforcement_notice_are_to_report_assets_and_not_move_them(built_site: Path) -> None:
    answer = read(built_site, "guides/enforcement", "收到执行通知书第一步做什么")
    assert fact("asset_report_duty") in answer
    assert fact("dishonest_list_grounds_plain") in answer
    assert fact("court_keeps_living_costs") in answer
    assert fact("zxgk_site") in answer


def test_a_settlement_is_explained_with_what_happens_if_it_is_broken(built_site: Path) -> None:
    answer = read(built_site, "guides/enforcement", "执行和解是什么怎么谈")
    for key in ("enforcement_settlement_terms", "enforcement_settlement_pause", "enforcement_settlement_done", "enforcement_settlement_breach"):
        assert fact(key) in answer, key
    assert "只答应做得到的方案" in answer


def test_consumption_limits_say_what_is_restricted_and_how_they_are_lifted(built_site: Path) -> None:
    restricted = read(built_site, "guides/enforcement", "限高到底限制什么")
    assert fact("consumption_limit_items_full") in restricted and fact("consumption_limit_necessary") in restricted
    lifted = read(built_site, "guides/enforcement", "限高怎样才能解除")
    assert fact("consumption_limit_lift") in lifted and fact("consumption_limit_temporary") in lifted


def test_the_dishonest_list_is_left_by_performance_by_term_or_by_correction(built_site: Path) -> None:
    answer = read(built_site, "guides/enforcement", "失信名单怎样才能移出")
    for key in (
        "dishonest_list_removal",
        "dishonest_list_term_plain",
        "dishonest_list_removal_term",
        "dishonest_list_correction",
        "dishonest_list_correction_time",
        "dishonest_list_shared",
    ):
        assert fact(key) in answer, key


def test_free_legal_help_names_12348_the_law_and_its_limits(built_site: Path) -> None:
    fragment = section_html(built(built_site, "guides/enforcement"), "请不起律师去哪里找免费的法律帮助")
    assert 'href="tel:12348"' in fragment  # a tappable number, from the hotline_ fact
    answer = text_of(fragment)
    for key in ("legal_hotline_use", "legal_aid_law_name", "legal_aid_civil_scope", "legal_aid_income_standard", "legal_aid_where"):
        assert fact(key) in answer, key
    # who could be misled: a borrower sued by a bank is not in the listed matters, and the page says so
    assert "被银行起诉追讨借款，不在法律列明的事项里" in answer
    assert "身份证" in answer  # what to bring


# --- the sections appended to existing guides ---


def test_an_overdue_alone_does_not_revoke_a_business_licence_but_the_dishonest_list_limits_company_roles(built_site: Path) -> None:
    answer = read(built_site, "guides/business", "贷款逾期了营业执照会被吊销吗")
    assert fact("admin_penalty_licence") in answer
    assert fact("company_law_art178_dishonest") in answer


def test_other_credit_products_are_hedged_to_their_own_contracts(built_site: Path) -> None:
    answer = read(built_site, "guides/accounts", "网商贷逾期了花呗借呗和信用卡会受影响吗")
    assert "以各产品的合同和官方渠道为准" in answer
    assert fact("credit_reg_art18_query_consent") in answer and fact("huabei_credit_reporting") in answer


# --- search: readers' words find the answer ---

# (query, page, section the first result should link to, or None when the page is enough)
SEARCHES = [
    ("老公欠网商贷老婆要还吗", "guides/family/", "老公老婆借的网商贷配偶要还吗夫妻共同债务怎么算"),
    ("夫妻共同债务", "guides/family/", "老公老婆借的网商贷配偶要还吗夫妻共同债务怎么算"),
    ("担保人要还钱吗", "guides/family/", None),
    ("共同借款人要还吗", "guides/family/", "共同借款人要还多少"),
    ("父母失信影响孩子考公吗", "guides/family/", "父母失信或被限高会影响孩子上学高考考公吗"),
    ("父债子还", "guides/family/", "没有签字的家人要还吗"),
    ("限高怎么解除", "guides/enforcement/", None),
    ("失信名单怎么移出", "guides/enforcement/", None),
    ("收到执行通知书怎么办", "guides/enforcement/", "收到执行通知书第一步做什么"),
    ("免费律师", "guides/enforcement/", "请不起律师去哪里找免费的法律帮助"),
    ("12348", "guides/enforcement/", None),
    ("营业执照会被吊销吗", "guides/business/", "贷款逾期了营业执照会被吊销吗"),
    ("花呗会受影响吗", "guides/accounts/", "网商贷逾期了花呗借呗和信用卡会受影响吗"),
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node runs the worker (make setup installs it)")
def test_readers_words_reach_the_new_answers_first(built_site: Path) -> None:
    answers = run_worker(built_site, [query for query, _, _ in SEARCHES])
    misses = []
    for (query, page, heading_id), answer in zip(SEARCHES, answers):
        first = answer["items"][0][0]["location"] if answer["items"] else ""
        wanted = f"{page}#{heading_id}" if heading_id else page
        if first.split("#")[0] != page or (heading_id and first != wanted):
            misses.append(f"{query}: first {first!r}, wanted {wanted!r}")
    assert not misses, "\n".join(misses)
