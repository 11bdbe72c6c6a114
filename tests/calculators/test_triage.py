"""先做什么: every rule of data/triage.yml fires on a case written here; the crisis answer always comes first."""

from __future__ import annotations

import re

import pytest

from calculators import triage
from calculators.datasets import DataError, from_repository
from calculators.forms import FieldErrors

RULES = triage.rules()
CALM = {  # nothing urgent: overdue less than a month, can pay in full, no collection, no court, no crisis
    "status": "overdue_short",
    "pay": "full",
    "other_debts": "none",
    "loan_kind": "consumer",
    "collection": "none",
    "court": "none",
    "crisis": "no",
}

# One case per rule: the answers that differ from CALM, and the action that must appear.
CASES = {
    "court_verify": {"court": "message"},
    "court_respond": {"court": "summons"},
    "payment_order": {"court": "payment_order"},
    "threats": {"collection": "threats"},
    "family_contacted": {"collection": "family"},
    "pay_before_due": {"status": "due_soon"},
    "ask_before_due": {"status": "due_soon", "pay": "none"},
    "pay_overdue_now": {},
    "negotiate": {"pay": "part"},
    "no_new_loans": {"other_debts": "struggling"},
    "business_loan": {"loan_kind": "business"},
    "check_credit_report": {"status": "overdue_long"},
    "avoid_agents": {"status": "overdue_months"},
    "crisis": {"crisis": "yes"},
}


def keys(answers: dict[str, str]) -> list[str]:
    html = triage.compute(answers)["html"]["actions"]
    return re.findall(r'data-action="([a-z_]+)"', html)


def test_every_rule_in_the_data_has_a_case_here() -> None:
    assert set(CASES) == {action.key for action in RULES.actions} | {RULES.crisis.key}


@pytest.mark.parametrize("key", sorted(CASES))
def test_each_rule_fires_on_its_case(key: str) -> None:
    assert key in keys({**CALM, **CASES[key]})


def test_the_calm_case_gets_only_the_steps_for_an_overdue_that_can_be_repaid() -> None:
    assert keys(CALM) == ["pay_overdue_now", "check_credit_report", "avoid_agents"]


def test_a_court_message_is_never_answered_with_ignore_it() -> None:
    html = triage.compute({**CALM, "court": "message"})["html"]["actions"]
    assert "12368" in html  # hotline_12368, through the data's {hotline_12368}
    assert "不理" not in html.replace("不能一概不理", "")
    respond = triage.compute({**CALM, "court": "summons"})["html"]["actions"]
    assert "不要不理" in respond


@pytest.mark.parametrize("key", sorted(k for k in CASES if k != "crisis"))
def test_the_crisis_action_comes_first_and_alone_whenever_it_is_given(key: str) -> None:
    answers = {**CALM, **CASES[key], "crisis": "yes"}
    html = triage.compute(answers)["html"]["actions"]
    order = keys(answers)
    assert order[0] == "crisis" and order.count("crisis") == 1
    assert html.startswith('<section class="admonition tip triage-crisis" data-action="crisis"')  # above the list, not in it
    assert "<ol" not in html.split("</section>")[0]


def test_the_crisis_block_has_the_three_numbers_as_tel_links_and_the_real_hours() -> None:
    html = triage.compute({**CALM, "crisis": "yes"})["html"]["actions"]
    for number in ("12356", "120", "110"):
        assert f'<a href="tel:{number}">{number}</a>' in html
    hours = from_repository("triage").fact("hotline_12356_hours")
    assert hours in html  # the source says at least so many hours a day, not around the clock


def test_no_crisis_block_when_the_answer_is_no() -> None:
    assert "crisis" not in keys({**CALM, "court": "summons", "collection": "door"})


def test_order_follows_priority() -> None:
    order = keys({**CALM, "court": "summons", "collection": "threats", "pay": "none", "other_debts": "struggling"})
    assert order == ["court_respond", "threats", "negotiate", "no_new_loans", "check_credit_report", "avoid_agents"]


def test_links_point_from_the_calculator_page_to_the_guides() -> None:
    html = triage.compute({**CALM, "collection": "family"})["html"]["actions"]
    assert 'href="../../guides/collection/#家人朋友同事会被联系吗会爆通讯录吗"' in html


def test_an_unknown_answer_is_a_chinese_message_at_the_field() -> None:
    with pytest.raises(FieldErrors) as caught:
        triage.compute({**CALM, "court": "maybe"})
    assert caught.value.errors == {"court": "请从列表中选择一个答案。"}


def test_the_form_defaults_compute() -> None:
    outcome = triage.CALCULATOR.run(triage.FORM.defaults())
    assert outcome["ok"], outcome


# ---- the data is checked, with the key in every error -----------------------------


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
