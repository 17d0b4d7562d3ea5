"""One stack (API, action server, Rasa from the Procfile) for the channel-security tests (app env).

Like tests/e2e: real processes on free ports with a throw-away database; every process's output is
in `<workdir>/{api,actions,rasa}.log`, which the privacy tests read.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import RunningStack, Stack  # Stack: scripts/stack.py

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> RunningStack:
    with Stack(tmp_path_factory.mktemp("security-stack")) as running:
        yield RunningStack(running)
