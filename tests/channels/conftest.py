"""One channel test server (serve_channel.py) for the whole channel test session, with low flood limits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from channel_helpers import TEST_BURST, TEST_RATE_PER_SECOND

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.getbasetemp() / "channel-server.log"
    env = {**os.environ, "CHANNEL_RATE_BURST": str(TEST_BURST), "CHANNEL_RATE_PER_SECOND": str(TEST_RATE_PER_SECOND)}
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "serve_channel.py"), str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"channel test server did not start; log in {log}")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_log(server_url, tmp_path_factory) -> Path:
    """The channel server's output (stdout and stderr), for the log-privacy checks."""
    return tmp_path_factory.getbasetemp() / "channel-server.log"
