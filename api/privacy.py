"""Masking of the personal numbers customers type into a chat: IBANs, payment card numbers, Belgian
national register numbers and Dutch citizen service numbers (BSN). Used for the transcripts agents
see and for every log line."""

import logging
import re
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.be import nn as belgian_nn
from stdnum.nl import bsn as dutch_bsn

from api.validation.rules import mask_iban

# Two letters, two check digits, then groups of letters/digits; separators as people type them and as
# they look in a URL (+, %20). The BBAN must hold at least 8 digits, so words ("nr12 mijn auto") are left.
_SEPARATOR = r"(?:[ \-+]|%20)?"
_IBAN = re.compile(
    rf"\b[A-Z]{{2}}\d{{2}}(?:{_SEPARATOR}[A-Z0-9]{{4}}){{2,7}}(?:{_SEPARATOR}[A-Z0-9]{{1,4}})?\b", re.IGNORECASE
)
_IBAN_GROUP = re.compile(rf"{_SEPARATOR}[A-Z0-9]{{1,4}}", re.IGNORECASE)
_CARD = re.compile(r"\b\d(?:[ \-]?\d){12,18}\b")
_NATIONAL_NUMBER = re.compile(r"\b\d{2}\.?\d{2}\.?\d{2}[\-. ]?\d{3}\.?\d{2}\b")
# Nine digits, as printed (123456782) or grouped (1234.56.782, 123 456 782); only valid ones (11-proef).
_BSN = re.compile(r"\b\d{4}\.\d{2}\.\d{3}\b|\b\d{3}[ .]?\d{3}[ .]?\d{3}\b")
_NOT_DIGIT = re.compile(r"\D")


def _compact(text: str) -> str:
    return re.sub(r"[ \-+]|%20", "", text).upper()


def _iban(match: re.Match[str]) -> str:
    text = match.group(0)
    # The match may run on into the next short words ("... 6769 ok"): the longest run of groups whose
    # check digits are right is the IBAN; for a mistyped one, trailing groups of letters are words.
    prefixes = [text[: group.end()] for group in _IBAN_GROUP.finditer(text, 4)][::-1]
    valid = [p for p in prefixes if stdnum_iban.is_valid(_compact(p))]
    typed = [p for p in prefixes if not p[-1].isalpha()]
    chosen = (valid or typed or [text])[0]
    if sum(char.isdigit() for char in _compact(chosen)[4:]) < 8:
        return text
    return mask_iban(_compact(chosen)) + text[len(chosen) :]


def _card(match: re.Match[str]) -> str:
    digits = _NOT_DIGIT.sub("", match.group(0))
    return f"**** **** **** {digits[-4:]}" if luhn.is_valid(digits) else match.group(0)


def _national_number(match: re.Match[str]) -> str:
    return "**.**.**-***.**" if belgian_nn.is_valid(_NOT_DIGIT.sub("", match.group(0))) else match.group(0)


def _bsn(match: re.Match[str]) -> str:
    return "*********" if dutch_bsn.is_valid(_NOT_DIGIT.sub("", match.group(0))) else match.group(0)


def mask_personal_numbers(text: str) -> str:
    """`text` with IBANs (all but the last 4), valid card numbers, national register numbers and BSNs masked."""
    text = _IBAN.sub(_iban, text)
    text = _CARD.sub(_card, text)
    text = _NATIONAL_NUMBER.sub(_national_number, text)
    return _BSN.sub(_bsn, text)


def mask_value(value: Any) -> Any:
    """The same, through the strings of a JSON-like structure (transcripts, slots)."""
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, list):
        return [mask_value(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_value(item) for key, item in value.items()}
    return value


_PLAIN_ARGS = (str, int, float, type(None))


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the message, its arguments and a traceback of one log record, in place."""
    args = record.args
    if isinstance(args, tuple) and all(isinstance(arg, _PLAIN_ARGS) for arg in args):
        # Kept as arguments: uvicorn's access formatter unpacks them (client, method, path, ...).
        record.msg = mask_personal_numbers(str(record.msg))
        record.args = tuple(mask_personal_numbers(arg) if isinstance(arg, str) else arg for arg in args)
    else:
        # Mappings and objects (e.g. SQLAlchemy's logged parameters): masked as the formatted message.
        record.msg, record.args = mask_personal_numbers(record.getMessage()), None
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_personal_numbers(logging.Formatter().formatException(record.exc_info))
    return record


def install_log_masking() -> None:
    """Mask every log record of this process where it is created (the app, uvicorn, SQLAlchemy).

    A record factory rather than logger filters: a filter on a logger does not see the records of
    its child loggers, and handlers (uvicorn's, pytest's) are added after start-up.
    """
    current = logging.getLogRecordFactory()
    if getattr(current, "masks_personal_numbers", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(current(*args, **kwargs))

    factory.masks_personal_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
