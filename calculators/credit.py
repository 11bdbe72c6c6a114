"""征信记录时间线 — when an overdue record stops being shown, and whether the 2025 repair covered it.

Two rules, both read from data/credit_rules.yml (each figure and each legal name cites a fact):
- 《征信业管理条例》第十六条: negative information is kept for `retention.years` years from the day
  the bad behaviour ends — for an overdue, the day it was repaid in full. Until then the clock
  has not started. The regulation does not say whether the last day itself still shows, nor
  when the report refreshes: the page says so, and that the credit centre's display decides.
  A repayment on 29 February counts to 28 February of the year the period ends.
- The 2025 one-time credit repair: overdue information generated in the window, whose single
  (one-month cumulative) amount is at most the limit, repaid in full by the deadline, is not
  shown — from a fixed day if repaid early, else by the end of the month after repayment.
  The report holds one overdue entry per reporting month, so an episode is read month by month:
  the months inside the window can be covered; a month before it is not; a month after it (a
  debt still unpaid at a 2026 reporting date) is new information, not covered, and stays under
  the retention rule. That split is the public reading of the policy, and the texts say so.
  The reader gives one amount per episode; it is taken as every month's amount (conservative
  when the reader gives the largest month, as the form asks).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from calculators import ics
from calculators.datasets import Dataset, DataError, load
from calculators.forms import (
    Calculator,
    Column,
    Download,
    Field,
    FieldErrors,
    Form,
    Output,
    Result,
    RowGroup,
    Slot,
    Table,
)
from calculators.inputs import FieldError, NumberRule, parse_date, parse_number
from calculators.money import money_text

DATASET = "credit_rules"
MAX_AMOUNT = Decimal(100_000_000)


# ---- the rules ----------------------------------------------------------------


@dataclass(frozen=True)
class CreditRules:
    retention_years: int
    window_from: dt.date
    window_to: dt.date
    max_amount: Decimal
    repaid_by: dt.date
    early_repaid_by: dt.date
    early_hidden_from: dt.date
    late_months_after: int
    facts: Mapping[str, str]  # the texts shown: "5 年", "不超过 10,000 元"…
    keys: Mapping[str, str]  # role → fact key (retention, window, amount, …)

    def fact(self, role: str) -> str:
        return self.facts[self.keys[role]]


def _entry(mapping: Any, key: str, at: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise DataError(f"{at}.{key}" if at else key, "missing")
    return mapping[key]


def _date(value: Any, at: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise DataError(at, f"expected a date written YYYY-MM-DD, got {value!r}")


def _count(value: Any, at: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DataError(at, f"expected a whole number of at least 1, got {value!r}")
    return value


def load_rules(dataset: Dataset) -> CreditRules:
    """The rules of data/credit_rules.yml; DataError with the key path if one is missing or wrong."""
    data = dataset.data
    retention = _entry(data, "retention", "")
    repair = _entry(data, "repair_2025", "")
    window = _entry(repair, "window", "repair_2025")
    amount = _entry(repair, "max_amount", "repair_2025")
    deadline = _entry(repair, "repaid_by", "repair_2025")
    early = _entry(repair, "early", "repair_2025")
    late = _entry(repair, "late", "repair_2025")
    raw_amount = _entry(amount, "value", "repair_2025.max_amount")
    try:
        max_amount = Decimal(raw_amount) if isinstance(raw_amount, str) else Decimal("NaN")
    except ArithmeticError:
        max_amount = Decimal("NaN")
    if not max_amount.is_finite() or max_amount <= 0:
        raise DataError("repair_2025.max_amount.value", f"expected an amount in yuan in quotes, got {raw_amount!r}")
    rules = CreditRules(
        retention_years=_count(_entry(retention, "years", "retention"), "retention.years"),
        window_from=_date(_entry(window, "from", "repair_2025.window"), "repair_2025.window.from"),
        window_to=_date(_entry(window, "to", "repair_2025.window"), "repair_2025.window.to"),
        max_amount=max_amount,
        repaid_by=_date(_entry(deadline, "date", "repair_2025.repaid_by"), "repair_2025.repaid_by.date"),
        early_repaid_by=_date(_entry(early, "repaid_by", "repair_2025.early"), "repair_2025.early.repaid_by"),
        early_hidden_from=_date(_entry(early, "hidden_from", "repair_2025.early"), "repair_2025.early.hidden_from"),
        late_months_after=_count(_entry(late, "months_after", "repair_2025.late"), "repair_2025.late.months_after"),
        facts=dataset.facts,
        keys={
            "retention": _entry(retention, "fact", "retention"),
            "regulation": _entry(retention, "regulation_fact", "retention"),
            "article": _entry(retention, "article_fact", "retention"),
            "window": _entry(window, "fact", "repair_2025.window"),
            "amount": _entry(amount, "fact", "repair_2025.max_amount"),
            "amount_meaning": _entry(repair, "amount_meaning_fact", "repair_2025"),
            "deadline": _entry(deadline, "fact", "repair_2025.repaid_by"),
            "early": _entry(early, "fact", "repair_2025.early"),
            "late": _entry(late, "fact", "repair_2025.late"),
            "display": _entry(repair, "display_fact", "repair_2025"),
            "automatic": _entry(repair, "automatic_fact", "repair_2025"),
            "after_window": _entry(repair, "after_window_fact", "repair_2025"),
        },
    )
    if rules.window_from >= rules.window_to:
        raise DataError("repair_2025.window", "'from' must come before 'to'")
    if rules.window_from.day != 1 or end_of_month_after(rules.window_to, 0) != rules.window_to:
        raise DataError(
            "repair_2025.window", "must run from the first day of a month to the last day of a month (read month by month)"
        )
    if not rules.early_repaid_by < rules.early_hidden_from:
        raise DataError("repair_2025.early", "'hidden_from' must come after 'repaid_by'")
    if not rules.early_repaid_by < rules.repaid_by:
        raise DataError("repair_2025.early.repaid_by", "must come before repair_2025.repaid_by.date")
    return rules


def rules() -> CreditRules:
    return load_rules(load(DATASET))


# ---- dates ----------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def end_of_month_after(day: dt.date, months: int) -> dt.date:
    """The last day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months + 1  # the month after that one
    first_of_next = dt.date(index // 12, index % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def month_of(day: dt.date) -> dt.date:
    """The first day of the month of `day`: the report holds one entry per month."""
    return day.replace(day=1)


def months_later(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `month` (negative: before)."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


Span = tuple[dt.date, dt.date]  # the first and the last month, each as its first day


def span_text(span: Span) -> str:
    first, last = span
    return month_text(first) if first == last else f"{month_text(first)}至 {month_text(last)}"


def date_text(day: dt.date) -> str:
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def month_text(day: dt.date) -> str:
    return f"{day.year} 年 {day.month} 月"


# ---- one overdue episode ----------------------------------------------------------


@dataclass(frozen=True)
class Episode:
    overdue_from: dt.date  # the first day of the month when only a month was given
    amount: Decimal  # the reader's one figure (the largest month's cumulative overdue), taken as every month's, yuan
    repaid_on: dt.date | None  # repaid in full on this day; None: not yet
    month_only: bool = True
    repaid_month_only: bool = False  # only the month was given: repaid_on is its last day (or today)

    @property
    def began(self) -> str:
        return month_text(self.overdue_from) if self.month_only else date_text(self.overdue_from)

    @property
    def repaid_text(self) -> str:
        if self.repaid_on is None:
            return "未还清"
        if self.repaid_month_only:
            return f"{month_text(self.repaid_on)}（按 {self.repaid_on.day} 日算）"
        return date_text(self.repaid_on)


@dataclass(frozen=True)
class Repair:
    covered: bool  # some months (maybe all) are covered
    reasons: tuple[str, ...]  # why, in the reader's terms; every condition that failed, or why it applied
    hidden: dt.date | None = None  # when the covered months stopped (or stop) being shown under the policy
    hidden_is_start: bool = False  # True: shown no more from `hidden`; False: no longer shown by `hidden`
    covered_months: Span | None = None  # the months the repair covers
    before_window: Span | None = None  # months before the window: not covered, kept under the retention rule
    after_window: Span | None = None  # months reported after the window (from 2026): new information, not covered

    @property
    def partial(self) -> bool:
        return self.covered and (self.before_window is not None or self.after_window is not None)

    @property
    def verdict(self) -> str:
        if self.partial:
            return "部分适用"
        return "适用" if self.covered else "不适用"

    @property
    def hidden_text(self) -> str:
        if self.hidden is None:
            return "不适用"
        when = f"{date_text(self.hidden)}起" if self.hidden_is_start else f"{date_text(self.hidden)}前"
        if self.partial:
            assert self.covered_months is not None
            return f"{when}（{span_text(self.covered_months)}的逾期）"
        return when

    @property
    def summary(self) -> str:
        """The table cell: the verdict and, when it is not a plain yes, the main reason."""
        if not self.covered:
            return "不适用：" + self.reasons[0]
        if not self.partial:
            return "适用"
        assert self.covered_months is not None
        left = "和 ".join(span_text(span) for span in (self.before_window, self.after_window) if span is not None)
        return f"部分适用：{span_text(self.covered_months)}的逾期适用，{left}的不适用"


def shown_until(repaid_on: dt.date, rules: CreditRules) -> dt.date:
    """The day the retention period is complete: repaid on 2026-03-15 → 2031-03-15."""
    return add_years(repaid_on, rules.retention_years)


def retention_text(rules: CreditRules) -> str:
    return f"从还清之日起满 {rules.fact('retention')}"


def repair_2025(episode: Episode, rules: CreditRules, today: dt.date) -> Repair:
    """Whether the 2025 one-time repair covers the episode, month by month, with every reason.

    The months run from the month the overdue began to the month it was repaid (today's month if it
    is not): each is a month the report shows as overdue. Only the months inside the window can be
    covered, and only if the amount and the repayment meet the policy's other two conditions.
    """
    first = month_of(episode.overdue_from)
    last = month_of(episode.repaid_on or today)
    window_first, window_last = month_of(rules.window_from), month_of(rules.window_to)
    inside: Span | None = (max(first, window_first), min(last, window_last))
    if inside[0] > inside[1]:
        inside = None
    before: Span | None = (first, min(last, months_later(window_first, -1))) if first < window_first else None
    after: Span | None = (max(first, months_later(window_last, 1)), last) if last > window_last else None

    problems: list[str] = []
    if inside is None and after is not None:
        problems.append(
            f"这段逾期从{episode.began}开始，不在政策规定的逾期时间（{rules.fact('window')}）之内："
            f"{rules.fact('after_window')}。"
        )
    elif inside is None:
        problems.append(
            f"这段逾期的月份（{span_text((first, last))}）都在政策规定的逾期时间（{rules.fact('window')}）之前。"
        )
    if episode.amount > rules.max_amount:
        problems.append(
            f"单月累计逾期 {money_text(episode.amount)} 元，超过政策的金额条件（{rules.fact('amount')}）。"
        )
    if episode.repaid_on is None:
        if today <= rules.repaid_by:
            problems.append(f"还没有还清：要在 {rules.fact('deadline')}前足额还清，才可能适用。")
        else:
            problems.append(f"没有在 {rules.fact('deadline')}前足额还清。")
    elif episode.repaid_on > rules.repaid_by:
        problems.append(f"{episode.repaid_text}才还清，晚于政策要求的 {rules.fact('deadline')}。")
    if problems:
        return Repair(covered=False, reasons=tuple(problems) + (f"只能按保存期限处理：{retention_text(rules)}。",))
    assert episode.repaid_on is not None and inside is not None
    which = "" if before is None and after is None else f"{span_text(inside)}的逾期，"
    if episode.repaid_on <= rules.early_repaid_by:
        hidden, hidden_is_start = rules.early_hidden_from, True
        why = f"符合：{which}时间、金额都在范围内，并且还清得早（{rules.fact('early')}）。"
    else:
        hidden, hidden_is_start = end_of_month_after(episode.repaid_on, rules.late_months_after), False
        why = f"符合：{which}时间、金额都在范围内，{episode.repaid_text}还清（{rules.fact('late')}）。"
    reasons = [why]
    until = date_text(shown_until(episode.repaid_on, rules))
    if before is not None:
        reasons.append(
            f"{span_text(before)}的逾期产生在政策规定的逾期时间之前，不适用，"
            f"这部分记录按保存期限保存到 {until}（{retention_text(rules)}）。"
        )
    if after is not None:
        reasons.append(
            f"{span_text(after)}时欠款还没还清，这段时间报送的逾期是政策时间范围之后新产生的信息，不适用"
            f"（{rules.fact('after_window')}），这部分记录按保存期限保存到 {until}（{retention_text(rules)}）。"
            "还清的那个月，如果是在当月还款日之前还上的，可能不会再报逾期。"
        )
    if before is not None or after is not None:
        reasons.append("按月份拆开看，是本站按政策的公开解读所作的推算，以征信中心的实际展示为准。")
    return Repair(
        covered=True,
        reasons=tuple(reasons),
        hidden=hidden,
        hidden_is_start=hidden_is_start,
        covered_months=inside,
        before_window=before,
        after_window=after,
    )


@dataclass(frozen=True)
class EpisodeResult:
    episode: Episode
    shown_until: dt.date | None  # None while not repaid: the clock has not started
    repair: Repair
    if_repaid_today: tuple[dt.date, Repair] | None  # only for an episode not yet repaid


def assess(episode: Episode, rules: CreditRules, today: dt.date) -> EpisodeResult:
    if episode.repaid_on is not None:
        return EpisodeResult(episode, shown_until(episode.repaid_on, rules), repair_2025(episode, rules, today), None)
    paid_today = Episode(episode.overdue_from, episode.amount, today, episode.month_only)
    return EpisodeResult(
        episode,
        None,
        repair_2025(episode, rules, today),
        (shown_until(today, rules), repair_2025(paid_today, rules, today)),
    )


def until_text(result: EpisodeResult, rules: CreditRules) -> str:
    if result.shown_until is not None:
        return f"{date_text(result.shown_until)}（还清后满 {rules.fact('retention')}）"
    assert result.if_repaid_today is not None
    return f"还没开始计算；如果今天还清，到 {date_text(result.if_repaid_today[0])}"


def boundary_note(rules: CreditRules) -> str:
    return (
        f"{rules.fact('regulation')}{rules.fact('article')}说不良信息从不良行为终止之日（还清之日）起保存 "
        f"{rules.fact('retention')}，期满删除；"
        "上面的日期是满期的那一天。条例没有写这一天当天是否还显示、报告多久更新，实际以征信中心的展示为准。"
    )


# ---- the timeline drawing ----------------------------------------------------------

WIDTH = 360
MARGIN = 22
ROW_HEIGHT = 60
TOP = 30
LEGEND_HEIGHT = 40
COLOURS = {"overdue": "#b3261e", "kept": "#6b7280", "hidden": "#0b6e4f"}


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(MARGIN + (WIDTH - 2 * MARGIN) * (day - start).days / span, 1)


def timeline_svg(results: list[EpisodeResult], rules: CreditRules, today: dt.date) -> str:
    """An inline SVG, one row per episode: overdue (red), kept after repayment (grey), hidden (green)."""
    ends: list[dt.date] = [today]
    for r in results:
        ends.append(r.shown_until or (r.if_repaid_today[0] if r.if_repaid_today else today))
    start = dt.date(min(r.episode.overdue_from for r in results).year, 1, 1)
    end = dt.date(max(ends).year + 1, 1, 1)
    rows_bottom = TOP + ROW_HEIGHT * len(results)
    height = rows_bottom + LEGEND_HEIGHT
    parts = [
        f'<svg class="credit-timeline" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="credit-timeline-title credit-timeline-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="credit-timeline-title">征信记录时间线</title>',
        f'<desc id="credit-timeline-desc">{html.escape(timeline_text(results, rules))}</desc>',
    ]
    step = 1 if end.year - start.year <= 6 else 2
    for year in range(start.year, end.year + 1, step):
        x = _x(dt.date(year, 1, 1), start, end)
        parts.append(f'<line x1="{x}" y1="{TOP - 8}" x2="{x}" y2="{rows_bottom}" stroke="#d0d4da" stroke-width="0.6"/>')
        parts.append(f'<text x="{x}" y="{TOP - 12}" font-size="11" text-anchor="middle" fill="currentColor">{year}</text>')
    x_today = _x(today, start, end)
    parts.append(
        f'<line x1="{x_today}" y1="{TOP - 8}" x2="{x_today}" y2="{rows_bottom}" stroke="currentColor" stroke-dasharray="3 2"/>'
    )
    for i, r in enumerate(results):
        y = TOP + ROW_HEIGHT * i
        label = f"第 {i + 1} 段：{r.episode.began}起，{money_text(r.episode.amount)} 元"
        parts.append(f'<text x="4" y="{y + 12}" font-size="12" fill="currentColor">{html.escape(label)}</text>')
        x0 = _x(r.episode.overdue_from, start, end)
        repaid = r.episode.repaid_on or today
        x1 = _x(repaid, start, end)
        parts.append(
            f'<rect x="{x0}" y="{y + 18}" width="{max(x1 - x0, 2)}" height="10" fill="{COLOURS["overdue"]}">'
            f"<title>{html.escape('逾期：' + r.episode.began + ' 至 ' + (r.episode.repaid_text if r.episode.repaid_on else '今天仍未还清'))}</title></rect>"
        )
        if r.shown_until is not None:
            x2 = _x(r.shown_until, start, end)
            parts.append(
                f'<rect x="{x1}" y="{y + 20}" width="{max(x2 - x1, 2)}" height="6" fill="{COLOURS["kept"]}">'
                f"<title>{html.escape('保存期：至 ' + date_text(r.shown_until))}</title></rect>"
            )
            parts.append(f'<circle cx="{x2}" cy="{y + 23}" r="3.5" fill="{COLOURS["kept"]}"/>')
        if r.repair.hidden is not None:
            xh = _x(r.repair.hidden, start, end)
            parts.append(
                f'<path d="M{xh} {y + 14} l4 6 l-4 6 l-4 -6 z" fill="{COLOURS["hidden"]}">'
                f"<title>{html.escape('一次性信用修复：' + r.repair.hidden_text + '不再展示')}</title></path>"
            )
        if r.repair.hidden is None:
            caption = until_text(r, rules)
        elif r.repair.partial and r.shown_until is not None:
            caption = f"部分修复；其余月份到 {date_text(r.shown_until)}"
        else:
            caption = f"修复：{r.repair.hidden_text}不再展示"
        parts.append(f'<text x="4" y="{y + 46}" font-size="12" fill="currentColor">{html.escape(caption)}</text>')
    legend = rows_bottom + 16
    parts.append(
        f'<rect x="4" y="{legend - 8}" width="14" height="8" fill="{COLOURS["overdue"]}"/>'
        f'<text x="22" y="{legend}" font-size="11" fill="currentColor">逾期</text>'
        f'<rect x="58" y="{legend - 7}" width="14" height="6" fill="{COLOURS["kept"]}"/>'
        f'<text x="76" y="{legend}" font-size="11" fill="currentColor">保存期</text>'
        f'<path d="M130 {legend - 10} l4 6 l-4 6 l-4 -6 z" fill="{COLOURS["hidden"]}"/>'
        f'<text x="138" y="{legend}" font-size="11" fill="currentColor">修复后不再展示</text>'
        f'<line x1="232" y1="{legend - 10}" x2="232" y2="{legend + 2}" stroke="currentColor" stroke-dasharray="3 2"/>'
        f'<text x="238" y="{legend}" font-size="11" fill="currentColor">今天</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def timeline_text(results: list[EpisodeResult], rules: CreditRules) -> str:
    """The drawing in words, for its <desc> and the list below it."""
    lines = []
    for i, r in enumerate(results):
        repaid = f"{r.episode.repaid_text}还清" if r.episode.repaid_on else "还没有还清"
        hidden = f"，一次性信用修复：{r.repair.hidden_text}不再展示" if r.repair.covered else ""
        lines.append(
            f"第 {i + 1} 段：{r.episode.began}开始逾期，{repaid}；保存期满：{until_text(r, rules)}{hidden}。"
        )
    return " ".join(lines)


def explanation_html(results: list[EpisodeResult], rules: CreditRules) -> str:
    """The text alternative and the reasons, episode by episode."""
    items = []
    for i, r in enumerate(results):
        repaid = f"{r.episode.repaid_text}还清" if r.episode.repaid_on else "还没有还清"
        lines = [
            f"<strong>第 {i + 1} 段</strong>：{html.escape(r.episode.began)}开始逾期，"
            f"单月最多 {money_text(r.episode.amount)} 元，{html.escape(repaid)}。",
        ]
        retention = html.escape(rules.fact("retention"))
        if r.shown_until is not None:
            lines.append(f"保存期限：{retention}，到 {html.escape(date_text(r.shown_until))}届满。")
        else:
            assert r.if_repaid_today is not None
            until, if_today = r.if_repaid_today
            lines.append(
                "保存期限：逾期还没有结束，保存期限还没开始算。"
                f"如果今天还清，到 {html.escape(date_text(until))}满 {retention}。"
            )
            if if_today.covered:
                lines.append(f"今天还清还能赶上一次性信用修复：{html.escape(if_today.hidden_text)}不再展示。")
        if r.repair.partial and r.shown_until is not None:
            assert r.repair.covered_months is not None
            lines.append(
                f"按一次性信用修复，{html.escape(span_text(r.repair.covered_months))}的逾期记录在保存期届满之前就不再展示了；"
                f"其余月份的记录仍保存到 {html.escape(date_text(r.shown_until))}。"
            )
        elif r.repair.covered and r.shown_until is not None:
            lines.append("按一次性信用修复，这段记录在保存期届满之前就不再展示了。")
        lines.append(
            f"一次性信用修复：{r.repair.verdict}。" + "".join(html.escape(reason) for reason in r.repair.reasons)
        )
        items.append("<li>" + "<br>".join(lines) + "</li>")
    return (
        '<ol class="credit-explained">'
        + "".join(items)
        + "</ol>"
        + f"<p>{html.escape(boundary_note(rules))}</p>"
    )


def calendar_text(results: list[EpisodeResult], rules: CreditRules) -> str:
    events = []
    for i, r in enumerate(results):
        if r.shown_until is not None:
            events.append(
                ics.Event(
                    r.shown_until,
                    f"征信逾期记录保存期满（第 {i + 1} 段）",
                    f"按{rules.fact('regulation')}{rules.fact('article')}，从还清之日起算的保存期到这天届满，此后应予删除；"
                    "以征信中心的实际展示为准，可以查一次信用报告核对。",
                )
            )
        if r.repair.hidden is not None and r.repair.partial:
            assert r.repair.covered_months is not None
            events.append(
                ics.Event(
                    r.repair.hidden,
                    f"一次性信用修复：部分逾期记录不再展示（第 {i + 1} 段）",
                    f"按一次性信用修复政策，{span_text(r.repair.covered_months)}的逾期记录不再展示；"
                    "其余月份仍按保存期限保存。可以查一次信用报告核对。",
                )
            )
        elif r.repair.hidden is not None:
            events.append(
                ics.Event(
                    r.repair.hidden,
                    f"一次性信用修复：逾期记录不再展示（第 {i + 1} 段）",
                    "按一次性信用修复政策，这段逾期记录不再展示；可以查一次信用报告核对。",
                )
            )
    return ics.calendar(events, "征信记录时间线", "credit")


# ---- the form and its entry point ---------------------------------------------------

AMOUNT = NumberRule(label="单月最多逾期金额", unit="元", minimum=Decimal(0), maximum=MAX_AMOUNT, max_decimals=2, minimum_exclusive=True)

EPISODE_FIELDS = (
    Field(
        "overdue_from",
        "从哪个月开始逾期",
        "",
        kind="date",
        placeholder="2023-06",
        help="写月份即可，如 2023-06 或 2023年6月；也可以写具体日期。",
    ),
    Field(
        "overdue_amount",
        "单月最多逾期多少",
        "",
        unit="元",
        help="同一个月里累计没还上的钱（含之前月份欠下的），取最多的那个月；工具把它当作每个月的金额来核对。",
    ),
    Field(
        "repaid_on",
        "哪天全部还清",
        "",
        kind="date",
        required=False,
        placeholder="2025-11-10",
        help="还没还清就空着；只记得月份可以写 2025-03，按那个月的最后一天算。",
    ),
)

FORM = Form(
    name="credit",
    title="征信记录时间线",
    fields=(
        Field(
            "as_of",
            "按哪天算（可不填）",
            "",
            kind="date",
            required=False,
            help="空着就按今天。想看“如果某天还清会怎样”，可以填那一天。",
        ),
    ),
    groups=(
        RowGroup(
            name="episodes",
            label="你的逾期记录",
            fields=EPISODE_FIELDS,
            rows=(
                {"overdue_from": "2023-06", "overdue_amount": "3000", "repaid_on": "2025-11-10"},
                {"overdue_from": "2024-03", "overdue_amount": "12000", "repaid_on": "2026-03-15"},
            ),
            item_label="第 {n} 段逾期",
            max_rows=8,
            add_label="再加一段逾期",
            remove_label="删除这一段",
        ),
    ),
    outputs=(
        Output("shown_until", "保存期满（最后一段）", unit="", emphasis=True),
        Output("repair", "一次性信用修复", unit="", emphasis=True),
        Output("hidden_from", "按修复政策不再展示", unit=""),
    ),
    tables=(
        Table(
            "episodes",
            "每段逾期",
            (
                Column("episode", "第几段"),
                Column("overdue_from", "开始逾期"),
                Column("overdue_amount", "单月最多（元）"),
                Column("repaid_on", "还清日期"),
                Column("shown_until", "保存期满"),
                Column("repair", "一次性修复"),
                Column("hidden_from", "不再展示"),
            ),
        ),
    ),
    slots=(Slot("timeline", "时间线"), Slot("explained", "逐段说明")),
    downloads=(Download("calendar", "把期满日期加入日历（.ics）", "credit-timeline.ics"),),
    notes=(
        "只在你的设备上计算，填写的内容不会发送出去。",
        "结果是按公开规则推算的日期，你的信用报告以征信中心的展示为准。",
    ),
    method=(
        "保存期限：还清之日（不良行为终止之日）加上条例规定的保存年数，得到满期那天；2 月 29 日还清的，算到满期那年的 2 月 28 日。",
        "一次性信用修复按月份核对：从开始逾期的月份到还清的月份，每个月都算一条逾期信息。"
        "落在政策时间范围内的月份，在单月累计逾期金额不超过上限、并在截止日前足额还清时适用；"
        "范围开始之前的月份，和范围结束以后还没还清而新报送的月份，都不适用，按保存期限处理；一段里只有部分月份适用时，结果显示为“部分适用”。"
        "早还清的从固定日期起不再展示，晚还清的在还清后次月月底前不再展示。",
        "金额：每段只填一个金额，工具把它当作这段里每个月的逾期金额。按表单的要求填最多那个月的金额，结果偏保守："
        "如果只有后面几个月超过上限，前面没超过的月份可能仍然适用。",
        "按月份拆开看是本站按政策的公开解读所作的推算；规则的数字和条文名称都来自本站的事实数据"
        "（data/credit_rules.yml 引用 data/facts/credit.yml），你的报告以征信中心的展示为准。",
    ),
    source="calculators/credit.py",
    tests="tests/calculators/test_credit.py",
)


def _episode(index: int, row: Mapping[str, str], today: dt.date) -> Episode:
    """One row of the group, parsed and checked against the other fields and today; every error at once."""
    prefix = f"episodes.{index}."
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    parsers = {
        "overdue_from": lambda: parse_date(
            prefix + "overdue_from", row.get("overdue_from", ""), "开始逾期的月份", month_only=True
        ),
        "amount": lambda: parse_number(prefix + "overdue_amount", row.get("overdue_amount", ""), AMOUNT),
        "repaid_on": lambda: (
            parse_date(prefix + "repaid_on", row.get("repaid_on", ""), "还清日期", month_only=True)
            if row.get("repaid_on", "").strip()
            else None
        ),
    }
    for name, parse in parsers.items():
        try:
            parsed[name] = parse()
        except FieldError as exc:
            errors[exc.field] = exc.message
    began, repaid = parsed.get("overdue_from"), parsed.get("repaid_on")
    repaid_month_only = repaid is not None and _is_month(row.get("repaid_on", ""))
    if repaid is not None and repaid_month_only:
        repaid = min(end_of_month_after(repaid, 0), max(today, repaid))  # a month: its last day, at most today
    if began is not None and began > today:
        errors[prefix + "overdue_from"] = f"开始逾期的时间不能晚于今天（{date_text(today)}）。"
    if repaid is not None and repaid > today:
        errors[prefix + "repaid_on"] = f"还清日期不能晚于今天（{date_text(today)}）；还没还清就空着。"
    elif repaid is not None and began is not None and repaid < began:
        errors[prefix + "repaid_on"] = "还清日期早于开始逾期的时间，请核对。"
    if errors:
        raise FieldErrors(errors)
    return Episode(
        overdue_from=began,
        amount=parsed["amount"],
        repaid_on=repaid,
        month_only=_is_month(row.get("overdue_from", "")),
        repaid_month_only=repaid_month_only,
    )


def _is_month(raw: str) -> bool:
    """True when the reader gave a month (2023-06, 2023年6月) rather than a day."""
    digits = [part for part in "".join(c if c.isdigit() else " " for c in raw).split()]
    return len(digits) == 2


def compute(raw: Mapping[str, Any], today: dt.date | None = None) -> Result:
    """Raw form values in, the JSON-ready result out; `today` is injectable for tests."""
    errors: dict[str, str] = {}
    day = today or dt.date.today()
    as_of = raw.get("as_of", "")
    if isinstance(as_of, str) and as_of.strip():
        try:
            day = parse_date("as_of", as_of, "计算日期")
        except FieldError as exc:
            errors[exc.field] = exc.message
    rows = raw.get("episodes", [])
    if not rows:
        errors["episodes"] = "至少填一段逾期。"
    episodes: list[Episode] = []
    for index, row in enumerate(rows):
        try:
            episodes.append(_episode(index, row, day))
        except FieldErrors as exc:
            errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    active = rules()
    results = [assess(item, active, day) for item in episodes]
    return result_of(results, active, day)


def result_of(results: list[EpisodeResult], rules: CreditRules, today: dt.date) -> Result:
    repaid = [r for r in results if r.shown_until is not None]
    covered = [r for r in results if r.repair.covered]
    whole = [r for r in covered if not r.repair.partial]
    partly = [r for r in covered if r.repair.partial]
    if len(repaid) < len(results):
        headline_until = "还没开始计算（有逾期还没还清）"
    else:
        headline_until = date_text(max(r.shown_until for r in repaid if r.shown_until is not None))
    if len(results) == 1:
        headline_repair = results[0].repair.verdict
    elif len(whole) == len(results):
        headline_repair = "全部适用"
    elif covered:
        counts = ([f"{len(whole)} 段适用"] if whole else []) + ([f"{len(partly)} 段部分适用"] if partly else [])
        headline_repair = f"{len(results)} 段中有 " + "、".join(counts)
    else:
        headline_repair = "都不适用"
    latest_hidden = max(covered, key=lambda r: r.repair.hidden or today) if covered else None
    return {
        "values": {
            "shown_until": headline_until,
            "repair": headline_repair,
            "hidden_from": latest_hidden.repair.hidden_text if latest_hidden else "不适用",
        },
        "tables": {
            "episodes": [
                {
                    "episode": str(i + 1),
                    "overdue_from": r.episode.began,
                    "overdue_amount": money_text(r.episode.amount),
                    "repaid_on": r.episode.repaid_text,
                    "shown_until": until_text(r, rules),
                    "repair": r.repair.summary,
                    "hidden_from": r.repair.hidden_text,
                }
                for i, r in enumerate(results)
            ]
        },
        "html": {
            "timeline": timeline_svg(results, rules, today),
            "explained": explanation_html(results, rules),
        },
        "downloads": {"calendar": {"text": calendar_text(results, rules), "mime": "text/calendar"}},
    }


CALCULATOR = Calculator(form=FORM, compute=compute, compute_on=compute)
