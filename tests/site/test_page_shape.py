"""Every page has the shape of a good answer page: a question as its title, a short answer first,
related pages, a next step, then its sources and review date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md"))
MAX_RELATED = 3


class TagsIgnored(yaml.SafeLoader):
    """mkdocs.yml has tags (!ENV, !!python/object/apply for the toc slugify) this test does not need."""


TagsIgnored.add_multi_constructor("!", lambda loader, suffix, node: None)
TagsIgnored.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def body(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8").split("---", 2)[2]


def section(text: str, heading: str) -> str:
    match = re.search(rf"^## {heading}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def test_every_page_is_in_the_nav() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=TagsIgnored)
    listed = set(re.findall(r"[\w/]+\.md", str(config["nav"])))
    assert listed == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_the_title_is_a_question_and_a_short_answer_comes_first(page: str) -> None:
    text = body(page).strip()
    title, _, rest = text.partition("\n")
    assert title.startswith("# ") and title.endswith("？"), title
    first_paragraph = rest.strip().split("\n\n")[0]
    assert not first_paragraph.startswith(("#", "<!--", "!!!", "|", "-", "1.")), "the page must open with an answer"
    sentences = [s for s in re.split(r"[。！？]", re.sub(r"<!--.*?-->", "事实", first_paragraph)) if s.strip()]
    assert 1 <= len(sentences) <= 4, first_paragraph


@pytest.mark.parametrize("page", PAGES)
def test_the_page_ends_with_related_pages_and_a_next_step(page: str) -> None:
    text = body(page)
    related = re.findall(r"\]\(([^)#]+\.md)", section(text, "相关页面"))
    assert 1 <= len(related) <= MAX_RELATED, related
    for link in related:
        assert (DOCS / Path(page).parent / link).resolve().is_file(), link
    assert len(section(text, "下一步").strip()) >= 10, "the next step names one concrete action"
    assert text.index("## 相关页面") < text.index("## 下一步")
