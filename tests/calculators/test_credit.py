"""征信记录时间线: the worked examples of DOMAIN.md, the rules' edges, and what readers type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import credit
from calculators.credit import Episode, add_years, assess, end_of_month_after, repair_2025, shown_until
from calculators.datasets import REPOSITORY_DATA, DataError, Dataset, from_repository
from calculators.forms import FieldErrors

TODAY = dt.date(2026, 11, 25)
RULES = credit.rules()


def episode(began: str, amount: str, repaid: str | None) -> Episode:
    return Episode(dt.date.fromisoformat(began), Decimal(amount), dt.date.fromisoformat(repaid) if repaid else None)


def run(rows: list[dict[str, str]], today: dt.date = TODAY, as_of: str = "") -> dict:
    return credit.compute({"as_of": as_of, "episodes": rows}, today=today)


def month(text: str) -> dt.date:
    return dt.date.fromisoformat(text + "-01")


def row(began: str, amount: str, repaid: str) -> dict[str, str]:
    return {"overdue_from": began, "overdue_amount": amount, "repaid_on": repaid}


# ---- DOMAIN.md "Examples for tests" ------------------------------------------------


def test_repaid_before_the_end_of_november_2025_is_hidden_from_new_year_2026() -> None:
    # 3,000 元 overdue from 2023-06, repaid 2025-11-10 ≤ 2025-11-30 → not shown from 2026-01-01;
    # every month (2023-06 … 2025-11) lies inside 2020-01 … 2025-12: the whole episode is covered
    verdict = repair_2025(episode("2023-06-01", "3000", "2025-11-10"), RULES, TODAY)
    assert verdict.covered and not verdict.partial and verdict.verdict == "适用"
    assert (verdict.hidden, verdict.hidden_is_start) == (dt.date(2026, 1, 1), True)
    assert verdict.hidden_text == "2026 年 1 月 1 日起"
    assert verdict.covered_months == (month("2023-06"), month("2025-11"))


def test_still_unpaid_in_2026_the_months_up_to_2025_12_are_covered_and_the_2026_months_are_not() -> None:
    # The same 3,000 元 from 2023-06, repaid only on 2026-02-10, so the January and February 2026 reports
    # still showed it overdue:
    # - 2023-06 … 2025-12: inside the window, 3,000 ≤ 10,000, repaid 2026-02-10 ≤ 2026-03-31 → covered;
    #   repaid after 2025-11-30, so gone by the end of the month after February: 2026-03-31;
    # - 2026-01 and 2026-02: new 2026 information, not covered: kept until 2026-02-10 + 5 years = 2031-02-10.
    verdict = repair_2025(episode("2023-06-01", "3000", "2026-02-10"), RULES, TODAY)
    assert verdict.covered and verdict.partial and verdict.verdict == "部分适用"
    assert verdict.covered_months == (month("2023-06"), month("2025-12"))
    assert verdict.after_window == (month("2026-01"), month("2026-02"))
    assert verdict.before_window is None
    assert (verdict.hidden, verdict.hidden_is_start) == (dt.date(2026, 3, 31), False)
    assert verdict.hidden_text == "2026 年 3 月 31 日前（2023 年 6 月至 2025 年 12 月的逾期）"
    assert "次月月底" in verdict.reasons[0]
    assert "2026 年 1 月至 2026 年 2 月" in verdict.reasons[1] and "2031 年 2 月 10 日" in verdict.reasons[1]
    assert "2026 年新产生的逾期信息不在范围内" in verdict.reasons[1]
    assert "公开解读" in verdict.reasons[-1] and "以征信中心的实际展示为准" in verdict.reasons[-1]


def test_the_2026_split_on_the_page_partly_covered_with_both_dates() -> None:
    result = run([row("2023-06", "3000", "2026-02-10")])
    assert result["values"] == {
        "shown_until": "2031 年 2 月 10 日",  # 2026-02-10 + 5 years: the 2026 months stay until then
        "repair": "部分适用",
        "hidden_from": "2026 年 3 月 31 日前（2023 年 6 月至 2025 年 12 月的逾期）",
    }
    table = result["tables"]["episodes"][0]
    assert table["repair"] == "部分适用：2023 年 6 月至 2025 年 12 月的逾期适用，2026 年 1 月至 2026 年 2 月的不适用"
    assert table["shown_until"] == "2031 年 2 月 10 日（还清后满 5 年）"
    explained = result["html"]["explained"]
    assert "一次性信用修复：部分适用。" in explained
    assert "其余月份的记录仍保存到 2031 年 2 月 10 日" in explained
    calendar = result["downloads"]["calendar"]["text"]
    assert "DTSTART;VALUE=DATE:20260331" in calendar  # the covered months gone by then
    assert "DTSTART;VALUE=DATE:20310210" in calendar  # the 2026 months kept until then
    assert "部分逾期记录不再展示" in calendar


def test_a_month_of_twelve_thousand_is_not_covered_and_says_why() -> None:
    verdict = repair_2025(episode("2023-06-01", "12000", "2025-11-10"), RULES, TODAY)
    assert not verdict.covered and verdict.hidden is None and verdict.verdict == "不适用"
    assert any("12,000.00" in reason and "10,000" in reason for reason in verdict.reasons)
    assert verdict.reasons[-1] == "只能按保存期限处理：从还清之日起满 5 年。"


def test_an_episode_that_began_in_2026_is_not_covered_at_all() -> None:
    # every month (2026-01, 2026-02) is after 2025-12: nothing inside the window
    verdict = repair_2025(episode("2026-01-01", "3000", "2026-02-10"), RULES, TODAY)
    assert not verdict.covered and verdict.hidden is None and verdict.covered_months is None
    assert "2026 年新产生的逾期信息不在范围内" in verdict.reasons[0]
    result = run([row("2026-01", "3000", "2026-02-10")])
    assert result["values"]["repair"] == "不适用"
    assert result["values"]["hidden_from"] == "不适用"
    assert result["values"]["shown_until"] == "2031 年 2 月 10 日"  # 2026-02-10 + 5 years


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
    ("began", "amount", "repaid", "verdict", "phrase"),
    [
        ("2020-01-01", "10000", "2025-11-30", "适用", "还清得早"),  # every bound is inclusive
        ("2025-12-01", "10000", "2025-12-31", "适用", "次月月底"),  # repaid in the window's last month
        ("2025-12-01", "10000", "2026-03-31", "部分适用", "次月月底"),  # 2026-01 … 2026-03 are new information
        ("2019-12-01", "3000", "2025-11-10", "部分适用", "2019 年 12 月的逾期产生在政策规定的逾期时间之前"),
        ("2018-06-01", "3000", "2019-11-30", "不适用", "都在政策规定的逾期时间（2020 年 1 月 1 日至 2025 年 12 月 31 日）之前"),
        ("2026-01-01", "3000", "2026-02-10", "不适用", "不在政策规定的逾期时间"),
        ("2023-06-01", "10000.01", "2025-11-10", "不适用", "超过政策的金额条件"),
        ("2023-06-01", "3000", "2026-04-01", "不适用", "晚于政策要求的"),
    ],
)
def test_each_condition_of_the_repair(began: str, amount: str, repaid: str, verdict: str, phrase: str) -> None:
    repair = repair_2025(episode(began, amount, repaid), RULES, TODAY)
    assert repair.verdict == verdict
    assert phrase in "".join(repair.reasons)


def test_an_episode_that_began_before_2020_is_covered_from_2020_on() -> None:
    # 2018-06 … 2019-12: before the window, kept until 2021-05-20 + 5 years = 2026-05-20;
    # 2020-01 … 2021-05: inside; repaid 2021-05-20 ≤ 2025-11-30 → not shown from 2026-01-01
    verdict = repair_2025(episode("2018-06-01", "3000", "2021-05-20"), RULES, TODAY)
    assert verdict.verdict == "部分适用"
    assert verdict.before_window == (month("2018-06"), month("2019-12"))
    assert verdict.covered_months == (month("2020-01"), month("2021-05"))
    assert verdict.after_window is None
    assert verdict.hidden_text == "2026 年 1 月 1 日起（2020 年 1 月至 2021 年 5 月的逾期）"
    assert "2018 年 6 月至 2019 年 12 月" in verdict.reasons[1] and "2026 年 5 月 20 日" in verdict.reasons[1]


def test_an_episode_across_both_ends_of_the_window() -> None:
    # 2019-10 … 2019-12 before, 2020-01 … 2025-12 inside, 2026-01 … 2026-03 after; repaid on the deadline
    # 2026-03-31 (inclusive) → the inside months are gone by the end of April 2026 (30 days)
    verdict = repair_2025(episode("2019-10-01", "3000", "2026-03-31"), RULES, TODAY)
    assert (verdict.before_window, verdict.covered_months, verdict.after_window) == (
        (month("2019-10"), month("2019-12")),
        (month("2020-01"), month("2025-12")),
        (month("2026-01"), month("2026-03")),
    )
    assert verdict.hidden == dt.date(2026, 4, 30)
    assert verdict.summary == (
        "部分适用：2020 年 1 月至 2025 年 12 月的逾期适用，2019 年 10 月至 2019 年 12 月和 2026 年 1 月至 2026 年 3 月的不适用"
    )


def test_every_failed_condition_is_listed() -> None:
    verdict = repair_2025(episode("2026-01-01", "20000", "2026-05-01"), RULES, TODAY)
    assert len(verdict.reasons) == 4  # window, amount, deadline, then the retention sentence


def test_a_partly_covered_episode_fails_as_a_whole_when_the_amount_or_the_deadline_fails() -> None:
    # the split only applies to what could be covered: 12,000 a month or a repayment after 2026-03-31 covers nothing
    assert not repair_2025(episode("2023-06-01", "12000", "2026-02-10"), RULES, TODAY).covered
    assert not repair_2025(episode("2023-06-01", "3000", "2026-04-10"), RULES, TODAY).covered


def test_the_amount_is_taken_as_every_months_amount_and_the_method_says_so() -> None:
    method = "".join(credit.FORM.method)
    assert "每个月的逾期金额" in method and "偏保守" in method
    assert "部分适用" in method and "公开解读" in method


def test_not_repaid_the_clock_has_not_started_and_today_is_projected() -> None:
    result = assess(episode("2024-06-01", "8000", None), RULES, TODAY)
    assert result.shown_until is None
    assert result.if_repaid_today is not None
    until, if_today = result.if_repaid_today
    assert until == dt.date(2031, 11, 25)  # TODAY + 5 years
    assert not if_today.covered  # the deadline 2026-03-31 has passed


@pytest.mark.parametrize(
    ("today", "until", "verdict", "hidden"),
    [
        # unpaid since 2025-06, 3,000 元 a month; "if repaid today": five years on, and the repair's answer
        ("2025-12-31", "2030-12-31", "适用", "2026-01-31"),  # after 2025-11-30: end of the following month
        ("2026-01-31", "2031-01-31", "部分适用", "2026-02-28"),  # 2026-01 reported overdue: new information
        ("2026-02-28", "2031-02-28", "部分适用", "2026-03-31"),
        ("2026-03-31", "2031-03-31", "部分适用", "2026-04-30"),  # the deadline itself still counts
        ("2026-04-01", "2031-04-01", "不适用", None),
        ("2026-12-31", "2031-12-31", "不适用", None),
        ("2028-02-29", "2033-02-28", "不适用", None),  # no 29 February in 2033
    ],
)
def test_not_repaid_at_several_todays(today: str, until: str, verdict: str, hidden: str | None) -> None:
    day = dt.date.fromisoformat(today)
    result = assess(episode("2025-06-01", "3000", None), RULES, day)
    assert result.shown_until is None and not result.repair.covered
    assert result.if_repaid_today is not None
    projected_until, if_today = result.if_repaid_today
    assert projected_until == dt.date.fromisoformat(until)
    assert if_today.verdict == verdict
    assert if_today.hidden == (dt.date.fromisoformat(hidden) if hidden else None)
    page = run([row("2025-06", "3000", "")], today=day)
    assert page["tables"]["episodes"][0]["shown_until"] == f"还没开始计算；如果今天还清，到 {credit.date_text(projected_until)}"
    assert ("今天还清还能赶上一次性信用修复" in page["html"]["explained"]) is (hidden is not None)


def test_not_repaid_before_the_deadline_repaying_today_would_still_be_covered() -> None:
    today = dt.date(2026, 2, 10)
    result = assess(episode("2024-06-01", "8000", None), RULES, today)
    assert not result.repair.covered
    assert "还没有还清" in result.repair.reasons[0]
    assert result.if_repaid_today is not None
    until, if_today = result.if_repaid_today
    assert until == dt.date(2031, 2, 10)
    assert if_today.covered and if_today.hidden == dt.date(2026, 3, 31)
    assert if_today.after_window == (month("2026-01"), month("2026-02"))  # still overdue in 2026: partly
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
    assert RULES.fact("regulation") + RULES.fact("article") == "《征信业管理条例》第十六条"
    assert RULES.fact("after_window") == "2026 年新产生的逾期信息不在范围内"


def test_the_window_must_be_whole_months() -> None:
    dataset = from_repository("credit_rules")
    repair = dataset.data["repair_2025"]
    broken = {**dataset.data, "repair_2025": {**repair, "window": {**repair["window"], "to": "2025-12-30"}}}
    with pytest.raises(DataError) as caught:
        credit.load_rules(Dataset(dataset.name, broken, dataset.facts))
    assert caught.value.key == "repair_2025.window"


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


def test_a_repayment_month_on_the_last_day_of_february() -> None:
    # today 2026-02-28 and "repaid 2026-02": the 28th; 2025-06 … 2025-12 covered, gone by 2026-03-31;
    # 2026-01 and 2026-02 kept until 2026-02-28 + 5 years = 2031-02-28
    result = run([row("2025-06", "3000", "2026-02")], today=dt.date(2026, 2, 28))
    table = result["tables"]["episodes"][0]
    assert table["repaid_on"] == "2026 年 2 月（按 28 日算）"
    assert table["shown_until"] == "2031 年 2 月 28 日（还清后满 5 年）"
    assert table["hidden_from"] == "2026 年 3 月 31 日前（2025 年 6 月至 2025 年 12 月的逾期）"


@pytest.mark.parametrize(
    ("rows", "headline"),
    [
        ([row("2023-06", "3000", "2025-11-10"), row("2024-01", "5000", "2025-10-01")], "全部适用"),
        ([row("2023-06", "3000", "2025-11-10"), row("2023-06", "3000", "2026-02-10")], "2 段中有 1 段适用、1 段部分适用"),
        ([row("2023-06", "3000", "2026-02-10"), row("2024-03", "12000", "2026-03-15")], "2 段中有 1 段部分适用"),
        ([row("2023-06", "3000", "2025-11-10"), row("2024-03", "12000", "2026-03-15")], "2 段中有 1 段适用"),
        ([row("2026-01", "3000", "2026-02-10"), row("2024-03", "12000", "2026-03-15")], "都不适用"),
    ],
)
def test_the_headline_counts_whole_and_partial_episodes(rows: list[dict[str, str]], headline: str) -> None:
    assert run(rows)["values"]["repair"] == headline


def test_the_pages_worked_examples_state_what_the_tool_computes() -> None:
    import yaml

    facts = yaml.safe_load((REPOSITORY_DATA / "facts" / "credit.yml").read_text(encoding="utf-8"))["facts"]
    value = {key: entry["value"] for key, entry in facts.items()}
    late = repair_2025(episode("2023-06-01", "3000", "2026-02-10"), RULES, TODAY)
    assert credit.date_text(late.hidden) in value["example_repair_hidden_late"]  # 2026 年 3 月 31 日
    assert credit.month_text(late.covered_months[1]) in value["example_repair_hidden_late"]  # 2025 年 12 月
    kept = credit.date_text(shown_until(dt.date(2026, 2, 10), RULES))
    assert kept in value["example_repair_2026_months"]  # 2031 年 2 月 10 日
    early = repair_2025(episode("2023-06-01", "3000", "2025-11-10"), RULES, TODAY)
    assert value["example_repair_hidden_early"].startswith(early.hidden_text)
    assert not repair_2025(episode("2026-01-01", "3000", "2026-02-10"), RULES, TODAY).covered
    assert value["example_repair_2026_start"].startswith("2026 年 1 月")


def test_the_legal_names_and_figures_in_the_texts_come_from_the_facts() -> None:
    # swap the facts' texts: every text the tool writes follows them, none is typed in the code
    dataset = from_repository("credit_rules")
    swapped = {**dataset.facts, "credit_negative_retention": "七 年", "credit_reg_art16": "第九十九条", "credit_reg_name": "《某条例》"}
    rules = credit.load_rules(Dataset(dataset.name, dataset.data, swapped))
    results = [assess(episode("2023-06-01", "3000", "2026-02-10"), rules, TODAY), assess(episode("2024-03-01", "12000", None), rules, TODAY)]
    page = credit.result_of(results, rules, TODAY)
    texts = [page["html"]["explained"], page["html"]["timeline"], page["downloads"]["calendar"]["text"]]
    texts += [cell for table_row in page["tables"]["episodes"] for cell in table_row.values()]
    everything = "".join(texts)
    assert "七 年" in everything and "《某条例》第九十九条" in everything
    for typed in ("五年", "满 5 年", "第十六条", "征信业管理条例"):
        assert typed not in everything, typed


# ---- every month in its place: a month-by-month reference ---------------------------------

WINDOW_FIRST, WINDOW_LAST = dt.date(2020, 1, 1), dt.date(2025, 12, 1)  # the window's months, from the data


def months_of(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first` to `last`, one by one (the reference does not use the tool's arithmetic)."""
    found, current = [], first.replace(day=1)
    while current <= last:
        found.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return found


@settings(max_examples=300, deadline=None)
@given(
    began=st.dates(dt.date(2016, 1, 1), dt.date(2027, 12, 31)),
    days_overdue=st.integers(0, 3000),
    repaid=st.booleans(),
    amount=st.sampled_from(["1", "9999.99", "10000", "10000.01", "50000"]),
)
def test_each_month_falls_before_inside_or_after_the_window(began: dt.date, days_overdue: int, repaid: bool, amount: str) -> None:
    end = began + dt.timedelta(days=days_overdue)
    today = end if not repaid else end + dt.timedelta(days=10)
    verdict = repair_2025(Episode(began, Decimal(amount), end if repaid else None), RULES, today)
    months = months_of(began, end if repaid else today)
    classes = {
        "before": [m for m in months if m < WINDOW_FIRST],
        "inside": [m for m in months if WINDOW_FIRST <= m <= WINDOW_LAST],
        "after": [m for m in months if m > WINDOW_LAST],
    }
    covered = bool(classes["inside"]) and Decimal(amount) <= 10000 and repaid and end <= dt.date(2026, 3, 31)
    assert verdict.covered is covered
    if covered:
        spans = {"before": verdict.before_window, "inside": verdict.covered_months, "after": verdict.after_window}
        for name, listed in classes.items():
            assert spans[name] == ((listed[0], listed[-1]) if listed else None), name
        assert verdict.partial is bool(classes["before"] or classes["after"])
    else:
        assert verdict.hidden is None and verdict.verdict == "不适用"
