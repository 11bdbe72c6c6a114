"""What the steps of the page pipeline share: the page being built and what it has cited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2

from hooks import TEMPLATES
from hooks.build_cache import TemplateCache
from hooks.data.facts import Registry
from hooks.data.glossary import Glossary



@dataclass
class PageContext:
    source: str  # path below docs/, for error messages
    meta: dict
    registry: Registry
    glossary: Glossary | None = None  # loaded once per build (hooks/pages/main.py), for the glossary page
    line_offset: int = 0  # lines of front matter before the Markdown body, for error messages
    cited: dict[str, dt.date] = field(default_factory=dict)  # source key -> oldest check date

    def cite(self, source_key: str, checked: dt.date) -> int:
        """Record a source used on this page; return its number in the page's source list."""
        previous = self.cited.get(source_key)
        self.cited[source_key] = checked if previous is None else min(previous, checked)
        return list(self.cited).index(source_key) + 1


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    # A private environment: our snippets are not theme templates, so they stay out of
    # the theme's loader; autoescape because values come from data files.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=TemplateCache(),  # compiled once, not at every build (hooks/build_cache.py)
    )


def render(template: str, **values: object) -> str:
    return templates().get_template(template).render(**values).strip()
