"""Step: `<!-- glossary:all -->` becomes the glossary page from data/glossary.yml.

Tooltips for the same terms on every other page live in hooks/pages/tooltips_step.py.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from hooks.data.glossary import DOCS, Glossary
from hooks.pages.markers import Marker, replace_markers
from hooks.pages.page import PageContext, render

KIND = "glossary"


def page_title(docs_dir: Path, page: str) -> str:
    """The first `# ` heading of a Markdown page, used as the link text to it."""
    for line in (docs_dir / page).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise PluginError(f"docs/{page}: no '# ' title found (the glossary links to this page by its title)")


def render_glossary(glossary: Glossary, source: str, docs_dir: Path) -> str:
    """The glossary as Markdown: one heading with an id per term; facts stay as markers for fact_step."""
    here = posixpath.dirname(source) or "."
    entries = [
        {
            "term": term,
            "facts": [{"label": ref.label, "marker": Markup(f"<!-- fact:{ref.key} -->")} for ref in term.facts],
            "link": posixpath.relpath(term.guide, here),
            "link_title": page_title(docs_dir, term.guide),
        }
        for term in glossary.terms
    ]
    return "\n\n" + render("glossary.html", entries=entries) + "\n\n"


def glossary_step(markdown: str, context: PageContext) -> str:
    """Runs before fact_step: the fact markers it writes are rendered (and cited) by fact_step."""

    def render_all(marker: Marker) -> str:
        if marker.name != "all" or marker.options:
            raise marker.fail("the only glossary marker is <!-- glossary:all -->")
        if context.glossary is None:
            raise marker.fail("no glossary was loaded for this build")
        return render_glossary(context.glossary, context.source, DOCS)

    return replace_markers(markdown, KIND, context.source, render_all, context.line_offset)

