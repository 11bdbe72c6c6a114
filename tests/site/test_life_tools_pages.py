"""The guides that host the life tools: each tool sits where a reader looks for it, and what to say to the bank
lives on one page only (协商还款), not copied onto 如何处理."""

from __future__ import annotations

import re
from pathlib import Path


def built(built_site: Path, page: str) -> str:
    return (built_site / page / "index.html").read_text(encoding="utf-8")


def section(html: str, heading_id: str) -> str:
    """The HTML from the h2 with this id up to the next h2."""
    start = html.index(f'<h2 id="{heading_id}"')
    following = html.find("<h2", start + 1)
    return html[start : following if following != -1 else len(html)]


def test_negotiation_is_the_one_place_for_what_to_say(built_site: Path) -> None:
    html = built(built_site, "guides/negotiation")
    said = section(html, "跟客服怎么说")
    assert 'data-calculator="letter"' in said  # the tool that writes the message with the reader's numbers
    assert "把方括号里的内容换成你自己的情况" in said  # and the script for a reader who won't fill a form
    assert "以后会提供" not in html  # the old promise of a tool, now that the tool is here


def test_handling_points_to_negotiation_instead_of_keeping_its_own_script(built_site: Path) -> None:
    html = built(built_site, "guides/handling")
    assert "把方括号里的内容换成你自己的情况" not in html
    assert "<blockquote>" not in html  # the script was the page's only quotation
    assert 'href="../negotiation/#跟客服怎么说"' in html
    assert re.search(r'href="\.\./\.\./calculators/triage/"', html)


def test_the_credit_guide_embeds_the_timeline_with_its_calendar_download(built_site: Path) -> None:
    html = built(built_site, "guides/credit")
    assert 'data-calculator="credit"' in html
    download = re.search(r'<a[^>]*data-download="calendar"[^>]*>', html)
    assert download and 'download="credit-timeline.ics"' in download.group(0)
