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

When the budget is below the month's minimum payments no order can clear the
debts, so there is no plan; `allocate` then shares out this month's budget (the
tool's own method, stated on the page, not a rule of law or of any lender):
- the debts the reader marked "先保住" first (those not overdue before the
  overdue ones), then the debts not yet overdue, then the overdue ones; within
  each of these four, the smallest minimum first (ties by row).
  Walking that order, a minimum is paid in full whenever it still fits in what
  is left; a full minimum keeps a current debt from falling overdue, and
  smallest first keeps the most accounts paid in full;
- what is left at the end (less than every unpaid minimum) goes, as a part
  payment, to the first debt in that order not paid in full.
The pays add up to the budget exactly: every amount is whole fen, nothing is
divided, so nothing is rounded.

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
    keep: bool = False  # the reader asks to keep this one paid first when money is short


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


def due_fen(debt: Debt) -> int:
    """This month's minimum in fen: the minimum, but never more than the debt owes after this month's interest."""
    owed = to_fen(debt.balance)
    return min(to_fen(debt.minimum), owed + interest_fen(owed, debt.monthly_rate))


def minimums_due(debts: tuple[Debt, ...]) -> Decimal:
    """What the minimums ask for in month 1: each minimum, but never more than the debt owes then.

    Later months never ask for more: a debt still open after month 1 had owed
    more than its minimum, and a cleared debt asks for nothing.
    """
    return from_fen(sum(due_fen(debt) for debt in debts))


def shortfall(debts: tuple[Debt, ...], budget: Decimal) -> Decimal:
    """How much the budget misses the month's minimum payments by (0.00 when it covers them)."""
    return max(minimums_due(debts) - budget, Decimal("0.00"))


@dataclass(frozen=True)
class Share:
    """One debt's part of a month's budget when the budget is below the minimums."""

    index: int  # the debt's row
    due: Decimal  # this month's minimum (never more than owed)
    pay: Decimal  # what the budget gives it; 0 ≤ pay ≤ due

    @property
    def gap(self) -> Decimal:
        return self.due - self.pay

    @property
    def full(self) -> bool:
        return self.pay == self.due


def allocation_order(debts: tuple[Debt, ...]) -> tuple[int, ...]:
    """Rows in the order the short budget is shared: marked 先保住 (not overdue, then overdue), then not overdue,
    then overdue; within each, the smallest minimum of this month first; ties keep row order."""
    dues = [due_fen(debt) for debt in debts]
    return tuple(sorted(range(len(debts)), key=lambda i: (not debts[i].keep, debts[i].overdue, dues[i], i)))


def allocate(debts: tuple[Debt, ...], budget: Decimal) -> tuple[Share, ...]:
    """This month's budget shared over the debts, in allocation_order.

    Each minimum that still fits in what is left is paid in full; what is left
    after the walk goes to the first debt not paid in full. With a shortfall the
    pays add up to the budget exactly; when the budget covers every minimum,
    each debt gets its minimum and the rest is not shared out here (the plans do that).
    """
    if not debts:
        raise ValueError("at least one debt is needed")
    left = to_fen(budget)
    if left < 0:
        raise ValueError("the budget must not be negative")
    order = allocation_order(debts)
    dues = {index: due_fen(debts[index]) for index in order}
    pays = dict.fromkeys(order, 0)
    for index in order:
        if dues[index] <= left:
            pays[index] = dues[index]
            left -= dues[index]
    for index in order:
        if pays[index] < dues[index]:
            pays[index] = left  # less than this minimum: it did not fit when its turn came
            break
    return tuple(Share(index, from_fen(dues[index]), from_fen(pays[index])) for index in order)


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


RELIEF_LINK = '<a href="../../guides/relief/">其他正规的路</a>'
SHORTFALL_SECTION = "#钱不够还最低还款时怎么分"  # the page's section that gives the method and its sources

# The letter tool (calculators/letter.py, on guides/negotiation/) computes what the reader can offer one lender as
# income − essentials − "其他欠款每月要还" (its `debts` rows). Filling its first row with what this month's
# allocation gives every other debt makes the letter offer this debt's own share once the reader types income and
# essentials: the share when the budget is income − essentials, a request for a pause when the share is 0.
LETTER_PAGE = "../../guides/negotiation/"
LETTER_FORM = "letter"
LETTER_PURPOSE = "hardship"
LETTER_OTHERS_NAME = "这个月分给其他几笔的钱"
URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def url_component(text: str) -> str:
    """Percent-encoding of UTF-8 bytes for a URL fragment; only RFC 3986's unreserved characters stay as they are."""
    return "".join(ch if ch in URL_SAFE else "".join(f"%{byte:02X}" for byte in ch.encode("utf-8")) for ch in text)


def letter_link(others: Decimal) -> str:
    """The negotiation page's letter tool, pre-filled through the fragment (never sent to a server):
    #fill=letter&purpose=hardship&debts.0.name=…&debts.0.payment=<what the other debts get this month>."""
    fields = (
        ("purpose", LETTER_PURPOSE),
        ("debts.0.name", LETTER_OTHERS_NAME),
        ("debts.0.payment", format(others, "f")),
    )
    return f"{LETTER_PAGE}#fill={LETTER_FORM}&" + "&".join(f"{url_component(k)}={url_component(v)}" for k, v in fields)


def share_reason(debt: Debt, share: Share) -> str:
    """The `why` of one row of the allocation when money is short: what the payment does and what to ask for."""
    kept = "你选了先保住这一笔。" if debt.keep else ""
    if share.due == 0:
        return kept + "这个月没有要还的最低还款。"
    if share.full:
        if debt.overdue:
            return kept + "已经逾期：贷款方要求的这个月的钱全额还上。还上以后算不算回到正常，以 App 显示为准。"
        return kept + "最低还款全额还上，这一笔这个月不会逾期。"
    gap = money_text(share.gap)
    status = "仍然逾期" if debt.overdue else "这个月会逾期"
    ask = "联系这一家说明情况，申请延期或分期（下面有生成申请文字的链接）。"
    if not debt.overdue:
        ask = "还款日前" + ask
    if share.pay == 0:
        return f"{kept}这个月分不到钱，差 {gap} 元，{status}：{ask}"
    return f"{kept}只够还一部分，差 {gap} 元，{status}：先还上这一部分，{ask}"


def allocation_rows(debts: tuple[Debt, ...], shares: tuple[Share, ...]) -> list[dict[str, str]]:
    return [
        {"name": debts[share.index].name, "pay": money_text(share.pay), "why": share_reason(debts[share.index], share)}
        for share in shares
    ]


def first_month_rows(debts: tuple[Debt, ...], plan: Plan, budget: Decimal) -> list[dict[str, str]]:
    """The plan's first month as the allocation table, in the order spare money goes; a last row holds any money left."""
    month = plan.months[0] if plan.months else None
    rows = []
    for index in plan.order:
        paid = month.paid[index] if month else Decimal("0.00")
        minimum = from_fen(due_fen(debts[index]))
        extra = paid - minimum
        cleared = month is not None and month.balances_fen[index] == 0 and paid > 0
        if extra > 0:
            why = f"最低还款 {money_text(minimum)} 元，再加多出来的 {money_text(extra)} 元（{STRATEGY_LABELS[plan.strategy]}）"
        elif minimum > 0:
            why = f"最低还款 {money_text(minimum)} 元"
        else:
            why = "这个月没有要还的最低还款"
        rows.append({"name": debts[index].name, "pay": money_text(paid), "why": why + ("，这个月还清。" if cleared else "。")})
    left = budget - (sum(month.paid, Decimal("0.00")) if month else Decimal("0.00"))
    if left > 0:
        rows.append({"name": "没用完的钱", "pay": money_text(left), "why": "这个月每一笔都能还清，剩下的钱不用拿去还债。"})
    return rows


def shortfall_message(debts: tuple[Debt, ...], shares: tuple[Share, ...], minimums: Decimal, budget: Decimal, missing: Decimal) -> str:
    """The words around the allocation table when the budget is below the minimums."""
    paid_in_full = [share for share in shares if share.full and share.due > 0]
    short = [share for share in shares if not share.full]
    newly_overdue = [share for share in short if not debts[share.index].overdue]
    head = (
        '<p class="calc__alert"><strong>钱不够还最低还款。</strong>'
        f"这个月各笔的最低还款合计 {money_text(minimums)} 元，你每月能拿出 {money_text(budget)} 元，"
        f"每月还差 {money_text(missing)} 元。换哪种还款顺序都补不上这个差额，所以这里不排还清计划，"
        "只排这个月的钱怎么分，见表格“这个月的钱怎么分”。</p>"
    )
    if budget == 0:
        summary = (
            "<p>你这个月拿不出钱还债，表里每一笔都是 0 元。这不是排顺序能解决的："
            f"在还款日前联系每一家，说明情况、申请延期，也可以看看{RELIEF_LINK}。</p>"
        )
    else:
        kept = f"全额还上 {len(paid_in_full)} 笔的最低还款" if paid_in_full else "没有一笔的最低还款能全额还上"
        falling = f"，其中 {len(newly_overdue)} 笔原本没有逾期、这个月会逾期" if newly_overdue else ""
        summary = (
            f"<p>按下面的分法，这个月能{kept}；{len(short)} 笔还不上全额{falling}，合计差 {money_text(missing)} 元。"
            "分法是：先保住还没逾期的，最低还款小的先付，这样能保住的笔数最多；还有剩，再全额还已经逾期、要还得少的；"
            "最后不够一整笔的零头，给排在下一位的那一笔先还一部分。"
            f"{'你选了“先保住”的那几笔排在最前面。' if any(debt.keep for debt in debts) else ''}"
            f'这是本计算器自己的排法，不是法律或贷款方的规定，理由见<a href="{SHORTFALL_SECTION}">钱不够还最低还款时怎么分</a>。</p>'
        )
    others_total = sum((share.pay for share in shares), Decimal("0.00"))
    asks = "".join(
        f"<li><strong>{escape(debts[share.index].name)}</strong>：这个月要还 {money_text(share.due)} 元，"
        f"能还 {money_text(share.pay)} 元，差 {money_text(share.gap)} 元。"
        f'<a href="{escape(letter_link(others_total - share.pay))}">生成写给{escape(debts[share.index].name)}的申请文字</a></li>'
        for share in short
    )
    ask_block = (
        "<p><strong>要找哪几家、问什么：</strong>还款日前主动联系下面每一家，说明收入的变化，"
        f"问能不能延期、分期或减免罚息（{NEGOTIATION_LINK}）。</p>"
        f"<ul>{asks}</ul>"
        "<p>链接打开协商页面上的申请工具，替你填好“其他欠款”一栏（这个月分给其他几笔的钱）；"
        "收入和必要开支请换成你自己的数。文字是写给网商银行的，写给别家时改掉称呼和借款名称。"
        "发之前想一想：申请延期或分期等于承认这笔债、答应还；很多年没人催过、或者已经转给别家的旧债，先问法律援助或律师。</p>"
    )
    advice = (
        "<ul>"
        "<li>先留够吃饭、住房、看病和上班路费这些基本生活开销，剩下的再拿来还债。</li>"
        "<li>不要借新的网贷、信用卡或找人借钱去还旧债：以贷养贷只会让欠款和利息越滚越大。</li>"
        "<li>同一家有好几笔的（比如网商贷分几次借的），还钱时说清楚这笔钱还哪一笔，合同另有约定的按合同。</li>"
        "<li>下个月：预算和各笔要还的钱不变，就照同样的顺序分，这个月保住的几笔仍然排在前面。"
        "这个月没还上全额的那几笔，下个月贷款方要求还的钱通常会变多，到时把新数字填进来再算一遍。</li>"
        "</ul>"
    )
    return head + summary + ask_block + advice


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

BUDGET = NumberRule(label="每月能拿出来还债的钱", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)
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
            kind="radio",
            options=(Option("no", "没有逾期"), Option("yes", "已经逾期")),
        ),
        Field(
            "keep",
            "钱不够时，先保住这一笔吗",
            "no",
            kind="radio",
            options=(Option("no", "按计算器的顺序"), Option("yes", "先保住这一笔")),
            help="只在钱不够还全部最低还款时起作用。有房子或车子抵押、有人担保或一起借的，或者你知道这一笔逾期的后果最重，可以选“先保住”。",
        ),
    ),
    rows=(
        {"name": "网商贷", "balance": "20000", "rate_kind": "daily", "rate": "0.06", "minimum": "1000", "overdue": "yes", "keep": "no"},
        {"name": "信用卡", "balance": "8000", "rate_kind": "daily", "rate": "0.05", "minimum": "800", "overdue": "no", "keep": "no"},
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
        Field("budget", "每月能拿出来还债的钱", "3000", unit="元", help="先扣掉吃饭、住房、看病等基本开销，剩下能稳定拿出来还债的钱；一分也拿不出就填 0。"),
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
            "allocation",
            "这个月的钱怎么分（排在前面的先付）",
            (
                Column("name", "债务"),
                Column("pay", "这个月还（元）"),
                Column("why", "为什么、要做什么"),
            ),
        ),
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
        "钱不够还全部最低还款时，不排还清计划，只分这个月的钱：先是你选了“先保住”的（其中没逾期的在前），再是还没逾期的，最后是已经逾期的；每一类里这个月要还的钱少的排前面，相同时按你填的先后。按这个顺序，一笔的最低还款放得下就全额还上；轮完以后剩下的零头，给排在最前面、还没还上全额的那一笔。这是本计算器自己的排法，不是法律或贷款方的规定。",
        "这样分出来的钱都是整分，不做除法，也就不用四舍五入：各笔加起来正好等于你填的预算。",
        "预算够还最低还款时，“这个月的钱怎么分”显示逾期优先那种顺序的第一个月。",
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
        name("keep"): lambda: parse_choice(name("keep"), text("keep") or "no", "是否先保住这一笔", ("no", "yes")),
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
            keep=values[DEBTS.input_name(i, "keep")] == "yes",
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
        shares = allocate(debts, budget)
        return {
            "values": values,
            "tables": {"allocation": allocation_rows(debts, shares), "strategies": [], "cleared": []},
            "html": {"message": shortfall_message(debts, shares, minimums, budget, missing), "chart": ""},
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
            "allocation": first_month_rows(debts, recommended, budget),
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
