"""MkDocs hooks: thin event handlers that read validated data and call calculators/.

The folders are the build's stages: data/ loads and checks data/ and the pages' prose, pages/ turns each page's
Markdown into HTML (main.py runs the *_step.py modules), search/ builds the Chinese search, delivery/ publishes the
runtime and makes the site fast, safe and offline. build_cache.py serves all of them; templates/ holds the HTML.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
TEMPLATES = Path(__file__).parent / "templates"  # the Jinja templates of hooks/pages/page.py and hooks/delivery/offline.py
