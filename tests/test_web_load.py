"""A small bounded load test on the loopback address: 20 builds at once through the server (waitress,
as `agreement-gen serve` runs it) all succeed and give byte for byte the document that
`agreement-gen build` makes from the same saved version."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from conftest import HARTNET

CONCURRENT = 20


def test_twenty_concurrent_builds_match_the_cli(tmp_path):
    from waitress import create_server

    from agreement_gen.web import create_app
    workspace = tmp_path / "werkmap"
    (workspace / "hartnet").mkdir(parents=True)
    spec = workspace / "hartnet" / "hartnet.v1.yaml"
    shutil.copyfile(HARTNET, spec)
    server = create_server(create_app(workspace), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.effective_port}/spec/hartnet/v1.docx"

        def fetch(_):
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status, response.read()

        started = time.monotonic()
        with ThreadPoolExecutor(CONCURRENT) as pool:
            results = list(pool.map(fetch, range(CONCURRENT)))
        elapsed = time.monotonic() - started
    finally:
        server.close()
    out = tmp_path / "cli.docx"
    subprocess.run([sys.executable, "-m", "agreement_gen", "build", str(spec), "-o", str(out)], check=True,
                   capture_output=True, cwd=tmp_path)
    expected = out.read_bytes()
    assert [status for status, _ in results] == [200] * CONCURRENT
    assert all(body == expected for _, body in results)
    assert elapsed < 60, f"{CONCURRENT} builds took {elapsed:.1f} s"
