"""Exact money arithmetic shared by every calculator: compute with fractions, round once.

A rate divided by 360 or 12 has no finite decimal expansion, so a Decimal result
computed in steps can land a hair below a half fen and round the wrong way.
Every calculator therefore computes with `fractions.Fraction` and rounds once,
to the fen, half up, where its page says.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
HUNDRED = 100

Number = Fraction | Decimal | int | str


def to_fraction(value: Number, name: str = "value") -> Fraction:
    """The exact value of a Decimal, int, Fraction or numeric string; float and bool are refused."""
    if isinstance(value, (bool, float)):
        raise TypeError(f"{name} must be Decimal, int, Fraction or str, not {type(value).__name__}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, Decimal, str)):
        decimal = Decimal(value)
        if not decimal.is_finite():
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        return Fraction(decimal)
    raise TypeError(f"{name} must be Decimal, int, Fraction or str, not {type(value).__name__}")


def round_to(value: Number, quantum: Decimal) -> Decimal:
    """Round an exact value half up (away from zero at exactly half) to `quantum`, once."""
    exact = to_fraction(value)
    step = Fraction(quantum)
    units, remainder = divmod(abs(exact), step)
    if remainder * 2 >= step:
        units += 1
    magnitude = (Decimal(int(units)) * quantum).quantize(quantum)
    return -magnitude if exact < 0 and units else magnitude


def round_fen(value: Number) -> Decimal:
    """To the fen (0.01 元), half up: 0.455 → 0.46, 1.049999… → 1.05 only if it is ≥ 1.045."""
    return round_to(value, CENT)


def money_text(value: Decimal) -> str:
    """A fen-rounded amount as shown on the page: thousands separators and two decimals."""
    return f"{value:,.2f}"


def percent_text(rate: Number, decimals: int = 4) -> str:
    """A fraction as a percent, rounded half up to `decimals`, trailing zeros dropped: 0.00075 → 0.075."""
    shown = round_to(to_fraction(rate) * HUNDRED, Decimal(1).scaleb(-decimals)).normalize()
    return format(shown, "f")


def percent_fixed(rate: Number, decimals: int = 2) -> str:
    """A fraction as a percent with exactly `decimals` decimals: 0.11578 → 11.58."""
    return format(round_to(to_fraction(rate) * HUNDRED, Decimal(1).scaleb(-decimals)), "f")


MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = 30  # a 360-day year of twelve 30-day months: daily rate × 30 = monthly rate


def monthly_rate(rate_kind: str, percent: Number) -> Fraction:
    """A rate typed in percent as an exact monthly fraction: 18 % a year → 0.015; 0.05 % a day → 0.015."""
    rate = to_fraction(percent, "rate") / HUNDRED
    if rate_kind == "annual":
        return rate / MONTHS_PER_YEAR
    if rate_kind == "daily":
        return rate * DAYS_PER_MONTH
    raise ValueError(f"rate_kind must be 'annual' or 'daily', got {rate_kind!r}")
