"""收支说明与协商 — a statement of means and a message for the bank, short and as a letter.

Arithmetic (exact Decimal sums of amounts typed to the fen, nothing to round):
    available = income lines − (rent + food + medical + children + transport) − other debts' payments
When `available` is zero or less the texts ask for a pause (延期), not for a plan.
The texts are data/letters.yml; name, ID number and loan number are never asked for: they print
as blanks to fill in by hand.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from calculators.datasets import Dataset, DataError, load
from calculators.forms import (
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
from calculators.money import money_text

DATASET = "letters"
BLANK = "＿＿＿＿＿＿＿＿"
SHORT_ID = "letter-short-text"  # the framework's copy and print buttons name their element by id
LETTER_ID = "letter-full-text"
MAX_MONTHLY = Decimal(10_000_000)
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
DIGIT = re.compile(r"[0-9０-９]")
VALUE_NAMES = (
    "income_total", "essential_total", "debts_total", "available", "reason", "conduct", "ability", "ask", "blank", "breakdown",
)

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


# ---- the texts -------------------------------------------------------------------


@dataclass(frozen=True)
class Purpose:
    title: str
    ask_plan: str
    ask_pause: str
    short: str
    full: tuple[str, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Templates:
    ability_plan: str
    ability_pause: str
    reasons: Mapping[str, str]
    conducts: Mapping[str, str]
    purposes: Mapping[str, Purpose]
    facts: Mapping[str, str]


def _mapping(value: Any, at: str, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError(at, f"expected a mapping with {', '.join(keys)}, got {value!r}")
    for key in value:
        if key not in keys:
            raise DataError(f"{at}.{key}" if at else str(key), f"unknown key; expected {', '.join(keys)}")
    for key in keys:
        if key not in value:
            raise DataError(f"{at}.{key}" if at else key, "missing")
    return value


def _template(value: Any, at: str, facts: tuple[str, ...], empty_ok: bool = False) -> str:
    if not isinstance(value, str) or (not value.strip() and not empty_ok):
        raise DataError(at, f"expected a text, got {value!r}")
    for name in PLACEHOLDER.findall(value):
        if name not in VALUE_NAMES and name not in facts:
            raise DataError(at, f"unknown placeholder {{{name}}}; expected one of {', '.join(VALUE_NAMES)} or a fact in facts")
    if DIGIT.search(PLACEHOLDER.sub("", value)):
        raise DataError(at, f"figures come from the reader or from facts, not from this text: {value!r}")
    return value.strip()


def load_templates(dataset: Dataset) -> Templates:
    document = _mapping(dataset.data, "", ("ability", "reasons", "conducts", "purposes"))
    ability = _mapping(document["ability"], "ability", ("plan", "pause"))
    reasons = _mapping(document["reasons"], "reasons", tuple(v for v, _ in REASONS))
    conducts = _mapping(document["conducts"], "conducts", tuple(v for v, _ in CONDUCTS))
    purposes_doc = _mapping(document["purposes"], "purposes", tuple(v for v, _ in PURPOSES))
    purposes: dict[str, Purpose] = {}
    for name, entry in purposes_doc.items():
        at = f"purposes.{name}"
        value = _mapping(entry, at, ("title", "ask", "short", "full", "facts"))
        facts = value["facts"]
        if not isinstance(facts, list):
            raise DataError(f"{at}.facts", "expected a list of fact keys (may be empty)")
        facts = tuple(facts)
        ask = _mapping(value["ask"], f"{at}.ask", ("plan", "pause"))
        if not isinstance(value["full"], list) or not value["full"]:
            raise DataError(f"{at}.full", "expected a list of lines")
        purposes[name] = Purpose(
            title=_template(value["title"], f"{at}.title", facts),
            ask_plan=_template(ask["plan"], f"{at}.ask.plan", facts),
            ask_pause=_template(ask["pause"], f"{at}.ask.pause", facts),
            short=_template(value["short"], f"{at}.short", facts),
            full=tuple(
                _template(line, f"{at}.full[{i}]", facts, empty_ok=True) for i, line in enumerate(value["full"])
            ),
            facts=facts,
        )
    return Templates(
        ability_plan=_template(ability["plan"], "ability.plan", ()),
        ability_pause=_template(ability["pause"], "ability.pause", ()),
        reasons={k: _template(v, f"reasons.{k}", ()) for k, v in reasons.items()},
        conducts={k: _template(v, f"conducts.{k}", ()) for k, v in conducts.items()},
        purposes=purposes,
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


def verdict(m: Means) -> str:
    if m.can_pay:
        return f"按每月 {money_text(m.available)} 元提出还款计划。"
    if m.available == 0:
        return "收支刚好相抵，拿不出钱还款：先申请延期，不承诺还款计划。"
    return f"每月还差 {money_text(-m.available)} 元：先申请延期，不承诺还款计划。"


def fill(text: str, values: Mapping[str, str], facts: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) in values else facts[m.group(1)], text)


@dataclass(frozen=True)
class Messages:
    short: str
    full: tuple[str, ...]  # the letter's lines; "" is an empty line


def messages(purpose: str, reason: str, conduct: str, m: Means, t: Templates, detail: str = "") -> Messages:
    chosen = t.purposes[purpose]
    values = {
        "income_total": money_text(m.income_total),
        "essential_total": money_text(m.essential_total),
        "debts_total": money_text(m.debts_total),
        "available": money_text(m.available),
        "reason": t.reasons[reason],
        "conduct": t.conducts[conduct],
        "blank": BLANK,
        "breakdown": detail,
    }
    values["ability"] = fill(t.ability_plan if m.can_pay else t.ability_pause, values, t.facts)
    values["ask"] = fill(chosen.ask_plan if m.can_pay else chosen.ask_pause, values, t.facts)
    return Messages(
        short=fill(chosen.short, values, t.facts),
        full=tuple(fill(line, values, t.facts) for line in chosen.full),
    )


# ---- the form and its entry point ---------------------------------------------------

MONTHLY = NumberRule(label="每月金额", unit="元", minimum=Decimal(0), maximum=MAX_MONTHLY, max_decimals=2)

FORM = Form(
    name="letter",
    title="收支说明与协商",
    fields=(
        Field(
            "purpose",
            "你想做什么",
            "hardship",
            kind="select",
            options=tuple(Option(v, label) for v, label in PURPOSES),
        ),
        Field("reason", "困难的原因", "income_loss", kind="select", options=tuple(Option(v, label) for v, label in REASONS)),
        Field(
            "conduct",
            "催收的哪种做法（投诉时用）",
            "night_calls",
            kind="select",
            options=tuple(Option(v, label) for v, label in CONDUCTS),
        ),
        *(
            Field(name, label, default, unit="元/月", required=False, help="没有就填 0 或空着。")
            for name, label, default in ESSENTIALS
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
        Output("available", "每月最多能拿出来还网商贷", emphasis=True),
        Output("verdict", "所以这封信", unit=""),
    ),
    slots=(Slot("short", "发给 App 在线客服的短消息"), Slot("letter", "一页纸的书面说明")),
    notes=(
        "只在你的设备上计算和生成文字，填写的内容不会发送或保存到任何地方。",
        "不用填姓名、身份证号和借款编号：打印出来后在横线上手写。",
        "延期、分期、减免罚息都不是法定权利，能不能办以网商银行的答复为准。",
    ),
    method=(
        "每月最多能拿出来的钱 = 每月收入合计 − 必要开支（房租、吃饭、看病、孩子、交通）− 其他欠款每月要还的钱。",
        "金额按你填的数精确相加减，不做四舍五入。",
        "结果大于 0：文字按这个数申请分期；等于或小于 0：文字申请暂缓（延期），不提还款计划。",
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
            "incomes": lambda: _group_amounts(raw.get("incomes"), "incomes", "amount", "每月收入"),
            "debts": lambda: _group_amounts(raw.get("debts"), "debts", "payment", "每月要还的钱"),
        }
    )
    essentials = [(label, values[name]) for name, label, _ in ESSENTIALS]
    m = means([a for _, a in values["incomes"]], [a for _, a in essentials], [a for _, a in values["debts"]])
    detail = breakdown(values["incomes"], essentials, values["debts"])
    text = messages(values["purpose"], values["reason"], values["conduct"], m, templates(), detail)
    letter = "".join(f"<p>{html.escape(line)}</p>" if line else '<p class="letter-gap"></p>' for line in text.full)
    return {
        "values": {
            "income_total": money_text(m.income_total),
            "essential_total": money_text(m.essential_total),
            "debts_total": money_text(m.debts_total),
            "available": money_text(m.available),
            "verdict": verdict(m),
        },
        "html": {
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
