"""多笔债务安排: hand-computed plans, invariants over seeded random cases, and an exact rational re-simulation."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import math
import random
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from calculators.browser import CALCULATORS
from calculators.browser import run as browser_run
from calculators.debts import (
    AVALANCHE,
    CALCULATOR,
    FORM,
    MAX_MONTHS,
    OVERDUE_FIRST,
    SNOWBALL,
    STUCK_CHART_MONTHS,
    STRATEGIES,
    Debt,
    Share,
    allocate,
    compare,
    compute_on,
    interest_fen,
    minimums_due,
    monthly_rate,
    next_month_first,
    payment_date,
    shortfall,
    simulate,
    target_order,
)
from calculators.forms import FieldErrors, number_of

D = Decimal

# Two small debts used by the hand-computed cases:
# 网商贷 1,000 元 at 12 % a year → 1 % a month, minimum 100, overdue;
# 信用卡 300 元 at 0.05 % a day → 0.05 % × 30 = 1.5 % a month, minimum 50, not overdue.
WANGSHANG = Debt("网商贷", D("1000.00"), monthly_rate("annual", D("12")), D("100"), overdue=True)
CARD = Debt("信用卡", D("300.00"), monthly_rate("daily", D("0.05")), D("50"), overdue=False)
TWO = (WANGSHANG, CARD)


def test_monthly_rates_follow_the_stated_conventions() -> None:
    assert monthly_rate("annual", D("12")) == Fraction(1, 100)  # 12 % ÷ 12
    assert monthly_rate("daily", D("0.05")) == Fraction(15, 1000)  # 0.05 % × 30
    assert monthly_rate("annual", D("18.25")) == Fraction(1825, 120000)
    with pytest.raises(ValueError, match="rate_kind"):
        monthly_rate("weekly", D("1"))


@pytest.mark.parametrize(
    ("balance_fen", "rate", "expected_fen"),
    [
        (100000, Fraction(1, 100), 1000),  # 1,000.00 × 1 % = 10.00
        (81450, Fraction(1, 100), 815),  # 814.50 × 1 % = 8.145 → 8.15 (exactly half a fen rounds up)
        (25450, Fraction(15, 1000), 382),  # 254.50 × 1.5 % = 3.8175 → 3.82
        (20832, Fraction(15, 1000), 312),  # 208.32 × 1.5 % = 3.1248 → 3.12
        (3900, Fraction(35, 100) * 2 / 360 * 6, 46),  # 39 × 0.35 × 2 / 360 × 6 = 0.455 → 0.46
        (0, Fraction(1, 10), 0),
    ],
)
def test_interest_is_exact_and_rounded_half_up_once(balance_fen: int, rate: Fraction, expected_fen: int) -> None:
    assert interest_fen(balance_fen, rate) == expected_fen


def test_overdue_first_by_hand() -> None:
    plan = simulate(TWO, D("500"), OVERDUE_FIRST)
    assert plan.order == (0, 1)  # 网商贷 is overdue
    # Month 1: interest 1,000 × 1 % = 10.00 and 300 × 1.5 % = 4.50; minimums 100 + 50;
    #          the other 350 go to 网商贷: paid 450 and 50; left 1,010 − 450 = 560.00 and 304.50 − 50 = 254.50.
    # Month 2: interest 5.60 and 254.50 × 1.5 % = 3.8175 → 3.82; paid 450 and 50; left 115.60 and 208.32.
    # Month 3: interest 115.60 × 1 % = 1.156 → 1.16 and 208.32 × 1.5 % = 3.1248 → 3.12;
    #          网商贷 owes 116.76: minimum 100 + 16.76 of the spare; the other 333.24 clear the card's 211.44.
    assert [m.interest for m in plan.months] == [(D("10.00"), D("4.50")), (D("5.60"), D("3.82")), (D("1.16"), D("3.12"))]
    assert [m.paid for m in plan.months] == [(D("450.00"), D("50.00")), (D("450.00"), D("50.00")), (D("116.76"), D("211.44"))]
    assert [m.balances for m in plan.months] == [(D("560.00"), D("254.50")), (D("115.60"), D("208.32")), (D("0.00"), D("0.00"))]
    assert plan.cleared == (3, 3) and plan.debt_free_month == 3
    assert plan.total_interest == D("28.20")  # 10 + 4.50 + 5.60 + 3.82 + 1.16 + 3.12
    assert plan.total_paid == D("1328.20")  # 1,300 borrowed + 28.20 interest
    assert plan.total_balances() == (D("1300.00"), D("814.50"), D("323.92"), D("0.00"))


def test_avalanche_by_hand() -> None:
    plan = simulate(TWO, D("500"), AVALANCHE)
    assert plan.order == (1, 0)  # the card's 1.5 % a month is above 1 %
    # Month 1: interest 10.00 and 4.50; minimums 150; the card takes 254.50 of the 350 spare and is cleared;
    #          网商贷 gets 100 + 95.50 = 195.50 and owes 1,010 − 195.50 = 814.50.
    # Month 2: interest 814.50 × 1 % = 8.145 → 8.15; owes 822.65; the whole 500 (the card's 50 joined the pool).
    # Month 3: interest 322.65 × 1 % = 3.2265 → 3.23; owes 325.88 and pays it.
    assert [m.paid for m in plan.months] == [(D("195.50"), D("304.50")), (D("500.00"), D("0.00")), (D("325.88"), D("0.00"))]
    assert plan.cleared == (3, 1) and plan.debt_free_month == 3
    assert plan.total_interest == D("25.88")  # 10 + 4.50 + 8.15 + 3.23
    assert plan.total_paid == D("1325.88")


def test_snowball_takes_the_smallest_starting_balance_first_ties_by_row() -> None:
    debts = (
        Debt("a", D("500"), Fraction(2, 100), D("10")),
        Debt("b", D("200"), Fraction(1, 100), D("10")),
        Debt("c", D("200"), Fraction(3, 100), D("10"), overdue=True),
        Debt("d", D("900"), Fraction(3, 100), D("10")),
    )
    assert target_order(debts, SNOWBALL) == (1, 2, 0, 3)  # 200 (row b before row c), 500, 900
    assert target_order(debts, AVALANCHE) == (2, 3, 0, 1)  # 3 % (c before d), 2 %, 1 %
    assert target_order(debts, OVERDUE_FIRST) == (2, 3, 0, 1)  # c is overdue, then by rate
    debts_b_overdue = tuple(Debt(d.name, d.balance, d.monthly_rate, d.minimum, d.name == "b") for d in debts)
    assert target_order(debts_b_overdue, OVERDUE_FIRST) == (1, 2, 3, 0)


def test_a_budget_below_the_minimums_is_a_shortfall_and_no_plan() -> None:
    # minimums 100 + 50 = 150 against a budget of 120: 30 missing every month
    assert minimums_due(TWO) == D("150.00")
    assert shortfall(TWO, D("120")) == D("30.00")
    assert shortfall(TWO, D("150")) == D("0.00")
    with pytest.raises(ValueError, match="minimum"):
        simulate(TWO, D("120"), OVERDUE_FIRST)


def test_a_minimum_above_what_is_owed_only_asks_for_what_is_owed() -> None:
    small = (Debt("x", D("40.00"), Fraction(1, 100), D("100")),)
    # 40 + 0.40 interest = 40.40 owed in month 1; the minimum of 100 asks for no more than that
    assert minimums_due(small) == D("40.40")
    plan = simulate(small, D("40.40"), OVERDUE_FIRST)
    assert plan.cleared == (1,) and plan.months[0].paid == (D("40.40"),)


def test_a_payment_below_the_interest_never_clears_and_stops_at_the_cap() -> None:
    # 10,000 at 24 % a year: 200 interest in month 1 against a budget of 150
    debts = (Debt("x", D("10000"), monthly_rate("annual", D("24")), D("100")),)
    plan = simulate(debts, D("150"), OVERDUE_FIRST)
    assert len(plan.months) == MAX_MONTHS
    assert plan.cleared == (None,) and plan.debt_free_month is None
    assert plan.months[-1].balances[0] > D("10000")


# ---- properties over seeded random cases -------------------------------------


def random_debts(rng: random.Random) -> tuple[Debt, ...]:
    debts = []
    for index in range(rng.randint(1, 5)):
        if rng.random() < 0.5:
            rate = monthly_rate("annual", D(rng.randint(0, 3600)).scaleb(-2))  # 0–36 %, two decimals
        else:
            rate = monthly_rate("daily", D(rng.randint(0, 1000)).scaleb(-4))  # 0–0.1 %, four decimals
        balance = D(rng.randint(1, 5_000_000)).scaleb(-2)  # 0.01–50,000.00
        minimum = D(rng.randint(0, 200_000)).scaleb(-2)
        debts.append(Debt(f"d{index}", balance, rate, minimum, overdue=rng.random() < 0.3))
    return tuple(debts)


def random_cases(count: int, seed: int) -> list[tuple[tuple[Debt, ...], Decimal]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        debts = random_debts(rng)
        # exactly the minimums (long plans, some never clear), a little more, or a lot more
        extra_fen = rng.choice((0, rng.randint(1, 20_000), rng.randint(1, 500_000)))
        budget = minimums_due(debts) + D(extra_fen).scaleb(-2)
        cases.append((debts, budget))
    return cases


CASES = random_cases(60, seed=20261125)


def round_half_up_fen(value: Fraction) -> Fraction:
    """Reference rounding, written differently from the module: floor(x × 100 + 1/2) / 100."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


def reference_plan(debts: tuple[Debt, ...], budget: Decimal, order: tuple[int, ...]) -> list[list[Fraction]]:
    """The same rules re-simulated with Fractions in 元; returns each month's balances."""
    balances = [Fraction(d.balance) for d in debts]
    history = []
    for _ in range(MAX_MONTHS):
        if not any(balances):
            break
        owed = [b + round_half_up_fen(b * d.monthly_rate) for b, d in zip(balances, debts)]
        paid = [min(Fraction(d.minimum), o) for d, o in zip(debts, owed)]
        spare = Fraction(budget) - sum(paid)
        for i in order:
            extra = min(spare, owed[i] - paid[i])
            paid[i] += extra
            spare -= extra
        balances = [o - p for o, p in zip(owed, paid)]
        history.append(balances)
    return history


@pytest.mark.parametrize("case", range(len(CASES)))
def test_an_exact_rational_re_simulation_agrees_to_the_fen(case: int) -> None:
    debts, budget = CASES[case]
    for plan in compare(debts, budget):
        expected = reference_plan(debts, budget, plan.order)
        assert [[Fraction(b) for b in m.balances] for m in plan.months] == expected


def test_plans_never_pay_less_than_the_minimums_and_use_the_whole_budget() -> None:
    for debts, budget in CASES:
        for plan in compare(debts, budget):
            before = plan.start
            for month in plan.months:
                owed = [b + i for b, i in zip(before, month.interest)]
                for debt, due, paid in zip(debts, owed, month.paid):
                    assert min(debt.minimum, due) <= paid <= due
                assert sum(month.paid) <= budget
                if any(month.balances):  # money left over only in the month the last debt clears
                    assert sum(month.paid) == budget
                before = month.balances


def test_balances_are_never_negative_and_stay_zero_once_cleared() -> None:
    for debts, budget in CASES:
        for plan in compare(debts, budget):
            for month in plan.months:
                assert all(b >= 0 for b in month.balances)
                for index, cleared in enumerate(plan.cleared):
                    if cleared is not None and month.month >= cleared:
                        assert month.balances[index] == 0


def test_every_strategy_repays_exactly_the_principal_when_all_clear() -> None:
    checked = 0
    for debts, budget in CASES:
        principal = sum(d.balance for d in debts)
        for plan in compare(debts, budget):
            if plan.debt_free_month is not None:
                assert plan.total_paid - plan.total_interest == principal
                assert plan.total_balances()[-1] == 0
                checked += 1
    assert checked > len(CASES)  # most random cases clear; the property was really exercised


def test_a_bigger_budget_never_takes_longer() -> None:
    for debts, budget in CASES[:20]:
        for strategy in STRATEGIES:
            slower = simulate(debts, budget, strategy)
            faster = simulate(debts, budget + 100, strategy)
            if slower.debt_free_month is not None:
                assert faster.debt_free_month is not None
                assert faster.debt_free_month <= slower.debt_free_month


# ---- the form and its entry point ----------------------------------------------

TODAY = dt.date(2026, 11, 25)


def raw_two(budget: str = "500", **changes: str) -> dict:
    """The hand-computed pair as the page would post it."""
    rows = [
        {"name": "网商贷", "balance": "1000", "rate_kind": "annual", "rate": "12", "minimum": "100", "overdue": "yes"},
        {"name": "信用卡", "balance": "300", "rate_kind": "daily", "rate": "0.05", "minimum": "50", "overdue": "no"},
    ]
    for key, value in changes.items():
        index, field = key.split("__")
        rows[int(index[1:])][field] = value
    return {"budget": budget, "start": "", "debts": rows}


def run(raw: dict, today: dt.date = TODAY) -> dict:
    try:
        return {"ok": True, "result": compute_on(raw, today)}
    except FieldErrors as exc:
        return {"ok": False, "errors": exc.errors}


def test_the_page_shows_the_hand_computed_plans() -> None:
    result = run(raw_two())["result"]
    values = result["values"]
    # the same numbers as test_overdue_first_by_hand and test_avalanche_by_hand
    assert values["months_overdue_first"] == "3" and values["interest_overdue_first"] == "28.20"
    assert values["months_avalanche"] == "3" and values["interest_avalanche"] == "25.88"
    assert values["months_snowball"] == "3" and values["interest_snowball"] == "25.88"  # the card is also the smaller
    assert values["minimums"] == "150.00" and values["shortfall"] == "0.00"
    # start left blank on 2026-11-25 → month 1 is 2026-12-01, month 3 is 2027-02-01
    assert values["debt_free"] == "2027年2月"
    assert result["tables"]["cleared"] == [
        {"name": "网商贷", "overdue_first": "第 3 个月（2027年2月）", "avalanche": "第 3 个月（2027年2月）", "snowball": "第 3 个月（2027年2月）"},
        {"name": "信用卡", "overdue_first": "第 3 个月（2027年2月）", "avalanche": "第 1 个月（2026年12月）", "snowball": "第 1 个月（2026年12月）"},
    ]
    strategies = result["tables"]["strategies"]
    assert [row["order"] for row in strategies] == ["网商贷 → 信用卡", "信用卡 → 网商贷", "信用卡 → 网商贷"]
    assert [row["paid"] for row in strategies] == ["1,328.20", "1,325.88", "1,325.88"]  # 1,300 + interest
    # the cheaper order is named with what it costs the overdue debt: 28.20 − 25.88 = 2.32
    assert "利率最高优先少付 2.32 元利息" in result["html"]["message"]


def test_every_declared_output_table_slot_and_download_is_filled() -> None:
    for raw in (FORM.defaults(), raw_two(), raw_two(budget="100")):
        result = CALCULATOR.run(raw)["result"]
        assert set(result["values"]) == {output.key for output in FORM.outputs}
        assert set(result["tables"]) == {table.key for table in FORM.tables}
        assert set(result["html"]) == {slot.key for slot in FORM.slots}
        assert set(result["downloads"]) <= {download.key for download in FORM.downloads}
        assert all(isinstance(value, str) for value in result["values"].values())
        json.dumps(result)  # JSON-ready


def test_the_example_has_two_rows_starting_with_wangshangdai() -> None:
    rows = FORM.defaults()["debts"]
    assert len(rows) == 2 and rows[0]["name"] == "网商贷"
    result = CALCULATOR.run(FORM.defaults())
    assert result["ok"] and result["result"]["values"]["shortfall"] == "0.00"


def test_a_budget_below_the_minimums_shows_what_is_missing_and_no_plan() -> None:
    result = run(raw_two(budget="120"))["result"]
    # minimums 100 + 50 = 150, budget 120 → 30.00 missing each month
    assert result["values"]["shortfall"] == "30.00" and result["values"]["minimums"] == "150.00"
    assert {result["values"][f"months_{s}"] for s in STRATEGIES} == {"—"}
    assert result["tables"]["strategies"] == [] and result["tables"]["cleared"] == []
    # this month's allocation instead of a plan: the current card first (50 in full), the rest 70 to 网商贷
    assert [(row["name"], row["pay"]) for row in result["tables"]["allocation"]] == [("信用卡", "50.00"), ("网商贷", "70.00")]
    assert result["html"]["chart"] == "" and result["downloads"] == {}
    message = result["html"]["message"]
    assert "钱不够还最低还款" in message and "30.00" in message
    assert 'href="../../guides/negotiation/"' in message  # the page is calculators/debts/
    assert "基本生活开销" in message
    assert "不要借" in message and "以贷养贷" in message  # borrowing to repay is only ever warned against


def test_a_debt_that_never_clears_is_named_and_capped() -> None:
    # 网商贷 10,000 at 24 % a year accrues 200 a month; the budget leaves it 100
    raw = raw_two(budget="150", d0__balance="10000", d0__rate="24", d1__minimum="50")
    result = run(raw)["result"]
    assert result["values"]["months_overdue_first"] == f"超过 {MAX_MONTHS}"
    assert result["values"]["debt_free"] == f"{MAX_MONTHS} 个月内还不清"
    assert result["tables"]["cleared"][0]["overdue_first"] == f"{MAX_MONTHS} 个月内还不清"
    assert "网商贷" in result["html"]["message"] and f"{MAX_MONTHS} 个月" in result["html"]["message"]
    assert "SUMMARY:网商贷" not in result["downloads"]["ics"]["text"]  # no event for a date that never comes


def test_reader_text_is_escaped_in_html_but_plain_in_tables() -> None:
    name = '<b>&"x'
    raw = raw_two(budget="150", d0__name=name, d0__balance="10000", d0__rate="24")
    result = run(raw)["result"]
    assert "<b>" not in result["html"]["message"] and "&lt;b&gt;&amp;" in result["html"]["message"]
    assert "<b>" not in result["html"]["chart"]
    assert result["tables"]["cleared"][0]["name"] == name  # tables are set as text, never as HTML


def test_a_blank_name_becomes_the_row_number() -> None:
    result = run(raw_two(d1__name="  "))["result"]
    assert result["tables"]["cleared"][1]["name"] == "第 2 笔"


def test_the_calendar_has_one_event_per_debt_on_its_payment_date() -> None:
    result = run(raw_two(budget="500") | {"start": "2026年1月31日"})["result"]
    text = result["downloads"]["ics"]["text"]
    # overdue first clears both in month 3: 2026-01-31, 2026-02-28 (no 31st), 2026-03-31
    assert text.count("BEGIN:VEVENT") == 2
    assert text.count("DTSTART;VALUE=DATE:20260331") == 2
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert result["values"]["debt_free"] == "2026年3月"


def test_payment_dates_keep_the_day_or_take_the_month_end() -> None:
    assert payment_date(dt.date(2026, 1, 31), 1) == dt.date(2026, 1, 31)
    assert payment_date(dt.date(2026, 1, 31), 2) == dt.date(2026, 2, 28)
    assert payment_date(dt.date(2027, 12, 15), 2) == dt.date(2028, 1, 15)
    assert payment_date(dt.date(2026, 11, 1), 600) == dt.date(2076, 10, 1)  # 599 months later
    assert next_month_first(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert next_month_first(dt.date(2026, 11, 25)) == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        (raw_two(d1__balance=""), "debts.1.balance", "欠款余额不能为空"),
        (raw_two(d1__balance="0"), "debts.1.balance", "欠款余额必须大于 0"),
        (raw_two(d0__balance="-5"), "debts.0.balance", "不能是负数"),
        (raw_two(d0__balance="abc"), "debts.0.balance", "请输入欠款余额"),
        (raw_two(d0__rate="0.5"), "debts.0.rate", "年化利率"),  # 0.5 % a year is fine…
        (raw_two(d1__rate="0.5"), "debts.1.rate", "日利率不能超过 0.3 %"),  # …0.5 % a day is not
        (raw_two(d1__minimum="1.234"), "debts.1.minimum", "最多保留 2 位小数"),
        (raw_two(d0__overdue="maybe"), "debts.0.overdue", "请从给出的选项中选择是否逾期"),
        (raw_two(d0__name="很" * 21), "debts.0.name", "最多 20 个字"),
        (raw_two(budget="-1"), "budget", "不能是负数"),
        (raw_two(d0__keep="maybe"), "debts.0.keep", "请从给出的选项中选择是否先保住这一笔"),
        (raw_two() | {"start": "明天"}, "start", "开始日期请写成"),
        (raw_two() | {"start": "2026-02-30"}, "start", "不是一个存在的日期"),
        (raw_two() | {"debts": []}, "debts", "1 到 10"),
    ],
)
def test_bad_input_gets_a_chinese_message_at_its_field(raw: dict, field: str, message: str) -> None:
    outcome = run(raw)
    if field == "debts.0.rate":
        assert outcome["ok"]
        return
    assert not outcome["ok"]
    assert message in outcome["errors"][field]


def test_every_wrong_field_is_reported_at_once() -> None:
    outcome = run(raw_two(budget="", d0__balance="", d1__rate="x"))
    assert set(outcome["errors"]) == {"budget", "debts.0.balance", "debts.1.rate"}


def test_the_calculator_refuses_too_many_rows_and_odd_shapes_without_a_traceback() -> None:
    raw = raw_two()
    raw["debts"] = raw["debts"] * 6  # 12 rows
    outcome = CALCULATOR.run(raw)
    assert not outcome["ok"] and "10" in outcome["errors"]["debts"]
    outcome = CALCULATOR.run({"budget": "100", "debts": "not rows"})
    assert not outcome["ok"]
    outcome = CALCULATOR.run({"budget": "100", "debts": [{"balance": 5}]})
    assert not outcome["ok"]


def test_the_browser_entry_point_runs_the_debts_calculator() -> None:
    outcome = json.loads(browser_run("debts", json.dumps(FORM.defaults(), ensure_ascii=False)))
    assert outcome["ok"] and outcome["result"]["values"]["minimums"] == "1,800.00"  # 1,000 + 800


def test_a_plan_that_never_clears_shows_no_interest_total_and_the_chart_stops_early() -> None:
    # one debt of 10,000 at 24 % a year (200 interest a month) with 150 a month: it only grows
    raw = {"budget": "150", "start": "", "debts": [raw_two()["debts"][0] | {"balance": "10000", "rate": "24"}]}
    result = run(raw)["result"]
    assert {result["values"][f"interest_{s}"] for s in STRATEGIES} == {"—"}
    assert {row["paid"] for row in result["tables"]["strategies"]} == {"—"}
    chart = result["html"]["chart"]
    assert f"图只画到第 {STUCK_CHART_MONTHS} 个月" in chart
    assert f"{STUCK_CHART_MONTHS} 个月</text>" in chart  # the x axis ends there, not at {MAX_MONTHS}


def test_the_shortfall_advice_no_longer_puts_overdue_debts_before_current_ones() -> None:
    # Issue 20: "先还已经逾期的" with too little money pushed the current debts overdue as well.
    with_overdue = run(raw_two(budget="120"))["result"]["html"]["message"]
    assert "先还已经逾期的" not in with_overdue
    assert "先保住还没逾期的" in with_overdue


def test_the_never_clears_message_tells_growing_from_too_slow() -> None:
    # 10,000 at 24 % a year accrues 200 a month: with 150 a month the debt grows.
    base = raw_two()["debts"][0] | {"balance": "10000", "rate": "24", "minimum": "10"}
    growing = run({"budget": "150", "start": "", "debts": [base]})["result"]["html"]["message"]
    # 10,000 at 1.2 % a year accrues 10.00 a month: 10.01 a month repays 0.01 at first; the closed form
    # n = ln(P / (P − rB)) / ln(1 + r) = ln(10.01 / 0.01) / ln(1.001) ≈ 6,900 months, far beyond the cap.
    slow_debt = base | {"rate": "1.2"}
    slow = run({"budget": "10.01", "start": "", "debts": [slow_debt]})["result"]["html"]["message"]
    assert "越滚越大" in growing and "降得太慢" not in growing
    assert "降得太慢" in slow and "越滚越大" not in slow


# ---- a plan when the money is short (issue 20 §2) -------------------------------
#
# The method, as the page states it: the debts marked 先保住 (the ones not overdue among them first), then the
# ones not overdue, then the overdue ones; within each, the smallest of this month's minimums first (ties by row). Walking that order, a minimum that
# still fits in what is left is paid in full; the money left after the walk goes to the first debt not paid in
# full. The pays add up to the budget exactly.


def interest_free(name: str, balance: str, minimum: str, overdue: bool = False, keep: bool = False) -> Debt:
    """A debt at 0 % so that this month's minimum is exactly the minimum typed."""
    return Debt(name, D(balance), Fraction(0), D(minimum), overdue=overdue, keep=keep)


def pays(shares: tuple[Share, ...], debts: tuple[Debt, ...]) -> list[tuple[str, Decimal]]:
    return [(debts[share.index].name, share.pay) for share in shares]


# all current but one: A 300, B 200, D 800 current; C 1,000 overdue
ONE_OVERDUE = (
    interest_free("A", "5000", "300"),
    interest_free("B", "2000", "200"),
    Debt("C", D("10000"), monthly_rate("annual", D("18")), D("1000"), overdue=True),  # owes 10,150 this month
    interest_free("D", "8000", "800"),
)


def test_all_current_but_one_keeps_the_most_current_ones_current() -> None:
    # minimums 300 + 200 + 1,000 + 800 = 2,300; budget 1,200 → 1,100 missing
    assert shortfall(ONE_OVERDUE, D("1200")) == D("1100.00")
    shares = allocate(ONE_OVERDUE, D("1200"))
    # order: current B 200, A 300, D 800, then overdue C 1,000.
    # B 200 (1,000 left), A 300 (700 left), D 800 does not fit, C 1,000 does not fit;
    # the 700 left go to D, the first one not paid in full: 200 + 300 + 700 + 0 = 1,200.
    assert pays(shares, ONE_OVERDUE) == [("B", D("200.00")), ("A", D("300.00")), ("D", D("700.00")), ("C", D("0.00"))]
    assert [share.gap for share in shares] == [D("0.00"), D("0.00"), D("100.00"), D("1000.00")]  # 100 + 1,000 = 1,100


def test_money_left_after_the_current_ones_pays_a_small_overdue_minimum_in_full() -> None:
    debts = (interest_free("A", "5000", "300"), interest_free("B", "5000", "500"), interest_free("C", "5000", "200", overdue=True))
    shares = allocate(debts, D("600"))
    # A 300 (300 left); B 500 does not fit; overdue C 200 does (100 left); the 100 go to B.
    assert pays(shares, debts) == [("A", D("300.00")), ("B", D("100.00")), ("C", D("200.00"))]  # 300 + 100 + 200 = 600


def test_when_everything_is_overdue_the_smallest_are_paid_in_full_first() -> None:
    debts = (
        interest_free("X", "9000", "500", overdue=True),
        interest_free("Y", "9000", "300", overdue=True),
        interest_free("Z", "9000", "700", overdue=True),
    )
    # minimums 500 + 300 + 700 = 1,500; budget 900 → 600 missing
    assert shortfall(debts, D("900")) == D("600.00")
    # Y 300 (600 left), X 500 (100 left), Z 700 does not fit and gets the 100: 300 + 500 + 100 = 900
    assert pays(allocate(debts, D("900")), debts) == [("Y", D("300.00")), ("X", D("500.00")), ("Z", D("100.00"))]


def test_a_debt_marked_keep_is_paid_before_the_order_of_the_method() -> None:
    marked = tuple(Debt(d.name, d.balance, d.monthly_rate, d.minimum, d.overdue, keep=d.name == "C") for d in ONE_OVERDUE)
    # C 1,000 first (200 left), then B 200 (0 left); A and D get nothing: 1,000 + 200 = 1,200
    assert pays(allocate(marked, D("1200")), marked) == [("C", D("1000.00")), ("B", D("200.00")), ("A", D("0.00")), ("D", D("0.00"))]


def test_ties_keep_the_row_order_and_a_minimum_above_the_debt_asks_only_for_what_is_owed() -> None:
    debts = (
        interest_free("first", "5000", "300"),
        Debt("small", D("40.00"), Fraction(1, 100), D("100")),  # owes 40 + 0.40 = 40.40 this month
        interest_free("second", "5000", "300"),
    )
    shares = allocate(debts, D("400"))
    # dues 300, 40.40, 300 → order small, first, second; 40.40 + 300 = 340.40 paid in full, 59.60 to "second"
    assert [share.due for share in shares] == [D("40.40"), D("300.00"), D("300.00")]
    assert pays(shares, debts) == [("small", D("40.40")), ("first", D("300.00")), ("second", D("59.60"))]


def test_a_zero_budget_pays_nothing_and_says_so_plainly() -> None:
    result = run(raw_two(budget="0"))["result"]
    # nothing to share: both rows 0.00, the whole 150.00 of minimums missing
    assert result["values"]["shortfall"] == "150.00"
    assert [row["pay"] for row in result["tables"]["allocation"]] == ["0.00", "0.00"]
    message = result["html"]["message"]
    assert "每一笔都是 0 元" in message
    assert 'href="../../guides/relief/"' in message and 'href="../../guides/negotiation/"' in message
    assert "这个月能" not in message  # no "能全额还上 0 笔" arithmetic for someone with nothing


def test_a_budget_exactly_at_the_minimums_is_a_plan_and_its_first_month_is_the_table() -> None:
    result = run(raw_two(budget="150"))["result"]
    # 100 + 50 = 150: nothing missing, so the three plans run; month 1 pays each minimum and nothing more
    assert result["values"]["shortfall"] == "0.00" and result["values"]["months_overdue_first"] != "—"
    assert result["tables"]["allocation"] == [
        {"name": "网商贷", "pay": "100.00", "why": "最低还款 100.00 元。"},
        {"name": "信用卡", "pay": "50.00", "why": "最低还款 50.00 元。"},
    ]
    assert all(share.full for share in allocate(TWO, D("150")))


def test_with_enough_money_the_table_is_the_first_month_of_overdue_first() -> None:
    table = run(raw_two(budget="500"))["result"]["tables"]["allocation"]
    # test_overdue_first_by_hand, month 1: 网商贷 100 + the other 350, card 50
    assert table == [
        {"name": "网商贷", "pay": "450.00", "why": "最低还款 100.00 元，再加多出来的 350.00 元（逾期优先）。"},
        {"name": "信用卡", "pay": "50.00", "why": "最低还款 50.00 元。"},
    ]


def test_money_left_when_everything_clears_in_the_first_month_is_its_own_row() -> None:
    table = run(raw_two(budget="2000"))["result"]["tables"]["allocation"]
    # month 1 owes 1,010.00 and 304.50 (interest 10.00 and 4.50): 1,314.50 paid, 2,000 − 1,314.50 = 685.50 left
    assert [(row["name"], row["pay"]) for row in table] == [("网商贷", "1,010.00"), ("信用卡", "304.50"), ("没用完的钱", "685.50")]
    assert table[0]["why"].endswith("这个月还清。")


def test_the_allocation_rows_say_what_each_payment_does_and_what_to_ask_for() -> None:
    raw = raw_two(budget="120", d0__overdue="no") | {"debts": raw_two()["debts"] + [
        {"name": "花呗", "balance": "900", "rate_kind": "annual", "rate": "0", "minimum": "90", "overdue": "yes"},
    ]}
    raw["debts"][0]["overdue"] = "no"
    rows = run(raw)["result"]["tables"]["allocation"]
    # current: 信用卡 50, 网商贷 100; overdue: 花呗 90. 50 in full (70 left), 网商贷 100 does not fit, 花呗 90 neither;
    # the 70 go to 网商贷, which falls overdue this month; 花呗 gets nothing and stays overdue.
    assert [(row["name"], row["pay"]) for row in rows] == [("信用卡", "50.00"), ("网商贷", "70.00"), ("花呗", "0.00")]
    assert "不会逾期" in rows[0]["why"]
    assert "差 30.00 元" in rows[1]["why"] and "这个月会逾期" in rows[1]["why"] and "还款日前" in rows[1]["why"]
    assert "分不到钱" in rows[2]["why"] and "差 90.00 元" in rows[2]["why"] and "仍然逾期" in rows[2]["why"]
    assert all("申请延期或分期" in row["why"] for row in rows[1:])


def fragment_fields(href: str) -> tuple[str, dict[str, str]]:
    path, fragment = href.split("#", 1)
    pairs = [part.split("=", 1) for part in fragment.split("&")]
    assert all(len(pair) == 2 for pair in pairs)
    return path, {unquote(key): unquote(value) for key, value in pairs}


def letter_links(message: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]*#fill=[^"]*)"', message)]


def test_each_debt_not_paid_in_full_gets_a_letter_link_with_what_the_others_get() -> None:
    result = run(raw_two(budget="120"))["result"]
    (link,) = letter_links(result["html"]["message"])  # only 网商贷 is short
    path, fields = fragment_fields(link)
    assert path == "../../guides/negotiation/"  # the page is calculators/debts/
    # what the other debts get this month: the card's 50.00; the letter then offers income − essentials − 50
    assert fields == {"fill": "letter", "purpose": "hardship", "debts.0.name": "这个月分给其他几笔的钱", "debts.0.payment": "50.00"}
    assert re.fullmatch(r"[A-Za-z0-9\-._~%=&#/]+", link)  # percent-encoded: no raw Chinese, spaces or commas


def test_the_letter_link_names_fields_the_letter_tool_has() -> None:
    from calculators.letter import FORM as LETTER_FORM

    _, fields = fragment_fields(letter_links(run(raw_two(budget="120"))["result"]["html"]["message"])[0])
    assert LETTER_FORM.name == fields.pop("fill")
    purpose = next(field for field in LETTER_FORM.fields if field.name == "purpose")
    assert fields.pop("purpose") in {option.value for option in purpose.options}
    group = LETTER_FORM.group("debts")
    assert group is not None and group.rows  # the letter shows a first row to fill
    assert set(fields) == {group.input_name(0, "name"), group.input_name(0, "payment")}
    letter = CALCULATORS["letter"].run({**LETTER_FORM.defaults(), "debts": [{"name": fields["debts.0.name"], "payment": fields["debts.0.payment"]}]})
    assert letter["ok"], letter  # the values are ones the letter accepts


def test_the_shortfall_is_said_once_per_debt_and_adds_up() -> None:
    result = run({"budget": "1200", "start": "", "debts": [
        {"name": "A", "balance": "5000", "rate_kind": "annual", "rate": "0", "minimum": "300", "overdue": "no"},
        {"name": "B", "balance": "2000", "rate_kind": "annual", "rate": "0", "minimum": "200", "overdue": "no"},
        {"name": "C", "balance": "10000", "rate_kind": "annual", "rate": "18", "minimum": "1000", "overdue": "yes"},
        {"name": "D", "balance": "8000", "rate_kind": "annual", "rate": "0", "minimum": "800", "overdue": "no"},
    ]})["result"]
    message = result["html"]["message"]
    # D is short 100 and C 1,000: 1,100 = 2,300 − 1,200
    assert result["values"]["shortfall"] == "1,100.00"
    assert "<strong>D</strong>：这个月要还 800.00 元，能还 700.00 元，差 100.00 元" in message
    assert "<strong>C</strong>：这个月要还 1,000.00 元，能还 0.00 元，差 1,000.00 元" in message
    assert ">生成写给D的申请文字</a>" in message and ">生成写给C的申请文字</a>" in message  # each link names its debt
    assert "全额还上 2 笔的最低还款；2 笔还不上全额，其中 1 笔原本没有逾期、这个月会逾期" in message
    # the links: D's letter counts what A, B and C get (200 + 300 + 0 = 500), C's what A, B and D get (1,200)
    assert [fragment_fields(link)[1]["debts.0.payment"] for link in letter_links(message)] == ["500.00", "1200.00"]


def test_the_shortfall_message_links_to_the_method_on_this_page_and_warns_before_writing() -> None:
    message = run(raw_two(budget="120"))["result"]["html"]["message"]
    assert 'href="#钱不够还最低还款时怎么分"' in message
    assert "本计算器自己的排法" in message and "不是法律或贷款方的规定" in message
    assert "承认这笔债" in message and "法律援助" in message  # a request restarts the limitation period
    assert "你选了" not in message  # nobody chose 先保住: it is not mentioned
    marked = run(raw_two(budget="120", d0__keep="yes"))["result"]
    # 网商贷 marked: its 100 first, the card gets the 20 left
    assert [(row["name"], row["pay"]) for row in marked["tables"]["allocation"]] == [("网商贷", "100.00"), ("信用卡", "20.00")]
    assert "你选了“先保住”的那几笔排在最前面" in marked["html"]["message"]
    assert marked["tables"]["allocation"][0]["why"].startswith("你选了先保住这一笔。")


def test_the_page_section_the_message_links_to_exists() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "calculators" / "debts.md").read_text(encoding="utf-8")
    assert "\n## 钱不够还最低还款时怎么分\n" in page


# ---- properties of the allocation (hypothesis), against an exact rational reference ----


@st.composite
def short_cases(draw: st.DrawFn, max_debts: int = 7) -> tuple[tuple[Debt, ...], Decimal]:
    """1–max_debts debts and a budget from 0 to one fen below this month's minimums."""
    count = draw(st.integers(1, max_debts))
    debts = []
    for index in range(count):
        balance = D(draw(st.integers(1, 5_000_000))).scaleb(-2)
        rate = monthly_rate("annual", D(draw(st.integers(0, 3600))).scaleb(-2))
        # minimums often equal, so that ties and the row order matter
        minimum = D(draw(st.one_of(st.sampled_from([0, 10_000, 20_000, 50_000]), st.integers(0, 300_000)))).scaleb(-2)
        debts.append(Debt(f"d{index}", balance, rate, minimum, overdue=draw(st.booleans()), keep=draw(st.integers(0, 4)) == 0))
    debts_t = tuple(debts)
    minimums_fen = int(minimums_due(debts_t) * 100)
    assume(minimums_fen > 0)
    budget = D(draw(st.integers(0, minimums_fen - 1))).scaleb(-2)
    return debts_t, budget


def reference_due(debt: Debt) -> Fraction:
    """This month's minimum as Fractions in 元: min(minimum, balance + interest rounded half up once)."""
    balance = Fraction(debt.balance)
    return min(Fraction(debt.minimum), balance + round_half_up_fen(balance * debt.monthly_rate))


def classes(debts: list[Debt]) -> tuple[int, int, int, int]:
    """How many of `debts` are: marked and current, marked and overdue, current, overdue."""
    return (
        sum(1 for d in debts if d.keep and not d.overdue),
        sum(1 for d in debts if d.keep and d.overdue),
        sum(1 for d in debts if not d.keep and not d.overdue),
        sum(1 for d in debts if not d.keep and d.overdue),
    )


def best_counts(debts: tuple[Debt, ...], budget: Fraction) -> tuple[int, int, int, int]:
    """By brute force over every set of debts whose minimums fit in the budget: the most minimums paid in full in
    each class, the classes compared in the method's order (marked current, marked overdue, current, overdue)."""
    dues = [reference_due(debt) for debt in debts]
    best = (-1, -1, -1, -1)
    for chosen in itertools.product((False, True), repeat=len(debts)):
        if sum(due for due, on in zip(dues, chosen) if on) <= budget:
            best = max(best, classes([d for d, on in zip(debts, chosen) if on]))
    return best


@settings(max_examples=300, deadline=None)
@given(short_cases())
def test_the_pays_add_up_exactly_to_the_budget_and_never_exceed_a_minimum(case: tuple[tuple[Debt, ...], Decimal]) -> None:
    debts, budget = case
    shares = allocate(debts, budget)
    assert sorted(share.index for share in shares) == list(range(len(debts)))  # every debt once
    assert sum(Fraction(share.pay) for share in shares) == Fraction(budget)  # exactly, not to a tolerance
    for share in shares:
        debt = debts[share.index]
        assert Fraction(share.due) == reference_due(debt)
        assert 0 <= share.pay <= share.due <= debt.minimum
        assert Fraction(share.due) <= Fraction(debt.balance) + round_half_up_fen(Fraction(debt.balance) * debt.monthly_rate)
        assert share.pay == share.pay.quantize(D("0.01"))  # whole fen
    assert sum(Fraction(share.gap) for share in shares) == Fraction(minimums_due(debts) - budget)  # the shortfall


@settings(max_examples=300, deadline=None)
@given(short_cases())
def test_the_method_pays_the_most_minimums_in_full_in_its_order_of_classes(case: tuple[tuple[Debt, ...], Decimal]) -> None:
    debts, budget = case
    shares = allocate(debts, budget)
    assert classes([debts[share.index] for share in shares if share.full]) == best_counts(debts, Fraction(budget))
    # at most one part payment, and it is the first debt not paid in full, in the method's order
    short = [share for share in shares if not share.full]
    assert short  # the budget is below the minimums
    assert all(share.pay == 0 for share in short[1:])
    assert short[0].pay < min(share.due for share in short)  # what was left fits no unpaid minimum
    assert [share.index for share in shares] == sorted(
        range(len(debts)), key=lambda i: (not debts[i].keep, debts[i].overdue, reference_due(debts[i]), i)
    )


@settings(max_examples=200, deadline=None)
@given(short_cases())
def test_next_month_with_the_same_minimums_the_same_debts_are_paid_in_full(case: tuple[tuple[Debt, ...], Decimal]) -> None:
    # what the message promises: the debts kept this month stay first next month, when the ones not paid in full
    # have fallen overdue and the budget and minimums are unchanged
    debts, budget = case
    shares = allocate(debts, budget)
    full = {share.index for share in shares if share.full}
    next_month = tuple(
        Debt(d.name, d.balance, d.monthly_rate, d.minimum, overdue=d.overdue or i not in full, keep=d.keep)
        for i, d in enumerate(debts)
    )
    assert {share.index for share in allocate(next_month, budget) if share.full} == full


@settings(max_examples=100, deadline=None)
@given(short_cases(max_debts=10))
def test_the_page_shows_the_allocation_with_the_budget_as_its_total(case: tuple[tuple[Debt, ...], Decimal]) -> None:
    debts, budget = case
    raw = {
        "budget": str(budget),
        "start": "",
        "debts": [
            {
                "name": d.name,
                "balance": str(d.balance),
                "rate_kind": "annual",
                "rate": str(Decimal(d.monthly_rate.numerator * 1200) / Decimal(d.monthly_rate.denominator)),
                "minimum": str(d.minimum),
                "overdue": "yes" if d.overdue else "no",
                "keep": "yes" if d.keep else "no",
            }
            for d in debts
        ],
    }
    result = run(raw)["result"]
    table = result["tables"]["allocation"]
    assert len(table) == len(debts)
    assert sum(number_of(row["pay"]) for row in table) == budget
    assert number_of(result["values"]["shortfall"]) == minimums_due(debts) - budget


def test_reader_text_is_escaped_in_the_shortfall_message_but_plain_in_the_allocation_table() -> None:
    name = '<b>&"x'
    result = run(raw_two(budget="120", d0__name=name))["result"]
    message = result["html"]["message"]
    assert "<b>" not in message and "&lt;b&gt;&amp;&quot;x" in message  # in the list and in the link text
    assert result["tables"]["allocation"][1]["name"] == name  # tables are set as text, never as HTML
