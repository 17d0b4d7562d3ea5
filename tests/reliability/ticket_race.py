"""Bot env helper of test_multi_instance: several processes issue tickets for one conversation at
once through a lock store class; prints how many tickets were issued and how many were distinct.

Usage: .venv/bot/bin/python tests/reliability/ticket_race.py <module.Class> <redis db> <key prefix>
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROCESSES, TICKETS_EACH = 4, 50


def issue(store_path: str, db: int, prefix: str, queue: multiprocessing.Queue) -> None:
    sys.path.insert(0, str(ROOT))
    from rasa.shared.utils.common import class_from_module_path
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(url="127.0.0.1", port=6379, db=db, key_prefix=prefix, type=store_path)
    store = class_from_module_path(store_path)(endpoint_config=config)
    queue.put([store.issue_ticket("race", 60) for _ in range(TICKETS_EACH)])


def main() -> None:
    store_path, db, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=issue, args=(store_path, db, prefix, queue)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    tickets = [ticket for _ in workers for ticket in queue.get(timeout=120)]
    for worker in workers:
        worker.join()
    import redis

    connection = redis.StrictRedis(host="127.0.0.1", port=6379, db=db)
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)
    print(json.dumps({"issued": len(tickets), "distinct": len(set(tickets))}))


if __name__ == "__main__":
    main()
