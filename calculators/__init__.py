"""Every number on the site is computed here: pure, typed, standard-library-only functions.

The same modules run in CPython at build time (hooks, tests) and in the reader's
browser through Pyodide (see calculators/browser.py).
"""
