"""What readers type into a number field: accepted forms and the messages for the rest."""

from decimal import Decimal

import pytest

from calculators.inputs import FieldError, NumberRule, parse_choice, parse_number

MONEY = NumberRule(label="逾期本金", unit="元", minimum=Decimal(0), maximum=Decimal(10_000_000), max_decimals=2, minimum_exclusive=True)
DAYS = NumberRule(label="逾期天数", unit="天", minimum=Decimal(1), maximum=Decimal(1095), max_decimals=0, integer=True)
PERCENT = NumberRule(label="日利率", unit="%", minimum=Decimal(0), maximum=Decimal("0.1"), max_decimals=4, minimum_exclusive=True)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10000", Decimal("10000")),
        ("１２３", Decimal("123")),  # full-width digits from a Chinese keyboard
        ("10,000", Decimal("10000")),
        ("10，000", Decimal("10000")),  # full-width comma
        ("1,234,567.89", Decimal("1234567.89")),
        ("  2500  ", Decimal("2500")),
        ("2500元", Decimal("2500")),
        ("2500 元。", Decimal("2500")),
        ("３万", Decimal("30000")),  # 3 × 10,000
        ("1.5万元", Decimal("15000")),
        ("0.01", Decimal("0.01")),
        ("+100", Decimal("100")),
        ("１００．５０", Decimal("100.50")),  # full-width point
    ],
)
def test_money_accepts_what_readers_type(typed: str, expected: Decimal) -> None:
    assert parse_number("principal", typed, MONEY) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("-5", "不能是负数"),
        ("－5", "不能是负数"),  # full-width minus
        ("0", "必须大于 0"),
        ("abc", "请输入逾期本金"),
        ("NaN", "请输入逾期本金"),
        ("nan", "请输入逾期本金"),
        ("inf", "请输入逾期本金"),
        ("Infinity", "请输入逾期本金"),
        ("1e5", "请输入逾期本金"),
        ("1E5", "请输入逾期本金"),
        ("0x10", "请输入逾期本金"),
        ("12.345", "最多保留 2 位小数"),
        ("10,00", "千分位逗号的位置不对"),
        ("1,0000", "千分位逗号的位置不对"),
        ("10000001", "不能超过 10,000,000 元"),
        ("1001万", "不能超过 10,000,000 元"),
        ("1.2.3", "请输入逾期本金"),
        ("12.", "请输入逾期本金"),
        ("100美元", "请输入逾期本金"),
    ],
)
def test_money_rejects_with_a_chinese_message(typed: str, message: str) -> None:
    with pytest.raises(FieldError, match=message) as caught:
        parse_number("principal", typed, MONEY)
    assert caught.value.field == "principal"


@pytest.mark.parametrize(("typed", "expected"), [("30", 30), ("30天", 30), ("１０９５", 1095), ("1", 1)])
def test_days_accept_whole_days(typed: str, expected: int) -> None:
    assert parse_number("days", typed, DAYS) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [("3.5", "整数"), ("0", "不能小于 1 天"), ("1096", "不能超过 1,095 天"), ("30元", "请输入逾期天数")],
)
def test_days_reject_partial_zero_and_too_many(typed: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_number("days", typed, DAYS)


@pytest.mark.parametrize(("typed", "expected"), [("0.05", Decimal("0.05")), ("0.05%", Decimal("0.05")), ("０．０５％", Decimal("0.05"))])
def test_percent_accepts_a_percent_sign(typed: str, expected: Decimal) -> None:
    assert parse_number("rate", typed, PERCENT) == expected


def test_percent_names_its_upper_bound() -> None:
    with pytest.raises(FieldError, match=r"不能超过 0\.1 %"):
        parse_number("rate", "0.5", PERCENT)


def test_choice_rejects_a_value_not_in_the_list() -> None:
    assert parse_choice("compound", "yes", "是否计复利", ("yes", "no")) == "yes"
    with pytest.raises(FieldError, match="请从列表中选择是否计复利"):
        parse_choice("compound", "maybe", "是否计复利", ("yes", "no"))
