"""`make facts`: every source with its class, and every fact not yet on a primary or official-media source.

The README's target is that every legal rule rests on a `primary` or `official_media` source (see
hooks/data/facts.py SOURCE_CLASSES). This report is the to-do list for getting there; it never fails
the build. Run: `python -m hooks.data.facts_report` (or `make facts`).
"""

from __future__ import annotations

import sys
from collections import Counter

from hooks import ROOT
from hooks.data.facts import SOURCE_CLASSES, TRUSTED_CLASSES, Registry, load_registry

FACTS = ROOT / "data" / "facts"


def report(registry: Registry) -> str:
    """The report as plain text: sources by class, then the facts that miss the target, by source."""
    lines: list[str] = []
    counts = Counter(source.source_class for source in registry.sources.values())
    cited = Counter(fact.source for fact in registry.facts.values())
    lines.append(f"Sources: {len(registry.sources)}  Facts: {len(registry.facts)}")
    for klass, meaning in SOURCE_CLASSES.items():
        lines.append(f"\n== {klass} ({counts[klass]}): {meaning}")
        for source in sorted(registry.sources.values(), key=lambda s: s.key):
            if source.source_class == klass:
                lines.append(f"  {source.key} [{cited[source.key]} facts] {source.title} — {source.url}")
    behind = [fact for fact in registry.facts.values() if registry.sources[fact.source].source_class not in TRUSTED_CLASSES]
    lines.append(
        f"\n== Facts whose only source is not {' or '.join(TRUSTED_CLASSES)} ({len(behind)} of {len(registry.facts)})"
    )
    for source_key in sorted({fact.source for fact in behind}):
        source = registry.sources[source_key]
        keys = sorted(fact.key for fact in behind if fact.source == source_key)
        lines.append(f"  {source_key} ({source.source_class}): {', '.join(keys)}")
    return "\n".join(lines) + "\n"


def main() -> int:
    sys.stdout.write(report(load_registry(FACTS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
