"""逾期罚息 — penalty interest and compound interest on an overdue repayment.

The model, stated on the page as an assumption the reader can change:
- penalty rate = contract daily rate × (1 + markup); the common bank pattern
  is a markup of 30–50 %, the reader's contract decides. On the overdue part the
  penalty rate replaces the contract rate (it already contains it);
- 罚息 = overdue principal × penalty daily rate × days;
- 复利 = unpaid interest × penalty daily rate × days, when the contract charges it;
- 宣布提前到期 (optional): from a given overdue day, the remaining principal that
  was not yet due is overdue too and bears the penalty rate from that day on;
- simple daily accrual, no interest on the penalty itself;
- every amount is computed exactly (fractions) and rounded once, to the fen, half up.

The court line the warning names (the 24 % a borrower may ask a court to cut to) and its source are
the facts that data/penalty_rules.yml cites: the figure is never typed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Mapping

from calculators.datasets import Dataset, DataError, load
from calculators.forms import (
    Calculator,
    Column,
    Field,
    FieldErrors,
    Form,
    Option,
    Output,
    Result,
    Slot,
    Table,
    collect,
    money_text,
    rate_kind_field,
)
from calculators.inputs import NumberRule, parse_choice, parse_number, parse_rate
from calculators.money import percent_text, round_fen, to_fraction

HUNDRED = 100
TABLE_DAYS = 10  # the day-by-day table shows the first ten days, then the last day
DAY_BASES = (360, 365)
DATASET = "penalty_rules"  # data/penalty_rules.yml: the court line, by fact

MAX_MONEY = Decimal(10_000_000)
MAX_DAYS = 1095  # three years
MAX_WAIT_DAYS = 365
MAX_DAILY_RATE_PERCENT = Decimal("0.1")
MAX_ANNUAL_RATE_PERCENT = Decimal(36)
MAX_MARKUP_PERCENT = Decimal(100)

Number = Decimal | int | str | Fraction


def penalty_daily_rate(daily_rate: Number, markup: Number) -> Fraction:
    """Contract daily rate raised by the markup, exactly: 0.0005 with markup 0.5 gives 0.00075."""
    rate = to_fraction(daily_rate, "daily_rate")
    up = to_fraction(markup, "markup")
    if rate < 0 or up < 0:
        raise ValueError("daily_rate and markup must not be negative")
    return rate * (1 + up)


def daily_from_annual(annual_rate: Number, day_basis: int) -> Fraction:
    """日利率 = 年化利率 / day basis (360 by the common bank convention, some contracts 365), exactly."""
    if day_basis not in DAY_BASES:
        raise ValueError(f"day_basis must be one of {DAY_BASES}, got {day_basis}")
    return to_fraction(annual_rate, "annual_rate") / day_basis


def _check_days(days: int, name: str = "days") -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"{name} must be an int, not {type(days).__name__}")
    if days < 0:
        raise ValueError(f"{name} must not be negative")


def penalty_interest(principal: Number, daily_rate: Number, days: int, markup: Number) -> Decimal:
    """罚息 on the overdue principal, rounded once to the fen (half up).

    10,000 × 0.0005 × (1 + 0.5) × 30 = 225.00
    """
    _check_days(days)
    amount = to_fraction(principal, "principal")
    if amount < 0:
        raise ValueError("principal must not be negative")
    return round_fen(amount * penalty_daily_rate(daily_rate, markup) * days)


@dataclass(frozen=True)
class Acceleration:
    """宣布提前到期: from overdue day `from_day` (1 = the first overdue day) `remaining` principal is overdue too."""

    remaining: Fraction
    from_day: int

    def days_overdue(self, day: int) -> int:
        return max(0, day - self.from_day + 1)


@dataclass(frozen=True)
class DayRow:
    day: int
    added: Decimal
    penalty: Decimal
    compound: Decimal
    accelerated: Decimal
    total: Decimal


@dataclass(frozen=True)
class OverdueCost:
    penalty_daily_rate: Fraction  # a fraction: 0.00075 is 0.075 % a day
    penalty_annual_rate: Fraction  # a fraction, penalty daily rate × day basis
    penalty: Decimal
    compound: Decimal
    accelerated: Decimal  # 罚息 on the remaining principal after 宣布提前到期
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
    acceleration: Acceleration | None = None,
) -> OverdueCost:
    """What an overdue repayment costs after `days` days under the stated model.

    Each cumulative amount is rounded once from its exact value, and a row's `added`
    is the difference of the rounded cumulatives, so the rows add up to the totals exactly.
    """
    _check_days(days)
    if day_basis not in DAY_BASES:
        raise ValueError(f"day_basis must be one of {DAY_BASES}, got {day_basis}")
    owed = to_fraction(principal, "principal")
    unpaid_interest = to_fraction(interest, "interest")
    daily_penalty = penalty_daily_rate(daily_rate, markup)
    if min(owed, unpaid_interest) < 0:
        raise ValueError("amounts and rates must not be negative")
    if acceleration is not None and (acceleration.remaining < 0 or acceleration.from_day < 1):
        raise ValueError("acceleration needs a remaining principal ≥ 0 and a day ≥ 1")

    def at(day: int) -> tuple[Decimal, Decimal, Decimal]:
        penalty = round_fen(owed * daily_penalty * day)
        compound_part = round_fen(unpaid_interest * daily_penalty * day) if compound else Decimal("0.00")
        accelerated = Decimal("0.00")
        if acceleration is not None:
            accelerated = round_fen(acceleration.remaining * daily_penalty * acceleration.days_overdue(day))
        return penalty, compound_part, accelerated

    def owed_at(day: int) -> Decimal:
        base = owed + unpaid_interest
        if acceleration is not None and day >= acceleration.from_day:
            base += acceleration.remaining
        return round_fen(base)

    rows = []
    for day in table_days(days):
        parts = at(day)
        rows.append(
            DayRow(
                day=day,
                added=sum(parts, Decimal(0)) - sum(at(day - 1), Decimal(0)),
                penalty=parts[0],
                compound=parts[1],
                accelerated=parts[2],
                total=owed_at(day) + sum(parts, Decimal(0)),
            )
        )

    penalty, compound_part, accelerated = at(days)
    extra = penalty + compound_part + accelerated
    return OverdueCost(
        penalty_daily_rate=daily_penalty,
        penalty_annual_rate=daily_penalty * day_basis,
        penalty=penalty,
        compound=compound_part,
        accelerated=accelerated,
        extra=extra,
        total=owed_at(days) + extra,
        rows=tuple(rows),
    )


# ---- the form and its browser entry point ----------------------------------

PRINCIPAL = NumberRule(label="逾期本金", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)
INTEREST = NumberRule(label="逾期利息", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)
REMAINING = NumberRule(label="未到期的剩余本金", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2, minimum_exclusive=True)
DAILY_RATE = NumberRule(label="日利率", unit="%", minimum=Decimal(0), maximum=MAX_DAILY_RATE_PERCENT, max_decimals=4, minimum_exclusive=True)
ANNUAL_RATE = NumberRule(label="年化利率", unit="%", minimum=Decimal(0), maximum=MAX_ANNUAL_RATE_PERCENT, max_decimals=4, minimum_exclusive=True)
DAYS = NumberRule(label="逾期天数", unit="天", minimum=Decimal(1), maximum=Decimal(MAX_DAYS), max_decimals=0, integer=True)
WAIT_DAYS = NumberRule(label="再拖的天数", unit="天", minimum=Decimal(1), maximum=Decimal(MAX_WAIT_DAYS), max_decimals=0, integer=True)
ACCELERATION_DAY = NumberRule(label="提前到期的那天", unit="天", minimum=Decimal(1), maximum=Decimal(MAX_DAYS), max_decimals=0, integer=True)
MARKUP = NumberRule(label="罚息上浮比例", unit="%", minimum=Decimal(0), maximum=MAX_MARKUP_PERCENT, max_decimals=2)


FORM = Form(
    name="penalty",
    title="逾期罚息计算器",
    fields=(
        Field("principal", "逾期本金", "10000", unit="元", help="已到期没还的本金，以 App 账单为准；只欠利息（先息后本）时填 0。"),
        Field("interest", "逾期利息（可不填）", "0", unit="元", required=False, help="到期没付的利息；不知道可留空或填 0。"),
        rate_kind_field(),
        Field("rate", "合同利率", "0.05", unit="%", help="日利率填 0.05 表示每天 0.05%，也可以照合同写“万分之五”“日息万五”“千分之一”；年化利率填 18 或写“年化 18%”。"),
        Field("days", "逾期天数", "30", unit="天", input_mode="numeric", help=f"1 到 {MAX_DAYS} 天。"),
        Field("markup", "罚息上浮比例", "50", unit="%", help="50 表示罚息利率 = 合同利率 × 1.5；以合同为准。"),
        Field(
            "compound",
            "逾期利息是否计复利",
            "yes",
            kind="radio",
            options=(Option("yes", "计复利（按罚息利率）"), Option("no", "不计复利")),
        ),
        Field(
            "day_basis",
            "一年按多少天折算",
            "360",
            kind="radio",
            options=(Option("360", "360 天（银行常用）"), Option("365", "365 天")),
        ),
        Field("wait_days", "再拖几天还", "7", unit="天", input_mode="numeric", help="看看比现在多拖这么多天，要多付多少。"),
        Field(
            "accelerate",
            "银行是否宣布提前到期",
            "no",
            kind="radio",
            options=(Option("no", "没有"), Option("yes", "有：剩余本金也算逾期")),
            help="宣布后，还没到期的本金也按罚息利率计息；看 App 或银行的通知。",
        ),
        Field("remaining", "未到期的剩余本金", "", unit="元", required=False, help="选了“有”才需要填。"),
        Field("accelerate_day", "从逾期第几天起", "", unit="天", input_mode="numeric", required=False, help="选了“有”才需要填；1 表示从逾期第一天起。"),
    ),
    outputs=(
        Output("penalty", "罚息"),
        Output("compound", "复利"),
        Output("accelerated", "提前到期的剩余本金的罚息"),
        Output("extra", "逾期多付（罚息 + 复利）", emphasis=True),
        Output("total", "应还合计（本金 + 利息 + 罚息 + 复利）", emphasis=True),
        Output("wait_cost", "再拖这些天，还要多付", emphasis=True),
        Output("penalty_daily_rate", "罚息日利率", unit="%"),
        Output("penalty_annual_rate", "罚息折合年化利率（单利）", unit="%"),
    ),
    slots=(Slot("warning", "提示"),),
    tables=(
        Table(
            "days",
            "逐日累计（前 10 天与最后一天）",
            (
                Column("day", "第几天"),
                Column("added", "当天新增（元）"),
                Column("penalty", "累计罚息（元）"),
                Column("compound", "累计复利（元）"),
                Column("accelerated", "提前到期本金罚息（元）"),
                Column("total", "累计应还（元）"),
            ),
        ),
    ),
    notes=(
        "默认值只是示例假设：罚息上浮比例、是否计复利、宽限期、还款冲抵顺序和是否宣布提前到期，以你的借款合同和 App 账单为准。",
    ),
    method=(
        "罚息日利率 = 合同日利率 ×（1 + 上浮比例）；年化利率按所选的 360 或 365 天折成日利率。逾期的部分按罚息利率计息，罚息利率已经包含合同利率，所以不再另算普通利息。",
        "罚息 = 逾期本金 × 罚息日利率 × 逾期天数；复利 = 逾期利息 × 罚息日利率 × 逾期天数；宣布提前到期后，剩余本金 × 罚息日利率 × 从那天起的天数。",
        "每个金额都先按精确的分数算出，最后一步才四舍五入到分（0.01 元），所以逐日表里“当天新增”加起来正好等于总数。",
        "“再拖几天”= 按逾期天数加上再拖的天数算出的逾期多付，减去按现在的天数算出的逾期多付。",
    ),
    source="calculators/penalty.py",
    tests="tests/calculators/test_penalty.py",
)


def _rate_kind(raw: Mapping[str, str]) -> str:
    return "annual" if raw.get("rate_kind") == "annual" else "daily"


def _rate_rule(raw: Mapping[str, str]) -> NumberRule:
    return ANNUAL_RATE if _rate_kind(raw) == "annual" else DAILY_RATE


def _acceleration(raw: Mapping[str, str]) -> Acceleration | None:
    """The optional 宣布提前到期 fields; both are required once "yes" is chosen."""
    if parse_choice("accelerate", raw.get("accelerate", "no") or "no", "是否宣布提前到期", ("no", "yes")) == "no":
        return None
    values = collect(
        {
            "remaining": lambda: parse_number("remaining", raw.get("remaining", ""), REMAINING),
            "accelerate_day": lambda: int(parse_number("accelerate_day", raw.get("accelerate_day", ""), ACCELERATION_DAY)),
        }
    )
    return Acceleration(remaining=to_fraction(values["remaining"]), from_day=values["accelerate_day"])


@dataclass(frozen=True)
class PenaltyRules:
    court_line: Fraction  # a fraction of one: the fact's "24%" is 6/25
    court_line_source: str  # the document and article, as the fact words it


def load_rules(dataset: Dataset) -> PenaltyRules:
    """The rules of data/penalty_rules.yml; DataError with the key path if one is missing or wrong."""
    line = dataset.data.get("court_line") if isinstance(dataset.data, dict) else None
    if not isinstance(line, dict):
        raise DataError("court_line", "expected a mapping with 'fact' and 'source_fact'")
    keys = {}
    for name in ("fact", "source_fact"):
        key = line.get(name)
        if not isinstance(key, str):
            raise DataError(f"court_line.{name}", f"expected a fact key, got {key!r}")
        keys[name] = key
    shown = dataset.fact(keys["fact"]).strip()
    try:
        rate = Fraction(shown.removesuffix("%").strip()) / HUNDRED if shown.endswith("%") else None
    except ValueError:
        rate = None
    if rate is None or not 0 < rate < 1:
        raise DataError("court_line.fact", f"the fact's value must be an annual rate such as '24%', got {shown!r}")
    return PenaltyRules(court_line=rate, court_line_source=dataset.fact(keys["source_fact"]))


def rules() -> PenaltyRules:
    return load_rules(load(DATASET))


def warning_html(annual: Fraction, rules: PenaltyRules) -> str:
    """Said when the penalty rate, annualised, is above the court line (court_reduction_line)."""
    if annual <= rules.court_line:
        return ""
    line = percent_text(rules.court_line)
    return (
        '<p class="calc__warning" data-message="over_court_line">'
        f"按这些数字，罚息折合年化 {percent_text(annual)}%，高于 {line}%。"
        "如果走到诉讼，借款人可以请求法院把利息、复利、罚息、违约金等合计超过年化 "
        f"{line}% 的部分调减（{rules.court_line_source}）；"
        "这是可以提出的请求，不是自动封顶。</p>"
    )


def compute(raw: Mapping[str, str]) -> Result:
    """The browser's entry point: raw strings of the form in, a JSON-ready result out."""
    values = collect(
        {
            "principal": lambda: parse_number("principal", raw.get("principal", ""), PRINCIPAL),
            "interest": lambda: parse_number("interest", raw.get("interest", "") or "0", INTEREST),
            "rate_kind": lambda: parse_choice("rate_kind", raw.get("rate_kind", ""), "利率类型", ("daily", "annual")),
            "rate": lambda: parse_rate("rate", raw.get("rate", ""), _rate_rule(raw), _rate_kind(raw)),
            "days": lambda: int(parse_number("days", raw.get("days", ""), DAYS)),
            "markup": lambda: parse_number("markup", raw.get("markup", ""), MARKUP),
            "compound": lambda: parse_choice("compound", raw.get("compound", ""), "是否计复利", ("yes", "no")),
            "day_basis": lambda: int(parse_choice("day_basis", raw.get("day_basis", ""), "折算天数", ("360", "365"))),
            "wait_days": lambda: int(parse_number("wait_days", raw.get("wait_days", "") or "7", WAIT_DAYS)),
            "acceleration": lambda: _acceleration(raw),
        }
    )
    if values["principal"] == 0 and values["interest"] == 0:
        raise FieldErrors({"principal": "逾期本金和逾期利息不能都是 0：只欠利息（先息后本）时，本金填 0、利息填欠的数。"})
    rate = to_fraction(values["rate"]) / HUNDRED
    daily = daily_from_annual(rate, values["day_basis"]) if values["rate_kind"] == "annual" else rate

    def cost_after(days: int) -> OverdueCost:
        return overdue_cost(
            principal=values["principal"],
            interest=values["interest"],
            daily_rate=daily,
            days=days,
            markup=to_fraction(values["markup"]) / HUNDRED,
            compound=values["compound"] == "yes",
            day_basis=values["day_basis"],
            acceleration=values["acceleration"],
        )

    cost = cost_after(values["days"])
    later = cost_after(values["days"] + values["wait_days"])
    return {
        "values": {
            "penalty": money_text(cost.penalty),
            "compound": money_text(cost.compound),
            "accelerated": money_text(cost.accelerated),
            "extra": money_text(cost.extra),
            "total": money_text(cost.total),
            "wait_cost": money_text(later.extra - cost.extra),
            "penalty_daily_rate": percent_text(cost.penalty_daily_rate),
            "penalty_annual_rate": percent_text(cost.penalty_annual_rate),
        },
        "tables": {
            "days": [
                {
                    "day": str(row.day),
                    "added": money_text(row.added),
                    "penalty": money_text(row.penalty),
                    "compound": money_text(row.compound),
                    "accelerated": money_text(row.accelerated),
                    "total": money_text(row.total),
                }
                for row in cost.rows
            ]
        },
        "html": {"warning": warning_html(cost.penalty_annual_rate, rules())},
    }


CALCULATOR = Calculator(form=FORM, compute=compute)
