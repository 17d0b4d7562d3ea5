"""Procfile companion for `make run`: wait until every service is healthy, then print where to go.

Exits non-zero when a service does not come up, which makes honcho stop the whole stack instead of
leaving a half-started one running.
"""

import argparse
import os
import sys
import time

from stack import wait_healthy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--announce", action="store_true", help="print the URLs, then stay up")
    args = parser.parse_args()
    env = dict(os.environ)
    try:
        wait_healthy(env, timeout=args.timeout, on_ready=lambda name: print(f"{name} is healthy", flush=True))
    except TimeoutError as error:
        print(f"The stack did not start: {error}. See the service logs above.", flush=True)
        return 1
    if args.announce:
        api, rasa = f"http://127.0.0.1:{env['API_PORT']}", f"http://127.0.0.1:{env['RASA_PORT']}"
        print(
            "\nEverything is up:\n"
            f"  Customer zone+chat  {api}/web/  (development: log in as a demo customer)\n"
            f"  Agent console       {api}/web/console.html  (development: agent / agent)\n"
            f"  Contract API docs   {api}/docs\n"
            f"  API health          {api}/health\n"
            f"  Chat hours          {api}/chat-hours\n"
            f"  Rasa server         {rasa}/  (REST channel: POST {rasa}/webhooks/rest/webhook)\n"
            f"  Action server       http://127.0.0.1:{env['ACTIONS_PORT']}/health\n"
            "  Customer token      make token [CUSTOMER=C1002]\n"
            "Press Ctrl-C to stop everything.",
            flush=True,
        )
        while True:
            time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
