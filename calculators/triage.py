"""先做什么 — a few answers in, an ordered list of what to do first out.

The questions are the form's fields (QUESTIONS below), radio groups: every answer visible, one tap each.
The rules live in data/triage.yml: each action has a condition on the answers, a priority, one sentence,
why, a link to the guide that explains it, and the facts its figures come from. The engine is plain:
every action whose condition holds is kept, ordered by priority (file order breaks ties). The crisis
action, when its answer is given, comes first and alone, above the list, with its phone numbers as tel:
links (120 first). The list leads with at most three actions for today; the rest fold under 接下来.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Mapping

from calculators.datasets import Dataset, DataError, load
from calculators.forms import Calculator, Field, Form, Option, Result, Slot, collect
from calculators.inputs import FieldError

DATASET = "triage"
PAGE_PREFIX = "../../"  # the calculator's page is calculators/triage/: links climb to the site root
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
DIGIT = re.compile(r"[0-9０-９]")
PAGE = re.compile(r"^[a-z0-9_/\-]+\.md(#[^\s#]+)?$")


def _radio(name: str, label: str, default: str, options: tuple[tuple[str, str], ...]) -> Field:
    """One question: a short list of answers, every one visible, one tap each."""
    return Field(name, label, default, kind="radio", options=tuple(Option(v, text) for v, text in options))


# Every answer of every question changes the plan for someone: tests/calculators/test_triage.py finds, for each
# pair of answers to a question, answers to the other questions under which the two give different actions.
QUESTIONS: tuple[Field, ...] = (
    _radio(
        "status",
        "现在是什么情况？",
        "overdue_short",
        (
            ("due_soon", "还没逾期，还款日快到了"),
            ("overdue_short", "已经逾期，不到一个月"),
            ("overdue_months", "已经逾期一到三个月"),
            ("overdue_long", "已经逾期三个月以上"),
        ),
    ),
    _radio(
        "pay",
        "这个月能拿出多少钱还这笔？",
        "part",
        (("full", "能还上全部应还的钱"), ("part", "只能还一部分"), ("none", "现在一分钱也拿不出")),
    ),
    _radio(
        "other_debts",
        "还有别的贷款或信用卡要还吗？",
        "some",
        (
            ("none", "没有，只有这一笔"),
            ("some", "有，还能按时还"),
            ("struggling", "有，也快还不上了，或者在借新还旧"),
        ),
    ),
    _radio(
        "loan_kind",
        "这笔网商贷是做什么用的？",
        "business",
        (
            ("business", "做生意用的经营贷，生意还在做"),
            ("business_closed", "做生意用的经营贷，但店已经关了或生意停了"),
            ("consumer", "个人消费用的消费贷"),
            ("unknown", "不清楚"),
        ),
    ),
    _radio(
        "collection",
        "催收现在是什么样？",
        "calls",
        (
            ("none", "还没有人催"),
            ("calls", "有电话、短信催我本人"),
            ("lawsuit_threat", "催收说要马上起诉我，或者说几天内就立案"),
            ("threats", "有辱骂、威胁，或者冒充公检法"),
            ("door", "有人上门，或者说要上门"),
        ),
    ),
    _radio(
        "family",
        "有没有人来找你身边的人要钱？",
        "none",
        (
            ("none", "没有"),
            ("spouse", "找了我的配偶（爱人）"),
            ("guarantor", "找了给这笔借款做担保的人，或者一起借款的人"),
            ("others", "找了其他家人、朋友或同事，他们没在借款合同上签过字"),
        ),
    ),
    _radio(
        "court",
        "有没有收到法院的东西？",
        "none",
        (
            ("none", "没有"),
            ("message", "收到自称法院的短信、电话或链接"),
            ("summons", "收到传票、起诉状或开庭通知"),
            ("payment_order", "收到支付令"),
            ("judgment", "收到判决书或调解书"),
            ("enforcement", "收到执行通知书、报告财产令或限制消费令"),
        ),
    ),
    _radio("crisis", "最近压力大到撑不住，或者有伤害自己的念头吗？", "no", (("no", "没有"), ("yes", "有"))),
)
CHOICES = {field.name: tuple(option.value for option in field.options) for field in QUESTIONS}


# ---- the rules ------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    number: str  # the fact's value, e.g. 12356
    label: str
    note: str = ""  # e.g. the service hours
    note_fact: str = ""


@dataclass(frozen=True)
class Action:
    key: str
    priority: int
    when: Mapping[str, tuple[str, ...]]
    title: str  # with fact values filled in
    why: str
    link_page: str = ""  # below docs/, e.g. guides/negotiation.md
    link_label: str = ""
    facts: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    title_template: str = ""  # as written in the data, {fact_key} placeholders kept
    why_template: str = ""

    def applies(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(question) in values for question, values in self.when.items())

    @property
    def href(self) -> str:
        page, _, anchor = self.link_page.partition("#")
        path = "" if page == "index.md" else page.removesuffix(".md").removesuffix("/index") + "/"
        return PAGE_PREFIX + path + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class TriageRules:
    crisis: Action
    actions: tuple[Action, ...]  # in priority order


def _mapping(value: Any, at: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError(at, f"expected a mapping with {', '.join(required)}, got {value!r}")
    unknown = sorted(str(k) for k in value if k not in required + optional)
    if unknown:
        raise DataError(f"{at}.{unknown[0]}", f"unknown key; expected {', '.join(required + optional)}")
    for key in required:
        if key not in value:
            raise DataError(f"{at}.{key}", "missing")
    return value


def _text(value: Any, at: str, facts: tuple[str, ...], dataset: Dataset) -> tuple[str, str]:
    """(template, text with the facts' values): figures only through {fact_key} placeholders."""
    if not isinstance(value, str) or not value.strip():
        raise DataError(at, f"expected a non-empty text, got {value!r}")
    template = value.strip()
    for key in PLACEHOLDER.findall(template):
        if key not in facts:
            raise DataError(at, f"{{{key}}} is not one of this entry's facts ({', '.join(facts) or 'none'})")
    if DIGIT.search(PLACEHOLDER.sub("", template)):
        raise DataError(at, f"figures belong in facts (data/facts/), written {{fact_key}}: {template!r}")
    return template, PLACEHOLDER.sub(lambda m: dataset.fact(m.group(1)), template)


def _when(value: Any, at: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value:
        raise DataError(at, "expected a mapping of question to a list of answers")
    when: dict[str, tuple[str, ...]] = {}
    for question, answers in value.items():
        if question not in CHOICES:
            raise DataError(f"{at}.{question}", f"unknown question; the form asks {', '.join(CHOICES)}")
        if not isinstance(answers, list) or not answers:
            raise DataError(f"{at}.{question}", f"expected a list of answers, got {answers!r}")
        for i, answer in enumerate(answers):
            if answer not in CHOICES[question]:
                raise DataError(
                    f"{at}.{question}[{i}]", f"unknown answer {answer!r}; expected one of {', '.join(CHOICES[question])}"
                )
        when[question] = tuple(answers)
    return when


def _facts(value: Any, at: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise DataError(at, f"expected a list of fact keys (may be empty), got {value!r}")
    return tuple(value)


def _action(entry: Any, at: str, dataset: Dataset, crisis: bool = False) -> Action:
    if crisis:
        value = _mapping(entry, at, ("key", "when", "title", "why", "calls", "facts"))
    else:
        value = _mapping(entry, at, ("key", "priority", "when", "title", "why", "link", "facts"))
    key = value["key"]
    if not isinstance(key, str) or not KEY.match(key):
        raise DataError(f"{at}.key", f"expected a lower_snake_case key, got {key!r}")
    facts = _facts(value["facts"], f"{at}.facts")
    title_template, title = _text(value["title"], f"{at}.title", facts, dataset)
    why_template, why = _text(value["why"], f"{at}.why", facts, dataset)
    calls: list[Call] = []
    link_page = link_label = ""
    priority = 0
    if crisis:
        if not isinstance(value["calls"], list) or not value["calls"]:
            raise DataError(f"{at}.calls", "expected a list of phone numbers")
        for i, call in enumerate(value["calls"]):
            item = _mapping(call, f"{at}.calls[{i}]", ("fact", "label"), ("note_fact",))
            for name in ("fact", "note_fact"):
                if name in item and item[name] not in facts:
                    raise DataError(f"{at}.calls[{i}].{name}", f"{item[name]!r} must also be listed in {at}.facts")
            label, _ = _text(item["label"], f"{at}.calls[{i}].label", facts, dataset)
            note = dataset.fact(item["note_fact"]) if "note_fact" in item else ""
            calls.append(
                Call(number=dataset.fact(item["fact"]), label=label, note=note, note_fact=item.get("note_fact", ""))
            )
    else:
        priority = value["priority"]
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise DataError(f"{at}.priority", f"expected a whole number, got {priority!r}")
        link = _mapping(value["link"], f"{at}.link", ("page", "label"))
        if not isinstance(link["page"], str) or not PAGE.match(link["page"]):
            raise DataError(f"{at}.link.page", f"expected a page below docs/ such as guides/handling.md, got {link['page']!r}")
        link_page = link["page"]
        link_label, _ = _text(link["label"], f"{at}.link.label", facts, dataset)
    return Action(
        key=key,
        priority=priority,
        when=_when(value["when"], f"{at}.when"),
        title=title,
        why=why,
        link_page=link_page,
        link_label=link_label,
        facts=facts,
        calls=tuple(calls),
        title_template=title_template,
        why_template=why_template,
    )


def load_rules(dataset: Dataset) -> TriageRules:
    """The rules of data/triage.yml, checked; DataError with the key path on the first problem."""
    document = _mapping(dataset.data, "", ("crisis", "actions"))
    crisis = _action(document["crisis"], "crisis", dataset, crisis=True)
    if not isinstance(document["actions"], list) or not document["actions"]:
        raise DataError("actions", "expected a non-empty list")
    actions = [_action(entry, f"actions[{i}]", dataset) for i, entry in enumerate(document["actions"])]
    seen = {crisis.key}
    for i, action in enumerate(actions):
        if action.key in seen:
            raise DataError(f"actions[{i}].key", f"{action.key!r} appears twice")
        seen.add(action.key)
    ordered = sorted(enumerate(actions), key=lambda pair: (pair[1].priority, pair[0]))
    return TriageRules(crisis=crisis, actions=tuple(action for _, action in ordered))


def rules() -> TriageRules:
    return load_rules(load(DATASET))


# ---- the engine -------------------------------------------------------------------


def plan(answers: Mapping[str, str], rules: TriageRules) -> tuple[Action, ...]:
    """The actions for these answers, in order; the crisis action first when its answer is given."""
    chosen = tuple(action for action in rules.actions if action.applies(answers))
    return ((rules.crisis,) if rules.crisis.applies(answers) else ()) + chosen


def crisis_html(action: Action) -> str:
    calls = "".join(
        f'<li><a href="tel:{html.escape(call.number, quote=True)}">{html.escape(call.number)}</a> '
        f"{html.escape(call.label)}" + (f"：{html.escape(call.note)}" if call.note else "") + "</li>"
        for call in action.calls
    )
    return (
        f'<section class="admonition tip triage-crisis" data-action="{action.key}" role="note" aria-label="先照顾好自己">'
        f'<p class="admonition-title">{html.escape(action.title)}</p>'
        f"<p>{html.escape(action.why)}</p>"
        f"<ul>{calls}</ul></section>"
    )


def action_html(action: Action) -> str:
    return (
        f'<li data-action="{action.key}">'
        f'<p class="triage-title">{html.escape(action.title)}</p>'
        f'<p class="triage-why">为什么：{html.escape(action.why)}</p>'
        f'<p class="triage-link"><a href="{html.escape(action.href, quote=True)}">详细看：{html.escape(action.link_label)}</a></p>'
        "</li>"
    )


TODAY = 3  # at most this many actions lead the list as "today"; the rest fold under 接下来


def plan_html(actions: tuple[Action, ...]) -> str:
    """The crisis block first (when given), then at most TODAY actions for today, the rest folded under 接下来."""
    crisis = [a for a in actions if a.calls]
    rest = [a for a in actions if not a.calls]
    today, later = rest[:TODAY], rest[TODAY:]
    parts = [crisis_html(a) for a in crisis]
    if today:
        parts.append(
            '<p class="triage-heading"><strong>今天先做这几件</strong></p>'
            '<ol class="triage-actions" data-triage="today">' + "".join(action_html(a) for a in today) + "</ol>"
        )
    if later:
        parts.append(
            '<details class="triage-next" data-triage="next">'
            f"<summary>接下来（还有 {len(later)} 件）</summary>"
            f'<ol class="triage-actions" start="{len(today) + 1}">' + "".join(action_html(a) for a in later) + "</ol>"
            "</details>"
        )
    return "".join(parts)


# ---- the form and its entry point ---------------------------------------------------

FORM = Form(
    name="triage",
    title="先做什么",
    fields=QUESTIONS,
    outputs=(),
    slots=(Slot("actions", "按这个顺序做"),),
    notes=(
        "只在你的设备上计算，选择的答案不会发送出去。",
        "这是按公开规则排出的先后顺序，不是法律意见；具体以合同、法院文书和官方渠道的答复为准。",
    ),
    method=(
        "每条建议都写明了在什么情况下出现；符合你的答案的建议都会列出，按紧急程度排序：最多三件排在“今天”，其余收在“接下来”。",
        "每个问题的每个答案都会改变清单：测试会为每两个不同的答案找出一种情况，证明两者给出的建议不一样。",
        "选了“有伤害自己的念头”时，求助电话总是排在最前面，单独显示。",
        "规则和文字在 data/triage.yml，里面的电话和数字都来自本站的事实数据。",
    ),
    source="calculators/triage.py",
    tests="tests/calculators/test_triage.py",
    submit_label="排出顺序",
)


def _answer(field: Field, raw: Mapping[str, Any]) -> str:
    value = raw.get(field.name, "")
    if not isinstance(value, str) or value.strip() not in CHOICES[field.name]:
        raise FieldError(field.name, "请选一个答案。")
    return value.strip()


def compute(raw: Mapping[str, Any]) -> Result:
    answers = collect({field.name: (lambda field=field: _answer(field, raw)) for field in QUESTIONS})
    return {"values": {}, "html": {"actions": plan_html(plan(answers, rules()))}}


CALCULATOR = Calculator(form=FORM, compute=compute)
