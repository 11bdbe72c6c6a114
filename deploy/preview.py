"""Serve a built site through nginx with deploy/nginx.conf, as it would be deployed (`make preview`).

`start(site, port)` writes a throw-away main configuration (a prefix folder for pid, logs and temp
files, the brotli modules when Debian's packages are installed, `/etc/nginx/mime.types`) around the
repository's server block, starts nginx in the foreground and returns once the port answers.
Used by `make preview`, the tests (`nginx_site` fixture) and `make bench`.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
SERVER_BLOCK = DEPLOY / "nginx.conf"
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def has_brotli() -> bool:
    return all((MODULES / name).exists() for name in BROTLI_MODULES)


def server_block(site: Path, port: int, *, brotli: bool) -> str:
    text = SERVER_BLOCK.read_text(encoding="utf-8").replace("@ROOT@", str(site.resolve())).replace("@PORT@", f"127.0.0.1:{port}")
    if not brotli:
        kept, skipping = [], False
        for line in text.splitlines():
            # a `brotli…` directive may continue on the next lines until its semicolon
            if line.strip().startswith("brotli") or skipping:
                skipping = not line.rstrip().endswith(";")
                continue
            kept.append(line)
        text = "\n".join(kept) + "\n"
    return text


def main_config(prefix: Path, site: Path, port: int, access_log: Path | None = None) -> str:
    brotli = has_brotli()
    (prefix / "site.conf").write_text(server_block(site, port, brotli=brotli), encoding="utf-8")
    modules = "".join(f"load_module {MODULES / name};\n" for name in BROTLI_MODULES) if brotli else ""
    # Started as root, nginx's workers drop to `nobody`, who may not read a private folder (pytest's tmp):
    # the preview's workers run as the owner of the site folder instead (a local server on 127.0.0.1).
    user = f"user {pwd.getpwuid(site.stat().st_uid).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "".join(f"    {kind}_temp_path {prefix / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{modules}{user}worker_processes 1;
daemon off;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 512; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    log_format wire '$request_uri $status $bytes_sent';
    access_log {access_log or 'off'}{' wire' if access_log else ''};
    sendfile on;
{temp}    include {prefix / 'site.conf'};
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Nginx:
    process: subprocess.Popen
    prefix: Path
    url: str
    brotli: bool

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)


def start(site: Path, port: int = 0, access_log: Path | None = None) -> Nginx:
    """Start nginx for `site` on 127.0.0.1:port (0: a free port). Raises RuntimeError if it cannot.

    With `access_log`, each response is logged as `URI STATUS BYTES_SENT` (bytes on the wire)."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (make preview installs it with apt-get)")
    port = port or free_port()
    with socket.socket() as probe:  # fail now, not after nginx's own retries, if the port is taken
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise RuntimeError(f"127.0.0.1:{port} is already in use") from error
    prefix = Path(tempfile.mkdtemp(prefix="nginx-preview-"))
    config = prefix / "nginx.conf"
    config.write_text(main_config(prefix, site, port, access_log), encoding="utf-8")
    test = subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)],
                          capture_output=True, text=True)
    if test.returncode != 0:
        shutil.rmtree(prefix, ignore_errors=True)
        raise RuntimeError(f"nginx rejected the configuration: {test.stderr.strip()}")
    process = subprocess.Popen([binary, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)])
    server = Nginx(process, prefix, f"http://127.0.0.1:{port}", has_brotli())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (prefix / "error.log").read_text(errors="replace") if (prefix / "error.log").exists() else ""
            shutil.rmtree(prefix, ignore_errors=True)
            raise RuntimeError(f"nginx exited with {process.returncode}: {log.strip()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"nginx did not answer on port {port} within 10 s")


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = start(args.site, args.port)
    signal.signal(signal.SIGTERM, interrupt)  # `kill PID` stops nginx too
    print(f"serving {args.site} through nginx{' with brotli' if server.brotli else ''} at {server.url}/ (Ctrl-C stops)")
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    cli()
