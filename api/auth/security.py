"""Tokens and password hashes. Token lifetimes use real time, never the injectable business clock."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import jwt

from api.config import Settings
from api.errors import ProblemError

Role = Literal["customer", "agent"]
ALGORITHM = "HS256"
PBKDF2_ITERATIONS = 200_000


def create_token(settings: Settings, subject: str, role: Role, minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": subject, "role": role, "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, settings.jwt_secret, algorithm=ALGORITHM)


def decode_token(settings: Settings, token: str) -> dict[str, Any]:
    try:
        claims = jwt.decode(
            token, settings.jwt_secret, algorithms=[ALGORITHM], options={"require": ["sub", "role", "exp"]}
        )
    except jwt.ExpiredSignatureError as exc:
        raise ProblemError(401, "Uw sessie is verlopen. Meld u opnieuw aan.", slug="token-expired") from exc
    except jwt.PyJWTError as exc:
        raise ProblemError(401, "U bent niet aangemeld of uw sessie is ongeldig.", slug="unauthorized") from exc
    if not isinstance(claims.get("sub"), str) or claims.get("role") not in ("customer", "agent"):
        raise ProblemError(401, "U bent niet aangemeld of uw sessie is ongeldig.", slug="unauthorized")
    return claims


def hash_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, iterations, salt, digest = stored.split("$")
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
