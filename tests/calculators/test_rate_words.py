"""Rates typed as lenders write them (issue 21 §4): 万分之五, 日息万五, 千分之一, 年化 18%, 0.05%.

Every rate field is in percent. The expected values are worked out by hand in each row:
万分之 N = N / 10,000 = N × 0.01 %; 千分之 N = N / 1,000 = N × 0.1 %; 百分之 N = N %.
A rate word of another period than the field's kind is refused with what to choose and type: nothing is converted
behind the reader's back (the kind is the reader's own choice of 利率类型).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculators import debts, penalty, repayment
from calculators.inputs import FieldError, NumberRule, parse_rate

DAILY = NumberRule(label="日利率", unit="%", minimum=Decimal(0), maximum=Decimal("0.3"), max_decimals=4)
ANNUAL = NumberRule(label="年化利率", unit="%", minimum=Decimal(0), maximum=Decimal(100), max_decimals=4)


@pytest.mark.parametrize(
    ("typed", "percent"),
    [
        ("万分之五", Decimal("0.05")),  # 5 / 10,000 = 0.0005 = 0.05 %
        ("日息万五", Decimal("0.05")),  # 万五 is short for 万分之五
        ("万五", Decimal("0.05")),
        ("万分之5", Decimal("0.05")),
        ("万分之２.５", Decimal("0.025")),  # 2.5 / 10,000 = 0.025 % (full-width digits)
        ("万分之二点五", Decimal("0.025")),
        ("日利率：万分之三", Decimal("0.03")),  # 3 / 10,000 = 0.03 %
        ("千分之一", Decimal("0.1")),  # 1 / 1,000 = 0.001 = 0.1 %
        ("千分之0.5", Decimal("0.05")),  # 0.5 / 1,000 = 0.05 %
        ("0.05%", Decimal("0.05")),
        ("0.05", Decimal("0.05")),
        ("０．０５％", Decimal("0.05")),
        ("日息0.05%", Decimal("0.05")),
        ("每天 0.05%", Decimal("0.05")),
        ("利率 0.05%", Decimal("0.05")),  # 利率 alone says nothing about the period
        ("百分之零点零五", Decimal("0.05")),
        (" 日息万五。", Decimal("0.05")),
    ],
)
def test_a_daily_rate_field_reads_the_lenders_words(typed: str, percent: Decimal) -> None:
    assert parse_rate("rate", typed, DAILY, "daily") == percent


@pytest.mark.parametrize(
    ("typed", "percent"),
    [
        ("年化 18%", Decimal("18")),
        ("年化18", Decimal("18")),
        ("18", Decimal("18")),
        ("18%", Decimal("18")),
        ("年利率 7.2%", Decimal("7.2")),
        ("年化利率为 24%", Decimal("24")),
        ("年化百分之十八", Decimal("18")),  # 十八 = 18
        ("年化十八%", Decimal("18")),
        ("APR 18%", Decimal("18")),
        ("apr18%", Decimal("18")),
    ],
)
def test_an_annual_rate_field_reads_the_lenders_words(typed: str, percent: Decimal) -> None:
    assert parse_rate("rate", typed, ANNUAL, "annual") == percent


def test_the_same_rate_in_every_spelling_is_the_same_number() -> None:
    spellings = ["万分之五", "日息万五", "万五", "0.05%", "0.05", "万分之5", "日利率 万分之五", "百分之零点零五"]
    assert {parse_rate("rate", typed, DAILY, "daily") for typed in spellings} == {Decimal("0.05")}


@pytest.mark.parametrize(
    ("typed", "kind", "message"),
    [
        # an annual rate in a daily field: choose 年化利率, then type 18
        ("年化 18%", "daily", r"“年化 18%”是年化利率（18%），这里选的是日利率：请把“利率类型”改选“年化利率”，再填 18。"),
        ("年利率7.2%", "daily", r"改选“年化利率”，再填 7.2。"),
        # a daily rate in an annual field: choose 日利率, then type 0.05 (万五 = 0.05 %)
        ("日息万五", "annual", r"“日息万五”是日利率（0.05%），这里选的是年化利率：请把“利率类型”改选“日利率”，再填 0.05。"),
        ("日息0.03%", "annual", r"改选“日利率”，再填 0.03。"),
        # 万分之 and 千分之 are how daily rates are said: in an annual field they are not taken as 0.05 % a year
        ("万分之五", "annual", r"“万分之五”一般是日利率（0.05%），这里选的是年化利率：请把“利率类型”改选“日利率”，再填 0.05。"),
        ("千分之一", "annual", r"一般是日利率（0.1%）.*再填 0.1。"),
        # a monthly rate: × 12 is the annual rate, simple interest (1.5 × 12 = 18)
        ("月息1.5%", "daily", r"“月息1.5%”是月利率.*月利率乘以 12 就是年化利率（单利）.*选成“年化利率”，再填 18（1.5 × 12）。"),
        ("月利率 2%", "annual", r"再填 24（2 × 12）。"),
    ],
)
def test_a_rate_word_of_another_kind_says_what_to_choose_and_type(typed: str, kind: str, message: str) -> None:
    rule = DAILY if kind == "daily" else ANNUAL
    with pytest.raises(FieldError, match=message) as caught:
        parse_rate("rate", typed, rule, kind)
    assert caught.value.field == "rate"


@pytest.mark.parametrize(
    ("typed", "kind", "message"),
    [
        ("", "daily", "日利率不能为空。"),
        ("万分之", "daily", "请输入日利率：填 0.05 表示每天 0.05%，也可以照合同写“万分之五”“日息万五”或“千分之一”。"),
        ("万分之二四", "daily", "请输入日利率"),  # not a number as anyone writes it
        ("abc", "annual", "请输入年化利率：填 18 表示每年 18%，也可以写“年化 18%”。"),
        ("-万五", "daily", "不能是负数"),
        ("万分之0.001", "daily", "最多保留 4 位小数"),  # 0.001 / 100 = 0.00001 %: five decimals
        ("年化 120%", "annual", "不能超过 100 %"),
        ("18%", "daily", "日利率不能超过 0.3 %。$"),  # no word: a number, held to the field's bounds
        ("日息", "daily", "请输入日利率"),
    ],
)
def test_what_is_not_a_rate_gets_a_chinese_message(typed: str, kind: str, message: str) -> None:
    rule = DAILY if kind == "daily" else ANNUAL
    with pytest.raises(FieldError, match=message):
        parse_rate("rate", typed, rule, kind)


def test_the_kind_must_be_one_of_the_forms_choices() -> None:
    with pytest.raises(ValueError, match="kind"):
        parse_rate("rate", "0.05", DAILY, "monthly")


# ---- in the calculators: the help text suggests it, the field accepts it -------------------------------------------

def field_help(form, name: str) -> str:
    return next(field.help for field in form.fields if field.name == name)


@pytest.mark.parametrize("spelling", ["万分之五", "日息万五", "千分之一"])
@pytest.mark.parametrize("module", [penalty, repayment])
def test_the_rate_help_suggests_the_words_the_field_accepts(module, spelling: str) -> None:
    assert spelling in field_help(module.FORM, "rate")


def defaults(form) -> dict[str, str]:
    return {field.name: field.default for field in form.fields}


def test_the_penalty_calculator_gives_the_same_result_for_every_spelling_of_one_rate() -> None:
    base = {**defaults(penalty.FORM), "principal": "10000", "interest": "0", "rate_kind": "daily", "days": "30", "markup": "50", "compound": "no"}
    results = {typed: penalty.compute({**base, "rate": typed})["values"] for typed in ("0.05", "万分之五", "日息万五", "0.05%")}
    assert len({str(sorted(values.items())) for values in results.values()}) == 1
    # 10,000 × 0.05 % × 1.5 × 30 days = 10,000 × 0.00075 × 30 = 225.00 of 罚息
    assert results["万分之五"]["penalty"] == "225.00"


def test_the_penalty_calculator_reads_thousandths_and_annual_words() -> None:
    base = {**defaults(penalty.FORM), "principal": "10000", "interest": "0", "days": "30", "markup": "50", "compound": "no"}
    # 千分之一 = 0.1 % a day; × 1.5 = 0.15 %; 10,000 × 0.0015 × 30 = 450.00
    assert penalty.compute({**base, "rate_kind": "daily", "rate": "千分之一"})["values"]["penalty"] == "450.00"
    annual = penalty.compute({**base, "rate_kind": "annual", "rate": "年化 18%"})["values"]
    assert annual == penalty.compute({**base, "rate_kind": "annual", "rate": "18"})["values"]


def test_the_repayment_calculator_reads_the_words_in_both_plans() -> None:
    raw = {"amount": "10000", "rate_kind": "daily", "rate": "日息万五", "months": "12", "method": "equal_installment"}
    plain = repayment.compute({**raw, "rate": "0.05"})["values"]
    assert repayment.compute(raw)["values"] == plain
    # monthly rate = 0.05 % × 30 = 1.5 %, the same as 年化 18 % ÷ 12: the same schedule
    annual = repayment.compute({**raw, "rate_kind": "annual", "rate": "年化 18%"})["values"]
    assert annual["first_payment"] == plain["first_payment"]


def test_the_debts_calculator_reads_the_words_its_help_uses() -> None:
    assert "万分之五" in next(f.help for f in debts.DEBTS.fields if f.name == "rate")
    row = {"name": "网商贷", "balance": "20000", "rate_kind": "daily", "minimum": "1000", "overdue": "no"}
    raw = {**{f.name: f.default for f in debts.FORM.fields}}
    words = debts.compute({**raw, "debts": [{**row, "rate": "万分之五"}]})["values"]
    plain = debts.compute({**raw, "debts": [{**row, "rate": "0.05"}]})["values"]
    assert words == plain
