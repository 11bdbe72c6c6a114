"""Turn what a reader types into a form field into a Decimal, or a Chinese message.

Readers type on phones with Chinese input methods, so the parser accepts
full-width digits and punctuation, thousands separators, surrounding spaces,
a unit suffix (元, 万元, %, 天) and a trailing 。. Anything else is rejected
with a message that says what the field expects.

Rates are typed as lenders write them (parse_rate): 万分之五, 日息万五, 千分之一,
年化 18%, 0.05%, each read as the same number in the field's unit (percent);
a rate word that contradicts the field's kind (年化 in a daily-rate field) gets
a message saying what to choose and type. An amount field given a percentage
(parse_amount) gets a message with the amount to type.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TEN_THOUSAND = Decimal(10000)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

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
    return _in_bounds(field, _number(field, _normalise(raw), rule), rule)


def _number(field: str, text: str, rule: NumberRule, expectation: str = "") -> Decimal:
    """The number a normalised text writes, in the rule's unit (bounds not checked yet)."""
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
        raise FieldError(field, expectation or _expectation(rule) + "。")
    fraction = match.group("frac") or ""
    return Decimal(match.group("int").replace(",", "") + ("." + fraction if fraction else "")) * factor


def _in_bounds(field: str, value: Decimal, rule: NumberRule) -> Decimal:
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


# ---- rates as lenders write them ------------------------------------------------------------------------------

DAILY, ANNUAL = "daily", "annual"
_KIND_NAMES = {DAILY: "日利率", ANNUAL: "年化利率"}  # the options of calculators.forms.rate_kind_field
# Words in front of a rate that say what it is per; the longest that matches is taken.
_RATE_WORDS = {
    DAILY: ("日利率", "日息", "日利", "日化", "日费率", "每日", "每天", "一天", "按日", "按天"),
    ANNUAL: ("年化利率", "年化", "年利率", "年息", "年利", "年费率", "每年", "一年", "按年", "apr"),
    "monthly": ("月利率", "月息", "月利", "月化", "月费率", "每月", "每个月", "一个月", "按月"),
}
_NEUTRAL_WORDS = ("利率", "费率")
_SAID = re.compile(r"^(?:为|是|:)")  # 年化为 18%, 日息：万五 (NFKC turns ： into :)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
# 万分之五 / 万五 = 5 / 10,000 = 0.05 %; 千分之一 = 1 / 1,000 = 0.1 %; 百分之十八 = 18 %. Each in percent.
_PER = ((re.compile(r"^万分之(.+)$"), Decimal("0.01"), "万"), (re.compile(r"^万(.+)$"), Decimal("0.01"), "万"),
        (re.compile(r"^千分之(.+)$"), Decimal("0.1"), "千"), (re.compile(r"^百分之(.+)$"), Decimal(1), "百"))


def _chinese_integer(text: str) -> int | None:
    """五, 十八, 二十四, 一百 … as an integer; None when it is not one."""
    if not text:
        return None
    total, digit, last_unit = 0, None, 1000
    for char in text:
        if char in _CN_DIGITS:
            if digit is not None:
                return None  # 二四: two digits in a row is not how a count is written
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            unit = _CN_UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


def _count(text: str) -> Decimal | None:
    """A count written in digits (5, 2.5) or in Chinese (五, 二点五, 十八): the number, or None."""
    match = _PLAIN_NUMBER.match(text)
    if match:
        return Decimal(text)
    whole, point, fraction = text.partition("点")
    integer = _chinese_integer(whole)
    if integer is None:
        return None
    if not point:
        return Decimal(integer)
    digits = "".join(str(_CN_DIGITS[c]) if c in _CN_DIGITS else c if c.isdigit() else "?" for c in fraction)
    return Decimal(f"{integer}.{digits}") if digits and "?" not in digits else None


def _plain(value: Decimal) -> str:
    """A number as the reader can type it back: 0.05, 18, 12.5 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _rate_expectation(rule: NumberRule, kind: str) -> str:
    if kind == ANNUAL:
        return f"请输入{rule.label}：填 18 表示每年 18%，也可以写“年化 18%”。"
    return f"请输入{rule.label}：填 0.05 表示每天 0.05%，也可以照合同写“万分之五”“日息万五”或“千分之一”。"


def parse_rate(field: str, raw: str, rule: NumberRule, kind: str) -> Decimal:
    """A rate in percent for a field of `kind` (DAILY or ANNUAL, the reader's choice of 利率类型).

    Besides a plain number (0.05, 0.05%), accepts a rate word in front (日息, 日利率, 年化, 年利率…; 利率 alone
    says nothing) and the lenders' fractions: 万分之五 or 万五 (0.05 %), 千分之一 (0.1 %), 百分之十八 (18 %), with
    digits or Chinese numerals. A rate word of another period, or 万分之/千分之 (said of daily rates) in an
    annual field, is refused with what to choose and type instead: the reader sees the choice, nothing is
    converted behind their back.
    """
    if kind not in _KIND_NAMES:
        raise ValueError(f"kind must be {DAILY!r} or {ANNUAL!r}, got {kind!r}")
    text = _normalise(raw)
    if not text:
        raise FieldError(field, f"{rule.label}不能为空。")
    said = None
    lowered = text.lower()
    for per, words in _RATE_WORDS.items():
        for word in words:
            if lowered.startswith(word) and (said is None or len(word) > len(said[1])):
                said = (per, word)
    if said:
        text = _SAID.sub("", text[len(said[1]):])
    else:
        for word in _NEUTRAL_WORDS:
            if text.startswith(word):
                text = _SAID.sub("", text[len(word):])
                break
    if not text:  # a rate word and no number: 日息
        raise FieldError(field, _rate_expectation(rule, kind))
    value, shape = _rate_value(field, text, rule, kind)
    typed = raw.strip()
    if said and said[0] == "monthly":
        annual = value * 12
        raise FieldError(
            field,
            f"“{typed}”是月利率，这里要日利率或年化利率。月利率乘以 12 就是年化利率（单利）："
            f"请把“利率类型”选成“年化利率”，再填 {_plain(annual)}（{_plain(value)} × 12）。",
        )
    per = said[0] if said else (DAILY if shape in ("万", "千") else None)
    if per is not None and per != kind:
        why = "是" if said else "一般是"
        raise FieldError(
            field,
            f"“{typed}”{why}{_KIND_NAMES[per]}（{_plain(value)}%），这里选的是{_KIND_NAMES[kind]}："
            f"请把“利率类型”改选“{_KIND_NAMES[per]}”，再填 {_plain(value)}。",
        )
    return _in_bounds(field, value, rule)


def _rate_value(field: str, text: str, rule: NumberRule, kind: str) -> tuple[Decimal, str]:
    """The percent a rate's text (its rate word taken off) writes, and its shape: 万, 千, 百 or plain."""
    for pattern, factor, shape in _PER:
        match = pattern.match(text)
        if match:
            count = _count(match.group(1))
            if count is None:
                raise FieldError(field, _rate_expectation(rule, kind))
            return count * factor, shape
    count = _count(text[:-1]) if text.endswith("%") else _count(text)
    if count is not None and not _PLAIN_NUMBER.match(text.rstrip("%")):
        return count, "plain"  # 十八%, 二点五
    return _number(field, text, rule, _rate_expectation(rule, kind)), "plain"


# ---- amounts that lenders quote as a rate -----------------------------------------------------------------------

_SHARE = re.compile(r"^(?:(?P<percent>.+)%|(?P<per>[万千百]分之.+))$")


def parse_amount(field: str, raw: str, rule: NumberRule, *, base: Decimal | None, base_label: str) -> Decimal:
    """An amount in 元 (parse_number), where a lender may quote a rate instead (每期手续费 0.5%).

    A percentage (0.5%, 百分之零点五, 千分之五) is refused with the amount it makes of `base` (the loan amount,
    when the reader's is valid), rounded half up to the fen: what to type if the lender charges that share of it.
    """
    text = _normalise(raw)
    share = _SHARE.match(text)
    if share is None:
        return parse_number(field, raw, rule)
    percent = None
    if share.group("percent") is not None:
        percent = _count(share.group("percent"))
    else:
        for pattern, factor, _ in _PER:
            match = pattern.match(share.group("per"))
            if match and (count := _count(match.group(1))) is not None:
                percent = count * factor
                break
    if percent is None:
        return parse_number(field, raw, rule)
    typed = raw.strip()
    if base is None:
        raise FieldError(
            field,
            f"{rule.label}要填金额（元），不是费率。合同写的是费率时，用{base_label}乘以费率算出钱数再填："
            f"{base_label} 10000 元、费率 0.5% 就填 50。",
        )
    amount = (base * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    raise FieldError(
        field,
        f"{rule.label}要填金额（元），不是费率。如果合同写的是按{base_label}收 {_plain(percent)}%："
        f"{_plain(base)} 元 × {_plain(percent)}% = {_plain(amount)} 元，这里填 {_plain(amount)}。",
    )


def parse_choice(field: str, raw: str, label: str, choices: tuple[str, ...]) -> str:
    """Accept one of the select's option values."""
    value = raw.strip()
    if value not in choices:
        raise FieldError(field, f"请从给出的选项中选择{label}。")
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
