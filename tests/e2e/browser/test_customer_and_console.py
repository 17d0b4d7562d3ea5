"""The customer zone and the agent console in a real browser, against the whole stack.

Acceptance of issue 6: the round trip customer ↔ agent in two browser contexts, history across
reloads and tabs, no joining another customer's conversation, the damage flow with a photo upload,
and screenshots of both pages (docs/screenshots/, linked from the README).
"""

from __future__ import annotations

import struct
import zlib
from datetime import datetime, timezone

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

IN_HOURS = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)  # Tuesday 10:00 Europe/Brussels
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def in_chat_hours(stack):
    stack.set_clock(IN_HOURS)
    yield
    stack.set_clock(None)


def png(width: int = 4, height: int = 3) -> bytes:
    """A small, valid PNG (the API checks the content, not only the name)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xc8\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_round_trip_between_customer_and_agent(stack, customer_zone, console):
    jan = customer_zone("C1001").open_chat()
    jan.say("ik wil een medewerker spreken")
    jan.expect_bot("Ik verbind u door met een medewerker")

    agent = console()
    agent.page.get_by_role("button", name="Open gesprek met Jan Peeters").click()
    expect(agent.transcript).to_contain_text("ik wil een medewerker spreken")
    agent.page.get_by_role("button", name="Overnemen").click()
    expect(jan.page.locator("#lc-status")).to_have_text("U praat met Els Janssens (medewerker)", timeout=3_000)

    agent.page.get_by_label("Bericht aan de klant").fill("Dag Jan, ik ben Els. Waarmee kan ik u helpen?")
    agent.page.get_by_label("Bericht aan de klant").press("Enter")
    reply = jan.log.locator("li.agent", has_text="ik ben Els")
    expect(reply).to_be_visible(timeout=2_000)  # live, no reload
    expect(reply).to_contain_text("Els Janssens (medewerker)")

    jan.say("Mijn nieuwe rekeningnummer is BE71 0961 2345 6769")
    expect(agent.transcript).to_contain_text("BE** **** **** 6769", timeout=3_000)
    expect(agent.transcript).not_to_contain_text("0961")
    expect(agent.page.locator("#customer")).to_contain_text("C1001")
    expect(agent.page.locator("#contracts")).to_contain_text("PL-100001")
    agent.page.screenshot(path=str(SCREENSHOTS / "agent-console.png"), full_page=True)
    jan.page.screenshot(path=str(SCREENSHOTS / "customer-zone-chat.png"))

    agent.page.get_by_role("button", name="Teruggeven aan de bot").click()
    expect(jan.log.locator("li.system", has_text="U praat weer met de virtuele assistent")).to_be_visible(timeout=3_000)
    expect(jan.page.locator("#lc-status")).to_have_text("U praat met onze virtuele assistent")
    jan.say("wat is mijn kilometerbundel?")
    jan.expect_bot("15.000 km per jaar")

    # The agent's and the customer's words are part of the conversation: they survive a reload.
    jan.page.reload()
    jan.open_chat()
    expect(jan.log.locator("li.agent", has_text="ik ben Els")).to_be_visible()
    expect(jan.log.locator("li.customer", has_text="BE71 0961 2345 6769")).to_be_visible()

    jan.page.get_by_role("button", name="Gesprek beëindigen en beoordelen").click()
    jan.page.get_by_role("button", name="5 van 5: zeer tevreden").click()
    jan.page.get_by_label("Toelichting (niet verplicht)").fill("Snel geholpen")
    jan.page.get_by_role("button", name="Verstuur beoordeling").click()
    expect(jan.log).to_contain_text("Bedankt voor uw beoordeling!")

    agent.page.get_by_role("button", name="Statistieken").click()
    expect(agent.page.locator("#kpis")).to_contain_text("5 / 5")
    expect(agent.page.locator("#kpis")).to_contain_text("100 %")  # the one conversation was handed over
    agent.page.screenshot(path=str(SCREENSHOTS / "agent-statistics.png"), full_page=True)


def test_history_survives_reload_and_second_tab_and_is_bound_to_the_customer(stack, customer_zone, new_context):
    sanne = customer_zone("C1002").open_chat()
    sanne.say("hallo")
    sanne.expect_bot("virtuele assistent")
    expect(sanne.log.locator("li.bot").last).to_be_visible()

    sanne.page.reload()
    sanne.open_chat()
    expect(sanne.log.locator("li.customer", has_text="hallo")).to_be_visible()
    sanne.expect_bot("virtuele assistent")

    second_tab = sanne.page.context.new_page()
    second_tab.goto(f"{stack.api_url}/web/")
    tab = type(sanne)(second_tab, stack).open_chat()
    expect(tab.log.locator("li.customer", has_text="hallo")).to_be_visible()
    tab.say("bedankt")
    expect(sanne.log.locator("li.customer", has_text="bedankt")).to_be_visible(timeout=3_000)

    # Fatima, logged in elsewhere, asks for Sanne's conversation and writes into it: both refused.
    fatima = customer_zone("C1003")
    token = fatima.page.evaluate("localStorage.getItem('leasedirect.customerToken')")
    outcome = fatima.page.evaluate(
        """([url, token]) => new Promise((resolve) => {
            const events = [];
            const socket = io(url, { auth: { token }, transports: ["websocket"] });
            socket.onAny((name) => events.push(name));
            socket.on("connect", () => socket.emit("session_request", { session_id: "web-C1002" }));
            socket.on("session_refused", (data) => resolve({ reason: data.reason, events }));
            setTimeout(() => resolve({ reason: null, events }), 8000);
        })""",
        [stack.rasa_url, token],
    )
    assert "hoort niet bij uw account" in outcome["reason"]
    assert "history" not in outcome["events"] and "session_confirm" not in outcome["events"]
    written = fatima.page.evaluate(
        """([url, token]) => new Promise((resolve) => {
            const socket = io(url, { auth: { token }, transports: ["websocket"] });
            socket.on("session_confirm", () =>
                socket.emit("user_uttered", { message: "ingebroken", session_id: "web-C1002" }));
            socket.on("connect", () => socket.emit("session_request", {}));
            socket.on("session_refused", (data) => resolve(data.reason));
            setTimeout(() => resolve(null), 8000);
        })""",
        [stack.rasa_url, token],
    )
    assert written and "hoort niet bij uw account" in written
    expect(sanne.log).not_to_contain_text("ingebroken")
    expect(sanne.log.locator("li.customer")).to_have_count(2)  # "hallo" and "bedankt", nothing else

    unauthenticated = fatima.page.evaluate(
        """(url) => new Promise((resolve) => {
            const socket = io(url, { transports: ["websocket"], reconnection: false });
            socket.on("connect", () => resolve("connected"));
            socket.on("connect_error", () => resolve("refused"));
        })""",
        stack.rasa_url,
    )
    assert unauthenticated == "refused"


def test_closing_with_a_note_asks_the_customer_for_a_rating_and_callbacks_are_listed(stack, customer_zone, console):
    callback = httpx.post(
        f"{stack.api_url}/callbacks",
        headers={"Authorization": f"Bearer {stack.service_token}"},
        json={
            "conversation_id": "web-C1003",
            "customer_number": "C1003",
            "name": "Fatima El Amrani",
            "phone": "0470 12 34 56",
            "preferred_time": "dinsdagvoormiddag",
            "topic": "vraag over de eindafrekening",
        },
        timeout=10,
    ).json()
    sanne = customer_zone("C1002").open_chat()
    assert "medewerker" in sanne.ask("ik wil een medewerker spreken")

    agent = console()
    agent.page.get_by_role("button", name="Open gesprek met Sanne de Vries").click()
    agent.page.get_by_label("Afsluiten met notitie").fill("Klant belt zelf terug na de vakantie.")
    agent.page.get_by_role("button", name="Gesprek afsluiten").click()
    expect(agent.page.locator("#detail-status")).to_have_text("afgesloten")
    expect(sanne.log).to_contain_text("Hoe tevreden bent u over dit gesprek?", timeout=3_000)
    expect(sanne.page.get_by_role("button", name="1 van 5: zeer ontevreden")).to_be_visible()

    agent.page.get_by_role("button", name="Terugbelverzoeken").click()
    row = agent.page.get_by_role("row", name=callback["reference"])
    expect(row).to_contain_text("dinsdagvoormiddag")
    expect(row).to_contain_text("+32470123456")


def test_damage_report_with_photo_upload_at_phone_width(stack, customer_zone):
    fatima = customer_zone("C1003", **PHONE).open_chat()
    assert "Wanneer" in fatima.ask("er is ingebroken in mijn auto")
    fatima.ask("gisteren rond 22u")
    fatima.ask("op de parking van het station in Antwerpen")
    fatima.ask("De zijruit is ingeslagen en de radio is weg.")
    fatima.ask("inbraak")
    assert "proces-verbaal" in fatima.ask("nee")
    assert "Klopt dit?" in fatima.ask("PV AN.12.L1.654321/26")
    assert "SCH-" in fatima.ask("ja")
    upload = fatima.page.get_by_label("Foto's van de schade toevoegen")
    expect(upload).to_be_attached()

    upload.set_input_files({"name": "notities.txt", "mimeType": "text/plain", "buffer": b"geen foto"})
    expect(fatima.log).to_contain_text("geen foto in een toegelaten formaat")
    upload.set_input_files({"name": "zijruit.png", "mimeType": "image/png", "buffer": png()})
    expect(fatima.log).to_contain_text("“zijruit.png” is opgeladen.")
    fatima.page.screenshot(path=str(SCREENSHOTS / "customer-chat-phone.png"))

    token = fatima.page.evaluate("localStorage.getItem('leasedirect.customerToken')")
    headers = {"Authorization": f"Bearer {token}"}
    files = httpx.get(f"{stack.api_url}/me/damage-files", headers=headers, timeout=10).json()
    damage = next(f for f in files if f["damage_kind"] == "burglary")
    assert damage["reference"] in fatima.log.inner_text()
    assert [p["filename"] for p in damage["photos"]] == ["zijruit.png"]
    photo = httpx.get(
        f"{stack.api_url}/me/damage-files/{damage['id']}/photos/{damage['photos'][0]['id']}",
        headers=headers,
        timeout=10,
    )
    assert photo.status_code == 200 and photo.content == png()


def test_out_of_hours_quick_replies_work_with_the_keyboard(stack, customer_zone):
    stack.set_clock(datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc))  # Saturday 13:00 Brussels
    jan = customer_zone("C1001")
    launcher = jan.page.get_by_role("button", name="Chat met ons")
    launcher.focus()
    jan.page.keyboard.press("Enter")
    expect(jan.page.get_by_label("Uw bericht")).to_be_focused()
    assert "maandag" in jan.ask("medewerker")
    jan.page.get_by_role("button", name="Ja, bel mij terug").last.focus()
    jan.page.keyboard.press("Enter")
    expect(jan.log.locator("li.customer").last).to_have_text("U: Ja, bel mij terug")
    jan.expect_bot("telefoonnummer")
    jan.page.get_by_role("button", name="+32470123456").last.focus()  # the known number, one key away
    jan.page.keyboard.press("Enter")
    jan.expect_bot("Wanneer past het")
    assert "terugbelverzoek is genoteerd" in jan.ask("dinsdagvoormiddag")
    jan.page.keyboard.press("Escape")
    expect(jan.page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
