"""What people do in the browser: log in, find their way, switch language, log out."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pyotp
import pytest
from playwright.sync_api import Page, expect

from openler.services.demo import DemoLogin
from openler.web.navigation import CAPABILITIES

if TYPE_CHECKING:
    from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_worker_logs_in_and_sees_what_they_can_do(
    page: Page, demo_logins: dict[str, DemoLogin]
) -> None:
    worker = demo_logins["worker"]
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.get_by_label("Email").fill(worker.email)
    page.get_by_label("Password").fill(worker.password)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/worker$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Worker")
    cards = page.locator("main .cards > li")
    expect(cards).to_have_count(len(CAPABILITIES["worker"]))
    for capability in CAPABILITIES["worker"]:
        card = cards.filter(has=page.get_by_role("heading", name=capability.title, exact=True))
        expect(card).to_have_count(1)
        if capability.available:
            expect(card.get_by_role("link", name=capability.title)).to_have_attribute(
                "href", str(capability.href)
            )
            expect(card.get_by_text("Not available yet")).to_have_count(0)
        else:
            expect(card.get_by_role("link")).to_have_count(0)
            expect(card.get_by_text("Not available yet")).to_be_visible()

    # A built capability is a working link.
    page.get_by_role("link", name="Download or delete your data").click()
    expect(page).to_have_url(re.compile(r"/account/data$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Download or delete your data")


def test_worker_gets_a_friendly_403_on_employer_pages(
    page_as: Callable[[str], Page],
) -> None:
    page = page_as("worker")
    response = page.goto("/employer")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    # Still signed in: the header keeps the person's own navigation.
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Worker")
    ).to_be_visible()


def test_admin_logs_in_with_password_and_one_time_code(page: Page, live_server: LiveServer) -> None:
    admin = live_server.logins["admin"]
    page.goto("/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(admin.password)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/login/code"))
    expect(page.get_by_role("heading", level=1)).to_have_text("One-time code")
    page.get_by_label("Code").fill(live_server.one_time_code("admin"))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/admin$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Administrator")
    page.get_by_role("link", name="People and roles").click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("People and roles")
    expect(page.get_by_role("link", name=admin.email)).to_be_visible()


def test_a_wrong_one_time_code_is_refused(page: Page, live_server: LiveServer) -> None:
    issuer = live_server.logins["issuer"]
    page.goto("/login")
    page.get_by_label("Email").fill(issuer.email)
    page.get_by_label("Password").fill(issuer.password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/login/code"))
    totp = pyotp.TOTP(str(issuer.totp_secret))
    now = time.time()
    accepted = {totp.at(now + drift) for drift in (-30, 0, 30)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    expect(page.get_by_role("alert")).to_be_focused()
    page.goto("/issuer")
    expect(page).to_have_url(re.compile(r"/login\?next=/issuer$"))


def test_first_tab_focuses_the_skip_link_and_enter_moves_to_main(page: Page) -> None:
    page.goto("/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_language_switch_to_spanish(page: Page) -> None:
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_role("button", name="Español").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page).to_have_url(re.compile(r"/login$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).not_to_have_text("Log in")
    expect(heading).not_to_be_empty()
    # The choice sticks, and the way back is offered in English.
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="English")).to_be_visible()


def test_logout_ends_the_session(page: Page, log_in: Callable[[Page, str], None]) -> None:
    log_in(page, "worker")
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/login\?next=/account$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")


def _fits_without_horizontal_scrolling(page: Page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"page is {widths[0]}px wide, window {widths[1]}px"


def test_login_page_fits_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    _fits_without_horizontal_scrolling(page)


def test_worker_home_fits_a_phone(page_as: Callable[[str], Page]) -> None:
    page = page_as("worker")
    page.set_viewport_size(PHONE)
    page.goto("/worker")
    expect(page.get_by_role("heading", level=1)).to_have_text("Worker")
    _fits_without_horizontal_scrolling(page)
