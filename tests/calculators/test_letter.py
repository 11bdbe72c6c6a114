"""收支说明与协商: the means arithmetic by hand, the pause when nothing is left, the texts and their blanks."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from calculators import letter
from calculators.datasets import DataError, from_repository
from calculators.forms import FieldErrors

BASE = {
    "purpose": "hardship",
    "reason": "illness",
    "conduct": "night_calls",
    "rent": "1500",
    "food": "1200.50",
    "medical": "",
    "children": "800",
    "transport": "300",
    "incomes": [{"name": "工资", "amount": "4500"}, {"name": "兼职", "amount": "800.25"}],
    "debts": [{"name": "信用卡", "payment": "1000"}],
}


def run(**changes) -> dict:
    return letter.compute({**BASE, **changes})


def test_the_means_by_hand() -> None:
    # income 4500 + 800.25 = 5300.25; essentials 1500 + 1200.50 + 0 + 800 + 300 = 3800.50; debts 1000
    # available 5300.25 − 3800.50 − 1000 = 499.75
    values = run()["values"]
    assert values["income_total"] == "5,300.25"
    assert values["essential_total"] == "3,800.50"
    assert values["debts_total"] == "1,000.00"
    assert values["available"] == "499.75"
    assert values["verdict"] == "按每月 499.75 元提出还款计划。"


def test_means_core_is_exact() -> None:
    m = letter.means([Decimal("0.10"), Decimal("0.20")], [Decimal("0.30")], [])
    assert m.available == Decimal("0.00") and not m.can_pay  # 0.1 + 0.2 − 0.3 is exactly zero


def test_a_plan_quotes_the_amount_in_both_lengths() -> None:
    html = run()["html"]
    assert "每月最多能拿出 499.75 元" in html["short"]
    assert "按每月 499.75 元为我重新安排分期还款" in html["letter"]


@pytest.mark.parametrize(
    ("rent", "available", "verdict"),
    [
        # 5300.25 − (1999.75 + 1200.50 + 0 + 800 + 300) − 1000 = 5300.25 − 4300.25 − 1000 = 0
        ("1999.75", "0.00", "收支刚好相抵，拿不出钱还款：先申请延期，不承诺还款计划。"),
        # 5300.25 − (5000 + 1200.50 + 0 + 800 + 300) − 1000 = 5300.25 − 7300.50 − 1000 = −3000.25
        ("5000", "-3,000.25", "每月还差 3,000.25 元：先申请延期，不承诺还款计划。"),
    ],
)
def test_zero_or_less_asks_for_a_pause_not_a_plan(rent: str, available: str, verdict: str) -> None:
    result = run(rent=rent)
    assert result["values"]["available"] == available
    assert result["values"]["verdict"] == verdict
    for text in (result["html"]["short"], result["html"]["letter"]):
        assert "延期" in text and "分期还款" not in text and "最多能拿出" not in text


@pytest.mark.parametrize("purpose", ["hardship", "penalty_relief", "statement", "complaint"])
def test_each_purpose_has_a_short_message_and_a_letter_with_blanks(purpose: str) -> None:
    html = run(purpose=purpose)["html"]
    short = re.search(r'id="letter-short-text">(.*?)</p>', html["short"]).group(1)
    assert 20 < len(short) < 400  # short enough for a chat box
    assert 'data-copy="letter-short-text"' in html["short"]
    assert 'data-print="letter-full-text"' in html["letter"]
    for blank in ("借款人姓名：" + letter.BLANK, "身份证号：" + letter.BLANK, "借款编号：" + letter.BLANK):
        assert blank in html["letter"]


def test_the_complaint_names_the_conduct_and_the_rules_from_facts() -> None:
    html = run(purpose="complaint", conduct="third_party")["html"]
    assert "联系我的家人、朋友或同事" in html["short"]
    facts = from_repository("letters").facts
    assert facts["gbt45251_quiet_hours"] in html["letter"]
    assert facts["hotline_12378"] in html["letter"]


def test_no_other_debts_is_allowed() -> None:
    assert run(debts=[])["values"]["debts_total"] == "0.00"


def test_bad_amounts_are_chinese_messages_at_their_fields() -> None:
    with pytest.raises(FieldErrors) as caught:
        run(rent="-5", incomes=[{"name": "工资", "amount": "abc"}], debts=[{"name": "", "payment": ""}])
    errors = caught.value.errors
    assert set(errors) == {"rent", "incomes.0.amount", "debts.0.payment"}
    assert errors["rent"] == "房租或房贷不能是负数。"


def test_the_form_defaults_compute() -> None:
    outcome = letter.CALCULATOR.run(letter.FORM.defaults())
    assert outcome["ok"], outcome


def test_a_digit_in_a_template_is_refused_with_its_key() -> None:
    dataset = from_repository("letters")
    data = {**dataset.data, "ability": {**dataset.data["ability"], "plan": "每月 500 元"}}
    with pytest.raises(DataError) as caught:
        letter.load_templates(type(dataset)(dataset.name, data, dataset.facts))
    assert caught.value.key == "ability.plan"


def test_the_letter_lists_the_lines_behind_the_totals_escaped() -> None:
    html = run(incomes=[{"name": "<b>工资</b>", "amount": "4500"}, {"name": "", "amount": "800.25"}])["html"]["letter"]
    assert "每月收入：&lt;b&gt;工资&lt;/b&gt; 4,500.00 元、第 2 项 800.25 元；" in html
    assert "必要开支：房租或房贷 1,500.00 元、吃饭和日用 1,200.50 元、孩子（学费、生活费） 800.00 元、交通和通讯 300.00 元；" in html
    assert "其他欠款每月要还：信用卡 1,000.00 元。" in html
    assert "<b>" not in html
