"""Start, probe and stop the whole stack (API, action server, Rasa) as the Procfile defines it.

`make run` uses honcho with the Procfile and `wait_ready.py` (this module's health checks); the
end-to-end tests and the benchmarks use `Stack`, which starts the same Procfile commands on free
ports with a throw-away database, so what is tested is what runs.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("api", "actions", "rasa")


def procfile_commands(procfile: Path = ROOT / "Procfile") -> dict[str, str]:
    """The service commands of the Procfile, by name."""
    commands = {}
    for line in procfile.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            commands[name.strip()] = command.strip()
    return commands


def health_urls(env: Mapping[str, str]) -> dict[str, str]:
    """Where each service says it is ready; Rasa's /status answers only once a model is loaded."""
    token = env.get("RASA_AUTH_TOKEN", "")
    return {
        "api": f"http://127.0.0.1:{env['API_PORT']}/health",
        "actions": f"http://127.0.0.1:{env['ACTIONS_PORT']}/health",
        "rasa": f"http://127.0.0.1:{env['RASA_PORT']}/status?token={token}",
    }


def healthy(url: str) -> bool:
    try:
        response = httpx.get(url, timeout=2)
    except httpx.HTTPError:
        return False
    if response.status_code != 200:
        return False
    if "/status" in url:  # Rasa: up is not enough, the model must be loaded
        return bool(response.json().get("model_file"))
    return True


def wait_healthy(
    env: Mapping[str, str], timeout: float = 240, on_ready=None, services: Iterable[str] = SERVICES
) -> None:
    """Block until every service answers its health check; raise naming the ones that did not."""
    pending = {name: url for name, url in health_urls(env).items() if name in services}
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for name, url in list(pending.items()):
            if healthy(url):
                pending.pop(name)
                if on_ready:
                    on_ready(name)
        if pending:
            time.sleep(0.5)
    if pending:
        raise TimeoutError(f"not healthy after {timeout:.0f} s: {', '.join(pending)}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_with_defaults(env: Mapping[str, str]) -> dict[str, str]:
    """`env` completed by scripts/env.sh (one source of defaults), so derived values follow the ports."""
    script = f"source {shlex.quote(str(ROOT / 'scripts/env.sh'))}; env -0"
    output = subprocess.run(["bash", "-c", script], capture_output=True, check=True, cwd=ROOT, env=dict(env)).stdout
    return dict(item.split("=", 1) for item in output.decode().split("\0") if "=" in item)


@dataclass
class Stack:
    """The three services on free ports, with their own SQLite database and log files."""

    workdir: Path
    overrides: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(init=False)
    processes: dict[str, subprocess.Popen] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        api_port, rasa_port, actions_port = free_port(), free_port(), free_port()
        base = {k: v for k, v in os.environ.items() if k not in ("API_URL", "ACTION_ENDPOINT_URL", "PUBLIC_URL")}
        base.update(
            APP_ENV="test",
            API_PORT=str(api_port),
            RASA_PORT=str(rasa_port),
            ACTIONS_PORT=str(actions_port),
            DATABASE_URL=f"sqlite:///{self.workdir / 'app.db'}",
            RASA_TRACKER_STORE_URL=f"sqlite:///{self.workdir / 'rasa-tracker.db'}",
            UPLOAD_DIR=str(self.workdir / "uploads"),
            API_WORKERS="1",  # the tests freeze the development clock, which lives in one process
        )
        base.update(self.overrides)
        self.env = env_with_defaults(base)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.env['API_PORT']}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.env['RASA_PORT']}"

    def start(self, timeout: float = 300, services: Iterable[str] = SERVICES) -> Stack:
        """Migrate and seed the database, start `services` (default: all) and wait until healthy."""
        python = str(ROOT / ".venv/app/bin/python")
        for command in ("migrate", "seed"):
            subprocess.run([python, "-m", "api", command], cwd=ROOT, env=self.env, check=True, capture_output=True)
        commands = procfile_commands()
        services = tuple(services)
        for name in services:
            self.start_service(name, commands[name])
        try:
            wait_healthy(self.env, timeout=timeout, services=services)
        except TimeoutError as error:
            self.stop()
            raise RuntimeError(f"{error}; logs in {self.workdir}") from error
        return self

    def start_service(self, name: str, command: str, extra_env: Mapping[str, str] | None = None) -> None:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        self.processes[name] = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_rasa_instances(
        self,
        names: Iterable[str],
        endpoints: Path | None = None,
        extra_env: Mapping[str, str] | None = None,
        timeout: float = 300,
    ) -> list[str]:
        """More Rasa servers (the Procfile's command), each on its own port, optionally with another
        endpoints file and settings, e.g. instances sharing a tracker store and a lock store; their URLs."""
        command = procfile_commands()["rasa"]
        if endpoints is not None:
            command = re.sub(r"--endpoints \S+", f"--endpoints {shlex.quote(str(endpoints))}", command)
        health = {}
        for name in names:
            port = str(free_port())
            self.start_service(name, command, {**(extra_env or {}), "RASA_PORT": port})
            health[name] = health_urls({**self.env, "RASA_PORT": port})["rasa"]
        deadline = time.monotonic() + timeout
        pending = dict(health)
        while pending:
            for name, url in list(pending.items()):
                if healthy(url):
                    pending.pop(name)
                elif time.monotonic() > deadline or self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} not healthy; log in {self.workdir / name}.log")
            time.sleep(0.5)
        return [url.split("/status")[0] for url in health.values()]

    def stop_service(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def kill_service(self, name: str) -> None:
        """SIGKILL, as a crash or an OOM kill would: no shutdown code runs."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def restart_service(self, name: str, timeout: float = 120) -> None:
        self.stop_service(name)
        self.start_service(name, procfile_commands()[name])
        deadline = time.monotonic() + timeout
        while not healthy(health_urls(self.env)[name]):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not come back within {timeout:.0f} s")
            time.sleep(0.5)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_service(name)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
