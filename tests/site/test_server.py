"""The built site through the real server (nginx with deploy/nginx.conf): types, compression, caching, headers.

Runs against the `nginx_site` fixture; where nginx cannot start, the Python server answers instead and
the nginx-only checks are skipped (the figures section of the test output says which served).
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy import preview
from tests.conftest import ServedSite

WORKER = "assets/javascripts/calc-worker.js"


def fetch(url: str, encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def runtime_folder(site: Path) -> str:
    """The content-hashed runtime folder the build stamped into the worker."""
    match = re.search(r'const RUNTIME = "([^"]+)";', (site / WORKER).read_text(encoding="utf-8"))
    assert match, "the build did not stamp the runtime folder into the worker"
    return "assets/" + match.group(1)


@pytest.fixture(scope="module")
def nginx(nginx_site: ServedSite) -> ServedSite:
    if nginx_site.server != "nginx":
        pytest.skip("nginx is not installed here (make test installs it); the Python server served instead")
    return nginx_site


def test_runtime_files_are_served_with_types_browsers_accept(nginx_site: ServedSite) -> None:
    runtime = runtime_folder(nginx_site.folder)
    expected = {
        f"{runtime}pyodide.mjs": "text/javascript",
        f"{runtime}pyodide.asm.mjs": "text/javascript",
        f"{runtime}pyodide.asm.wasm": "application/wasm",
        WORKER: "text/javascript",
    }
    for path, content_type in expected.items():
        status, headers, _ = fetch(f"{nginx_site.url}/{path}")
        assert status == 200, path
        # Debian's mime.types says application/javascript for .js, which browsers accept as well.
        accepted = (content_type, "application/javascript") if content_type == "text/javascript" else (content_type,)
        assert headers["content-type"].startswith(accepted), (path, headers["content-type"])


def test_the_runtime_is_sent_precompressed_with_brotli_or_gzip(nginx: ServedSite) -> None:
    runtime = runtime_folder(nginx.folder)
    for name in ("pyodide.asm.wasm", "python_stdlib.zip"):
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding == "br" and not preview.has_brotli():
                continue
            status, headers, body = fetch(f"{nginx.url}/{runtime}{name}", encoding)
            assert status == 200
            assert headers.get("content-encoding") == encoding, (name, encoding)
            # the very file the build wrote beside it, not a compression on the fly
            assert body == (nginx.folder / runtime / (name + suffix)).read_bytes(), (name, encoding)


def test_pages_are_compressed_on_the_fly(nginx: ServedSite) -> None:
    status, headers, body = fetch(f"{nginx.url}/guides/handling/", "br, gzip")
    assert status == 200
    assert headers.get("content-encoding") == ("br" if preview.has_brotli() else "gzip")
    assert len(body) < (nginx.folder / "guides/handling/index.html").stat().st_size / 2


def test_hashed_runtime_files_are_immutable_and_pages_are_revalidated(nginx: ServedSite) -> None:
    runtime = runtime_folder(nginx.folder)
    bundle = next((nginx.folder / "assets/javascripts").glob("bundle.*.min.js")).relative_to(nginx.folder)
    for path in (f"{runtime}pyodide.asm.wasm", f"{runtime}calculators.zip", str(bundle)):
        cache = fetch(f"{nginx.url}/{path}")[1]["cache-control"]
        assert "immutable" in cache and "max-age=31536000" in cache, (path, cache)
    for path in ("", "calculators/penalty/", WORKER, "search/search_index.json", "assets/stylesheets/site.css"):
        assert fetch(f"{nginx.url}/{path}")[1]["cache-control"] == "no-cache", path


def test_security_headers_on_pages_and_files(nginx: ServedSite) -> None:
    runtime = runtime_folder(nginx.folder)
    for path in ("", f"{runtime}pyodide.mjs", "does-not-exist/"):
        headers = fetch(f"{nginx.url}/{path}")[1]
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path
        assert "camera=()" in headers["permissions-policy"], path
        assert "server" not in headers or "/" not in headers["server"], "nginx must not tell its version"


def test_unknown_pages_get_the_site_404_page(nginx: ServedSite) -> None:
    status, _, body = fetch(f"{nginx.url}/does-not-exist/")
    assert status == 404
    assert body == (nginx.folder / "404.html").read_bytes()


def test_server_configuration_files_are_not_served(nginx: ServedSite) -> None:
    probe = nginx.folder / "probe-from-test.conf"
    probe.write_text("add_header X-Secret yes;\n", encoding="utf-8")
    try:
        status, _, body = fetch(f"{nginx.url}/probe-from-test.conf")
    finally:
        probe.unlink()
    assert status == 404
    assert b"X-Secret" not in body


def test_a_csp_file_written_by_the_build_is_included(tmp_path: Path, nginx: ServedSite) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(nginx.folder / "404.html", site / "404.html")
    (site / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"
    (site / "nginx-csp.conf").write_text(f'add_header Content-Security-Policy "{policy}" always;\n', encoding="utf-8")
    server = preview.start(site)
    try:
        status, headers, _ = fetch(f"{server.url}/")
        missing = fetch(f"{server.url}/nope")
    finally:
        server.stop()
    assert status == 200
    assert headers["content-security-policy"] == policy
    assert missing[1]["content-security-policy"] == policy  # error pages too (`always`)
    assert headers["x-content-type-options"] == "nosniff"  # the include does not replace the other headers
