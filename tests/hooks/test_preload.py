"""calculators.js is loaded by the pages with a calculator (hooks/delivery/preload.py), inside Material's content container."""

from __future__ import annotations

from pathlib import Path

from hooks.delivery.preload import CALCULATORS_SCRIPT, CONTAINER, calculators_script


def test_the_script_is_a_module_relative_to_the_page() -> None:
    assert calculators_script("calculators/penalty/") == '<script type="module" src="../../assets/javascripts/calculators.js"></script>'
    assert calculators_script("") == '<script type="module" src="assets/javascripts/calculators.js"></script>'


def test_calculator_pages_and_only_they_load_calculators_js_inside_the_container(built_site: Path) -> None:
    with_form = 0
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        html = page.read_text(encoding="utf-8")
        loads = html.count("assets/javascripts/calculators.js")
        if "data-calculator=" not in html:
            assert loads == 0, page
            continue
        with_form += 1
        assert loads == 1, page
        script = calculators_script(page.parent.relative_to(built_site).as_posix().removeprefix(".") + "/")
        # Material's instant navigation runs the scripts of the container it brings in: the script must be in it
        assert CONTAINER + script in html, page
        assert (page.parent / script.split('src="')[1].split('"')[0]).resolve() == (built_site / CALCULATORS_SCRIPT).resolve()
    assert with_form >= 6  # penalty, repayment, credit, debts, letter, triage (calculators/*.py)
