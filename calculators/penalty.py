"""逾期罚息 — penalty interest and compound interest on an overdue repayment.

The model, stated on the page as an assumption the reader can change:
- penalty rate = contract daily rate × (1 + markup); the common bank pattern
  is a markup of 30–50 %, the reader's contract decides;
- 罚息 = overdue principal × penalty daily rate × days;
- 复利 = unpaid interest × penalty daily rate × days, when the contract charges it;
- simple daily accrual, no interest on the penalty itself;
- amounts are computed exactly and rounded once, to the fen, ROUND_HALF_UP.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Mapping

from calculators.forms import (
    Calculator,
    Column,
    Field,
    Form,
    Option,
    Output,
    Result,
    collect,
    money_text,
)
from calculators.inputs import NumberRule, parse_choice, parse_number

CENT = Decimal("0.01")
RATE_SHOWN = Decimal("0.0001")  # rates are shown in percent with up to four decimals
HUNDRED = Decimal(100)
PRECISION = 34
TABLE_DAYS = 10  # the day-by-day table shows the first ten days, then the last day
DAY_BASES = (360, 365)

MAX_MONEY = Decimal(10_000_000)
MAX_DAYS = 1095  # three years
MAX_DAILY_RATE_PERCENT = Decimal("0.1")
MAX_ANNUAL_RATE_PERCENT = Decimal(36)
MAX_MARKUP_PERCENT = Decimal(100)

Number = Decimal | int | str


def to_decimal(value: Number, name: str) -> Decimal:
    """Accept Decimal, int or a numeric string; refuse float, whose binary value is not the typed one."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{name} must be Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, (Decimal, int, str)):
        result = Decimal(value)
        if not result.is_finite():
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        return result
    raise TypeError(f"{name} must be Decimal, int or str, not {type(value).__name__}")


def round_fen(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def penalty_daily_rate(daily_rate: Number, markup: Number) -> Decimal:
    """Contract daily rate raised by the markup: 0.0005 with markup 0.5 gives 0.00075."""
    rate = to_decimal(daily_rate, "daily_rate")
    up = to_decimal(markup, "markup")
    if rate < 0 or up < 0:
        raise ValueError("daily_rate and markup must not be negative")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return rate * (1 + up)


def daily_from_annual(annual_rate: Number, day_basis: int) -> Decimal:
    """日利率 = 年化利率 / day basis (360 by the common bank convention, some contracts 365)."""
    if day_basis not in DAY_BASES:
        raise ValueError(f"day_basis must be one of {DAY_BASES}, got {day_basis}")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return to_decimal(annual_rate, "annual_rate") / day_basis


def _accrued(amount: Decimal, daily_rate: Decimal, markup: Decimal, days: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return amount * penalty_daily_rate(daily_rate, markup) * days


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, not {type(days).__name__}")
    if days < 0:
        raise ValueError("days must not be negative")


def penalty_interest(principal: Number, daily_rate: Number, days: int, markup: Number) -> Decimal:
    """罚息 on the overdue principal, rounded to the fen (ROUND_HALF_UP).

    10,000 × 0.0005 × (1 + 0.5) × 30 = 225.00
    """
    _check_days(days)
    amount = to_decimal(principal, "principal")
    if amount < 0:
        raise ValueError("principal must not be negative")
    return round_fen(_accrued(amount, to_decimal(daily_rate, "daily_rate"), to_decimal(markup, "markup"), days))


@dataclass(frozen=True)
class DayRow:
    day: int
    added: Decimal
    penalty: Decimal
    compound: Decimal
    total: Decimal


@dataclass(frozen=True)
class OverdueCost:
    penalty_daily_rate: Decimal  # a fraction: 0.00075 is 0.075 % a day
    penalty_annual_rate: Decimal  # a fraction, penalty daily rate × day basis
    penalty: Decimal
    compound: Decimal
    extra: Decimal
    total: Decimal
    rows: tuple[DayRow, ...]


def table_days(days: int) -> tuple[int, ...]:
    """The days shown in the day-by-day table: the first TABLE_DAYS, then the last day."""
    shown = list(range(1, min(days, TABLE_DAYS) + 1))
    if days > TABLE_DAYS:
        shown.append(days)
    return tuple(shown)


def overdue_cost(
    principal: Number,
    interest: Number,
    daily_rate: Number,
    days: int,
    markup: Number,
    compound: bool,
    day_basis: int = 360,
) -> OverdueCost:
    """What an overdue repayment costs after `days` days under the stated model.

    Each row's cumulative amounts are rounded from exact values, and a row's
    `added` is the difference of the rounded cumulatives, so the rows add up to
    the totals exactly.
    """
    _check_days(days)
    if day_basis not in DAY_BASES:
        raise ValueError(f"day_basis must be one of {DAY_BASES}, got {day_basis}")
    owed = to_decimal(principal, "principal")
    unpaid_interest = to_decimal(interest, "interest")
    rate = to_decimal(daily_rate, "daily_rate")
    up = to_decimal(markup, "markup")
    if min(owed, unpaid_interest, rate, up) < 0:
        raise ValueError("amounts and rates must not be negative")

    def at(day: int) -> tuple[Decimal, Decimal]:
        penalty = round_fen(_accrued(owed, rate, up, day))
        compound_part = round_fen(_accrued(unpaid_interest, rate, up, day)) if compound else Decimal("0.00")
        return penalty, compound_part

    def extra_at(day: int) -> Decimal:
        penalty, compound_part = at(day)
        return penalty + compound_part

    rows = []
    for day in table_days(days):
        penalty, compound_part = at(day)
        extra = penalty + compound_part
        rows.append(
            DayRow(
                day=day,
                added=extra - extra_at(day - 1),
                penalty=penalty,
                compound=compound_part,
                total=owed + unpaid_interest + extra,
            )
        )

    penalty, compound_part = at(days)
    daily_penalty_rate = penalty_daily_rate(rate, up)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        annual = daily_penalty_rate * day_basis
    return OverdueCost(
        penalty_daily_rate=daily_penalty_rate,
        penalty_annual_rate=annual,
        penalty=penalty,
        compound=compound_part,
        extra=penalty + compound_part,
        total=owed + unpaid_interest + penalty + compound_part,
        rows=tuple(rows),
    )


# ---- the form and its browser entry point ----------------------------------

PRINCIPAL = NumberRule(label="逾期本金", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2, minimum_exclusive=True)
INTEREST = NumberRule(label="逾期利息", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)
DAILY_RATE = NumberRule(label="日利率", unit="%", minimum=Decimal(0), maximum=MAX_DAILY_RATE_PERCENT, max_decimals=4, minimum_exclusive=True)
ANNUAL_RATE = NumberRule(label="年化利率", unit="%", minimum=Decimal(0), maximum=MAX_ANNUAL_RATE_PERCENT, max_decimals=4, minimum_exclusive=True)
DAYS = NumberRule(label="逾期天数", unit="天", minimum=Decimal(1), maximum=Decimal(MAX_DAYS), max_decimals=0, integer=True)
MARKUP = NumberRule(label="罚息上浮比例", unit="%", minimum=Decimal(0), maximum=MAX_MARKUP_PERCENT, max_decimals=2)

FORM = Form(
    name="penalty",
    title="逾期罚息计算器",
    fields=(
        Field("principal", "逾期本金", "10000", unit="元", help="逾期未还的本金，以 App 账单为准。"),
        Field("interest", "逾期利息（可不填）", "0", unit="元", required=False, help="到期未付的利息；不知道可留空或填 0。"),
        Field(
            "rate_kind",
            "利率类型",
            "daily",
            kind="select",
            options=(Option("daily", "日利率"), Option("annual", "年化利率")),
        ),
        Field("rate", "合同利率", "0.05", unit="%", help="日利率填 0.05 表示每天 0.05%（万分之五）。"),
        Field("days", "逾期天数", "30", unit="天", input_mode="numeric", help=f"1 到 {MAX_DAYS} 天。"),
        Field("markup", "罚息上浮比例", "50", unit="%", help="50 表示罚息利率 = 合同利率 × 1.5；以合同为准。"),
        Field(
            "compound",
            "逾期利息是否计复利",
            "yes",
            kind="select",
            options=(Option("yes", "计复利（按罚息利率）"), Option("no", "不计复利")),
        ),
        Field(
            "day_basis",
            "一年按多少天折算",
            "360",
            kind="select",
            options=(Option("360", "360 天（银行常用）"), Option("365", "365 天")),
        ),
    ),
    outputs=(
        Output("penalty", "罚息"),
        Output("compound", "复利"),
        Output("extra", "逾期多付（罚息 + 复利）", emphasis=True),
        Output("total", "应还合计（本金 + 利息 + 罚息 + 复利）", emphasis=True),
        Output("penalty_daily_rate", "罚息日利率", unit="%"),
        Output("penalty_annual_rate", "罚息折合年化利率（单利）", unit="%"),
    ),
    table_caption="逐日累计（前 10 天与最后一天）",
    table_columns=(
        Column("day", "第几天"),
        Column("added", "当天新增（元）"),
        Column("penalty", "累计罚息（元）"),
        Column("compound", "累计复利（元）"),
        Column("total", "累计应还（元）"),
    ),
    notes=(
        "计算方法：罚息 = 逾期本金 × 合同日利率 ×（1 + 上浮比例）× 逾期天数；复利 = 逾期利息 × 同一罚息日利率 × 逾期天数。",
        "按精确值计算，最后一步四舍五入到分（0.01 元）。年化利率与日利率按所选的 360 或 365 天互相折算。",
        "默认值只是示例假设：罚息上浮比例、是否计复利、宽限期和计息方式以你的借款合同和 App 账单为准。",
    ),
)


def percent_text(rate: Decimal) -> str:
    """A fraction shown as a percent with up to four decimals, no trailing zeros: 0.00075 → 0.075."""
    shown = (rate * HUNDRED).quantize(RATE_SHOWN, rounding=ROUND_HALF_UP).normalize()
    return format(shown, "f")


def compute(raw: Mapping[str, str]) -> Result:
    """The browser's entry point: raw strings of the form in, a JSON-ready result out."""
    rate_rule = ANNUAL_RATE if raw.get("rate_kind") == "annual" else DAILY_RATE
    values = collect(
        {
            "principal": lambda: parse_number("principal", raw.get("principal", ""), PRINCIPAL),
            "interest": lambda: parse_number("interest", raw.get("interest", "") or "0", INTEREST),
            "rate_kind": lambda: parse_choice("rate_kind", raw.get("rate_kind", ""), "利率类型", ("daily", "annual")),
            "rate": lambda: parse_number("rate", raw.get("rate", ""), rate_rule),
            "days": lambda: int(parse_number("days", raw.get("days", ""), DAYS)),
            "markup": lambda: parse_number("markup", raw.get("markup", ""), MARKUP),
            "compound": lambda: parse_choice("compound", raw.get("compound", ""), "是否计复利", ("yes", "no")),
            "day_basis": lambda: int(parse_choice("day_basis", raw.get("day_basis", ""), "折算天数", ("360", "365"))),
        }
    )
    with localcontext() as ctx:
        ctx.prec = PRECISION
        rate = values["rate"] / HUNDRED
        daily = daily_from_annual(rate, values["day_basis"]) if values["rate_kind"] == "annual" else rate
        markup = values["markup"] / HUNDRED
    cost = overdue_cost(
        principal=values["principal"],
        interest=values["interest"],
        daily_rate=daily,
        days=values["days"],
        markup=markup,
        compound=values["compound"] == "yes",
        day_basis=values["day_basis"],
    )
    return {
        "values": {
            "penalty": money_text(cost.penalty),
            "compound": money_text(cost.compound),
            "extra": money_text(cost.extra),
            "total": money_text(cost.total),
            "penalty_daily_rate": percent_text(cost.penalty_daily_rate),
            "penalty_annual_rate": percent_text(cost.penalty_annual_rate),
        },
        "rows": [
            {
                "day": str(row.day),
                "added": money_text(row.added),
                "penalty": money_text(row.penalty),
                "compound": money_text(row.compound),
                "total": money_text(row.total),
            }
            for row in cost.rows
        ],
    }


CALCULATOR = Calculator(form=FORM, compute=compute)
