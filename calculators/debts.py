"""多笔债务安排 — in which order to put a fixed monthly budget on several debts.

The model, stated on the page:
- each month, interest accrues first on every unpaid balance at its monthly
  rate (annual rate ÷ 12, or daily rate × 30), computed exactly and rounded
  once per debt per month to the fen, half up;
- then every debt gets its minimum payment (never more than what it owes);
- what is left of the budget goes to the strategy's target debt, and on to the
  next target once it is cleared; a cleared debt's minimum joins that pool,
  because the budget stays the same every month;
- a debt still owing after MAX_MONTHS months is reported as never cleared.

Amounts are whole fen (int) inside the simulation, so every step is exact.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import Callable, Mapping

from calculators.forms import (
    Calculator,
    Column,
    Download,
    Field,
    FieldErrors,
    Form,
    Option,
    Output,
    Raw,
    Result,
    RowGroup,
    Slot,
    Table,
    collect,
    rate_kind_field,
)
from calculators.ics import Event
from calculators.ics import calendar as ics_calendar
from calculators.inputs import NumberRule, parse_choice, parse_date, parse_number, parse_rate, parse_text
from calculators.money import money_text, monthly_rate
from calculators.svg import Series, line_chart

MAX_MONTHS = 600  # fifty years: a plan still owing then never clears
STUCK_CHART_MONTHS = 120  # how far the chart runs when no plan clears

OVERDUE_FIRST = "overdue_first"
AVALANCHE = "avalanche"
SNOWBALL = "snowball"
STRATEGIES = (OVERDUE_FIRST, AVALANCHE, SNOWBALL)
STRATEGY_LABELS = {
    OVERDUE_FIRST: "逾期优先",
    AVALANCHE: "利率最高优先",
    SNOWBALL: "余额最小优先",
}
RECOMMENDED = OVERDUE_FIRST
EMPTY = "—"  # shown where a number would mislead: no plan, or a plan that never clears


def to_fen(amount: Decimal) -> int:
    """A Decimal amount with at most two decimals as whole fen; anything finer is refused."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise TypeError(f"amount must be a finite Decimal, not {amount!r}")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"amount {amount} has more than two decimals")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def interest_fen(balance_fen: int, monthly_rate: Fraction) -> int:
    """balance × monthly rate, exact, rounded once to the fen, half up (balance and rate ≥ 0)."""
    if balance_fen < 0 or monthly_rate < 0:
        raise ValueError("balance and rate must not be negative")
    quotient, remainder = divmod(balance_fen * monthly_rate.numerator, monthly_rate.denominator)
    return quotient + (1 if 2 * remainder >= monthly_rate.denominator else 0)


@dataclass(frozen=True)
class Debt:
    name: str
    balance: Decimal  # 元, at most two decimals
    monthly_rate: Fraction  # 0.015 is 1.5 % a month
    minimum: Decimal  # minimum monthly payment, 元
    overdue: bool = False


@dataclass(frozen=True)
class Month:
    """One month of a plan, in whole fen; tuples are in the debts' row order."""

    month: int
    interest_fen: tuple[int, ...]
    paid_fen: tuple[int, ...]
    balances_fen: tuple[int, ...]  # after this month's payments

    @property
    def interest(self) -> tuple[Decimal, ...]:
        return tuple(from_fen(value) for value in self.interest_fen)

    @property
    def paid(self) -> tuple[Decimal, ...]:
        return tuple(from_fen(value) for value in self.paid_fen)

    @property
    def balances(self) -> tuple[Decimal, ...]:
        return tuple(from_fen(value) for value in self.balances_fen)


@dataclass(frozen=True)
class Plan:
    strategy: str
    order: tuple[int, ...]  # row indexes, first target first
    start: tuple[Decimal, ...]  # balances before month 1
    months: tuple[Month, ...]
    cleared: tuple[int | None, ...]  # month each debt reaches 0, None if not within MAX_MONTHS

    @property
    def debt_free_month(self) -> int | None:
        """The month the last debt is cleared; None when one never clears."""
        if any(month is None for month in self.cleared):
            return None
        return max((month for month in self.cleared if month is not None), default=0)

    @property
    def total_interest(self) -> Decimal:
        return from_fen(sum(sum(m.interest_fen) for m in self.months))

    @property
    def total_paid(self) -> Decimal:
        return from_fen(sum(sum(m.paid_fen) for m in self.months))

    def total_balances(self) -> tuple[Decimal, ...]:
        """The sum of all balances before month 1, then after each month."""
        return (from_fen(sum(to_fen(b) for b in self.start)),) + tuple(from_fen(sum(m.balances_fen)) for m in self.months)


def target_order(debts: tuple[Debt, ...], strategy: str) -> tuple[int, ...]:
    """Row indexes in the order the spare money goes; ties keep row order.

    逾期优先: overdue debts first, then the highest rate; 利率最高优先: the highest
    rate; 余额最小优先: the smallest balance at the start.
    """
    indexes = range(len(debts))
    if strategy == OVERDUE_FIRST:
        return tuple(sorted(indexes, key=lambda i: (not debts[i].overdue, -debts[i].monthly_rate, i)))
    if strategy == AVALANCHE:
        return tuple(sorted(indexes, key=lambda i: (-debts[i].monthly_rate, i)))
    if strategy == SNOWBALL:
        return tuple(sorted(indexes, key=lambda i: (debts[i].balance, i)))
    raise ValueError(f"unknown strategy {strategy!r}")


def minimums_due(debts: tuple[Debt, ...]) -> Decimal:
    """What the minimums ask for in month 1: each minimum, but never more than the debt owes then.

    Later months never ask for more: a debt still open after month 1 had owed
    more than its minimum, and a cleared debt asks for nothing.
    """
    total = 0
    for debt in debts:
        owed = to_fen(debt.balance)
        owed += interest_fen(owed, debt.monthly_rate)
        total += min(to_fen(debt.minimum), owed)
    return from_fen(total)


def shortfall(debts: tuple[Debt, ...], budget: Decimal) -> Decimal:
    """How much the budget misses the month's minimum payments by (0.00 when it covers them)."""
    return max(minimums_due(debts) - budget, Decimal("0.00"))


def simulate(debts: tuple[Debt, ...], budget: Decimal, strategy: str, max_months: int = MAX_MONTHS) -> Plan:
    """Month by month until every debt is cleared or max_months have passed."""
    if not debts:
        raise ValueError("at least one debt is needed")
    if shortfall(debts, budget) > 0:
        raise ValueError("the budget does not cover the minimum payments")
    order = target_order(debts, strategy)
    balances = [to_fen(debt.balance) for debt in debts]
    minimums = [to_fen(debt.minimum) for debt in debts]
    budget_fen = to_fen(budget)
    rates = [debt.monthly_rate for debt in debts]
    cleared: list[int | None] = [0 if balance == 0 else None for balance in balances]
    months: list[Month] = []
    month = 0
    while any(balances) and month < max_months:
        month += 1
        interest = [interest_fen(balance, rate) if balance else 0 for balance, rate in zip(balances, rates)]
        owed = [balance + added for balance, added in zip(balances, interest)]
        paid = [min(minimum, due) for minimum, due in zip(minimums, owed)]
        spare = budget_fen - sum(paid)
        for index in order:
            extra = min(spare, owed[index] - paid[index])
            paid[index] += extra
            spare -= extra
        balances = [due - payment for due, payment in zip(owed, paid)]
        for index, balance in enumerate(balances):
            if balance == 0 and cleared[index] is None:
                cleared[index] = month
        months.append(Month(month, tuple(interest), tuple(paid), tuple(balances)))
    return Plan(
        strategy=strategy,
        order=order,
        start=tuple(debt.balance for debt in debts),
        months=tuple(months),
        cleared=tuple(cleared),
    )


def compare(debts: tuple[Debt, ...], budget: Decimal) -> tuple[Plan, ...]:
    """The three strategies, in STRATEGIES order."""
    return tuple(simulate(debts, budget, strategy) for strategy in STRATEGIES)


# ---- dates, chart, calendar and the words around the numbers ----------------


def payment_date(start: dt.date, month: int) -> dt.date:
    """The date of month `month`'s payment: month 1 on `start`, then the same day each month (or the month's last day)."""
    index = start.year * 12 + start.month - 1 + month - 1
    year, month_of_year = divmod(index, 12)
    last_day = calendar.monthrange(year, month_of_year + 1)[1]
    return dt.date(year, month_of_year + 1, min(start.day, last_day))


def next_month_first(today: dt.date) -> dt.date:
    return dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)


def month_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def months_text(plan: Plan) -> str:
    months = plan.debt_free_month
    return str(months) if months is not None else f"超过 {MAX_MONTHS}"


def interest_text(plan: Plan) -> str:
    """Total interest of a plan that clears; a plan that never clears has no total worth showing."""
    return money_text(plan.total_interest) if plan.debt_free_month is not None else EMPTY


def paid_text(plan: Plan) -> str:
    return money_text(plan.total_paid) if plan.debt_free_month is not None else EMPTY


def cleared_text(month: int | None, start: dt.date) -> str:
    if month is None:
        return f"{MAX_MONTHS} 个月内还不清"
    return f"第 {month} 个月（{month_text(payment_date(start, month))}）"


def balance_chart(plans: tuple[Plan, ...]) -> str:
    """The total of all balances month by month, one line per strategy.

    A plan that never clears would stretch the picture to MAX_MONTHS of growing
    balances; the chart stops at the last month any plan clears (or STUCK_CHART_MONTHS).
    """
    horizon = max((plan.debt_free_month for plan in plans if plan.debt_free_month is not None), default=STUCK_CHART_MONTHS)
    outcomes = "；".join(
        f"{STRATEGY_LABELS[plan.strategy]}："
        + (f"第 {plan.debt_free_month} 个月还清" if plan.debt_free_month is not None else f"{MAX_MONTHS} 个月内还不清")
        for plan in plans
    )
    shown = f"图只画到第 {horizon} 个月。" if any(plan.debt_free_month is None for plan in plans) else ""
    start_total = plans[0].total_balances()[0]
    return line_chart(
        chart_id="debts-chart",
        title="三种还款顺序下，欠款合计怎样减少",
        description=f"横轴是月份，纵轴是所有债务的余额合计，开始时 {money_text(start_total)} 元。{outcomes}。{shown}",
        series=tuple(Series(STRATEGY_LABELS[plan.strategy], plan.total_balances()[: horizon + 1]) for plan in plans),
        x_label="{n} 个月",
    )


def cleared_calendar(debts: tuple[Debt, ...], plan: Plan, budget: Decimal, start: dt.date) -> str:
    """One all-day event per debt, on the payment date of the month it is cleared under `plan`."""
    label = STRATEGY_LABELS[plan.strategy]
    events = [
        Event(
            day=payment_date(start, month),
            summary=f"{debt.name} 还清",
            description=(
                f"按每月 {money_text(budget)} 元、{label}的顺序，这一笔在第 {month} 个月还清。"
                "这是计算器的估算，实际金额和日期以账单为准。"
            ),
        )
        for debt, month in zip(debts, plan.cleared)
        if month is not None
    ]
    return ics_calendar(events, name="多笔债务还清日期", uid_prefix="debts")


NEGOTIATION_LINK = '<a href="../../guides/negotiation/">怎样和贷款方协商还款</a>'


def shortfall_message(minimums: Decimal, budget: Decimal, missing: Decimal, any_overdue: bool) -> str:
    overdue = "<li>能还的部分，先还已经逾期的那几笔，并保留每一次还款记录。</li>" if any_overdue else ""
    return (
        '<p class="calc__alert"><strong>钱不够还最低还款。</strong>'
        f"这个月各笔的最低还款合计 {money_text(minimums)} 元，你每月能拿出 {money_text(budget)} 元，"
        f"每月还差 {money_text(missing)} 元。换哪种还款顺序都补不上这个差额，所以这里不排还款计划。</p>"
        "<ul>"
        "<li>先留够吃饭、住房、看病和上班路费这些基本生活开销，剩下的再拿来还债。</li>"
        "<li>不要借新的网贷、信用卡或找人借钱去还旧债：以贷养贷只会让欠款和利息越滚越大。</li>"
        f"<li>主动联系每一家贷款方，说明收入的变化，问能不能延期、分期或减免罚息：{NEGOTIATION_LINK}。</li>"
        f"{overdue}</ul>"
    )


def plan_message(debts: tuple[Debt, ...], plans: tuple[Plan, ...], budget: Decimal, start: dt.date) -> str:
    by_strategy = {plan.strategy: plan for plan in plans}
    recommended = by_strategy[RECOMMENDED]
    parts = []
    if recommended.debt_free_month is not None:
        parts.append(
            f"<p>按<strong>{STRATEGY_LABELS[RECOMMENDED]}</strong>的顺序，每月拿出 {money_text(budget)} 元，"
            f"第 {recommended.debt_free_month} 个月（{month_text(payment_date(start, recommended.debt_free_month))}）"
            f"还清全部债务，一共付利息 {money_text(recommended.total_interest)} 元。</p>"
        )
    overdue = [index for index, debt in enumerate(debts) if debt.overdue]
    if overdue:
        parts.append("<p>逾期的债先还上，罚息才会停下来；之后再把多出来的钱先给利率最高的那一笔。</p>")
        clearing = [plan for plan in plans if plan.debt_free_month is not None]
        cheaper = min(clearing, key=lambda plan: plan.total_interest, default=recommended)
        overdue_cleared = [cheaper.cleared[index] for index in overdue]
        if recommended in clearing and cheaper.total_interest < recommended.total_interest and None not in overdue_cleared:
            parts.append(
                f"<p>{STRATEGY_LABELS[cheaper.strategy]}少付 "
                f"{money_text(recommended.total_interest - cheaper.total_interest)} 元利息，"
                f"但逾期的债要到第 {max(overdue_cleared)} 个月才全部还上，逾期状态会一直持续到那时。</p>"
            )
    stuck = [plan for plan in plans if plan.debt_free_month is None]
    if stuck:
        owing = [index for index in range(len(debts)) if any(plan.cleared[index] is None for plan in stuck)]
        growing = any(
            plan.months[-1].balances_fen[index] >= to_fen(plan.start[index])
            for plan in stuck
            for index in owing
            if plan.cleared[index] is None
        )
        it = "它" if len(owing) == 1 else "它们"
        reason = (
            f"分到{it}的钱不够付{it}每月新产生的利息，欠款只会越滚越大"
            if growing
            else f"分到{it}的钱只比{it}每月新产生的利息多一点，欠款降得太慢"
        )
        names = "、".join(escape(debts[index].name) for index in owing)
        parts.append(
            f'<p class="calc__alert"><strong>有债务在 {MAX_MONTHS} 个月（{MAX_MONTHS // 12} 年）内还不清：</strong>{names}。'
            f"{reason}。只换顺序解决不了，需要和贷款方商量降低还款压力：{NEGOTIATION_LINK}。</p>"
        )
    return "".join(parts)


# ---- the form and its browser entry point ----------------------------------

MAX_MONEY = Decimal(10_000_000)
MAX_ANNUAL_RATE_PERCENT = Decimal(100)
MAX_DAILY_RATE_PERCENT = Decimal("0.3")
NAME_LENGTH = 20

BUDGET = NumberRule(label="每月能拿出来还债的钱", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2, minimum_exclusive=True)
BALANCE = NumberRule(label="欠款余额", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2, minimum_exclusive=True)
ANNUAL_RATE = NumberRule(label="年化利率", unit="%", minimum=Decimal(0), maximum=MAX_ANNUAL_RATE_PERCENT, max_decimals=4)
DAILY_RATE = NumberRule(label="日利率", unit="%", minimum=Decimal(0), maximum=MAX_DAILY_RATE_PERCENT, max_decimals=4)
MINIMUM = NumberRule(label="每月最低还款", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)

DEBTS = RowGroup(
    name="debts",
    label="你的债务",
    item_label="第 {n} 笔",
    fields=(
        Field("name", "名称", "", kind="text", required=False, help=f"例如 网商贷、花呗、信用卡；最多 {NAME_LENGTH} 个字。"),
        Field("balance", "欠款余额", "", unit="元", help="现在还欠的本金，以 App 账单为准。"),
        rate_kind_field(),
        Field("rate", "利率", "", unit="%", help="日利率 0.05 表示每天 0.05%（万分之五）。已经逾期的债，合同常写明逾期部分改按罚息利率计息，可以填罚息利率。"),
        Field("minimum", "每月最低还款", "", unit="元", help="每月至少要还的钱；逾期的债填贷款方要求的月还款。"),
        Field(
            "overdue",
            "已经逾期了吗",
            "no",
            kind="select",
            options=(Option("no", "没有逾期"), Option("yes", "已经逾期")),
        ),
    ),
    rows=(
        {"name": "网商贷", "balance": "20000", "rate_kind": "daily", "rate": "0.06", "minimum": "1000", "overdue": "yes"},
        {"name": "信用卡", "balance": "8000", "rate_kind": "daily", "rate": "0.05", "minimum": "800", "overdue": "no"},
    ),
    min_rows=1,
    max_rows=10,
    add_label="加一笔",
    remove_label="删除这一笔",
)

FORM = Form(
    name="debts",
    title="多笔债务安排",
    fields=(
        Field("budget", "每月能拿出来还债的钱", "3000", unit="元", help="先扣掉吃饭、住房、看病等基本开销，剩下能稳定拿出来还债的钱。"),
        Field(
            "start",
            "第一次按这个安排还款的日期（可不填）",
            "",
            kind="date",
            required=False,
            placeholder="2026-12-01",
            help="不填就按下个月 1 日算；只用来标出每一笔还清的年月。",
        ),
    ),
    groups=(DEBTS,),
    outputs=(
        Output("minimums", "这个月最低还款合计"),
        Output("shortfall", "每月还差（预算不够最低还款时）"),
        Output("months_overdue_first", "逾期优先：还清需要", unit="个月", emphasis=True),
        Output("interest_overdue_first", "逾期优先：共付利息"),
        Output("months_avalanche", "利率最高优先：还清需要", unit="个月"),
        Output("interest_avalanche", "利率最高优先：共付利息"),
        Output("months_snowball", "余额最小优先：还清需要", unit="个月"),
        Output("interest_snowball", "余额最小优先：共付利息"),
        Output("debt_free", "按逾期优先，全部还清在", unit=""),
    ),
    tables=(
        Table(
            "strategies",
            "三种还款顺序比较",
            (
                Column("strategy", "还款顺序"),
                Column("order", "多出来的钱先给"),
                Column("months", "还清需要（个月）"),
                Column("interest", "共付利息（元）"),
                Column("paid", "一共还（元）"),
            ),
        ),
        Table(
            "cleared",
            "每一笔在第几个月还清",
            (
                Column("name", "债务"),
                Column(OVERDUE_FIRST, STRATEGY_LABELS[OVERDUE_FIRST]),
                Column(AVALANCHE, STRATEGY_LABELS[AVALANCHE]),
                Column(SNOWBALL, STRATEGY_LABELS[SNOWBALL]),
            ),
        ),
    ),
    slots=(Slot("message"), Slot("chart")),  # no aria-label on a generic div; the SVG has its own <title>
    downloads=(Download("ics", "把每一笔的还清日期存进日历（.ics）", "debts-cleared.ics"),),
    notes=(
        "默认值只是一个示例：两笔债的余额、利率和最低还款都可以改成你自己的，也可以加到 10 笔。",
        "这是按固定规则算出的估算，实际金额以各家的账单和合同为准。",
    ),
    method=(
        "每个月先计息：每一笔的余额 × 月利率。月利率 = 年化利率 ÷ 12，或日利率 × 30（按一年 360 天、一个月 30 天折算）。",
        "每一笔每个月的利息按精确值算出后，四舍五入到分（0.01 元），只舍入这一次。",
        "然后每一笔先还最低还款（欠得比最低还款少就只还欠的数），预算剩下的钱全部给排在最前面的那一笔；它还清了，剩下的钱接着给下一笔。还清的那一笔原来的最低还款也并入这笔钱，每月预算不变。",
        "逾期优先：先还已经逾期的，再按利率从高到低；利率最高优先：按利率从高到低；余额最小优先：按开始时的余额从小到大。条件相同时按你填的先后顺序。",
        f"算到 {MAX_MONTHS} 个月为止：还不清的债务会单独说明。",
    ),
    source="calculators/debts.py",
    tests="tests/calculators/test_debts.py",
)

def _row_parsers(index: int, row: Mapping[str, str]) -> dict[str, Callable[[], object]]:
    def name(field: str) -> str:
        return DEBTS.input_name(index, field)

    def text(field: str) -> str:
        value = row.get(field, "")
        return value if isinstance(value, str) else ""

    rate_rule = ANNUAL_RATE if text("rate_kind") == "annual" else DAILY_RATE
    return {
        name("name"): lambda: parse_text(name("name"), text("name"), "名称", NAME_LENGTH, required=False) or f"第 {index + 1} 笔",
        name("balance"): lambda: parse_number(name("balance"), text("balance"), BALANCE),
        name("rate_kind"): lambda: parse_choice(name("rate_kind"), text("rate_kind"), "利率类型", ("daily", "annual")),
        name("rate"): lambda: parse_rate(name("rate"), text("rate"), rate_rule, "annual" if text("rate_kind") == "annual" else "daily"),
        name("minimum"): lambda: parse_number(name("minimum"), text("minimum"), MINIMUM),
        name("overdue"): lambda: parse_choice(name("overdue"), text("overdue"), "是否逾期", ("no", "yes")),
    }


def parse_debts(raw: Raw) -> tuple[tuple[Debt, ...], Decimal, dt.date | None]:
    """The reader's rows, budget and start date, or FieldErrors with a Chinese message at each field."""
    rows = raw.get(DEBTS.name, [])
    if not isinstance(rows, list) or not DEBTS.min_rows <= len(rows) <= DEBTS.max_rows:
        raise FieldErrors({DEBTS.name: f"请填 {DEBTS.min_rows} 到 {DEBTS.max_rows} 笔债务。"})
    start_text = str(raw.get("start", ""))
    parsers: dict[str, Callable[[], object]] = {
        "budget": lambda: parse_number("budget", str(raw.get("budget", "")), BUDGET),
        "start": lambda: parse_date("start", start_text, "开始日期") if start_text.strip() else None,
    }
    for index, row in enumerate(rows):
        parsers.update(_row_parsers(index, row if isinstance(row, dict) else {}))
    values = collect(parsers)
    debts = tuple(
        Debt(
            name=str(values[DEBTS.input_name(i, "name")]),
            balance=values[DEBTS.input_name(i, "balance")],
            monthly_rate=monthly_rate(str(values[DEBTS.input_name(i, "rate_kind")]), values[DEBTS.input_name(i, "rate")]),
            minimum=values[DEBTS.input_name(i, "minimum")],
            overdue=values[DEBTS.input_name(i, "overdue")] == "yes",
        )
        for i in range(len(rows))
    )
    return debts, values["budget"], values["start"]


def compute_on(raw: Raw, today: dt.date) -> Result:
    """The entry point with today's date given: a blank start date means the first day of next month."""
    debts, budget, start = parse_debts(raw)
    start = start or next_month_first(today)
    minimums = minimums_due(debts)
    missing = shortfall(debts, budget)
    values = {"minimums": money_text(minimums), "shortfall": money_text(missing)}
    if missing > 0:
        for strategy in STRATEGIES:
            values[f"months_{strategy}"] = EMPTY
            values[f"interest_{strategy}"] = EMPTY
        values["debt_free"] = EMPTY
        return {
            "values": values,
            "tables": {"strategies": [], "cleared": []},
            "html": {"message": shortfall_message(minimums, budget, missing, any(debt.overdue for debt in debts)), "chart": ""},
            "downloads": {},
        }
    plans = compare(debts, budget)
    for plan in plans:
        values[f"months_{plan.strategy}"] = months_text(plan)
        values[f"interest_{plan.strategy}"] = interest_text(plan)
    recommended = plans[STRATEGIES.index(RECOMMENDED)]
    month = recommended.debt_free_month
    values["debt_free"] = month_text(payment_date(start, month)) if month is not None else f"{MAX_MONTHS} 个月内还不清"
    return {
        "values": values,
        "tables": {
            "strategies": [
                {
                    "strategy": STRATEGY_LABELS[plan.strategy],
                    "order": " → ".join(debts[index].name for index in plan.order),
                    "months": months_text(plan),
                    "interest": interest_text(plan),
                    "paid": paid_text(plan),
                }
                for plan in plans
            ],
            "cleared": [
                {"name": debt.name, **{plan.strategy: cleared_text(plan.cleared[index], start) for plan in plans}}
                for index, debt in enumerate(debts)
            ],
        },
        "html": {"message": plan_message(debts, plans, budget, start), "chart": balance_chart(plans)},
        "downloads": {"ics": {"text": cleared_calendar(debts, recommended, budget, start), "mime": "text/calendar"}},
    }


def compute(raw: Raw) -> Result:
    """The browser's entry point: raw strings of the form in, a JSON-ready result out."""
    return compute_on(raw, dt.date.today())


CALCULATOR = Calculator(form=FORM, compute=compute, compute_on=compute_on)
