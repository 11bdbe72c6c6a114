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

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MAX_MONTHS = 600  # fifty years: a plan still owing then never clears
DAYS_PER_MONTH = 30  # a daily rate × 30 is the monthly rate (the 360-day bank year ÷ 12)
MONTHS_PER_YEAR = 12

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


def monthly_rate(rate_kind: str, percent: Decimal) -> Fraction:
    """The monthly rate as an exact fraction: annual % ÷ 100 ÷ 12, or daily % ÷ 100 × 30."""
    rate = Fraction(percent) / 100
    if rate_kind == "annual":
        return rate / MONTHS_PER_YEAR
    if rate_kind == "daily":
        return rate * DAYS_PER_MONTH
    raise ValueError(f"rate_kind must be 'annual' or 'daily', got {rate_kind!r}")


@dataclass(frozen=True)
class Debt:
    name: str
    balance: Decimal  # 元, at most two decimals
    monthly_rate: Fraction  # 0.015 is 1.5 % a month
    minimum: Decimal  # minimum monthly payment, 元
    overdue: bool = False


@dataclass(frozen=True)
class Month:
    """One month of a plan; tuples are in the debts' row order."""

    month: int
    interest: tuple[Decimal, ...]
    paid: tuple[Decimal, ...]
    balances: tuple[Decimal, ...]  # after this month's payments


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
        return sum((sum(m.interest, Decimal("0.00")) for m in self.months), Decimal("0.00"))

    @property
    def total_paid(self) -> Decimal:
        return sum((sum(m.paid, Decimal("0.00")) for m in self.months), Decimal("0.00"))

    def total_balances(self) -> tuple[Decimal, ...]:
        """The sum of all balances before month 1, then after each month."""
        return (sum(self.start, Decimal("0.00")),) + tuple(sum(m.balances, Decimal("0.00")) for m in self.months)


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
    cleared: list[int | None] = [0 if balance == 0 else None for balance in balances]
    months: list[Month] = []
    month = 0
    while any(balances) and month < max_months:
        month += 1
        interest = [interest_fen(balance, debt.monthly_rate) for balance, debt in zip(balances, debts)]
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
        months.append(
            Month(
                month=month,
                interest=tuple(from_fen(value) for value in interest),
                paid=tuple(from_fen(value) for value in paid),
                balances=tuple(from_fen(value) for value in balances),
            )
        )
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
