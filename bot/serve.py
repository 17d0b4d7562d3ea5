"""Rasa's command line with one fix for speed: ``python -m bot.serve run …`` (bot env, the Procfile's rasa).

Rasa 3.6 checks every action-server reply against its events schema with ``jsonschema.validate``, which
builds and checks a validator for that large schema on every call: ~19 ms of CPU per action, close to
half of a bot turn under load (py-spy, docs/benchmarks.md). The validator is built once here; a reply
that fails the fast check still goes through Rasa's own validation, so errors read exactly as before.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

import jsonschema
from rasa.core.actions.action import RemoteAction

_rasa_validate = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(spec)
    validator_class.check_schema(spec)
    return validator_class(spec)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    return _validator().is_valid(result) or _rasa_validate(self, result)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
