"""逾期罚息: hand-computed answers, invariants, and the browser entry point's contract."""

from decimal import Decimal

import pytest

from calculators.penalty import (
    FORM,
    TABLE_DAYS,
    compute,
    daily_from_annual,
    overdue_cost,
    penalty_daily_rate,
    penalty_interest,
    table_days,
)


@pytest.mark.parametrize(
    ("principal", "daily_rate", "days", "markup", "expected"),
    [
        # 10,000 × 0.0005 × 1.5 × 30 = 225 (the example in the domain brief)
        ("10000", "0.0005", 30, "0.5", Decimal("225.00")),
        # 10,000 × 0.0005 × 1.3 × 30 = 195
        ("10000", "0.0005", 30, "0.3", Decimal("195.00")),
        # 10,000 × 0.0005 × 1.0 × 1 = 5 (no markup: plain interest)
        ("10000", "0.0005", 1, "0", Decimal("5.00")),
        # 333.33 × 0.0003 × 1.5 × 7 = 1.04998... → 1.05 (half-up at the fen)
        ("333.33", "0.0003", 7, "0.5", Decimal("1.05")),
        # 100 × 0.0001 × 1.5 × 1 = 0.015 → 0.02 (exactly half a fen rounds up)
        ("100", "0.0001", 1, "0.5", Decimal("0.02")),
        # 100 × 0.0001 × 1.5 × 3 = 0.045 → 0.05
        ("100", "0.0001", 3, "0.5", Decimal("0.05")),
        # zero days: nothing accrues
        ("10000", "0.0005", 0, "0.5", Decimal("0.00")),
    ],
)
def test_penalty_interest_known_answers(principal: str, daily_rate: str, days: int, markup: str, expected: Decimal) -> None:
    assert penalty_interest(principal, daily_rate, days, markup) == expected


def test_a_fifty_percent_markup_is_one_and_a_half_times_plain_interest() -> None:
    for principal in ("1000", "12345.67", "500000"):
        plain = Decimal(principal) * Decimal("0.0004") * 45
        assert penalty_interest(principal, "0.0004", 45, "0.5") == (plain * Decimal("1.5")).quantize(Decimal("0.01"))


def test_penalty_grows_with_days_and_with_principal() -> None:
    by_day = [penalty_interest("8000", "0.00035", day, "0.5") for day in range(0, 120)]
    assert by_day == sorted(by_day) and by_day[0] == 0 and by_day[-1] > by_day[1]
    by_principal = [penalty_interest(p, "0.00035", 30, "0.5") for p in ("100", "1000", "10000", "100000")]
    assert by_principal == sorted(by_principal) and len(set(by_principal)) == 4


def test_floats_are_refused_because_their_value_is_not_the_typed_one() -> None:
    with pytest.raises(TypeError, match="not float"):
        penalty_interest(10000.0, "0.0005", 30, "0.5")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not float"):
        penalty_daily_rate(0.0005, "0.5")  # type: ignore[arg-type]


def test_negative_days_and_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        penalty_interest("100", "0.0005", -1, "0.5")
    with pytest.raises(ValueError):
        penalty_interest("-100", "0.0005", 1, "0.5")


def test_daily_rate_from_annual_uses_the_chosen_day_basis() -> None:
    assert daily_from_annual("0.18", 360) == Decimal("0.0005")  # 18 % / 360
    assert daily_from_annual("0.1825", 365) == Decimal("0.0005")  # 18.25 % / 365
    with pytest.raises(ValueError, match="day_basis"):
        daily_from_annual("0.18", 366)


def test_compound_interest_is_charged_on_unpaid_interest_at_the_penalty_rate() -> None:
    cost = overdue_cost("10000", "300", "0.0005", 30, "0.5", compound=True)
    # 罚息 10,000 × 0.00075 × 30 = 225; 复利 300 × 0.00075 × 30 = 6.75
    assert (cost.penalty, cost.compound, cost.extra) == (Decimal("225.00"), Decimal("6.75"), Decimal("231.75"))
    # total = 10,000 + 300 + 225 + 6.75
    assert cost.total == Decimal("10531.75")
    assert cost.penalty_daily_rate == Decimal("0.00075")
    assert cost.penalty_annual_rate == Decimal("0.27")  # 0.00075 × 360
    without = overdue_cost("10000", "300", "0.0005", 30, "0.5", compound=False)
    assert without.compound == 0 and without.total == Decimal("10525.00")


def test_day_rows_add_up_to_the_totals_exactly() -> None:
    cost = overdue_cost("7777.77", "123.45", "0.000333", 10, "0.45", compound=True)
    assert [row.day for row in cost.rows] == list(range(1, 11))
    assert sum(row.added for row in cost.rows) == cost.extra
    assert cost.rows[-1].total == cost.total
    assert all(later.total >= earlier.total for earlier, later in zip(cost.rows, cost.rows[1:]))


def test_table_shows_the_first_days_then_the_last() -> None:
    assert table_days(3) == (1, 2, 3)
    assert table_days(TABLE_DAYS) == tuple(range(1, TABLE_DAYS + 1))
    assert table_days(90) == (*range(1, TABLE_DAYS + 1), 90)
    cost = overdue_cost("10000", "0", "0.0005", 90, "0.5", compound=True)
    assert cost.rows[-1].day == 90 and cost.rows[-1].penalty == cost.penalty
    assert cost.rows[-1].added == cost.penalty - penalty_interest("10000", "0.0005", 89, "0.5")


def test_zero_in_gives_zero_out() -> None:
    cost = overdue_cost("0", "0", "0.0005", 30, "0.5", compound=True)
    assert cost.extra == 0 and cost.total == 0


# ---- the browser entry point -------------------------------------------------


def test_the_form_defaults_compute_the_domain_example() -> None:
    result = compute(FORM.defaults())
    # defaults: 10,000 yuan, 0.05 % a day, 30 days, 50 % markup → 225.00
    assert FORM.defaults()["principal"] == "10000" and FORM.defaults()["days"] == "30"
    assert result["values"]["penalty"] == "225.00"
    assert result["values"]["total"] == "10,225.00"
    assert result["values"]["penalty_daily_rate"] == "0.075"  # 0.05 × 1.5
    assert result["values"]["penalty_annual_rate"] == "27"  # 0.075 × 360


def test_an_annual_rate_is_turned_into_a_daily_rate_on_the_chosen_basis() -> None:
    annual = compute({**FORM.defaults(), "rate_kind": "annual", "rate": "18"})
    daily = compute({**FORM.defaults(), "rate_kind": "daily", "rate": "0.05"})
    assert annual == daily  # 18 % / 360 = 0.05 % a day
    on_365 = compute({**FORM.defaults(), "rate_kind": "annual", "rate": "18.25", "day_basis": "365"})
    assert on_365["values"]["penalty"] == "225.00"  # 18.25 % / 365 = 0.05 % a day


def test_run_reports_every_bad_field_at_once() -> None:
    outcome = run_form({**FORM.defaults(), "principal": "-1", "days": "3.5", "rate": "abc", "markup": "500"})
    assert outcome["ok"] is False
    assert set(outcome["errors"]) == {"principal", "days", "rate", "markup"}
    assert outcome["errors"]["markup"] == "罚息上浮比例不能超过 100 %。"


def test_rate_bounds_follow_the_rate_kind() -> None:
    assert run_form({**FORM.defaults(), "rate_kind": "annual", "rate": "24"})["ok"] is True
    too_high_daily = run_form({**FORM.defaults(), "rate_kind": "daily", "rate": "24"})
    assert too_high_daily["errors"]["rate"] == "日利率不能超过 0.1 %。"
    too_high_annual = run_form({**FORM.defaults(), "rate_kind": "annual", "rate": "40"})
    assert too_high_annual["errors"]["rate"] == "年化利率不能超过 36 %。"


def test_interest_may_be_left_empty() -> None:
    assert compute({**FORM.defaults(), "interest": ""}) == compute({**FORM.defaults(), "interest": "0"})


def run_form(raw: dict[str, str]) -> dict:
    from calculators.penalty import CALCULATOR

    return CALCULATOR.run(raw)


# ---- exactness, interest-only, acceleration, waiting ------------------------------------

import random  # noqa: E402
from fractions import Fraction  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from calculators.datasets import DataError, resolve  # noqa: E402
from calculators.penalty import Acceleration, load_rules, rules, warning_html  # noqa: E402


def test_an_annual_rate_landing_on_exactly_half_a_fen_rounds_up() -> None:
    # 39.00 × 35 % × 2 / 360 × 6 = 0.455 exactly → 0.46 (dividing by 360 first at 34 digits gave 0.45)
    shown = compute({**FORM.defaults(), "principal": "39", "interest": "0", "rate_kind": "annual", "rate": "35",
                     "days": "6", "markup": "100", "day_basis": "360"})
    assert shown["values"]["penalty"] == "0.46"


def test_an_overdue_of_interest_only_is_computed_with_principal_zero() -> None:
    # 先息后本: 300 of interest overdue, compound at the penalty rate: 300 × 0.00075 × 30 = 6.75
    shown = compute({**FORM.defaults(), "principal": "0", "interest": "300", "compound": "yes"})["values"]
    assert (shown["penalty"], shown["compound"], shown["total"]) == ("0.00", "6.75", "306.75")
    both_zero = run_form({**FORM.defaults(), "principal": "0", "interest": "0"})
    assert list(both_zero["errors"]) == ["principal"]


def test_acceleration_makes_the_remaining_principal_bear_the_penalty_rate_from_its_day() -> None:
    # 1,000 overdue, 20,000 remaining declared due on overdue day 11; 30 days at 0.00075 a day:
    # 1,000 × 0.00075 × 30 = 22.50; 20,000 × 0.00075 × (30 − 11 + 1 = 20) = 300.00
    cost = overdue_cost("1000", "0", "0.0005", 30, "0.5", compound=False,
                        acceleration=Acceleration(remaining=Fraction(20000), from_day=11))
    assert (cost.penalty, cost.accelerated, cost.extra) == (Decimal("22.50"), Decimal("300.00"), Decimal("322.50"))
    assert cost.total == Decimal("21322.50")  # 1,000 + 20,000 now due + 322.50
    # the table shows days 1–10 (before day 11: nothing on the remaining principal) and day 30
    assert [row.accelerated for row in cost.rows] == [Decimal("0.00")] * 10 + [Decimal("300.00")]
    on_day_11 = overdue_cost("1000", "0", "0.0005", 11, "0.5", compound=False,
                             acceleration=Acceleration(remaining=Fraction(20000), from_day=11))
    assert on_day_11.accelerated == Decimal("15.00")  # 20,000 × 0.00075 × 1 day
    short = overdue_cost("1000", "0", "0.0005", 10, "0.5", compound=False,
                         acceleration=Acceleration(remaining=Fraction(20000), from_day=5))
    assert sum(row.added for row in short.rows) == short.extra  # every day shown: the rows add up
    form = compute({**FORM.defaults(), "principal": "1000", "accelerate": "yes", "remaining": "20000",
                    "accelerate_day": "11", "compound": "no"})["values"]
    assert form["accelerated"] == "300.00" and form["extra"] == "322.50"


def test_acceleration_fields_are_required_once_chosen() -> None:
    outcome = run_form({**FORM.defaults(), "accelerate": "yes", "remaining": "", "accelerate_day": "0"})
    assert set(outcome["errors"]) == {"remaining", "accelerate_day"}


def test_the_cost_of_waiting_is_the_difference_of_two_totals() -> None:
    # defaults: 7.50 a day; 7 more days = 52.50; at 60 days and 30 more: 30 × 7.50 = 225.00
    assert compute(FORM.defaults())["values"]["wait_cost"] == "52.50"
    assert compute({**FORM.defaults(), "days": "60", "wait_days": "30"})["values"]["wait_cost"] == "225.00"


def test_a_penalty_rate_above_the_court_line_is_flagged_and_one_below_is_not() -> None:
    # default 0.05 % × 1.5 × 360 = 27 % > 24 %
    assert 'data-message="over_court_line"' in compute(FORM.defaults())["html"]["warning"]
    # 0.04 % × 1.5 × 360 = 21.6 %
    assert compute({**FORM.defaults(), "rate": "0.04"})["html"]["warning"] == ""


def test_the_court_line_and_its_source_are_the_facts_never_figures_in_the_code() -> None:
    facts = yaml.safe_load(Path("data/facts/penalty.yml").read_text(encoding="utf-8"))["facts"]
    # "24%" → 24/100; the warning names the document as the fact words it
    assert Fraction(facts["court_reduction_line"]["value"].rstrip("%")) / 100 == rules().court_line
    assert rules().court_line_source == facts["court_reduction_source"]["value"]
    assert facts["court_reduction_source"]["value"] in compute(FORM.defaults())["html"]["warning"]


def test_a_different_line_in_the_facts_moves_the_warning_with_it() -> None:
    # a fact saying 20 % would flag 21 % (21 > 20) and name that figure; 19 % stays quiet
    twenty = load_rules(resolve("penalty_rules", {"court_line": {"fact": "line", "source_fact": "doc"}},
                                {"line": "20%", "doc": "某文件 第二条"}))
    assert twenty.court_line == Fraction(1, 5)
    flagged = warning_html(Fraction(21, 100), twenty)
    assert "高于 20%" in flagged and "（某文件 第二条）" in flagged
    assert warning_html(Fraction(19, 100), twenty) == ""


@pytest.mark.parametrize("shown", ["二成四", "24", "0%", "150%"])
def test_a_court_line_fact_that_is_not_an_annual_percent_is_refused_by_key(shown: str) -> None:
    dataset = resolve("penalty_rules", {"court_line": {"fact": "line", "source_fact": "doc"}}, {"line": shown, "doc": "x"})
    with pytest.raises(DataError) as caught:
        load_rules(dataset)
    assert caught.value.key == "court_line.fact"


CASES = random.Random(7)


@pytest.mark.parametrize("case", range(200))
def test_every_amount_is_the_exact_rational_value_rounded_half_up_once(case: int) -> None:
    principal = Fraction(CASES.randint(0, 5_000_000), 100)
    interest = Fraction(CASES.randint(0, 100_000), 100)
    annual = Fraction(CASES.randint(1, 3600), 10000)
    basis = CASES.choice([360, 365])
    markup = Fraction(CASES.randint(0, 100), 100)
    days = CASES.randint(1, 400)
    raw = {**FORM.defaults(), "principal": str(Decimal(principal.numerator) / principal.denominator),
           "interest": str(Decimal(interest.numerator) / interest.denominator), "rate_kind": "annual",
           "rate": str(Decimal(annual.numerator * 100) / annual.denominator), "day_basis": str(basis),
           "markup": str(Decimal(markup.numerator * 100) / markup.denominator), "days": str(days), "compound": "yes"}
    if principal == 0 and interest == 0:
        return
    shown = compute(raw)["values"]
    daily = annual / basis * (1 + markup)

    def half_up(exact: Fraction) -> str:
        fen, remainder = divmod(exact * 100, 1)
        fen += 1 if remainder * 2 >= 1 else 0
        return f"{Decimal(int(fen)) / 100:,.2f}"

    assert shown["penalty"] == half_up(principal * daily * days)
    assert shown["compound"] == half_up(interest * daily * days)
