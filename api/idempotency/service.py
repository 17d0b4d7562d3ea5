"""Idempotent creation: the first response to (caller, Idempotency-Key) is stored with the record it
created, in the same transaction, under a unique constraint. A concurrent duplicate therefore fails
on that constraint, its own work is rolled back, and it answers with the stored first response."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.clock import Clock
from api.errors import ProblemError
from api.idempotency.models import IdempotencyRecord


def fingerprint(path: str, body: Any) -> str:
    canonical = json.dumps({"path": path, "body": body}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _find(session: Session, caller: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.caller == caller, IdempotencyRecord.key == key)
    )


def _replay(record: IdempotencyRecord, request_fingerprint: str) -> JSONResponse:
    if record.fingerprint != request_fingerprint:
        raise ProblemError(
            422,
            "Deze Idempotency-Key werd al gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel.",
            slug="idempotency-key-reused",
        )
    return JSONResponse(record.response_body, status_code=record.status_code, headers={"Idempotent-Replayed": "true"})


def run_idempotent(
    session: Session,
    clock: Clock,
    *,
    key: str | None,
    caller: str,
    request_fingerprint: str,
    create: Callable[[], tuple[int, BaseModel]],
) -> JSONResponse:
    """Run `create` (which adds rows to `session` and returns status + response) at most once per key."""
    if key is not None:
        existing = _find(session, caller, key)
        if existing is not None:
            return _replay(existing, request_fingerprint)
    status_code, response = create()
    body = response.model_dump(mode="json")
    if key is not None:
        session.add(
            IdempotencyRecord(
                caller=caller,
                key=key,
                fingerprint=request_fingerprint,
                status_code=status_code,
                response_body=body,
                created_at=clock.now(),
            )
        )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = _find(session, caller, key) if key is not None else None
        if existing is None:
            raise
        return _replay(existing, request_fingerprint)
    return JSONResponse(body, status_code=status_code)
