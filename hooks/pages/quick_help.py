"""MkDocs hook: the phone numbers of the header's help panel (overrides/main.html), from data/facts.

Every page's header has 快速离开 and 求助电话; the panel lists the numbers below as tel: links, in this order (120
first: a life in danger comes before anything else). The theme's templates get them as the Jinja global
`quick_help`, a list of {number, label}; a missing fact, or one that is not a phone number, stops the build.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from hooks.data.facts import Registry, load_registry

# (fact key, what the number is for), in the order the panel lists them
LINES = (
    ("hotline_120", "急救"),
    ("hotline_12356", "心理援助热线"),
    ("hotline_110", "报警"),
)


def quick_help(registry: Registry) -> list[dict[str, str]]:
    lines = []
    for key, label in LINES:
        fact = registry.facts.get(key)
        if fact is None or not fact.is_phone:
            got = "no such fact" if fact is None else f"its value {fact.value!r} is not a phone number"
            raise PluginError(f"hooks/pages/quick_help.py: the header's help panel needs the fact '{key}' ({got})")
        lines.append({"number": fact.value, "label": label})
    return lines


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    facts = Path(config.config_file_path).parent / "data" / "facts"
    env.globals["quick_help"] = quick_help(load_registry(facts))
    return env
