"""征信记录时间线: the worked examples of DOMAIN.md, the rules' edges, and what readers type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculators import credit
from calculators.credit import Episode, add_years, assess, end_of_month_after, repair_2025, shown_until
from calculators.datasets import DataError, from_repository
from calculators.forms import FieldErrors

TODAY = dt.date(2026, 11, 25)
RULES = credit.rules()


def episode(began: str, amount: str, repaid: str | None) -> Episode:
    return Episode(dt.date.fromisoformat(began), Decimal(amount), dt.date.fromisoformat(repaid) if repaid else None)


def run(rows: list[dict[str, str]], today: dt.date = TODAY, as_of: str = "") -> dict:
    return credit.compute({"as_of": as_of, "episodes": rows}, today=today)


# ---- DOMAIN.md "Examples for tests" ------------------------------------------------


def test_repaid_before_the_end_of_november_2025_is_hidden_from_new_year_2026() -> None:
    # 3,000 元 overdue from 2023-06, repaid 2025-11-10 ≤ 2025-11-30 → not shown from 2026-01-01
    verdict = repair_2025(episode("2023-06-01", "3000", "2025-11-10"), RULES, TODAY)
    assert verdict.covered
    assert (verdict.hidden, verdict.hidden_is_start) == (dt.date(2026, 1, 1), True)
    assert verdict.hidden_text == "2026 年 1 月 1 日起"


def test_repaid_later_is_hidden_by_the_end_of_the_following_month() -> None:
    # repaid 2026-02-10: the month after February is March, which ends on the 31st
    verdict = repair_2025(episode("2023-06-01", "3000", "2026-02-10"), RULES, TODAY)
    assert verdict.covered
    assert (verdict.hidden, verdict.hidden_is_start) == (dt.date(2026, 3, 31), False)
    assert verdict.hidden_text == "2026 年 3 月 31 日前"


def test_a_month_of_twelve_thousand_is_not_covered_and_says_why() -> None:
    verdict = repair_2025(episode("2023-06-01", "12000", "2025-11-10"), RULES, TODAY)
    assert not verdict.covered and verdict.hidden is None
    assert any("12,000.00" in reason and "10,000" in reason for reason in verdict.reasons)
    assert verdict.reasons[-1] == "只能按五年的保存期限处理。"


def test_five_years_from_the_repayment_day_with_the_boundary_stated() -> None:
    # repaid 2026-03-15 → the five years are complete on 2031-03-15
    result = run([{"overdue_from": "2024-03", "overdue_amount": "12000", "repaid_on": "2026-03-15"}])
    assert result["values"]["shown_until"] == "2031 年 3 月 15 日"
    assert result["tables"]["episodes"][0]["shown_until"].startswith("2031 年 3 月 15 日")
    explained = result["html"]["explained"]
    assert "满期的那一天" in explained and "以征信中心的展示为准" in explained


# ---- the rules' edges --------------------------------------------------------------


@pytest.mark.parametrize(
    ("repaid", "until"),
    [
        ("2026-03-15", "2031-03-15"),
        ("2024-02-29", "2029-02-28"),  # no 29 February in 2029: the last day that exists
        ("2025-12-31", "2030-12-31"),
    ],
)
def test_add_five_years(repaid: str, until: str) -> None:
    assert shown_until(dt.date.fromisoformat(repaid), RULES) == dt.date.fromisoformat(until)
    assert add_years(dt.date.fromisoformat(repaid), 5) == dt.date.fromisoformat(until)


@pytest.mark.parametrize(
    ("day", "end"),
    [("2026-02-10", "2026-03-31"), ("2025-12-01", "2026-01-31"), ("2026-01-31", "2026-02-28"), ("2024-01-15", "2024-02-29")],
)
def test_end_of_the_following_month(day: str, end: str) -> None:
    assert end_of_month_after(dt.date.fromisoformat(day), 1) == dt.date.fromisoformat(end)


@pytest.mark.parametrize(
    ("began", "amount", "repaid", "covered", "phrase"),
    [
        ("2020-01-01", "10000", "2025-11-30", True, "还清得早"),  # every bound is inclusive
        ("2025-12-01", "10000", "2026-03-31", True, "次月月底"),
        ("2019-12-01", "3000", "2025-11-10", False, "不在政策规定的逾期时间"),
        ("2026-01-01", "3000", "2026-02-10", False, "不在政策规定的逾期时间"),
        ("2023-06-01", "10000.01", "2025-11-10", False, "超过政策的金额条件"),
        ("2023-06-01", "3000", "2026-04-01", False, "晚于政策要求的"),
    ],
)
def test_each_condition_of_the_repair(began: str, amount: str, repaid: str, covered: bool, phrase: str) -> None:
    verdict = repair_2025(episode(began, amount, repaid), RULES, TODAY)
    assert verdict.covered is covered
    assert phrase in "".join(verdict.reasons)


def test_every_failed_condition_is_listed() -> None:
    verdict = repair_2025(episode("2019-06-01", "20000", "2026-05-01"), RULES, TODAY)
    assert len(verdict.reasons) == 4  # window, amount, deadline, then the five-year sentence


def test_not_repaid_the_clock_has_not_started_and_today_is_projected() -> None:
    result = assess(episode("2024-06-01", "8000", None), RULES, TODAY)
    assert result.shown_until is None
    assert result.if_repaid_today is not None
    until, if_today = result.if_repaid_today
    assert until == dt.date(2031, 11, 25)  # TODAY + 5 years
    assert not if_today.covered  # the deadline 2026-03-31 has passed


def test_not_repaid_before_the_deadline_repaying_today_would_still_be_covered() -> None:
    today = dt.date(2026, 2, 10)
    result = assess(episode("2024-06-01", "8000", None), RULES, today)
    assert not result.repair.covered
    assert "还没有还清" in result.repair.reasons[0]
    assert result.if_repaid_today is not None
    until, if_today = result.if_repaid_today
    assert until == dt.date(2031, 2, 10)
    assert if_today.covered and if_today.hidden == dt.date(2026, 3, 31)
    page = credit.result_of([result], RULES, today)
    assert page["values"]["shown_until"] == "还没开始计算（有逾期还没还清）"
    assert "今天还清还能赶上一次性信用修复" in page["html"]["explained"]


# ---- the form ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2023-06", "2023/6", "2023年6月", "２０２３年６月", "2023.06"])
def test_a_month_in_the_forms_readers_type(typed: str) -> None:
    result = run([{"overdue_from": typed, "overdue_amount": "3000", "repaid_on": "2025-11-10"}])
    assert result["tables"]["episodes"][0]["overdue_from"] == "2023 年 6 月"
    assert result["values"]["hidden_from"] == "2026 年 1 月 1 日起"


@pytest.mark.parametrize("typed", ["2025-11-10", "2025/11/10", "2025年11月10日"])
def test_a_repayment_date_in_the_forms_readers_type(typed: str) -> None:
    result = run([{"overdue_from": "2023-06", "overdue_amount": "3000", "repaid_on": typed}])
    assert result["tables"]["episodes"][0]["repaid_on"] == "2025 年 11 月 10 日"


@pytest.mark.parametrize("typed", ["2026-03-01", "2026/3/1", "2026年3月1日", "２０２６／３／１", " 2026.3.1 "])
def test_the_issue_date_forms_give_the_same_day(typed: str) -> None:
    result = run([{"overdue_from": "2025-12", "overdue_amount": "3000", "repaid_on": typed}])
    row = result["tables"]["episodes"][0]
    assert row["repaid_on"] == "2026 年 3 月 1 日"
    assert "2031 年 3 月 1 日" in row["shown_until"]  # 2026-03-01 plus five years


@pytest.mark.parametrize("typed", ["3月1日", "2026年13月1日", "昨天"])
def test_a_date_that_cannot_be_read_is_a_chinese_message_at_its_field(typed: str) -> None:
    errors = errors_of([{"overdue_from": "2025-12", "overdue_amount": "3000", "repaid_on": typed}])
    assert list(errors) == ["episodes.0.repaid_on"]
    assert errors["episodes.0.repaid_on"].startswith("还清日期")


def test_a_full_date_for_the_start_is_kept_as_a_day() -> None:
    result = run([{"overdue_from": "2023-06-05", "overdue_amount": "3000", "repaid_on": "2023-06-20"}])
    assert result["tables"]["episodes"][0]["overdue_from"] == "2023 年 6 月 5 日"


def errors_of(rows: list[dict[str, str]], today: dt.date = TODAY) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught:
        run(rows, today)
    return caught.value.errors


def test_repaid_before_the_overdue_began_is_refused_at_the_field() -> None:
    errors = errors_of([{"overdue_from": "2023-06", "overdue_amount": "3000", "repaid_on": "2023-05-31"}])
    assert errors == {"episodes.0.repaid_on": "还清日期早于开始逾期的时间，请核对。"}


def test_future_dates_are_refused() -> None:
    errors = errors_of([{"overdue_from": "2027-01", "overdue_amount": "3000", "repaid_on": "2026-12-01"}])
    assert "不能晚于今天" in errors["episodes.0.overdue_from"]
    assert "不能晚于今天" in errors["episodes.0.repaid_on"]


def test_every_row_reports_its_own_errors_at_once() -> None:
    errors = errors_of(
        [
            {"overdue_from": "2023-06", "overdue_amount": "abc", "repaid_on": "2023-05-01"},
            {"overdue_from": "June", "overdue_amount": "0", "repaid_on": "2026-02-30"},
        ]
    )
    assert set(errors) == {
        "episodes.0.overdue_amount",
        "episodes.0.repaid_on",
        "episodes.1.overdue_from",
        "episodes.1.overdue_amount",
        "episodes.1.repaid_on",
    }
    assert "不是一个存在的日期" in errors["episodes.1.repaid_on"]


def test_bad_input_through_the_calculator_is_a_chinese_message_not_a_traceback() -> None:
    outcome = credit.CALCULATOR.run({"as_of": "明天", "episodes": [{"overdue_from": "x", "overdue_amount": "", "repaid_on": ""}]})
    assert outcome["ok"] is False
    assert set(outcome["errors"]) == {"as_of", "episodes.0.overdue_from", "episodes.0.overdue_amount"}
    assert all(message.endswith("。") for message in outcome["errors"].values())


def test_as_of_replaces_today() -> None:
    result = run([{"overdue_from": "2024-06", "overdue_amount": "8000", "repaid_on": ""}], as_of="2026-02-10")
    assert "2031 年 2 月 10 日" in result["tables"]["episodes"][0]["shown_until"]


def test_the_default_example_computes_and_draws_every_episode() -> None:
    outcome = credit.CALCULATOR.run(credit.FORM.defaults())
    assert outcome["ok"], outcome
    result = outcome["result"]
    assert len(result["tables"]["episodes"]) == len(credit.FORM.groups[0].rows)
    svg = result["html"]["timeline"]
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert result["downloads"]["calendar"]["text"].startswith("BEGIN:VCALENDAR")


def test_reader_text_never_reaches_the_svg_unescaped() -> None:
    # amounts and dates are parsed before drawing, so only the site's own text appears; check escaping anyway
    result = run([{"overdue_from": "2023-06", "overdue_amount": "3000", "repaid_on": "2025-11-10"}])
    assert "<script" not in result["html"]["timeline"]


def test_the_calendar_holds_the_expiry_and_the_repair_dates() -> None:
    text = run([{"overdue_from": "2023-06", "overdue_amount": "3000", "repaid_on": "2025-11-10"}])["downloads"]["calendar"]["text"]
    assert "DTSTART;VALUE=DATE:20301110" in text  # 2025-11-10 + 5 years
    assert "DTSTART;VALUE=DATE:20260101" in text  # the repair's start


# ---- the data ----------------------------------------------------------------------


def test_the_rules_come_from_the_data_and_cite_facts() -> None:
    assert RULES.retention_years == 5
    assert RULES.max_amount == Decimal(10000)
    assert RULES.fact("retention") == "5 年"
    assert RULES.fact("amount") == "不超过 10,000 元"


def test_a_broken_rules_file_names_the_key(tmp_path) -> None:
    dataset = from_repository("credit_rules")
    broken = dict(dataset.data)
    broken["repair_2025"] = {**dataset.data["repair_2025"], "repaid_by": {"date": "31/03/2026", "fact": "credit_repair_2025_deadline"}}
    with pytest.raises(DataError) as caught:
        credit.load_rules(type(dataset)(dataset.name, broken, dataset.facts))
    assert caught.value.key == "repair_2025.repaid_by.date"


def test_the_issue_example_a_month_is_enough_for_the_repayment() -> None:
    # 8,000 元 overdue from 2024-06, repaid "in 2025-03": counted as 2025-03-31, which is ≤ 2025-11-30,
    # so the repair hides it from 2026-01-01; the five years end 2030-03-31
    result = run([{"overdue_from": "2024-06", "overdue_amount": "8000", "repaid_on": "2025年3月"}])
    row = result["tables"]["episodes"][0]
    assert row["repaid_on"] == "2025 年 3 月（按 31 日算）"
    assert row["hidden_from"] == "2026 年 1 月 1 日起"
    assert row["shown_until"].startswith("2030 年 3 月 31 日")


def test_a_repayment_month_that_is_this_month_counts_as_today() -> None:
    result = run([{"overdue_from": "2024-06", "overdue_amount": "8000", "repaid_on": "2026-11"}])
    assert result["tables"]["episodes"][0]["repaid_on"] == "2026 年 11 月（按 25 日算）"  # TODAY is 2026-11-25
