"""收支说明与协商 — a statement of means and a message for the bank, short and as a letter.

Arithmetic (exact Decimal sums of amounts typed to the fen):
    available = income lines − (rent + food + medical + children + transport) − other debts' payments
    offer     = what the reader types, or by default available × 4/5 rounded DOWN to whole 10 元
                (0 when available is 0 or less): the tool's own rule of thumb, so that a plan the bank accepts
                leaves money for an emergency; reserve = available − offer
An offer of 0 makes the texts ask for a pause (延期), not for a plan; an offer above `available` is
written as typed, with a warning. Only the hardship and penalty-relief texts promise to pay; the statement
and complaint texts name no amount of the reader's and promise nothing.
The texts are data/letters.yml; name, ID number and loan number are never asked for: they print
as blanks to fill in by hand.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping

from calculators.datasets import Dataset, DataError, load
from calculators.forms import (
    NOT_SHOWN,
    Calculator,
    Field,
    FieldErrors,
    Form,
    Option,
    Output,
    Result,
    RowGroup,
    Slot,
    collect,
)
from calculators.inputs import FieldError, NumberRule, parse_choice, parse_number, parse_text
from calculators.money import CENT, money_text, to_fraction

DATASET = "letters"
BLANK = "＿＿＿＿＿＿＿＿"
SHORT_ID = "letter-short-text"  # the framework's copy and print buttons name their element by id
LETTER_ID = "letter-full-text"
LIMITATION_ANCHOR = "#写信之前诉讼时效"  # the heading "写信之前：诉讼时效" of guides/negotiation.md
MAX_MONTHLY = Decimal(10_000_000)
OFFER_SHARE = Fraction(4, 5)  # the default offer: four fifths of what is left each month…
OFFER_STEP = 10  # …rounded down to whole 10 元
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
DIGIT = re.compile(r"[0-9０-９]")
# The reader's money: only a purpose with `ask` (one that asks for a plan) may write it.
MONEY_NAMES = (
    "income_total", "essential_total", "debts_total", "available", "offer", "reserve", "ability", "ask", "breakdown",
)
VALUE_NAMES = (*MONEY_NAMES, "reason", "conduct", "blank", "app_due", "app_due_line")
MEANS_NAMES = (*MONEY_NAMES, "expense_names")  # the sentence about the reader's money also names the expenses
APP_DUE_LINE = "{app_due_line}"  # a letter line that is only this disappears when the App amount is empty

PURPOSES = (
    ("hardship", "说明困难，申请分期或延期"),
    ("penalty_relief", "申请减免罚息"),
    ("statement", "要求提供明细账单"),
    ("complaint", "投诉不当催收"),
)
REASONS = (
    ("income_loss", "失去工作或收入大减"),
    ("illness", "自己或家人生病"),
    ("business", "生意经营困难"),
    ("family", "家里出了变故"),
    ("other", "其他暂时的困难"),
)
CONDUCTS = (
    ("night_calls", "夜间、清晨打电话，或一天打很多次"),
    ("third_party", "联系家人朋友并透露欠款"),
    ("threats", "辱骂、威胁、恐吓"),
    ("impersonation", "冒充法院、公安或律师"),
)
ESSENTIALS = (
    ("rent", "房租或房贷", "1500"),
    ("food", "吃饭和日用", "1200"),
    ("medical", "看病吃药", "0"),
    ("children", "孩子（学费、生活费）", "800"),
    ("transport", "交通和通讯", "300"),
)
OFFER_KINDS = ("keep", "whole", "stretch", "pause")


# ---- the texts -------------------------------------------------------------------


@dataclass(frozen=True)
class Purpose:
    title: str
    ask_plan: str | None  # None: the purpose promises nothing
    ask_pause: str | None
    app_due: str | None
    short: str
    full: tuple[str, ...]
    facts: tuple[str, ...]

    @property
    def promises(self) -> bool:
        return self.ask_plan is not None


@dataclass(frozen=True)
class MeansText:
    income: str
    expenses: str
    debts: str
    left: str
    none_left: str


@dataclass(frozen=True)
class Reminder:
    before: str  # the text before the link, then the link's words, then the text after it
    link: str
    after: str


@dataclass(frozen=True)
class Templates:
    expenses: Mapping[str, str]
    means: MeansText
    offers: Mapping[str, str]
    reminder: Reminder
    reasons: Mapping[str, str]
    conducts: Mapping[str, str]
    purposes: Mapping[str, Purpose]
    facts: Mapping[str, str]


def _mapping(value: Any, at: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError(at, f"expected a mapping with {', '.join(keys)}, got {value!r}")
    for key in value:
        if key not in keys and key not in optional:
            raise DataError(f"{at}.{key}" if at else str(key), f"unknown key; expected {', '.join(keys + optional)}")
    for key in keys:
        if key not in value:
            raise DataError(f"{at}.{key}" if at else key, "missing")
    return value


def _template(
    value: Any, at: str, facts: tuple[str, ...], empty_ok: bool = False, names: tuple[str, ...] = VALUE_NAMES
) -> str:
    if not isinstance(value, str) or (not value.strip() and not empty_ok):
        raise DataError(at, f"expected a text, got {value!r}")
    for name in PLACEHOLDER.findall(value):
        if name in MONEY_NAMES and name not in names:
            raise DataError(at, f"{{{name}}} writes the reader's money: only a purpose with `ask` may use it")
        if name not in names and name not in facts:
            raise DataError(at, f"unknown placeholder {{{name}}}; expected one of {', '.join(names)} or a fact in facts")
    if DIGIT.search(PLACEHOLDER.sub("", value)):
        raise DataError(at, f"figures come from the reader or from facts, not from this text: {value!r}")
    return value.strip()


def _purpose(name: str, entry: Any) -> Purpose:
    at = f"purposes.{name}"
    value = _mapping(entry, at, ("title", "short", "full", "facts"), optional=("ask", "app_due"))
    facts = value["facts"]
    if not isinstance(facts, list):
        raise DataError(f"{at}.facts", "expected a list of fact keys (may be empty)")
    facts = tuple(facts)
    promises = "ask" in value
    names = VALUE_NAMES if promises else tuple(n for n in VALUE_NAMES if n not in MONEY_NAMES)
    ask = _mapping(value["ask"], f"{at}.ask", ("plan", "pause")) if promises else None
    if not isinstance(value["full"], list) or not value["full"]:
        raise DataError(f"{at}.full", "expected a list of lines")
    app_due = _template(value["app_due"], f"{at}.app_due", facts, names=names) if "app_due" in value else None
    if app_due is not None and "{app_due}" not in app_due:
        raise DataError(f"{at}.app_due", "expected the placeholder {app_due} (the amount the App shows)")
    return Purpose(
        title=_template(value["title"], f"{at}.title", facts, names=names),
        ask_plan=_template(ask["plan"], f"{at}.ask.plan", facts, names=names) if ask else None,
        ask_pause=_template(ask["pause"], f"{at}.ask.pause", facts, names=names) if ask else None,
        app_due=app_due,
        short=_template(value["short"], f"{at}.short", facts, names=names),
        full=tuple(
            _template(line, f"{at}.full[{i}]", facts, empty_ok=True, names=names) for i, line in enumerate(value["full"])
        ),
        facts=facts,
    )


def load_templates(dataset: Dataset) -> Templates:
    document = _mapping(
        dataset.data, "", ("expenses", "means", "offer", "reminder", "reasons", "conducts", "purposes")
    )
    expenses = _mapping(document["expenses"], "expenses", tuple(name for name, _, _ in ESSENTIALS))
    means = _mapping(document["means"], "means", ("income", "expenses", "debts", "left", "none_left"))
    offers = _mapping(document["offer"], "offer", OFFER_KINDS)
    reminder = _mapping(document["reminder"], "reminder", ("text", "link", "facts"))
    reasons = _mapping(document["reasons"], "reasons", tuple(v for v, _ in REASONS))
    conducts = _mapping(document["conducts"], "conducts", tuple(v for v, _ in CONDUCTS))
    purposes = _mapping(document["purposes"], "purposes", tuple(v for v, _ in PURPOSES))
    reminder_facts = tuple(reminder["facts"]) if isinstance(reminder["facts"], list) else ()
    reminder_text = _template(reminder["text"], "reminder.text", reminder_facts, names=("link",))
    if reminder_text.count("{link}") != 1:
        raise DataError("reminder.text", "expected the placeholder {link} exactly once")
    before, after = reminder_text.split("{link}")
    return Templates(
        expenses={k: _template(v, f"expenses.{k}", ()) for k, v in expenses.items()},
        means=MeansText(**{k: _template(v, f"means.{k}", (), names=MEANS_NAMES) for k, v in means.items()}),
        offers={k: _template(v, f"offer.{k}", ()) for k, v in offers.items()},
        reminder=Reminder(before=before, link=_template(reminder["link"], "reminder.link", ()), after=after),
        reasons={k: _template(v, f"reasons.{k}", ()) for k, v in reasons.items()},
        conducts={k: _template(v, f"conducts.{k}", ()) for k, v in conducts.items()},
        purposes={name: _purpose(name, entry) for name, entry in purposes.items()},
        facts=dataset.facts,
    )


def templates() -> Templates:
    return load_templates(load(DATASET))


# ---- the arithmetic ----------------------------------------------------------------


@dataclass(frozen=True)
class Means:
    income_total: Decimal
    essential_total: Decimal
    debts_total: Decimal

    @property
    def available(self) -> Decimal:
        return self.income_total - self.essential_total - self.debts_total

    @property
    def can_pay(self) -> bool:
        return self.available > 0


def means(incomes: list[Decimal], essentials: list[Decimal], debts: list[Decimal]) -> Means:
    return Means(income_total=sum(incomes, Decimal(0)), essential_total=sum(essentials, Decimal(0)), debts_total=sum(debts, Decimal(0)))


def default_offer(available: Decimal) -> Decimal:
    """Four fifths of what is left, rounded down to whole 10 元; 0 when nothing is left."""
    if available <= 0:
        return Decimal(0).quantize(CENT)
    tens = to_fraction(available) * OFFER_SHARE // OFFER_STEP  # floor of an exact fraction: an int
    return Decimal(tens * OFFER_STEP).quantize(CENT)


@dataclass(frozen=True)
class Plan:
    """What the texts offer each month, and what that leaves."""

    means: Means
    offer: Decimal
    chosen: bool  # typed by the reader, not the default

    @property
    def reserve(self) -> Decimal:
        """Money kept back for emergencies: what is left minus the offer (never below 0)."""
        return max(self.means.available - self.offer, Decimal(0))

    @property
    def over(self) -> Decimal:
        """How much the offer is above what is left (0 when it is not)."""
        return max(self.offer - self.means.available, Decimal(0))

    @property
    def kind(self) -> str:
        """keep | whole | stretch | pause: which offer sentence of data/letters.yml the texts use."""
        if self.offer <= 0:
            return "pause"
        if self.over:
            return "stretch"
        return "keep" if self.reserve else "whole"


def plan(m: Means, offer: Decimal | None = None) -> Plan:
    """The reader's offer if typed, else the default share of what is left."""
    if offer is None:
        return Plan(means=m, offer=default_offer(m.available), chosen=False)
    return Plan(means=m, offer=offer, chosen=True)


def verdict(p: Plan, promises: bool = True) -> str:
    if not promises:
        return "这段文字不承诺还款，也不写你能还多少。"
    m = p.means
    if p.kind == "keep":
        return f"按每月 {money_text(p.offer)} 元提出还款计划，留出 {money_text(p.reserve)} 元应急。"
    if p.kind == "whole":
        return f"按每月 {money_text(p.offer)} 元提出还款计划：这是收支相减剩下的全部，没有留出应急的钱。"
    if p.kind == "stretch" and m.available > 0:
        return f"按你填的每月 {money_text(p.offer)} 元提出还款计划，比收支相减剩下的多 {money_text(p.over)} 元：先看下面的提醒。"
    if p.kind == "stretch":
        return f"按你填的每月 {money_text(p.offer)} 元提出还款计划，可是收支相减已经没有剩余：先看下面的提醒。"
    if m.available > 0:
        return f"收支相减只剩下 {money_text(m.available)} 元，提出的数是 0：先申请延期，不承诺还款计划。"
    if m.available == 0:
        return "收支刚好相抵，拿不出钱还款：先申请延期，不承诺还款计划。"
    return f"每月还差 {money_text(-m.available)} 元：先申请延期，不承诺还款计划。"


def over_warning(p: Plan) -> str:
    """Said when the reader's offer is more than is left each month: written as typed, not as safe."""
    if not p.over:
        return ""
    m = p.means
    if m.available > 0:
        left = f"比收支相减剩下的 {money_text(m.available)} 元多 {money_text(p.over)} 元"
    elif m.available == 0:
        left = "可是收支相减已经没有剩余（刚好相抵）"
    else:
        left = f"可是收支相减已经没有剩余（每月还差 {money_text(-m.available)} 元）"
    return (
        '<p class="calc__warning" data-message="offer_over_available">'
        f"你填的每月 {money_text(p.offer)} 元，{left}。信里照你填的写，但这个数要靠收支以外的钱才做得到"
        "（比如家人帮忙）。答应了又做不到，谈好的方案可能作废，比不答应更糟：想清楚这笔钱每月从哪里来，再发。</p>"
    )


def fill(text: str, values: Mapping[str, str], facts: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else facts[m.group(1)], text)


@dataclass(frozen=True)
class Messages:
    short: str
    full: tuple[str, ...]  # the letter's lines; "" is an empty line


def ability(p: Plan, expense_names: str, t: Templates, values: Mapping[str, str]) -> str:
    """The sentence about the reader's money: income, the expenses and debts they filled in, what is left, the offer."""
    m = p.means
    parts = [fill(t.means.income, values, t.facts)]
    if m.essential_total:
        parts.append(fill(t.means.expenses, {**values, "expense_names": expense_names}, t.facts))
    if m.debts_total:
        parts.append(fill(t.means.debts, values, t.facts))
    left = t.means.left if m.can_pay else t.means.none_left
    return "，".join(parts) + "。" + fill(left, values, t.facts) + fill(t.offers[p.kind], values, t.facts)


def messages(
    purpose: str,
    reason: str,
    conduct: str,
    p: Plan,
    t: Templates,
    detail: str = "",
    expenses: tuple[str, ...] = (),
    app_due: Decimal | None = None,
) -> Messages:
    """The two texts. `expenses` are the names (fields of ESSENTIALS) the reader filled in, in form order."""
    chosen = t.purposes[purpose]
    m = p.means
    values = {
        "income_total": money_text(m.income_total),
        "essential_total": money_text(m.essential_total),
        "debts_total": money_text(m.debts_total),
        "available": money_text(m.available),
        "offer": money_text(p.offer),
        "reserve": money_text(p.reserve),
        "reason": t.reasons[reason],
        "conduct": t.conducts[conduct],
        "blank": BLANK,
        "breakdown": detail,
        "app_due": money_text(app_due) if app_due is not None else "",
    }
    values["app_due_line"] = fill(chosen.app_due, values, t.facts) if chosen.app_due and app_due is not None else ""
    if chosen.promises:
        assert chosen.ask_plan is not None and chosen.ask_pause is not None
        values["ability"] = ability(p, "、".join(t.expenses[name] for name in expenses), t, values)
        values["ask"] = fill(chosen.ask_pause if p.kind == "pause" else chosen.ask_plan, values, t.facts)
    lines = tuple(fill(line, values, t.facts) for line in chosen.full if not (line == APP_DUE_LINE and not values["app_due_line"]))
    return Messages(short=fill(chosen.short, values, t.facts), full=lines)


def reminder_html(t: Templates) -> str:
    """What sending a text that promises to pay means, with the link to the page's limitation section."""
    r = t.reminder
    return (
        '<p class="calc__warning" data-message="acknowledgement">'
        f'{html.escape(fill(r.before, {}, t.facts))}<a href="{LIMITATION_ANCHOR}">{html.escape(r.link)}</a>'
        f"{html.escape(fill(r.after, {}, t.facts))}</p>"
    )


# ---- the form and its entry point ---------------------------------------------------

MONTHLY = NumberRule(label="每月金额", unit="元", minimum=Decimal(0), maximum=MAX_MONTHLY, max_decimals=2)
OFFER = NumberRule(label="每月打算还的钱", unit="元", minimum=Decimal(0), maximum=MAX_MONTHLY, max_decimals=2)
APP_DUE = NumberRule(label="App 显示的应还金额", unit="元", minimum=Decimal(0), maximum=Decimal(100_000_000), max_decimals=2)

FORM = Form(
    name="letter",
    title="收支说明与协商",
    fields=(
        Field(
            "purpose",
            "你想做什么",
            "hardship",
            kind="radio",
            options=tuple(Option(v, label) for v, label in PURPOSES),
        ),
        Field("reason", "困难的原因", "income_loss", kind="radio", options=tuple(Option(v, label) for v, label in REASONS)),
        Field(
            "conduct",
            "催收的哪种做法（投诉时用）",
            "night_calls",
            kind="radio",
            options=tuple(Option(v, label) for v, label in CONDUCTS),
        ),
        *(
            Field(name, label, default, unit="元/月", required=False, help="没有就空着或填 0：这一项就不会写进信里。")
            for name, label, default in ESSENTIALS
        ),
        Field(
            "offer",
            "每月打算还多少",
            "",
            unit="元/月",
            required=False,
            help="可以不填：不填就由工具建议，取收支相减剩下的钱的八成，向下取整到 10 元，其余留作应急。只写你每个月都做得到的数。",
        ),
        Field(
            "app_due",
            "App 上显示的应还金额",
            "",
            unit="元",
            required=False,
            help="可以不填。填了，信里写成“App 显示应还……元”，并请银行给出明细，不会写成你认下的欠款总数。",
        ),
    ),
    groups=(
        RowGroup(
            name="incomes",
            label="每月收入",
            fields=(
                Field("name", "收入来源", "", kind="text", required=False, placeholder="工资"),
                Field("amount", "每月金额", "", unit="元/月"),
            ),
            rows=({"name": "工资", "amount": "4500"}, {"name": "兼职", "amount": "800"}),
            item_label="第 {n} 项收入",
            add_label="再加一项收入",
            remove_label="删除这一项",
        ),
        RowGroup(
            name="debts",
            label="其他欠款每月要还的钱（不含网商贷）",
            fields=(
                Field("name", "哪一笔", "", kind="text", required=False, placeholder="信用卡"),
                Field("payment", "每月要还", "", unit="元/月"),
            ),
            rows=({"name": "信用卡", "payment": "1000"},),
            item_label="第 {n} 笔",
            min_rows=0,
            add_label="再加一笔欠款",
            remove_label="删除这一笔",
        ),
    ),
    outputs=(
        Output("income_total", "每月收入合计"),
        Output("essential_total", "必要开支合计"),
        Output("debts_total", "其他欠款每月要还"),
        Output("available", "收支相减每月剩下"),
        Output("offer", "信里提出每月还", emphasis=True),
        Output("reserve", "留出应急"),
        Output("verdict", "所以这段文字", unit=""),
    ),
    slots=(
        Slot("notice", "发出去之前"),
        Slot("short", "发给 App 在线客服的短消息"),
        Slot("letter", "一页纸的书面说明"),
    ),
    notes=(
        "只在你的设备上计算和生成文字，填写的内容不会发送或保存到任何地方。",
        "不用填姓名、身份证号和借款编号：打印出来后在横线上手写。",
        "延期、分期、减免罚息都不是法定权利，能不能办以网商银行的答复为准。",
        "申请分期、延期、减免的文字等于书面承认欠款、答应还款；要明细账单和投诉催收的文字不承诺还款、不写金额。"
        "发出去之前，先看本页的“写信之前：诉讼时效”。",
    ),
    method=(
        "收支相减每月剩下的钱 = 每月收入合计 − 你填了的必要开支（房租、吃饭、看病、孩子、交通）− 其他欠款每月要还的钱。",
        "信里提出每月还的钱：你填了就用你填的数；没填，就取剩下的钱的 4/5（八成），向下取整到 10 元，"
        "其余的钱留作应急（“留出应急”）。这是本工具自己的经验做法，不是法律或银行的规定："
        "分期谈成后哪个月还不上，谈好的方案可能作废，所以不把每一元都许出去。",
        "例：剩下 499.75 元，499.75 × 4/5 = 399.80，向下取整到 10 元是 390 元，留出 109.75 元应急。",
        "金额按你填的数精确相加减，只在取整到 10 元时向下舍去一次。",
        "提出的数大于 0：文字按这个数申请分期；等于 0：文字申请暂缓（延期），不提还款计划。"
        "你填的数比剩下的钱还多时，文字照你填的写，并在上面提醒你。",
        "信里只写你填了的开支项目；空着或填 0 的不写。",
    ),
    source="calculators/letter.py",
    tests="tests/calculators/test_letter.py",
    submit_label="生成文字",
)


def _group_amounts(rows: Any, group: str, field: str, label: str) -> list[tuple[str, Decimal]]:
    """(name, monthly amount) per row; a blank name becomes 第 n 项."""
    items: list[tuple[str, Decimal]] = []
    errors: dict[str, str] = {}
    for index, row in enumerate(rows or []):
        try:
            name = parse_text(f"{group}.{index}.name", row.get("name", ""), "名称", 40, required=False)
            amount = parse_number(f"{group}.{index}.{field}", row.get(field, ""), NumberRule(label, "元", Decimal(0), MAX_MONTHLY, 2))
            items.append((name or f"第 {index + 1} 项", amount))
        except FieldError as exc:
            errors[exc.field] = exc.message
    if errors:
        raise FieldErrors(errors)
    return items


def _optional(name: str, raw: Mapping[str, Any], rule: NumberRule) -> Decimal | None:
    text = raw.get(name, "") or ""
    return parse_number(name, text, rule) if text.strip() else None


def breakdown(incomes: list[tuple[str, Decimal]], essentials: list[tuple[str, Decimal]], debts: list[tuple[str, Decimal]]) -> str:
    """The lines behind the totals, in the reader's own words: 收入：工资 4,500.00 元、兼职 800.00 元；…"""

    def part(title: str, items: list[tuple[str, Decimal]]) -> str:
        shown = [f"{name} {money_text(amount)} 元" for name, amount in items if amount]
        return f"{title}：" + ("、".join(shown) if shown else "无")

    return "；".join((part("每月收入", incomes), part("必要开支", essentials), part("其他欠款每月要还", debts))) + "。"


def compute(raw: Mapping[str, Any]) -> Result:
    values = collect(
        {
            "purpose": lambda: parse_choice("purpose", raw.get("purpose", ""), "用途", tuple(v for v, _ in PURPOSES)),
            "reason": lambda: parse_choice("reason", raw.get("reason", ""), "困难的原因", tuple(v for v, _ in REASONS)),
            "conduct": lambda: parse_choice("conduct", raw.get("conduct", ""), "催收的做法", tuple(v for v, _ in CONDUCTS)),
            **{
                name: (lambda name=name, label=label: parse_number(name, raw.get(name, "") or "0", NumberRule(label, "元", Decimal(0), MAX_MONTHLY, 2)))
                for name, label, _ in ESSENTIALS
            },
            "offer": lambda: _optional("offer", raw, OFFER),
            "app_due": lambda: _optional("app_due", raw, APP_DUE),
            "incomes": lambda: _group_amounts(raw.get("incomes"), "incomes", "amount", "每月收入"),
            "debts": lambda: _group_amounts(raw.get("debts"), "debts", "payment", "每月要还的钱"),
        }
    )
    essentials = [(label, values[name]) for name, label, _ in ESSENTIALS]
    filled = tuple(name for name, _, _ in ESSENTIALS if values[name])
    m = means([a for _, a in values["incomes"]], [a for _, a in essentials], [a for _, a in values["debts"]])
    p = plan(m, values["offer"])
    t = templates()
    promises = t.purposes[values["purpose"]].promises
    detail = breakdown(values["incomes"], essentials, values["debts"])
    text = messages(values["purpose"], values["reason"], values["conduct"], p, t, detail, filled, values["app_due"])
    letter = "".join(f"<p>{html.escape(line)}</p>" if line else '<p class="letter-gap"></p>' for line in text.full)
    notice = (reminder_html(t) if promises else "") + (over_warning(p) if promises else "")
    return {
        "values": {
            "income_total": money_text(m.income_total),
            "essential_total": money_text(m.essential_total),
            "debts_total": money_text(m.debts_total),
            "available": money_text(m.available),
            "offer": money_text(p.offer) if promises else NOT_SHOWN,
            "reserve": money_text(p.reserve) if promises else NOT_SHOWN,
            "verdict": verdict(p, promises),
        },
        "html": {
            "notice": notice,
            "short": (
                f'<p class="letter-short" id="{SHORT_ID}">{html.escape(text.short)}</p>'
                f'<p><button type="button" class="md-button" data-copy="{SHORT_ID}">复制这段话</button> '
                "复制后粘贴到 App 的在线客服里；文字只在你的设备上，不会发送出去。</p>"
            ),
            "letter": (
                f'<p><button type="button" class="md-button" data-print="{LETTER_ID}">打印这封信</button> '
                "打印后在横线上手写姓名、身份证号和借款编号。</p>"
                f'<article class="letter" id="{LETTER_ID}">{letter}</article>'
            ),
        },
    }


CALCULATOR = Calculator(form=FORM, compute=compute)
