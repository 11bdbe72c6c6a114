"""Step: `<!-- calc:NAME -->` becomes the calculator's form, with its default example computed now."""

from __future__ import annotations

from posixpath import dirname

from calculators.browser import CALCULATORS
from hooks.pages.markers import Marker, replace_markers
from hooks.pages.page import PageContext, render

KIND = "calc"


def site_root(source: str) -> str:
    """The relative path from a page's URL to the site root, with directory URLs (guides/a.md → ../../)."""
    folder = dirname(source)
    depth = len(folder.split("/")) if folder else 0
    if not source.endswith("index.md") and not source.endswith("README.md"):
        depth += 1
    return "../" * depth


def render_calculator(marker: Marker) -> str:
    calculator = CALCULATORS.get(marker.name)
    if calculator is None:
        raise marker.fail(f"unknown calculator; known: {', '.join(sorted(CALCULATORS))}")
    if marker.options:
        raise marker.fail(f"calculators take no options, got {', '.join(marker.options)}")
    values = calculator.form.defaults()
    outcome = calculator.run(values)
    if not outcome["ok"]:
        raise marker.fail(f"the form's defaults do not compute: {outcome['errors']}")
    html = render(
        "calculator.html", form=calculator.form, values=values, result=outcome["result"], root=site_root(marker.source)
    )
    return "\n\n" + html + "\n\n"


def calculator_step(markdown: str, context: PageContext) -> str:
    return replace_markers(markdown, KIND, context.source, render_calculator, context.line_offset)
