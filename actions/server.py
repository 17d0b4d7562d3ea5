"""The action server, reachable only by Rasa: ``python -m actions.server`` (bot env).

rasa-sdk 3.6 has no authentication and binds 0.0.0.0, so anyone who reaches its port could run any
action with a forged tracker (for example one carrying another customer's token). This launcher
builds rasa-sdk's own Sanic app and

- binds ``ACTIONS_HOST`` (default 127.0.0.1) on ``ACTIONS_PORT`` (default 5055);
- refuses every call except ``GET /health`` (401) unless it carries ``Authorization: Bearer
  <ACTION_SERVER_TOKEN>`` (compared in constant time); Rasa sends it from ``bot/endpoints.yml``;
- answers browsers no CORS headers (only Rasa calls it);
- answers an action's crash with an apology and the routes to a human instead of rasa-sdk's error,
  which would echo the whole tracker (messages, tokens) for Rasa to log, and leave the customer
  without a reply.

``APP_ENV=production`` refuses to start with the development secret.
"""

from __future__ import annotations

import hmac
import logging
import os

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app as create_sdk_app
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import messages

logger = logging.getLogger(__name__)

DEV_TOKEN = "dev-action-server-token"
OPEN_PATHS = frozenset({"/health"})


def is_authorised(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries the shared secret (constant-time comparison)."""
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def create_app(token: str, package: str = "actions") -> Sanic:
    """rasa-sdk's app for `package`, closed to callers without `token`."""
    if not token:
        raise ValueError("The action server needs ACTION_SERVER_TOKEN.")
    app = create_sdk_app(package, cors_origins=None)

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or is_authorised(request.headers.get("authorization"), token):
            return None
        logger.warning("Action server call to %s refused: no valid token", request.path)
        return response.json({"error": "Not authorised"}, status=401)

    async def action_failed(request: Request, exception: Exception) -> HTTPResponse:
        logger.error("Action server error on %s", request.path, exc_info=exception)
        if request.path == "/webhook":  # no events: the conversation stays as it was, the customer is told
            return response.json({"events": [], "responses": [{"text": messages.ACTION_FAILED}]})
        return response.json({"error": "Internal error of the action server"}, status=500)

    app.error_handler.add(Exception, action_failed)
    return app


def main() -> None:
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if not token:
        raise SystemExit("The action server needs ACTION_SERVER_TOKEN (scripts/env.sh has the development one).")
    if os.environ.get("APP_ENV") == "production" and token == DEV_TOKEN:
        raise SystemExit("APP_ENV=production needs its own ACTION_SERVER_TOKEN")
    host = os.environ.get("ACTIONS_HOST") or "127.0.0.1"
    port = int(os.environ.get("ACTIONS_PORT") or 5055)
    utils.configure_colored_logging(os.environ.get("LOG_LEVEL", "INFO"))
    utils.update_sanic_log_level()
    app = create_app(token)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    logger.info("Action server on http://%s:%d", host, port)
    app.run(host, port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
