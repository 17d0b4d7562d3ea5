"""End-to-end tests run against the session's stack (the `stack` fixture of tests/conftest.py)."""

from tests.conftest import RunningStack, Stack  # noqa: F401 - re-exported for the test helpers
