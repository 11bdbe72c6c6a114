"""还款方案对比: hand-computed plans, the true annual rate checked against exact present values, invariants."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from calculators import repayment
from calculators.repayment import (
    CALCULATOR,
    FORM,
    add_months,
    level_payment,
    monthly_rate,
    plan,
    present_value,
    schedule,
)

CENT = Decimal("0.01")


def run(**changes: str) -> dict:
    return CALCULATOR.run({**FORM.defaults(), **changes})


def values(**changes: str) -> dict[str, str]:
    outcome = run(**changes)
    assert outcome["ok"], outcome
    return outcome["result"]["values"]


# ---- known answers -------------------------------------------------------------------


def test_a_zero_interest_offer_with_an_upfront_fee_costs_more_than_eleven_percent_a_year() -> None:
    # 10,000 元, 12 months, 0 interest, 600 元 taken at the start → 9,400 in hand.
    # 10,000 / 12 = 833.333… → 833.33 a month; the last month pays 10,000 − 11 × 833.33 = 833.37.
    shown = values(amount="10000", rate="0", months="12", fee="600")
    assert (shown["first_payment"], shown["last_payment"]) == ("833.33", "833.37")
    assert shown["received"] == "9,400.00" and shown["total_cost"] == "600.00"
    # the monthly IRR is about 0.965 %: × 12 = 11.58 %, (1.00965)^12 − 1 = 12.21 %
    assert (shown["apr"], shown["apr_compound"]) == ("11.58", "12.21")


def test_a_daily_rate_of_five_in_ten_thousand_is_eighteen_percent_a_year() -> None:
    # 0.05 % a day × 30 = 1.5 % a month; an amortising loan's IRR is its own rate: 1.5 % × 12 = 18 %
    shown = values(amount="10000", rate_kind="daily", rate="0.05", months="12")
    assert shown["apr"] == "18.00"
    # effective: 1.015^12 − 1 = 0.195618… → 19.56 %
    assert shown["apr_compound"] == "19.56"


def test_the_level_payment_matches_the_closed_form() -> None:
    # 10,000 at 1.5 % a month for 12 months: 10,000 × 0.015 × 1.015^12 / (1.015^12 − 1) = 916.7999… → 916.80
    rate = Fraction(15, 1000)
    exact = 10000 * rate * (1 + rate) ** 12 / ((1 + rate) ** 12 - 1)
    assert Decimal("916.79") < Decimal(exact.numerator) / Decimal(exact.denominator) < Decimal("916.81")
    assert level_payment(Fraction(10000), rate, 12) == Decimal("916.80")
    assert values(rate="0.05", months="12")["first_payment"] == "916.80"


def test_equal_principal_pays_the_same_principal_and_falling_interest() -> None:
    # 12,000 at 1 % a month over 12 months: principal 1,000 a month; interest 120, 110, …, 10
    rows = schedule(Fraction(12000), Fraction(1, 100), 12, "equal_principal", Decimal("0.00"))
    assert [row.principal for row in rows] == [Decimal("1000.00")] * 12
    assert [row.interest for row in rows] == [Decimal(120 - 10 * k).quantize(CENT) for k in range(12)]
    assert rows[0].payment == Decimal("1120.00") and rows[-1].payment == Decimal("1010.00")


def test_interest_only_pays_interest_monthly_and_the_principal_last() -> None:
    # 10,000 at 18 % a year = 150 a month; the 6th month pays 10,150
    rows = schedule(Fraction(10000), monthly_rate("annual", Fraction(18)), 6, "interest_only", Decimal("0.00"))
    assert [row.payment for row in rows] == [Decimal("150.00")] * 5 + [Decimal("10150.00")]


def test_a_monthly_fee_adds_to_each_payment_and_to_the_total_fees() -> None:
    shown = values(amount="12000", rate="0", months="12", fee_monthly="60")
    # 12,000 / 12 = 1,000 + 60 fee = 1,060 a month; fees 12 × 60 = 720
    assert shown["first_payment"] == "1,060.00" and shown["total_fees"] == "720.00" and shown["total_cost"] == "720.00"
    # 0.5 % of the loan a month looks like 6 % a year; on a falling balance it is about 10.9 %
    assert Decimal("10.5") < Decimal(shown["apr"]) < Decimal("11.5")


def test_the_calendar_has_one_event_per_due_date_from_the_first_due_date() -> None:
    outcome = run(months="3", first_due="2026年1月31日")
    text = outcome["result"]["downloads"]["ics"]["text"]
    # the 31st does not exist in February: the due date falls on the month's last day
    assert [line for line in text.split("\r\n") if line.startswith("DTSTART")] == [
        "DTSTART;VALUE=DATE:20260131",
        "DTSTART;VALUE=DATE:20260228",
        "DTSTART;VALUE=DATE:20260331",
    ]
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("today", "first_due"),
    [
        (dt.date(2026, 11, 25), "20261225"),
        (dt.date(2026, 12, 31), "20270131"),
        (dt.date(2027, 1, 31), "20270228"),  # no 31 February: the month's last day
        (dt.date(2028, 1, 31), "20280229"),  # a leap year
        (dt.date(2028, 2, 29), "20280329"),
    ],
)
def test_without_a_first_due_date_the_calendar_starts_a_month_from_the_readers_today(today: dt.date, first_due: str) -> None:
    outcome = CALCULATOR.run({**FORM.defaults(), "months": "1"}, today)
    assert f"DTSTART;VALUE=DATE:{first_due}" in outcome["result"]["downloads"]["ics"]["text"]


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


# ---- the second plan ------------------------------------------------------------------------


def test_a_second_plan_shows_its_numbers_and_the_difference() -> None:
    a = values(months="12")
    b = values(months="36")
    both = values(compare="on", **{"b.months": "36"})
    assert both["b.total_cost"] == b["total_cost"] and both["total_cost"] == a["total_cost"]
    difference = Decimal(b["total_cost"].replace(",", "")) - Decimal(a["total_cost"].replace(",", ""))
    assert difference > 0 and both["diff_total_cost"] == f"+{difference:,.2f}"


def test_without_the_second_plan_its_values_show_a_dash() -> None:
    shown = values()
    assert shown["b.total_cost"] == shown["diff_total_cost"] == "—"


def test_errors_in_the_second_plan_are_named_with_its_prefix() -> None:
    outcome = run(compare="on", **{"b.months": "0", "b.rate": "abc"})
    assert outcome["ok"] is False and set(outcome["errors"]) == {"b.months", "b.rate"}


# ---- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("amount", "", "借款金额不能为空。"),
        ("amount", "-5", "借款金额不能是负数。"),
        ("months", "61", "期数不能超过 60 期。"),
        ("months", "1.5", "期数请填整数期。"),
        ("rate", "1", "日利率不能超过 0.3 %。"),
        ("method", "balloon", "请从给出的选项中选择还款方式。"),
        ("first_due", "2026-02-30", "首期还款日不是一个存在的日期（2026年2月30日）。"),
    ],
)
def test_bad_input_gets_a_chinese_message_at_its_field(field: str, raw: str, message: str) -> None:
    assert run(**{field: raw})["errors"] == {field: message}


def test_a_fee_as_large_as_the_loan_is_refused() -> None:
    assert run(amount="1000", fee="1000")["errors"] == {"fee": "一次性手续费必须少于借款金额（到手的钱要大于 0）。"}


# ---- properties against an exact rational reference ----------------------------------------

CASES = random.Random(20261125)


def random_plan() -> tuple[dict[str, str], repayment.Plan]:
    amount = Decimal(CASES.randint(100_00, 500_000_00)) / 100
    kind = CASES.choice(["annual", "daily"])
    rate = Decimal(CASES.randint(0, 3600 if kind == "annual" else 100)) / (100 if kind == "annual" else 1000)
    months = CASES.randint(1, 60)
    method = CASES.choice(repayment.METHODS)
    fee = Decimal(CASES.randint(0, int(amount * 10))) / 100  # up to a tenth of the amount
    fee_monthly = Decimal(CASES.choice([0, 0, CASES.randint(1, 20000)])) / 100
    fields = dict(amount=str(amount), rate_kind=kind, rate=str(rate), months=str(months), method=method,
                  fee=str(fee), fee_monthly=str(fee_monthly))
    return fields, plan(amount, kind, rate, months, method, fee, fee_monthly)


PLANS = [random_plan() for _ in range(150)]


@pytest.mark.parametrize(("fields", "result"), PLANS)
def test_the_schedule_ends_at_zero_and_its_principal_adds_up_to_the_loan(fields: dict, result: repayment.Plan) -> None:
    rows = result.instalments
    assert rows[-1].balance == Decimal("0.00")
    assert sum(row.principal for row in rows) == Decimal(fields["amount"])
    assert all(row.balance >= 0 and row.principal >= 0 and row.interest >= 0 for row in rows)
    assert all(row.payment == row.principal + row.interest + row.fee for row in rows)


@pytest.mark.parametrize(("fields", "result"), PLANS)
def test_each_month_of_interest_is_the_exact_balance_times_the_rate_rounded_once(fields: dict, result: repayment.Plan) -> None:
    rate = monthly_rate(fields["rate_kind"], Fraction(Decimal(fields["rate"])))
    balance = Fraction(Decimal(fields["amount"]))
    for row in result.instalments:
        exact = balance * rate
        assert abs(Fraction(row.interest) - exact) <= Fraction(1, 200)  # within half a fen of the exact value
        balance -= Fraction(row.principal)


@pytest.mark.parametrize(("fields", "result"), PLANS)
def test_the_shown_true_rate_is_the_exact_irr_rounded_once(fields: dict, result: repayment.Plan) -> None:
    shown = values(**fields)
    payments = [row.payment for row in result.instalments]
    received = Fraction(result.received)
    # the schedule's present value at the found monthly rate equals the money received to within 0.005 元
    assert abs(present_value(payments, result.monthly_irr) - received) <= Fraction(1, 200)
    # and the shown rate s is the IRR rounded half up: PV at (s − 0.005) % / 12 is ≥ received, at (s + 0.005) % < received
    apr = Fraction(Decimal(shown["apr"]))
    if apr > 0:
        assert present_value(payments, (apr - Fraction(1, 200)) / 1200) >= received
    assert present_value(payments, (apr + Fraction(1, 200)) / 1200) < received or result.total_cost == 0


def test_total_cost_rises_with_the_rate_and_with_the_months() -> None:
    by_rate = [Decimal(values(rate_kind="annual", rate=str(rate))["total_cost"].replace(",", "")) for rate in (0, 6, 12, 24, 36)]
    assert by_rate == sorted(by_rate) and len(set(by_rate)) == len(by_rate)
    by_months = [Decimal(values(months=str(m))["total_cost"].replace(",", "")) for m in (3, 6, 12, 24, 36, 60)]
    assert by_months == sorted(by_months) and len(set(by_months)) == len(by_months)


def test_the_chart_draws_the_balance_down_to_zero_and_names_it_in_words() -> None:
    chart = run(months="6")["result"]["html"]["chart"]
    assert chart.startswith("<svg") and "<title" in chart and "<desc" in chart
    assert "剩余本金从 10,000.00 元在第 6 期降到 0" in chart
    assert chart.count("<polyline") == 2
