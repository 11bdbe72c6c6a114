"""What readers type into a number field: accepted forms and the messages for the rest."""

from decimal import Decimal

import pytest

from calculators.forms import FieldErrors
from calculators.inputs import FieldError, NumberRule, parse_amount, parse_choice, parse_number
from calculators.repayment import compute as repayment

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
    with pytest.raises(FieldError, match="请从给出的选项中选择是否计复利"):
        parse_choice("compound", "maybe", "是否计复利", ("yes", "no"))


# ---- an amount field given a rate: the message says the amount to type ------------------------------------------

FEE_MONTHLY = NumberRule(label="每期手续费", unit="元", minimum=Decimal(0), maximum=Decimal(10_000_000), max_decimals=2)


@pytest.mark.parametrize(
    ("typed", "base", "amount"),
    [
        ("0.5%", Decimal("10000"), "50"),  # 10,000 × 0.5 % = 50
        ("０．５％", Decimal("10000"), "50"),
        ("百分之零点五", Decimal("10000"), "50"),
        ("千分之五", Decimal("10000"), "50"),  # 5 / 1,000 = 0.5 %
        ("0.6%", Decimal("8888"), "53.33"),  # 8,888 × 0.006 = 53.328 → 53.33 (half up, to the fen)
        ("0.125%", Decimal("20000"), "25"),  # 20,000 × 0.00125 = 25
        ("1.5%", Decimal("333.33"), "5"),  # 333.33 × 0.015 = 4.99995 → 5.00
    ],
)
def test_a_fee_typed_as_a_percentage_gets_the_amount_to_type(typed: str, base: Decimal, amount: str) -> None:
    with pytest.raises(FieldError, match=rf"每期手续费要填金额（元），不是费率。如果合同写的是按借款金额收 .*这里填 {amount}。$") as caught:
        parse_amount("fee_monthly", typed, FEE_MONTHLY, base=base, base_label="借款金额")
    assert caught.value.field == "fee_monthly"


def test_a_fee_typed_as_a_percentage_without_a_valid_loan_says_how_to_work_it_out() -> None:
    with pytest.raises(FieldError, match="不是费率。合同写的是费率时，用借款金额乘以费率算出钱数再填"):
        parse_amount("fee_monthly", "0.5%", FEE_MONTHLY, base=None, base_label="借款金额")


@pytest.mark.parametrize(("typed", "expected"), [("50", Decimal("50")), ("50元", Decimal("50")), ("", None), ("0", Decimal("0"))])
def test_a_fee_typed_as_money_is_read_as_money(typed: str, expected: Decimal | None) -> None:
    if expected is None:
        with pytest.raises(FieldError, match="不能为空"):
            parse_amount("fee_monthly", typed, FEE_MONTHLY, base=Decimal("10000"), base_label="借款金额")
    else:
        assert parse_amount("fee_monthly", typed, FEE_MONTHLY, base=Decimal("10000"), base_label="借款金额") == expected


def test_the_repayment_form_answers_a_percentage_fee_at_its_field_with_the_readers_own_amount() -> None:
    raw = {"amount": "12000", "rate_kind": "daily", "rate": "0.05", "months": "12", "method": "equal_installment",
           "fee": "", "fee_monthly": "0.5%", "first_due": ""}
    with pytest.raises(FieldErrors) as caught:
        repayment(raw)
    # 12,000 × 0.5 % = 60
    assert caught.value.errors == {"fee_monthly": "每期手续费要填金额（元），不是费率。如果合同写的是按借款金额收 0.5%：12000 元 × 0.5% = 60 元，这里填 60。"}
    with pytest.raises(FieldErrors) as caught:
        repayment({**raw, "fee_monthly": "", "fee": "3%"})
    # 12,000 × 3 % = 360
    assert caught.value.errors["fee"].endswith("这里填 360。")
