"""先做什么, read as its spec.

1. Every answer can change the plan: for each question of the form and each two of its answers, some answers
   to the other questions make the two give different actions (found by search over the form's own options,
   so a question or an answer added later without an effect fails here).
2. Each situation gets its key action and never the harmful one (can pay nothing ⇒ no "先还一部分"; an
   执行通知 ⇒ report assets, not hearing advice; …).
3. The crisis block comes first and alone, 120 before 12356 before 110; at most three actions for today.
4. The data is checked, with the key in every error.
"""

from __future__ import annotations

import itertools
import re
from typing import Iterator, Mapping

import pytest

from calculators import triage
from calculators.datasets import DataError, from_repository
from calculators.forms import Field, FieldErrors, Option

RULES = triage.rules()
FACTS = from_repository("triage")
CALM = {  # nothing urgent: overdue less than a month, can pay in full, nobody else involved, no court, no crisis
    "status": "overdue_short",
    "pay": "full",
    "other_debts": "none",
    "loan_kind": "consumer",
    "collection": "none",
    "family": "none",
    "court": "none",
    "crisis": "no",
}


def keys(answers: Mapping[str, str]) -> list[str]:
    html = triage.compute(dict(answers))["html"]["actions"]
    return re.findall(r'data-action="([a-z_]+)"', html)


def shown(answers: Mapping[str, str]) -> str:
    return triage.compute(dict(answers))["html"]["actions"]


def case(**changes: str) -> dict[str, str]:
    return {**CALM, **changes}


# ---- 1. every answer can change the plan ---------------------------------------------------------------


def answer_sets(questions: tuple[Field, ...], but: str) -> Iterator[dict[str, str]]:
    """Every combination of answers to the questions other than `but`."""
    others = [field for field in questions if field.name != but]
    for combination in itertools.product(*[[option.value for option in field.options] for field in others]):
        yield dict(zip([field.name for field in others], combination))


def witness(questions: tuple[Field, ...], rules: triage.TriageRules, question: str, a: str, b: str) -> dict[str, str] | None:
    """Answers to the other questions under which answering `a` or `b` to `question` gives different actions."""
    for others in answer_sets(questions, question):
        first = {action.key for action in triage.plan({**others, question: a}, rules)}
        second = {action.key for action in triage.plan({**others, question: b}, rules)}
        if first != second:
            return others
    return None


ANSWER_PAIRS = [
    (field.name, a.value, b.value) for field in triage.QUESTIONS for a, b in itertools.combinations(field.options, 2)
]


@pytest.mark.parametrize(("question", "a", "b"), ANSWER_PAIRS, ids=[f"{q}:{a}-vs-{b}" for q, a, b in ANSWER_PAIRS])
def test_every_two_answers_to_a_question_can_give_different_actions(question: str, a: str, b: str) -> None:
    found = witness(triage.QUESTIONS, RULES, question, a, b)
    assert found is not None, f"{question}: “{a}” and “{b}” give the same actions whatever the other answers are"
    # the pair differs only in this question, and the plans differ
    assert keys({**found, question: a}) != keys({**found, question: b})


def test_the_search_covers_every_question_and_every_answer_of_the_form() -> None:
    covered = {(q, answer) for q, a, b in ANSWER_PAIRS for answer in (a, b)}
    assert covered == {(field.name, option.value) for field in triage.QUESTIONS for option in field.options}
    assert {field.name for field in triage.QUESTIONS} == set(CALM)


def test_the_search_fails_for_a_question_no_rule_reads() -> None:
    # a question added to the form without any rule behind it: the check above would fail for it
    idle = Field("idle", "一个没有用的问题？", "x", kind="radio", options=(Option("x", "甲"), Option("y", "乙")))
    assert witness((*triage.QUESTIONS[:2], idle), RULES, "idle", "x", "y") is None


def test_the_search_fails_when_two_answers_are_merged_as_the_audit_found() -> None:
    # 2026-12-07 audit §2 #5: "1–3 months" and "3+ months" changed nothing. Rebuild that: every status-dependent
    # rule that names one of the two also names the other.
    dataset = from_repository("triage")
    data = {"crisis": dataset.data["crisis"], "actions": [dict(a) for a in dataset.data["actions"]]}
    for action in data["actions"]:
        status = action["when"].get("status", [])
        if "overdue_months" in status or "overdue_long" in status:
            action["when"] = {**action["when"], "status": sorted({*status, "overdue_months", "overdue_long"})}
    merged = triage.load_rules(type(dataset)(dataset.name, data, dataset.facts))
    assert witness(triage.QUESTIONS, merged, "status", "overdue_months", "overdue_long") is None
    assert witness(triage.QUESTIONS, RULES, "status", "overdue_months", "overdue_long") is not None


# One case per rule: the answers that differ from CALM, and the action that must appear.
CASES = {
    "court_verify": {"court": "message"},
    "enforcement_report": {"court": "enforcement"},
    "court_respond": {"court": "summons"},
    "payment_order": {"court": "payment_order"},
    "judgment": {"court": "judgment"},
    "enforcement_settle": {"court": "enforcement"},
    "enforcement_limits": {"court": "enforcement"},
    "threats": {"collection": "threats"},
    "door": {"collection": "door"},
    "lawsuit_threat": {"collection": "lawsuit_threat"},
    "family_spouse": {"family": "spouse"},
    "family_guarantor": {"family": "guarantor"},
    "family_unrelated": {"family": "others"},
    "lawsuit_check": {"status": "overdue_long"},
    "pay_before_due": {"status": "due_soon"},
    "ask_before_due": {"status": "due_soon", "pay": "part"},
    "pay_overdue_now": {},
    "negotiate": {"pay": "part"},
    "pause_request": {"pay": "none"},
    "acceleration": {"status": "overdue_months"},
    "no_new_loans": {"other_debts": "struggling"},
    "keep_others_current": {"other_debts": "some"},
    "closed_business": {"loan_kind": "business_closed"},
    "business_loan": {"loan_kind": "business"},
    "check_loan_kind": {"loan_kind": "unknown"},
    "calls_boundaries": {"collection": "calls"},
    "check_credit_report": {"status": "overdue_long"},
    "avoid_agents": {"status": "overdue_months"},
    "crisis": {"crisis": "yes"},
}


def test_every_rule_in_the_data_has_a_case_here() -> None:
    assert set(CASES) == {action.key for action in RULES.actions} | {RULES.crisis.key}


@pytest.mark.parametrize("key", sorted(CASES))
def test_each_rule_fires_on_its_case(key: str) -> None:
    assert key in keys(case(**CASES[key]))


def test_the_calm_case_gets_only_the_steps_for_an_overdue_that_can_be_repaid() -> None:
    assert keys(CALM) == ["pay_overdue_now", "check_credit_report", "avoid_agents"]


# ---- 2. each situation: the key action present, the harmful one absent --------------------------------


@pytest.mark.parametrize("status", ["due_soon", "overdue_short", "overdue_months", "overdue_long"])
def test_who_can_pay_nothing_is_never_told_to_pay_part_first(status: str) -> None:
    answers = case(status=status, pay="none")
    html = shown(answers)
    assert "pause_request" in keys(answers)
    assert "暂缓或延期" in html and "不要借新贷" in html[: html.index("pause_request") + 400]
    assert 'href="../../guides/negotiation/#算清收支生成发给银行的话"' in html  # the letter tool
    # asking for a pause acknowledges the debt: the reader of an old, unchased debt is told before they ask
    assert FACTS.fact("letter_ack_restarts_limitation") in html and FACTS.fact("hotline_12348") in html
    for harmful in ("先还一部分", "能还一部分", "能还多少先还多少", "手上能还的那部分"):
        assert harmful not in html, harmful
    assert not {"negotiate", "ask_before_due", "pay_overdue_now", "pay_before_due"} & set(keys(answers))


def test_who_can_pay_part_learns_what_a_part_payment_pays_first() -> None:
    html = shown(case(pay="part"))
    assert FACTS.fact("part_payment_effect") in html and "第五百六十一条" in html


def test_one_to_three_months_overdue_warns_of_acceleration_and_less_than_a_month_does_not() -> None:
    months = keys(case(status="overdue_months"))
    assert "acceleration" in months and "lawsuit_check" not in months
    assert "宣布提前到期" in shown(case(status="overdue_months"))
    assert "acceleration" not in keys(case(status="overdue_short"))


def test_three_months_overdue_checks_for_a_lawsuit_and_says_what_a_real_one_looks_like() -> None:
    answers = case(status="overdue_long")
    html = shown(answers)
    assert {"lawsuit_check", "acceleration"} <= set(keys(answers))
    assert "12368" in html and "人民法院在线服务" in html  # verify through the court's own channels
    assert FACTS.fact("lawsuit_service_rule") in html  # a real lawsuit: served court documents
    # once court papers are in hand, their own answer replaces the general check
    assert "lawsuit_check" not in keys(case(status="overdue_long", court="summons"))


def test_a_collectors_lawsuit_threat_is_told_apart_from_a_real_lawsuit() -> None:
    html = shown(case(collection="lawsuit_threat"))
    assert "lawsuit_threat" in keys(case(collection="lawsuit_threat"))
    assert "起诉状副本" in html and "12368" in html and "人民法院在线服务" in html
    assert "夸大法律后果" in html  # the guideline forbids exaggerating legal consequences
    assert "不理" not in html  # never "ignore it": it may be true


def test_an_enforcement_notice_has_its_own_answer_not_hearing_advice() -> None:
    answers = case(court="enforcement")
    html = shown(answers)
    order = keys(answers)
    assert order[:3] == ["enforcement_report", "enforcement_settle", "enforcement_limits"]
    assert "如实报告" in html and FACTS.fact("asset_report_duty") in html
    assert "执行和解" in html and FACTS.fact("enforcement_settlement") in html
    assert re.search(r"G\s?字头", html)  # what 限高 means: every seat on a G train, not only first class
    assert FACTS.fact("zxgk_site") in html
    assert 'href="../../guides/enforcement/#收到执行通知书第一步做什么"' in html
    assert "court_respond" not in order and "出庭" not in html and "答辩" not in html


def test_a_judgment_and_an_enforcement_notice_get_different_answers() -> None:
    judgment = keys(case(court="judgment"))
    assert "judgment" in judgment and not {"enforcement_report", "court_respond"} & set(judgment)
    assert FACTS.fact("delayed_performance_interest") in shown(case(court="judgment"))


def test_a_court_message_is_never_answered_with_ignore_it() -> None:
    html = shown(case(court="message"))
    assert "12368" in html  # hotline_12368, through the data's {hotline_12368}
    assert "不理" not in html.replace("不能一概不理", "")
    assert "不要不理" in shown(case(court="summons"))


def test_a_closed_shop_hears_the_debt_stays_personal_and_is_not_sent_to_renew() -> None:
    answers = case(loan_kind="business_closed")
    html = shown(answers)
    assert "closed_business" in keys(answers) and "business_loan" not in keys(answers)
    assert "第五十六条" in html and "个人财产" in html and "家庭财产" in html
    assert "欠款不会跟着消失" in html


@pytest.mark.parametrize("who", ["spouse", "guarantor", "others"])
def test_family_asked_to_pay_gets_an_answer_for_who_they_are(who: str) -> None:
    html = shown(case(family=who))
    chosen = [key for key in keys(case(family=who)) if key.startswith("family_")]
    assert chosen == [{"spouse": "family_spouse", "guarantor": "family_guarantor", "others": "family_unrelated"}[who]]
    assert "告诉家人不用替你还" not in html  # the audit's unqualified sentence (§2 #4)
    if who == "spouse":
        assert "夫妻共同债务" in html and "第一千零六十四条" in html
        assert "不用替你还" not in html  # a spouse may owe it
    elif who == "guarantor":
        assert "按自己签的合同" in html and "第六百八十八条" in html
        assert "不用替你还" not in html  # a guarantor may owe it
    else:
        assert "与借款无关的家人、朋友、同事不用替你还" in html
        assert FACTS.fact("cba_third_party_unrelated") in html


def test_no_text_of_the_tool_says_family_need_not_pay_without_saying_which_family() -> None:
    texts = [a.title + a.why for a in RULES.actions]
    for text in texts:
        for match in re.finditer("不用替你还", text):
            assert "与借款无关" in text[: match.start()], text


# ---- 3. the crisis block and the shape of the list ------------------------------------------------------


@pytest.mark.parametrize("key", sorted(k for k in CASES if k != "crisis"))
def test_the_crisis_action_comes_first_and_alone_whenever_it_is_given(key: str) -> None:
    answers = case(**CASES[key], crisis="yes")
    html = shown(answers)
    order = keys(answers)
    assert order[0] == "crisis" and order.count("crisis") == 1
    assert html.startswith('<section class="admonition tip triage-crisis" data-action="crisis"')  # above the list
    assert "<ol" not in html.split("</section>")[0]


def test_the_crisis_block_lists_120_then_12356_with_its_real_hours_then_110() -> None:
    html = shown(case(crisis="yes")).split("</section>")[0]
    links = re.findall(r'<a href="tel:(\d+)">\1</a>', html)
    assert links == ["120", "12356", "110"]  # a reader in danger needs the emergency line first
    assert FACTS.fact("hotline_12356_hours") in html  # at least so many hours a day, not around the clock


def test_no_crisis_block_when_the_answer_is_no() -> None:
    assert "crisis" not in keys(case(court="summons", collection="door"))


def test_at_most_three_actions_for_today_the_rest_folded_under_next() -> None:
    answers = case(status="overdue_long", pay="none", other_debts="struggling", loan_kind="business_closed",
                   collection="threats", family="others", court="enforcement")
    html = shown(answers)
    order = keys(answers)
    today_html, _, later_html = html.partition('<details class="triage-next"')
    today = re.findall(r'data-action="([a-z_]+)"', today_html)
    later = re.findall(r'data-action="([a-z_]+)"', later_html)
    assert today == order[:3] and later == order[3:] and len(later) > 0
    assert '<ol class="triage-actions" data-triage="today">' in today_html
    assert f"<summary>接下来（还有 {len(later)} 件）</summary>" in later_html
    assert '<ol class="triage-actions" start="4">' in later_html  # numbering goes on from today's list


def test_a_short_plan_has_no_next_fold() -> None:
    html = shown(CALM)
    assert keys(CALM) == ["pay_overdue_now", "check_credit_report", "avoid_agents"]
    assert "triage-next" not in html


def test_order_follows_priority() -> None:
    order = keys(case(court="summons", collection="threats", pay="none", other_debts="struggling"))
    assert order == ["court_respond", "threats", "pause_request", "no_new_loans", "check_credit_report", "avoid_agents"]


def test_links_point_from_the_calculator_page_to_the_guides() -> None:
    # each of the three family answers links to the family guide's section for that person
    assert 'href="../../guides/family/#没有签字的家人要还吗"' in shown(case(family="others"))
    assert 'href="../../guides/family/#给朋友做了担保人要替他还吗"' in shown(case(family="guarantor"))
    assert 'href="../../guides/family/#老公老婆借的网商贷配偶要还吗夫妻共同债务怎么算"' in shown(case(family="spouse"))


def test_every_question_is_a_radio_group() -> None:
    assert all(field.kind == "radio" and 2 <= len(field.options) <= 6 for field in triage.QUESTIONS)


def test_an_unknown_or_missing_answer_is_a_chinese_message_at_the_field() -> None:
    with pytest.raises(FieldErrors) as caught:
        triage.compute({**CALM, "court": "maybe"})
    assert caught.value.errors == {"court": "请选一个答案。"}
    missing = {k: v for k, v in CALM.items() if k != "family"}
    outcome = triage.CALCULATOR.run(missing)
    assert outcome == {"ok": False, "errors": {"family": "请选一个答案。"}}


def test_the_form_defaults_compute() -> None:
    outcome = triage.CALCULATOR.run(triage.FORM.defaults())
    assert outcome["ok"], outcome


# ---- 4. the data is checked, with the key in every error -----------------------------------------------


def broken(change) -> DataError:
    dataset = from_repository("triage")
    data = {"crisis": dict(dataset.data["crisis"]), "actions": [dict(a) for a in dataset.data["actions"]]}
    change(data)
    with pytest.raises(DataError) as caught:
        triage.load_rules(type(dataset)(dataset.name, data, dataset.facts))
    return caught.value


def test_a_digit_in_a_text_is_refused() -> None:
    error = broken(lambda d: d["actions"][0].update(title="拨打 12368 核实"))
    assert error.key == "actions[0].title" and "figures belong in facts" in error.problem


def test_a_placeholder_must_be_a_listed_fact() -> None:
    error = broken(lambda d: d["actions"][0].update(why="见{hotline_110}"))
    assert error.key == "actions[0].why"


def test_an_unknown_answer_in_a_condition_is_refused() -> None:
    error = broken(lambda d: d["actions"][0].update(when={"court": ["letter"]}))
    assert error.key == "actions[0].when.court[0]"


def test_a_duplicate_key_is_refused() -> None:
    error = broken(lambda d: d["actions"][1].update(key=d["actions"][0]["key"]))
    assert error.key == "actions[1].key"
