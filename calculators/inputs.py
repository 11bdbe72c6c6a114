"""Turn what a reader types into a form field into a Decimal, or a Chinese message.

Readers type on phones with Chinese input methods, so the parser accepts
full-width digits and punctuation, thousands separators, surrounding spaces,
a unit suffix (元, 万元, %, 天) and a trailing 。. Anything else is rejected
with a message that says what the field expects.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

TEN_THOUSAND = Decimal(10000)

_PLAIN_NUMBER = re.compile(r"^(?P<int>\d+)(?:\.(?P<frac>\d+))?$")
_GROUPED_NUMBER = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+)(?:\.(?P<frac>\d+))?$")
_TRAILING_PUNCTUATION = "。"


class FieldError(ValueError):
    """A reader's input that cannot be used, with a message to show at the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NumberRule:
    """What one numeric field accepts.

    minimum/maximum are inclusive unless the matching *_exclusive flag is set.
    unit is the suffix readers may type (元, %, 天); 元 also admits 万 / 万元.
    """

    label: str
    unit: str
    minimum: Decimal
    maximum: Decimal
    max_decimals: int
    minimum_exclusive: bool = False
    integer: bool = False


def _normalise(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(text.split())  # also removes spaces inside "10 000"
    return text.rstrip(_TRAILING_PUNCTUATION)


def _strip_unit(text: str, rule: NumberRule) -> tuple[str, Decimal]:
    """Remove an accepted unit suffix; return the text and the multiplier it implies."""
    if rule.unit == "元":
        for suffix, factor in (("万元", TEN_THOUSAND), ("万", TEN_THOUSAND), ("元", Decimal(1))):
            if text.endswith(suffix):
                return text[: -len(suffix)], factor
        return text, Decimal(1)
    if rule.unit and text.endswith(rule.unit):
        return text[: -len(rule.unit)], Decimal(1)
    return text, Decimal(1)


def _expectation(rule: NumberRule) -> str:
    if rule.integer:
        return f"请输入{rule.label}，整数，单位{rule.unit}"
    unit = f"，单位{rule.unit}" if rule.unit else ""
    if rule.max_decimals == 0:
        return f"请输入{rule.label}（整数{unit}）"
    return f"请输入{rule.label}（数字，最多 {rule.max_decimals} 位小数{unit}）"


def _format_bound(value: Decimal, unit: str) -> str:
    if value == value.to_integral_value():
        text = f"{int(value):,}"
    else:
        text = format(value.normalize(), "f")
    return f"{text} {unit}" if unit else text


def parse_number(field: str, raw: str, rule: NumberRule) -> Decimal:
    """Parse one field's raw text; raise FieldError with a Chinese message if it is unusable."""
    text = _normalise(raw)
    if not text:
        raise FieldError(field, f"{rule.label}不能为空。")
    if text.startswith("-") or text.startswith("−"):
        raise FieldError(field, f"{rule.label}不能是负数。")
    if text.startswith("+"):
        text = text[1:]
    number_text, factor = _strip_unit(text, rule)
    match = _PLAIN_NUMBER.match(number_text) or _GROUPED_NUMBER.match(number_text)
    if match is None:
        if "," in number_text and re.fullmatch(r"[\d,]+(\.\d+)?", number_text):
            raise FieldError(field, "千分位逗号的位置不对：请写成 10,000 或 10000 这样的形式。")
        raise FieldError(field, _expectation(rule) + "。")
    fraction = match.group("frac") or ""
    value = Decimal(match.group("int").replace(",", "") + ("." + fraction if fraction else "")) * factor
    if rule.integer and value != value.to_integral_value():
        raise FieldError(field, f"{rule.label}请填整数{rule.unit}。")
    decimals = max(0, -value.normalize().as_tuple().exponent) if value else 0
    if decimals > rule.max_decimals:
        if rule.max_decimals == 0:
            raise FieldError(field, f"{rule.label}请填整数。")
        raise FieldError(field, f"{rule.label}最多保留 {rule.max_decimals} 位小数。")
    if rule.minimum_exclusive and value <= rule.minimum:
        raise FieldError(field, f"{rule.label}必须大于 {_format_bound(rule.minimum, rule.unit)}。")
    if value < rule.minimum:
        raise FieldError(field, f"{rule.label}不能小于 {_format_bound(rule.minimum, rule.unit)}。")
    if value > rule.maximum:
        raise FieldError(field, f"{rule.label}不能超过 {_format_bound(rule.maximum, rule.unit)}。")
    return value


def parse_choice(field: str, raw: str, label: str, choices: tuple[str, ...]) -> str:
    """Accept one of the select's option values."""
    value = raw.strip()
    if value not in choices:
        raise FieldError(field, f"请从列表中选择{label}。")
    return value


_DATE = re.compile(r"^(?P<y>\d{4})(?:[-/.年])(?P<m>\d{1,2})(?:(?:[-/.月])(?P<d>\d{1,2})日?|月?)$")
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def parse_date(field: str, raw: str, label: str, *, month_only: bool = False) -> dt.date:
    """A date typed as 2026-03-01, 2026/3/1, 2026.3.1 or 2026年3月1日 (full-width digits too).

    With month_only=True the day may be left out (2023-06, 2023年6月) and means the 1st.
    """
    text = _normalise(raw)
    if not text:
        raise FieldError(field, f"{label}不能为空。")
    match = _DATE.match(text)
    example = "2023-06 或 2023年6月" if month_only else "2026-03-01、2026/3/1 或 2026年3月1日"
    if match is None or (match.group("d") is None and not month_only):
        raise FieldError(field, f"{label}请写成 {example} 这样的日期。")
    year, month = int(match.group("y")), int(match.group("m"))
    day = int(match.group("d") or 1)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise FieldError(field, f"{label}的年份应在 {EARLIEST_YEAR} 到 {LATEST_YEAR} 之间。")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(field, f"{label}不是一个存在的日期（{year}年{month}月{day}日）。") from None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def parse_text(field: str, raw: str, label: str, max_length: int, *, required: bool = True) -> str:
    """Free text such as a debt's name: trimmed, control characters removed, length capped."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", raw)).strip()
    if not text and required:
        raise FieldError(field, f"{label}不能为空。")
    if len(text) > max_length:
        raise FieldError(field, f"{label}最多 {max_length} 个字。")
    return text
