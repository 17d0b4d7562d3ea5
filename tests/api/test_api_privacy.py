"""No full IBAN in any log line of the API, and personal numbers masked in what agents see."""

import logging
from datetime import date

import pytest
from api_helpers import SERVICE, customer_headers, freeze
from fastapi.testclient import TestClient
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.iso7064 import mod_97_10
from uvicorn.logging import AccessFormatter

from api.privacy import install_log_masking, mask_personal_numbers

IBAN = "BE71096123456769"
SPELLINGS = (IBAN, "BE71 0961 2345 6769", "BE71+0961+2345+6769", "BE71%200961%202345%206769", "be71096123456769")
CARD = "4111 1111 1111 1111"
NATIONAL_NUMBER = "85.07.30-033.28"


def _no_full_iban(text: str) -> None:
    for spelling in SPELLINGS:
        assert spelling.lower() not in text.lower(), f"{spelling} in the logs"
    assert "0961" not in text


def test_no_full_iban_in_any_log_line(
    client: TestClient, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture
) -> None:
    """The IBAN goes through /validate, an iban_change request (SQL parameters logged at INFO),
    an access-log line with it in the query string and an exception message."""
    freeze(client, "2026-11-23T10:00:00+01:00")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    jan = customer_headers("C1001")

    validated = client.post("/validate", json={"field": "iban", "value": "BE71 0961 2345 6769"})
    assert validated.json()["value"] == IBAN
    filed = client.post(
        "/me/requests",
        headers=jan,
        json={
            "type": "iban_change",
            "contract_number": "PL-100001",
            "payload": {"iban": "BE71 0961 2345 6769", "account_holder": "Jan Peeters"},
        },
    )
    assert filed.status_code == 201, filed.text
    assert filed.json()["payload"]["iban"] == IBAN  # the customer's own answer is not masked
    invalid = client.post(
        "/me/requests",
        headers=jan,
        json={"type": "iban_change", "contract_number": "PL-100001", "payload": {"iban": "BE71096123456768"}},
    )
    assert invalid.status_code == 422
    access = logging.getLogger("uvicorn.access")
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:50000", "GET", f"/knowledge/search?q={SPELLINGS[2]}", "1.1", 200)
    try:
        raise ValueError(f"unexpected account {IBAN}")
    except ValueError:
        logging.getLogger("api.test").exception("Failure while handling %s", SPELLINGS[1])

    assert "BE** **** **** 6769" in caplog.text  # the records did carry the IBAN: SQL parameters, access line
    _no_full_iban(caplog.text)
    for record in caplog.records:
        _no_full_iban(record.getMessage())
    output = capsys.readouterr()
    _no_full_iban(output.out + output.err)
    # uvicorn's own access formatter still gets its five arguments.
    access_line = next(r for r in caplog.records if r.name == "uvicorn.access")
    formatted = AccessFormatter(fmt='%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False)
    line = formatted.format(access_line)
    assert line.startswith('127.0.0.1:50000 - "GET /knowledge/search?q=BE** **** **** 6769 HTTP/1.1" 200')


def test_masking_is_installed_once() -> None:
    install_log_masking()
    factory = logging.getLogRecordFactory()
    install_log_masking()
    assert logging.getLogRecordFactory() is factory


def test_agents_see_personal_numbers_masked(client: TestClient) -> None:
    freeze(client, "2026-11-23T10:00:00+01:00")
    said = f"Mijn rekening is be71 0961 2345 6769, kaart {CARD}, rijksregisternummer {NATIONAL_NUMBER}"
    created = client.post(
        "/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "privacy-1",
            "customer_number": "C1001",
            "channel": "rest",
            "reason": f"IBAN wijzigen naar {IBAN}",
            "transcript": [{"sender": "customer", "text": said, "timestamp": "2026-11-23T08:59:00Z"}],
            "slots": {"iban": IBAN, "card": CARD.replace(" ", ""), "nested": [{"nn": "85073003328"}]},
        },
    )
    assert created.status_code == 201, created.text
    handoff_id = created.json()["id"]
    client.post(f"/handoffs/{handoff_id}/messages", headers=SERVICE, json={"text": f"nog eens: {IBAN}"})
    token = client.post("/agent/login", json={"username": "agent", "password": "agent"}).json()["access_token"]
    agent = {"Authorization": f"Bearer {token}"}

    detail = client.get(f"/agent/handoffs/{handoff_id}", headers=agent)
    listed = client.get("/agent/handoffs", headers=agent)
    for response in (detail, listed):
        assert response.status_code == 200
        _no_full_iban(response.text)
        assert "4111 1111 1111 1111" not in response.text and "4111111111111111" not in response.text
        assert NATIONAL_NUMBER not in response.text and "85073003328" not in response.text
    body = detail.json()
    assert body["transcript"][0]["text"] == (
        "Mijn rekening is BE** **** **** 6769, kaart **** **** **** 1111, rijksregisternummer **.**.**-***.**"
    )
    assert body["transcript"][1]["text"] == "nog eens: BE** **** **** 6769"
    assert body["slots"] == {
        "iban": "BE** **** **** 6769",
        "card": "**** **** **** 1111",
        "nested": [{"nn": "**.**.**-***.**"}],
    }
    assert body["reason"] == "IBAN wijzigen naar BE** **** **** 6769"
    assert body["customer"]["phone"] == "+32470123456"  # what the agent needs to call back stays readable


# --- Property tests of the masking ----------------------------------------------------------------


def _belgian_iban(account: int) -> str:
    digits = f"{account:010d}"
    bban = f"{digits}{int(digits) % 97 or 97:02d}"
    return f"BE{mod_97_10.calc_check_digits(bban + 'BE')}{bban}"


def _grouped(compact: str, separator: str) -> str:
    return separator.join(compact[i : i + 4] for i in range(0, len(compact), 4))


WORDS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz .,:!?"), max_size=30)


@given(st.integers(0, 9_999_999_999), st.sampled_from(["", " ", "-", "+", "%20"]), WORDS, WORDS)
def test_every_iban_spelling_is_masked_to_the_last_four(account: int, separator: str, before: str, after: str) -> None:
    iban = _belgian_iban(account)
    masked = mask_personal_numbers(f"{before} {_grouped(iban, separator)} {after}")
    assert f"BE** **** **** {iban[-4:]}" in masked
    assert iban[4:12] not in masked.replace(" ", "")


@given(st.lists(st.integers(0, 9), min_size=15, max_size=15), st.sampled_from(["", " ", "-"]), WORDS)
def test_every_card_number_is_masked(digits: list[int], separator: str, before: str) -> None:
    number = "".join(map(str, digits))
    number += luhn.calc_check_digit(number)
    masked = mask_personal_numbers(f"{before} {_grouped(number, separator)}.")
    assert masked.endswith(f"**** **** **** {number[-4:]}.")


@given(st.dates(date(1930, 1, 1), date(1999, 12, 31)), st.integers(1, 997))
def test_every_national_register_number_is_masked(born: date, serial: int) -> None:
    first = f"{born:%y%m%d}{serial:03d}"
    number = f"{first}{97 - int(first) % 97:02d}"
    dotted = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    assert mask_personal_numbers(f"nr {number} of {dotted}") == "nr **.**.**-***.** of **.**.**-***.**"


BSN_SPELLINGS = {
    "plain": lambda n: n,
    "dotted": lambda n: f"{n[:4]}.{n[4:6]}.{n[6:]}",
    "spaced": lambda n: f"{n[:3]} {n[3:6]} {n[6:]}",
}


@given(st.integers(10_000_000, 99_999_999), st.sampled_from(sorted(BSN_SPELLINGS)))
def test_every_bsn_is_masked(first_eight: int, spelling: str) -> None:
    digits = f"{first_eight:08d}"
    check = sum((9 - i) * int(d) for i, d in enumerate(digits)) % 11  # the 11-proef
    assume(check != 10)
    typed = BSN_SPELLINGS[spelling](digits + str(check))
    assert mask_personal_numbers(f"mijn bsn is {typed}.") == "mijn bsn is *********."


@given(WORDS)
def test_text_without_digits_is_left_alone(text: str) -> None:
    assert mask_personal_numbers(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "contract PL-100001, plaat 1-ABC-123, K-123-BB",
        "verzoek VRZ-2026-000123 en schade SCH-2026-000045",
        "bel 0470 12 34 56 of +32 470 12 34 56 of 06 12 34 56 78",
        "op 23/11/2026 om 14:30, 45.210 km, € 1.234,50",
        "nr12 mijn auto is kapot",
        "kenmerk 1234 5678 9012 3456",  # 16 digits, but no valid card number
    ],
)
def test_what_the_business_needs_is_not_masked(text: str) -> None:
    assert mask_personal_numbers(text) == text
