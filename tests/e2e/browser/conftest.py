"""Browser tests: the customer zone and the agent console in Debian's Chromium (Playwright).

The stack is the end-to-end tests' session fixture (tests/conftest.py: one stack for all,
API, action server and Rasa on free ports with a throw-away database). Playwright never downloads
a browser here: it drives /usr/bin/chromium (`apt-get install chromium`), or CHROMIUM_PATH.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.e2e.conftest import RunningStack

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_ROOT = Path(__file__).resolve().parents[3]
# Screenshots go to var/ on every run; `UPDATE_SCREENSHOTS=1 make test` refreshes the README's copies in docs/.
SCREENSHOTS = _ROOT / ("docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "var") / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


# Package scope: Playwright's sync API keeps an event loop running in this thread while it is open,
# which would break asyncio.run() in the tests collected after these (tests/security).
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator:
    """Separate browser contexts: one per person (own storage, like separate browsers)."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(locale="nl-BE", **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


class CustomerZone:
    """The customer's page with the chat widget, driven the way a person uses it."""

    def __init__(self, page: Page, stack: RunningStack) -> None:
        self.page, self.stack = page, stack

    def login(self, customer: str) -> CustomerZone:
        self.page.goto(f"{self.stack.api_url}/web/?klant={customer}")
        self.page.get_by_role("button", name="Aanmelden").click()
        expect(self.page.get_by_role("heading", name="Mijn contracten")).to_be_visible()
        return self

    def open_chat(self) -> CustomerZone:
        self.page.get_by_role("button", name="Chat met ons").click()
        expect(self.page.get_by_role("dialog")).to_be_visible()
        expect(self.log.locator("li").first).to_be_visible()  # welcome or replayed history
        return self

    @property
    def log(self):
        return self.page.get_by_role("log", name="Gesprek")

    def say(self, text: str) -> None:
        self.page.get_by_label("Uw bericht").fill(text)
        self.page.get_by_label("Uw bericht").press("Enter")

    def ask(self, text: str, timeout: float = 30_000) -> str:
        """Say something and wait until the bot has finished answering; the text of its new messages."""
        # the server replays the history on connect and the widget re-renders the log then: count
        # only once it is there, or replayed messages would pass for the answer
        expect(self.log.locator("li").first).to_be_visible(timeout=timeout)
        before = self.log.locator("li.bot").count()
        self.say(text)
        self.page.wait_for_function(
            "n => document.querySelectorAll('.lc-messages li.bot').length > n", arg=before, timeout=timeout
        )
        expect(self.page.locator(".lc-typing")).to_be_empty(timeout=timeout)
        return "\n".join(self.log.locator("li.bot").all_inner_texts()[before:])

    def expect_bot(self, text: str, timeout: float = 30_000) -> None:
        expect(self.log.locator("li.bot", has_text=text).last).to_be_visible(timeout=timeout)


class Console:
    def __init__(self, page: Page, stack: RunningStack) -> None:
        self.page, self.stack = page, stack

    def login(self) -> Console:
        self.page.goto(f"{self.stack.api_url}/web/console.html")
        self.page.get_by_label("Gebruikersnaam").fill("agent")
        self.page.get_by_label("Wachtwoord").fill("agent")
        self.page.get_by_role("button", name="Aanmelden").click()
        expect(self.page.get_by_role("heading", name="Wachtrij en mijn gesprekken")).to_be_visible()
        return self

    @property
    def transcript(self):
        return self.page.get_by_role("log", name="Transcript van het gesprek")


@pytest.fixture
def customer_zone(stack: RunningStack, new_context):
    return lambda customer, **options: CustomerZone(new_context(**options).new_page(), stack).login(customer)


@pytest.fixture
def console(stack: RunningStack, new_context):
    return lambda: Console(new_context(viewport={"width": 1400, "height": 900}).new_page(), stack).login()
