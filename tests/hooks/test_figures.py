"""The hand-typed-figure check (hooks/data/figures.py): what it flags, what it allows, how it reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.data.figures import check_pages, figures_in_line, find_figures, load_pending

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("年利率超过 24% 的部分", ["24%"]),  # a rate
        ("保存期是五年", ["五年"]),  # a duration in Chinese numerals
        ("每天最多打两次电话", ["两次"]),  # a frequency cap
        ("拨打 12356", ["12356"]),  # a phone number
        ("2026 年 3 月 15 日还清", ["2026", "3", "15"]),  # a date
        ("依据第十六条", ["第十六条"]),  # an article number
        ("上浮百分之五十", ["百分之五十"]),
        ("欠了三万元", ["三万元"]),
        ("逾期１０天", ["１０"]),  # full-width digits
        ("晚一两天没事", ["一两天"]),  # not the single 一
    ],
)
def test_figures_in_prose_are_found(line: str, expected: list[str]) -> None:
    assert figures_in_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "1. 先在 App 里查清欠款",  # list numbering
        "    2. **只通过官方渠道联系。**",  # list numbering inside an admonition
        "### 1. 欠款明细",  # numbered heading
        "## 一、钱突然断了",  # Chinese ordinal before 、
        "第一步：查清欠款；第二种情况",  # ordinals
        "逾期一天也会计罚息，一次性还清，一个月后",  # 一 meaning "a"
        "保存 <!-- fact:credit_negative_retention -->，期满删除",  # a marker
        "状态 `1` 表示逾期",  # code
        "见[来源](https://example.com/2024/12)",  # a link target
        '<a href="tel:12356">电话</a>',  # an HTML attribute
        "### 说法：逾期三天就一定上征信",  # a quoted rumour heading
        "十分重要，千万不要，万一还不上，一般来说",  # numeral characters that are not quantities
    ],
)
def test_allowed_text_is_not_flagged(line: str) -> None:
    assert figures_in_line(line) == []


def test_front_matter_code_blocks_and_multiline_comments_are_skipped_and_lines_are_the_files() -> None:
    page = "---\nreviewed: 2026-11-25\naliases: [逾期3天]\n---\n\n# 标题？\n\n```\nrate = 0.05\n```\n<!--\n24%\n-->\n再拖 7 天\n"
    found = find_figures("x.md", page)
    assert [(f.line, f.figure) for f in found] == [(14, "7")]  # line 14 of the file, front matter counted


def write_pages(docs: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def test_every_offending_line_of_every_page_is_listed_at_once_with_what_to_do(tmp_path: Path) -> None:
    docs = write_pages(tmp_path, {"a.md": "利率 24%\n", "guides/b.md": "好的\n五年后\n", "c.md": "没有数字\n"})
    with pytest.raises(PluginError) as error:
        check_pages(docs, {})
    message = str(error.value)
    assert "2 hand-typed figure(s)" in message
    assert "docs/a.md:1: '24%'" in message and "docs/guides/b.md:2: '五年'" in message
    assert "c.md" not in message
    assert "<!-- fact:KEY -->" in message and "data/facts/" in message  # tells the author what to do


def test_a_pending_page_is_skipped_until_it_is_fixed_then_must_leave_the_list(tmp_path: Path) -> None:
    docs = write_pages(tmp_path, {"calc.md": "填 0.05\n"})
    check_pages(docs, {"calc.md": "owner fixes it"})  # skipped while it still has figures
    (docs / "calc.md").write_text("填合同上的日利率\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"figures_pending\.yml lists pages with no hand-typed figure left.*calc\.md"):
        check_pages(docs, {"calc.md": "owner fixes it"})
    with pytest.raises(PluginError, match=r"gone\.md"):
        check_pages(docs, {"gone.md": "a page that no longer exists"})


def test_the_real_pages_pass_and_the_pending_list_is_short() -> None:
    pending = load_pending()
    check_pages(ROOT / "docs", pending)
    assert len(pending) <= 3, "the pending list is for pages in flight, not a way around the check"
