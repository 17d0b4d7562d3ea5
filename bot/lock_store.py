"""A Redis lock store that several Rasa servers can share safely.

endpoints.yml: `lock_store: {type: bot.lock_store.SharedRedisLockStore, url, port, db, key_prefix}`.

Rasa 3.6's `RedisLockStore` keeps a conversation's ticket lock as one Redis value and changes it by
read-modify-write (issue a ticket, drop expired ones, finish serving). Two instances receiving
messages of one conversation at the same moment can both read the same lock and hand out the same
ticket, or overwrite each other's tickets, so both process a message at once and the tracker store
keeps only one of them (RasaHQ/rasa#9213; the fix, ConcurrentRedisLockStore, was reverted from open
source). Here each of those steps runs under a short Redis mutex per conversation (redis-py's
`Lock`: SET NX with expiry, token-checked release), so tickets are issued and retired one at a time.
tests/reliability/test_multi_instance.py sends a burst to two instances at once.
"""

from __future__ import annotations

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A step holds the mutex for milliseconds; the expiry only frees it if an instance dies holding it.
MUTEX_EXPIRY_SECONDS = 5
MUTEX_WAIT_SECONDS = 10


class SharedRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket bookkeeping is atomic across Rasa instances."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def _mutex(self, conversation_id: str):
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_EXPIRY_SECONDS,
            blocking_timeout=MUTEX_WAIT_SECONDS,
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
