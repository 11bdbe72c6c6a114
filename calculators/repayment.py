"""还款方案对比 — a repayment plan's schedule, its total cost and its true annual rate.

The model, stated on the page:
- monthly rate = annual rate / 12, or daily rate × 30 (a 360-day year of twelve 30-day months);
  bills that charge interest on the actual days differ by a few jiao a month;
- 等额本息: the same payment every month, from the closed form P·r(1+r)^n / ((1+r)^n − 1),
  rounded once to the fen; 等额本金: the same principal every month; 先息后本: interest
  monthly, all principal in the last month;
- each month's interest = balance × monthly rate, rounded once to the fen (half up); the last
  month absorbs every rounding remainder, so the principal parts add up to the loan exactly;
- 一次性手续费 is taken at the start (the money in hand is amount − fee), 每期手续费 is paid with
  every instalment;
- the true annual rate (`apr`) is the internal rate of return of the cash flows × 12, the
  effective rate (`apr_compound`) is (1 + monthly IRR)^12 − 1, each rounded once to 0.01 %.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Mapping, Sequence

from calculators.forms import (
    Calculator,
    Column,
    Compare,
    Download,
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
    number_of,
    rate_kind_field,
)
from calculators.ics import Event, calendar
from calculators.inputs import FieldError, NumberRule, parse_amount, parse_choice, parse_date, parse_number, parse_rate
from calculators.money import MONTHS_PER_YEAR, monthly_rate, percent_fixed, percent_text, round_fen, round_to, to_fraction
from calculators.svg import Series, line_chart

METHODS = ("equal_installment", "equal_principal", "interest_only")
IRR_DIGITS = 60  # working precision of the rate search
IRR_MAX_STEPS = 400
APR_QUANTUM = Decimal("0.0001")  # a fraction: 0.01 %
ZERO = Decimal("0.00")

Number = Decimal | int | str | Fraction

MAX_MONEY = Decimal(10_000_000)
MAX_MONTHS = 60
MAX_DAILY_RATE_PERCENT = Decimal("0.3")
MAX_ANNUAL_RATE_PERCENT = Decimal(100)


@dataclass(frozen=True)
class Instalment:
    month: int
    payment: Decimal  # principal + interest + fee of the month
    principal: Decimal
    interest: Decimal
    fee: Decimal
    balance: Decimal  # principal still owed after this month


@dataclass(frozen=True)
class Plan:
    received: Decimal  # the money in hand: amount − upfront fee
    instalments: tuple[Instalment, ...]
    upfront_fee: Decimal
    monthly_irr: Fraction  # exact enough to round the shown rates correctly (see irr)

    @property
    def total_paid(self) -> Decimal:
        return sum((row.payment for row in self.instalments), ZERO)

    @property
    def total_interest(self) -> Decimal:
        return sum((row.interest for row in self.instalments), ZERO)

    @property
    def total_fees(self) -> Decimal:
        return self.upfront_fee + sum((row.fee for row in self.instalments), ZERO)

    @property
    def total_cost(self) -> Decimal:
        """Everything paid above the money received."""
        return self.total_paid - self.received


def level_payment(principal: Fraction, rate: Fraction, months: int) -> Decimal:
    """等额本息's monthly payment from the closed form, exact, rounded once to the fen."""
    if rate == 0:
        return round_fen(principal / months)
    growth = (1 + rate) ** months
    return round_fen(principal * rate * growth / (growth - 1))


def schedule(amount: Fraction, rate: Fraction, months: int, method: str, fee_monthly: Decimal) -> tuple[Instalment, ...]:
    """Month-by-month rows; the last month takes whatever principal is left, so the balance ends at 0.00."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if months < 1:
        raise ValueError("months must be at least 1")
    balance = round_fen(amount)
    payment = level_payment(amount, rate, months) if method == "equal_installment" else None
    equal_part = round_fen(amount / months)
    rows = []
    for month in range(1, months + 1):
        interest = round_fen(Fraction(balance) * rate)
        if month == months:
            principal = balance
        elif method == "equal_installment":
            assert payment is not None
            principal = min(max(payment - interest, ZERO), balance)
        elif method == "equal_principal":
            principal = min(equal_part, balance)
        else:
            principal = ZERO
        balance -= principal
        rows.append(Instalment(month, principal + interest + fee_monthly, principal, interest, fee_monthly, balance))
    return tuple(rows)


def present_value(payments: Sequence[Decimal], monthly: Fraction | Decimal) -> Fraction:
    """Σ payment_k / (1 + i)^k, exactly (used by tests as the rational reference)."""
    factor = 1 / (1 + Fraction(monthly))
    total = Fraction(0)
    discount = Fraction(1)
    for payment in payments:
        discount *= factor
        total += Fraction(payment) * discount
    return total


def _present_value_decimal(payments: Sequence[Decimal], monthly: Decimal) -> Decimal:
    total = Decimal(0)
    discount = Decimal(1)
    factor = 1 / (1 + monthly)
    for payment in payments:
        discount *= factor
        total += payment * discount
    return total


def _shown_rates(monthly: Decimal) -> tuple[Decimal, Decimal]:
    return (
        round_to(Fraction(monthly) * MONTHS_PER_YEAR, APR_QUANTUM),
        round_to((1 + Fraction(monthly)) ** MONTHS_PER_YEAR - 1, APR_QUANTUM),
    )


def irr(received: Decimal, payments: Sequence[Decimal]) -> Fraction:
    """The monthly rate i ≥ 0 at which the payments' present value equals the money received.

    Bisection on a bracket [low, high] (present value falls as i rises) until both ends round
    to the same shown annual and effective rates, so the one rounding on the page is right.
    """
    if received <= 0:
        raise ValueError("the money received must be positive")
    if sum(payments, ZERO) <= received:
        return Fraction(0)
    with localcontext() as ctx:
        ctx.prec = IRR_DIGITS
        low, high = Decimal(0), Decimal(1)
        while _present_value_decimal(payments, high) > received:
            high *= 2
        for _ in range(IRR_MAX_STEPS):
            middle = (low + high) / 2
            if _present_value_decimal(payments, middle) > received:
                low = middle
            else:
                high = middle
            if _shown_rates(low) == _shown_rates(high) and high - low < Decimal("1e-20"):
                break
        return Fraction((low + high) / 2)


def plan(amount: Number, rate_kind: str, rate_percent: Number, months: int, method: str,
         fee: Number = 0, fee_monthly: Number = 0) -> Plan:
    """A whole plan: schedule, fees, and the monthly IRR of what is received against what is paid."""
    principal = to_fraction(amount, "amount")
    upfront = round_fen(to_fraction(fee, "fee"))
    per_month = round_fen(to_fraction(fee_monthly, "fee_monthly"))
    if principal <= 0 or upfront < 0 or per_month < 0:
        raise ValueError("amount must be positive and fees not negative")
    received = round_fen(principal) - upfront
    rows = schedule(principal, monthly_rate(rate_kind, to_fraction(rate_percent, "rate")), months, method, per_month)
    return Plan(received, rows, upfront, irr(received, [row.payment for row in rows]))


# ---- the form and its browser entry point ----------------------------------------

AMOUNT = NumberRule(label="借款金额", unit="元", minimum=Decimal(100), maximum=MAX_MONEY, max_decimals=2)
DAILY_RATE = NumberRule(label="日利率", unit="%", minimum=Decimal(0), maximum=MAX_DAILY_RATE_PERCENT, max_decimals=4)
ANNUAL_RATE = NumberRule(label="年利率", unit="%", minimum=Decimal(0), maximum=MAX_ANNUAL_RATE_PERCENT, max_decimals=4)
MONTHS = NumberRule(label="期数", unit="期", minimum=Decimal(1), maximum=Decimal(MAX_MONTHS), max_decimals=0, integer=True)
FEE = NumberRule(label="一次性手续费", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)
FEE_MONTHLY = NumberRule(label="每期手续费", unit="元", minimum=Decimal(0), maximum=MAX_MONEY, max_decimals=2)

METHOD_OPTIONS = (
    Option("equal_installment", "等额本息（每月还一样多）"),
    Option("equal_principal", "等额本金（每月本金一样，先多后少）"),
    Option("interest_only", "先息后本（每月付利息，最后还本金）"),
)
SHOWN_FOR_SECOND_PLAN = ("first_payment", "total_cost", "apr", "apr_compound")

FORM_FIELDS = (
    Field("amount", "借款金额", "10000", unit="元", help="合同上的借款本金。"),
    rate_kind_field(),
    Field("rate", "利率", "0.05", unit="%", help="日利率填 0.05 表示每天 0.05%，也可以照合同写“日息万五”“万分之五”“千分之一”；年利率填 18 或写“年化 18%”；“0 息”填 0。"),
    Field("months", "分几期（月）", "12", unit="期", input_mode="numeric", help=f"1 到 {MAX_MONTHS} 期。"),
    Field("method", "还款方式", "equal_installment", kind="radio", options=METHOD_OPTIONS),
    Field("fee", "一次性手续费 / 服务费（可不填）", "", unit="元", required=False, help="放款时先扣掉的钱，填金额（元）：到手 = 借款金额 − 这笔费用。"),
    Field("fee_monthly", "每期手续费（可不填）", "", unit="元", required=False, help="每个月随还款一起交的固定费用，填金额（元）；合同只写费率（比如每期 0.5%）时，先照写费率，这里会算出该填多少元。"),
    Field("first_due", "首期还款日（可不填）", "", kind="date", required=False, help="用于生成还款日历；不填就从今天起一个月后算。"),
)


def _signed_money(value: Decimal) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + money_text(abs(value))


def _signed_points(value: Decimal) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + format(abs(value), "f")


def compare_plans(first: Mapping[str, str], second: Mapping[str, str]) -> dict[str, str]:
    """Plan B minus plan A, from the values as shown: what the reader sees is what is subtracted."""
    return {
        "diff_total_cost": _signed_money(number_of(second["total_cost"]) - number_of(first["total_cost"])),
        "diff_apr": _signed_points(number_of(second["apr"]) - number_of(first["apr"])),
    }


FORM = Form(
    name="repayment",
    title="还款方案对比：每期还多少、一共多付多少、真实年化利率",
    fields=FORM_FIELDS,
    outputs=(
        Output("first_payment", "第一期还款"),
        Output("last_payment", "最后一期还款"),
        Output("received", "实际到手"),
        Output("total_paid", "一共要还"),
        Output("total_interest", "利息合计"),
        Output("total_fees", "手续费合计"),
        Output("total_cost", "总成本（一共要还 − 实际到手）", emphasis=True),
        Output("apr", "真实年化利率（IRR × 12）", unit="%", emphasis=True),
        Output("apr_compound", "按月复利折算的年利率", unit="%"),
    ),
    slots=(Slot("explain", "这些数字说明什么"), Slot("chart", "剩余本金和累计成本")),
    tables=(
        Table(
            "schedule",
            "每期还款明细（元）",
            (
                Column("month", "期"),
                Column("payment", "当期还款"),
                Column("principal", "本金"),
                Column("interest", "利息"),
                Column("fee", "手续费"),
                Column("balance", "剩余本金"),
            ),
        ),
    ),
    downloads=(Download("ics", "下载还款日历（.ics）", "repayment-plan.ics"),),
    compare=Compare(
        toggle_label="加一个方案对比",
        title="方案 B",
        outputs=(
            Output("diff_total_cost", "方案 B 比方案 A 多付（负数表示少付）", emphasis=True),
            Output("diff_apr", "真实年化利率相差", unit="个百分点"),
        ),
        combine=compare_plans,
        shown=SHOWN_FOR_SECOND_PLAN,
        defaults={"months": "36"},
    ),
    notes=("这是按你填的条件算出的估算；实际每期金额、计息天数和费用以合同和 App 账单为准。",),
    method=(
        "月利率 = 年利率 ÷ 12，或日利率 × 30（一年按 360 天）。按实际天数计息的账单，每月会差几角钱。",
        "等额本息每期还款 = 本金 × 月利率 ×（1 + 月利率）^期数 ÷［（1 + 月利率）^期数 − 1］；等额本金每期本金 = 本金 ÷ 期数；先息后本最后一期还全部本金。",
        "每期利息 = 当期剩余本金 × 月利率，四舍五入到分；最后一期把所有零头补齐，所以本金合计正好等于借款金额，最后剩余本金是 0.00。",
        "真实年化利率：找出一个月利率，使每期还款按它折现后的总和正好等于实际到手的钱（内部收益率 IRR），再乘以 12；按月复利折算 =（1 + 月 IRR）^12 − 1。两者都只在最后四舍五入到 0.01%。",
    ),
    source="calculators/repayment.py",
    tests="tests/calculators/test_repayment.py",
)

AMOUNT_LIMIT_MESSAGE = "一次性手续费必须少于借款金额（到手的钱要大于 0）。"


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later, or that month's last day (1-31 + 1 month → 2-28)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, monthrange(year, month)[1]))


def explanation(values: Mapping[str, object], result: Plan, months: int) -> str:
    """A few sentences with the reader's own numbers: why a small-looking rate or fee costs this much."""
    amount = values["amount"]
    assert isinstance(amount, Decimal)
    sentences = [
        f"你实际到手 {money_text(result.received)} 元，分 {months} 期一共要还 {money_text(result.total_paid)} 元，"
        f"比到手的钱多付 {money_text(result.total_cost)} 元。"
    ]
    if result.total_cost > 0:
        sentences.append(
            f"把这些钱按你真正占用本金的时间折算，真实年化利率是 {percent_fixed(result.monthly_irr * MONTHS_PER_YEAR)}%。"
        )
    if values["rate_kind"] == "daily" and values["rate"]:
        daily = to_fraction(values["rate"]) / 100  # type: ignore[arg-type]
        sentences.append(f"日利率 {percent_text(daily)}% 看起来很小，一年按 360 天算就是 {percent_text(daily * 360)}%。")
    fee = result.upfront_fee
    if fee > 0:
        sentences.append(
            f"一次性手续费 {money_text(fee)} 元在放款时就扣掉了，却仍按 {money_text(amount)} 元的本金分期还，"
            "所以即使写着“0 息”，也有真实的年化成本。"
        )
    per_month = result.instalments[0].fee
    if per_month > 0 and months > 1:
        sentences.append(
            f"每期手续费 {money_text(per_month)} 元，看上去只是借款的 {percent_text(Fraction(per_month) / Fraction(amount))}%/月，"
            "但你欠的本金一期比一期少，手续费却始终按最初的借款收，所以折成真实年化利率要高得多。"
        )
    return '<p class="calc__explain">' + "".join(sentences) + "</p>"


def chart(result: Plan, amount: Decimal) -> str:
    balances = [amount] + [row.balance for row in result.instalments]
    costs = [result.upfront_fee]
    for row in result.instalments:
        costs.append(costs[-1] + row.interest + row.fee)
    return line_chart(
        chart_id="repayment-chart",
        title="剩余本金和累计成本",
        description=(
            f"剩余本金从 {money_text(amount)} 元在第 {len(result.instalments)} 期降到 0；"
            f"累计成本（利息加手续费）从 {money_text(costs[0])} 元升到 {money_text(costs[-1])} 元。"
        ),
        series=[Series("剩余本金", balances), Series("累计成本", costs)],
        x_label="第 {n} 期",
    )


def compute(raw: Mapping[str, str]) -> Result:
    """Raw strings of the form in, a JSON-ready result out, as of the machine's date."""
    return compute_on(raw, dt.date.today())


def compute_on(raw: Mapping[str, str], today: dt.date) -> Result:
    """The entry point with the reader's date: a blank first due date means a month from today."""
    rate_kind = "annual" if raw.get("rate_kind") == "annual" else "daily"
    rate_rule = ANNUAL_RATE if rate_kind == "annual" else DAILY_RATE
    try:
        amount: Decimal | None = parse_number("amount", raw.get("amount", ""), AMOUNT)
    except FieldError:
        amount = None  # its own message shows at its field; a fee typed as a rate is then explained without it
    values = collect(
        {
            "amount": lambda: parse_number("amount", raw.get("amount", ""), AMOUNT),
            "rate_kind": lambda: parse_choice("rate_kind", raw.get("rate_kind", ""), "利率类型", ("daily", "annual")),
            "rate": lambda: parse_rate("rate", raw.get("rate", ""), rate_rule, rate_kind),
            "months": lambda: int(parse_number("months", raw.get("months", ""), MONTHS)),
            "method": lambda: parse_choice("method", raw.get("method", ""), "还款方式", METHODS),
            "fee": lambda: parse_amount("fee", raw.get("fee", "") or "0", FEE, base=amount, base_label="借款金额"),
            "fee_monthly": lambda: parse_amount(
                "fee_monthly", raw.get("fee_monthly", "") or "0", FEE_MONTHLY, base=amount, base_label="借款金额"
            ),
            "first_due": lambda: parse_date("first_due", raw["first_due"], "首期还款日") if raw.get("first_due", "").strip() else None,
        }
    )
    if values["fee"] >= values["amount"]:
        raise FieldErrors({"fee": AMOUNT_LIMIT_MESSAGE})
    result = plan(
        values["amount"], values["rate_kind"], values["rate"], values["months"], values["method"],
        values["fee"], values["fee_monthly"],
    )
    rows = result.instalments
    first_due = values["first_due"] or add_months(today, 1)
    events = [
        Event(add_months(first_due, row.month - 1), f"还款第 {row.month} 期：{money_text(row.payment)} 元",
              f"本金 {money_text(row.principal)} 元，利息 {money_text(row.interest)} 元，手续费 {money_text(row.fee)} 元。")
        for row in rows
    ]
    return {
        "values": {
            "first_payment": money_text(rows[0].payment),
            "last_payment": money_text(rows[-1].payment),
            "received": money_text(result.received),
            "total_paid": money_text(result.total_paid),
            "total_interest": money_text(result.total_interest),
            "total_fees": money_text(result.total_fees),
            "total_cost": money_text(result.total_cost),
            "apr": percent_fixed(result.monthly_irr * MONTHS_PER_YEAR),
            "apr_compound": percent_fixed((1 + result.monthly_irr) ** MONTHS_PER_YEAR - 1),
        },
        "tables": {
            "schedule": [
                {
                    "month": str(row.month),
                    "payment": money_text(row.payment),
                    "principal": money_text(row.principal),
                    "interest": money_text(row.interest),
                    "fee": money_text(row.fee),
                    "balance": money_text(row.balance),
                }
                for row in rows
            ]
        },
        "html": {"explain": explanation(values, result, values["months"]), "chart": chart(result, values["amount"])},
        "downloads": {"ics": {"mime": "text/calendar", "text": calendar(events, "还款计划", "repayment")}},
    }


CALCULATOR = Calculator(form=FORM, compute=compute, compute_on=compute_on)
