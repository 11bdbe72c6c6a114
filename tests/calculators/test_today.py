""""Today" reaches a calculator in one place: Calculator.run(raw, today), fed by the page with the reader's local
date (calculators.js → calc-worker.js → calculators.browser.run). Every date-dependent tool gives the answer of the
day it is given, on the days where calendars go wrong: month ends, 12-31, 02-28 and 02-29, the first of a month."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from calculators.browser import CALCULATORS, run

# Each row: the reader's today, the start of a debts plan with no start date (the first day of next
# month), and the first due date of a repayment plan with no first due date (the same day next month, or that
# month's last day when it has no such day). Worked by hand from a calendar.
TODAYS = [
    (dt.date(2026, 12, 7), "20270101", "20270107"),
    (dt.date(2026, 12, 31), "20270101", "20270131"),
    (dt.date(2027, 1, 31), "20270201", "20270228"),  # no 31 February
    (dt.date(2027, 2, 28), "20270301", "20270328"),
    (dt.date(2027, 3, 1), "20270401", "20270401"),
    (dt.date(2027, 4, 30), "20270501", "20270530"),
    (dt.date(2028, 1, 31), "20280201", "20280229"),  # a leap year's February
    (dt.date(2028, 2, 28), "20280301", "20280328"),
    (dt.date(2028, 2, 29), "20280301", "20280329"),
]
DAYS = [today for today, _, _ in TODAYS]


def first_event(calendar: str) -> str:
    return next(line.split(":")[1] for line in calendar.split("\r\n") if line.startswith("DTSTART"))


def defaults(name: str, **changes: Any) -> dict[str, Any]:
    return {**CALCULATORS[name].form.defaults(), **changes}


@pytest.mark.parametrize(("today", "debts_start", "repayment_first"), TODAYS, ids=[d.isoformat() for d in DAYS])
def test_a_plan_with_no_start_date_starts_from_the_readers_today(today: dt.date, debts_start: str, repayment_first: str) -> None:
    # A blank start date gives exactly the plan of the start date worked out by hand, typed in.
    blank = CALCULATORS["debts"].run(defaults("debts", start=""), today)
    typed = CALCULATORS["debts"].run(defaults("debts", start=f"{debts_start[:4]}-{debts_start[4:6]}-{debts_start[6:]}"), today)
    assert blank["ok"] and blank == typed
    repayment = CALCULATORS["repayment"].run(defaults("repayment", first_due=""), today)
    assert repayment["ok"], repayment
    assert first_event(repayment["result"]["downloads"]["ics"]["text"]) == repayment_first
    # ...and another day gives another plan: the date really is the reader's
    other = CALCULATORS["repayment"].run(defaults("repayment", first_due=""), today + dt.timedelta(days=40))
    assert first_event(other["result"]["downloads"]["ics"]["text"]) != repayment_first


@pytest.mark.parametrize("today", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_credit_timeline_refuses_a_date_after_the_readers_today_and_accepts_today(today: dt.date) -> None:
    tomorrow = today + dt.timedelta(days=1)
    episode = {"overdue_from": "2025-03-01", "overdue_amount": "3000", "repaid_on": ""}
    late = CALCULATORS["credit"].run(defaults("credit", episodes=[{**episode, "repaid_on": tomorrow.isoformat()}]), today)
    assert not late["ok"] and "episodes.0.repaid_on" in late["errors"]
    on_time = CALCULATORS["credit"].run(defaults("credit", episodes=[{**episode, "repaid_on": today.isoformat()}]), today)
    assert on_time["ok"], on_time


@pytest.mark.parametrize("name", sorted(CALCULATORS))
@pytest.mark.parametrize("today", [dt.date(2026, 12, 31), dt.date(2028, 2, 29)], ids=["12-31", "02-29"])
def test_the_browser_entry_passes_the_pages_date_through(name: str, today: dt.date) -> None:
    raw = defaults(name)
    through_the_page = json.loads(run(name, json.dumps(raw, ensure_ascii=False), today.isoformat()))
    assert through_the_page == json.loads(json.dumps(CALCULATORS[name].run(raw, today), ensure_ascii=False))


@pytest.mark.parametrize("sent", ["", "2026-13-01", "yesterday", "2026-12-07T10:00", "２０２６-12-07"])
def test_a_missing_or_malformed_date_from_the_page_falls_back_to_the_machines(sent: str) -> None:
    raw = defaults("repayment", first_due="")
    outcome = json.loads(run("repayment", json.dumps(raw), sent))
    assert outcome == json.loads(json.dumps(CALCULATORS["repayment"].run(raw, dt.date.today()), ensure_ascii=False))
