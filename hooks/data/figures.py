"""Build check: no hand-typed figure in page prose.

Every amount, rate, duration, date, article number and phone number on a page comes from the facts
registry through `<!-- fact:KEY -->`, so it carries a source and a check date. This check reads every
page below docs/ before the build and fails once, listing every offending `page:line`, when prose
holds a figure typed by hand, in Arabic digits (`24%`, `2026 年`, `12356`) or Chinese numerals with a
unit (`三天`, `两次`, `五年`, `百分之二十`, `第十六条`).

Not flagged (the allow-list, documented in README "Hand-typed figures"):
- text that is not prose: front matter, fenced and inline code, HTML comments (markers), HTML tags,
  link targets `](...)`, attribute lists `{#id}`, bare URLs;
- list and step numbering: `1. ` at the start of a list item or of a heading;
- ordinals: `第一步`, `第二种`, `一、` (a Chinese numeral before 、 or after 第, except 第…条/款/项/章/节,
  which are article numbers);
- `一` meaning "one / a" (`一天`, `一次性`, `一个月`), which states no quantity a source could back;
- a rumour quoted as readers say it, on a heading line `### 说法：…` (the myths page).

Pages still waiting for their owner to move figures into facts are listed in data/figures_pending.yml:
they are skipped, and a listed page with nothing left to fix fails, so the list can only shrink.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from hooks import ROOT
from hooks.data.facts import safe_load

PENDING_FILE = ROOT / "data" / "figures_pending.yml"

CN = "零〇一二两三四五六七八九十百千万亿半"
UNIT = r"(?:个工作日|工作日|个月|小时|分钟|星期|块钱|万元|年|月|周|天|日|次|倍|元|岁|成|期|号(?!码)|[%％])"
ARABIC = re.compile(r"[0-9０-９]+(?:[.,，][0-9０-９]+)*\s*[%％]?")
CHINESE_QUANTITY = re.compile(rf"(?<!第)([{CN}]+)\s*{UNIT}")
ARTICLE_NUMBER = re.compile(rf"第[{CN}]+(?:条|款|项|章|节)")
FRACTION = re.compile(rf"[百千万]分之[{CN}]+")
# Every figure above holds a digit or a Chinese numeral, and prose() only removes text: a line without one has none.
MAY_HOLD_FIGURE = re.compile(rf"[0-9０-９{CN}]")

# Not prose: removed before looking for figures (order matters: comments and code first).
NOT_PROSE = (
    re.compile(r"<!--.*?-->"),  # markers and comments on one line
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>]*>"),  # HTML tags and their attributes
    re.compile(r"\{[#.:][^}]*\}"),  # attribute lists {#id .class}
    re.compile(r"https?://\S+"),  # bare URLs
)
LIST_NUMBER = re.compile(r"^(\s*(?:>\s*)*)(?:\d+\.\s+)")  # "1. " list items (also inside admonitions, quotes)
HEADING_NUMBER = re.compile(r"^(#{1,6}\s+)\d+\.\s+")  # "### 1. 欠款明细"
RUMOUR_HEADING = re.compile(r"^#{1,6}\s+说法：")
FENCE = re.compile(r"^\s*(```|~~~)")

HOW_TO_FIX = (
    "Every amount, rate, duration, date, article number and phone number in page prose must come from "
    "data/facts/*.yml. For each line above: reuse a fact (grep data/facts/ for the figure) or add one "
    "(value, source with class, checked date) and write <!-- fact:KEY --> in place of the figure "
    "(a phone number: a hotline_ fact, shown as a tel: link); or reword without the figure (几天, 一段时间). "
    "Not flagged: list numbering (1. …), ordinals (第一步, 一、), 一 meaning 'a', `code`, markers, link "
    "targets, and '### 说法：' headings that quote a rumour. README: 'Hand-typed figures'."
)


@dataclass(frozen=True)
class Figure:
    page: str  # path below docs/
    line: int  # line in the file, front matter included
    figure: str  # what was found
    text: str  # the line, shortened

    def __str__(self) -> str:
        return f"  docs/{self.page}:{self.line}: {self.figure!r} in “{self.text}”"


def prose(line: str) -> str:
    """The line with list numbering dropped and everything that is not prose replaced by a space."""
    line = LIST_NUMBER.sub(r"\1", line)
    line = HEADING_NUMBER.sub(r"\1", line)
    for pattern in NOT_PROSE:
        line = pattern.sub(" ", line)
    return line


def figures_in_line(line: str) -> list[str]:
    """Hand-typed figures in one line of Markdown, in order of appearance."""
    if not MAY_HOLD_FIGURE.search(line) or RUMOUR_HEADING.match(line):
        return []
    text = prose(line)
    found: list[tuple[int, str]] = []
    found += [(m.start(), m.group(0).strip()) for m in ARABIC.finditer(text)]
    found += [(m.start(), m.group(0)) for m in ARTICLE_NUMBER.finditer(text)]
    found += [(m.start(), m.group(0)) for m in FRACTION.finditer(text)]
    found += [(m.start(), m.group(0)) for m in CHINESE_QUANTITY.finditer(text) if m.group(1) != "一"]
    return [figure for _, figure in sorted(found)]


def find_figures(page: str, source: str) -> list[Figure]:
    """Every hand-typed figure in a page's Markdown source (front matter and code skipped)."""
    lines = source.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        start = 0 if closing is None else closing + 1
    results: list[Figure] = []
    in_fence = False
    in_comment = False
    for number, line in enumerate(lines[start:], start=start + 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if in_comment:  # inside a comment that spans lines
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            line, in_comment = line.split("<!--", 1)[0], True
        shown = line.strip()[:60]
        results += [Figure(page, number, figure, shown) for figure in figures_in_line(line)]
    return results


def load_pending(path: Path = PENDING_FILE) -> dict[str, str]:
    """Pages allowed to keep hand-typed figures for now: page (below docs/) -> who fixes it and what."""
    if not path.is_file():
        return {}
    document = safe_load(path.read_text(encoding="utf-8")) or {}
    pending = document.get("pending", {}) if isinstance(document, dict) else None
    if not isinstance(pending, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in pending.items()):
        raise PluginError(f"{path.name}: 'pending' must map a page (below docs/) to a note saying who fixes what")
    return pending


def check_pages(docs: Path, pending: dict[str, str]) -> None:
    """Fail with every hand-typed figure of every page at once."""
    found: list[Figure] = []
    fixed: list[str] = []
    pages = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
    for page in pages:
        figures = find_figures(page, (docs / page).read_text(encoding="utf-8"))
        if page in pending:
            if not figures:
                fixed.append(page)
            continue
        found += figures
    stale = [page for page in pending if page not in pages]
    problems = []
    if found:
        problems.append(f"{len(found)} hand-typed figure(s) in page prose:\n" + "\n".join(map(str, found)) + "\n" + HOW_TO_FIX)
    if fixed or stale:
        problems.append(
            "data/figures_pending.yml lists pages with no hand-typed figure left or that no longer exist: "
            f"{', '.join(fixed + stale)}; remove them from the list."
        )
    if problems:
        raise PluginError("\n\n".join(problems))
