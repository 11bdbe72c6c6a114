"""hooks/delivery/csp.py: which inline scripts are hashed, one policy for <meta> and header, every page stamped."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks.delivery import csp


def sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def test_only_executable_inline_scripts_are_hashed() -> None:
    page = (
        '<script>var a=1</script>'  # hashed
        '<script type="module">import "./x.js"</script>'  # hashed
        '<script src="x.js"></script>'  # a file: 'self' covers it
        '<script id="__config" type="application/json">{"a": 1}</script>'  # data, never run
        "<script>\n  多行 ünïcode\n</script>"  # hashed byte for byte, UTF-8
    )
    assert csp.script_hashes(page) == {sha("var a=1"), sha('import "./x.js"'), sha("\n  多行 ünïcode\n")}


def test_header_is_the_meta_policy_plus_frame_ancestors() -> None:
    hashes = {sha("b"), sha("a")}
    meta = csp.policy(hashes)
    assert csp.policy(hashes, header=True) == meta + "; frame-ancestors 'none'"
    assert "frame-ancestors" not in meta
    assert f"script-src 'self' 'wasm-unsafe-eval' {' '.join(sorted(hashes))};" in meta
    assert csp.nginx_line(hashes) == f'add_header Content-Security-Policy "{meta}; frame-ancestors \'none\'" always;\n'


def test_a_page_without_head_is_an_error_naming_it() -> None:
    with pytest.raises(PluginError, match="guides/x.md: no <head>"):
        csp.with_placeholder("<html><body></body></html>", "guides/x.md")


def test_every_page_gets_the_policy_of_every_pages_scripts(tmp_path: Path) -> None:
    config = SimpleNamespace(site_dir=str(tmp_path))
    csp.on_pre_build(config=config)
    one = csp.with_placeholder("<html><head><title>1</title><script>a()</script></head></html>", "one.md")
    two = csp.with_placeholder('<html><head lang="zh"><script>b()</script></head></html>', "two.md")
    assert one != "<html><head><title>1</title><script>a()</script></head></html>"
    (tmp_path / "one.html").write_text(one, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.html").write_text(two, encoding="utf-8")
    csp.on_post_build(config=config)
    expected = csp.policy({sha("a()"), sha("b()")})
    for path in (tmp_path / "one.html", tmp_path / "sub" / "two.html"):
        text = path.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{expected}">' in text and "@CSP@" not in text
    assert (tmp_path / "one.html").read_text(encoding="utf-8").startswith(f'<html><head><meta http-equiv="Content-Security-Policy" content="{expected}"><title>')
    assert (tmp_path / csp.NGINX_FILE).read_text(encoding="utf-8") == csp.nginx_line({sha("a()"), sha("b()")})
