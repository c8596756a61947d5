"""Keyboard use and reader furniture in headless Chromium: arrow keys scroll a
focused table and never change the page, every region that scrolls sideways
takes focus with a visible ring, the favicon loads, the 404 page is served for
a missing path, and "Report an error" names the section being read."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from devkit.browser import diagram_state, open_page, pages_with_diagrams, wait_for

pytestmark = pytest.mark.browser

# Regions whose content is wider than their box and that scroll sideways.
SCROLLABLE = """
return [...document.querySelectorAll('article *')].filter(el => {
  const style = getComputedStyle(el);
  return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
         && el.offsetParent !== null;
}).map(el => ({tag: el.tagName, cls: el.className, tabindex: el.getAttribute('tabindex')}));
"""
PAGES = ("compare/matrix.html", "engines/kserve.html", "topics/caching.html", "contributing.html",
         "compare/pairs/aibrix-vs-kserve.html")


@pytest.fixture
def narrow(browser):
    browser.set_window_size(390, 900)
    yield browser
    browser.set_window_size(1280, 1000)


def test_every_scrollable_region_takes_focus(narrow, server, site):
    unfocusable, scrollable = [], 0
    diagrams = pages_with_diagrams(site)
    for page in PAGES:
        open_page(narrow, f"{server}/{page}")
        # Diagrams render after load; count their boxes only once they are drawn.
        diagram_state(narrow, diagrams.get(page, 0))
        regions = narrow.execute_script(SCROLLABLE)
        scrollable += len(regions)
        unfocusable += [f"{page}: {r['tag']}.{r['cls']}" for r in regions if r["tabindex"] != "0"]
    assert scrollable > 5, "no page scrolls sideways at 390 px: the test checks nothing"
    assert not unfocusable, "\n".join(unfocusable[:20])


def test_arrow_keys_scroll_a_focused_region_and_stay_on_the_page(narrow, server):
    # Whatever scrolls sideways on a narrow screen: since tables stack into cards
    # there, that is mostly code blocks and wide diagrams.
    page = "engines/kserve.html"
    open_page(narrow, f"{server}/{page}")
    region = narrow.execute_script("""
      return [...document.querySelectorAll('article [tabindex="0"]')].find(el =>
        el.scrollWidth > el.clientWidth + 20 && el.offsetParent !== null);""")
    assert region is not None, f"nothing scrolls sideways on {page} at this width: the test checks nothing"
    narrow.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", region)
    region.send_keys(Keys.ARROW_RIGHT)  # focuses it by keyboard and presses the key
    assert narrow.execute_script("return document.activeElement") == region
    assert wait_for(lambda: narrow.execute_script("return arguments[0].scrollLeft", region) > 0, 3)
    for key in (Keys.ARROW_RIGHT, Keys.ARROW_LEFT, Keys.ARROW_LEFT):
        region.send_keys(key)
    assert narrow.current_url.endswith(f"/{page}"), narrow.current_url
    ring = narrow.execute_script("const s = getComputedStyle(arguments[0]);"
                                 "return [s.outlineStyle, parseFloat(s.outlineWidth)]", region)
    assert ring[0] != "none" and ring[1] >= 2, f"no visible focus ring: {ring}"


def test_favicon_loads(browser, server, site):
    for root in (server, site.as_uri()):
        open_page(browser, f"{root}/engines/kserve.html")
        size = browser.execute_async_script("""
          const done = arguments[arguments.length - 1];
          const img = new Image();
          img.onload = () => done(img.naturalWidth);
          img.onerror = () => done(0);
          img.src = document.querySelector('link[rel~="icon"]').href;
        """)
        assert size > 0, f"favicon did not load from {root}"


def test_404_page_is_served_for_a_missing_path(browser, server):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{server}/engines/no-such-page.html")
    assert err.value.code == 404
    assert "Page not found" in err.value.read().decode("utf-8")
    browser.get_log("browser")
    open_page(browser, f"{server}/engines/no-such-page.html")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Page not found")
    home = browser.find_element(By.CSS_SELECTOR, "article a[href='index.html']")
    assert home.get_attribute("href") == f"{server}/index.html"
    # Styles load from the root although the address is one folder down.
    assert browser.execute_script("return getComputedStyle(document.body).fontFamily") != "Times New Roman"
    errors = [e["message"] for e in browser.get_log("browser")
              if e["level"] == "SEVERE" and "no-such-page" not in e["message"]]
    assert not errors, errors


def test_report_link_names_page_and_section(browser, server):
    open_page(browser, f"{server}/topics/caching.html")
    sections = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "article section > section[id]"))
    assert sections, f"no sections on {browser.current_url} ({browser.title!r})"
    section = sections[len(sections) // 2]  # mid-page, so it can scroll to the top
    browser.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", section)
    link = browser.find_element(By.CSS_SELECTOR, "a.page-report")
    # As a reader does it: the link is at the foot, so scroll down to it and click it.
    time.sleep(0.1)  # a frame for the scroll handler
    browser.execute_script("arguments[0].addEventListener('click', e => e.preventDefault());"
                           "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    time.sleep(0.1)
    link.click()
    body = parse_qs(urlsplit(link.get_attribute("href")).query)["body"][0]
    assert "Page: topics/caching.html" in body
    named = re.search(r"^Section: .+ \(#([^)]+)\)$", body, re.M)
    assert named, body
    # The section scrolled to the top, or one inside it.
    assert browser.execute_script("const s = document.getElementById(arguments[0]);"
                                  "return !!s && arguments[1].contains(s)", named[1], section), body


def test_links_inside_home_page_cards_can_be_clicked(browser, server):
    open_page(browser, f"{server}/index.html")
    covered = browser.execute_script("""
      return [...document.querySelectorAll('.sd-card a:not(.sd-stretched-link)')].filter(a => {
        a.scrollIntoView({block: 'center', behavior: 'instant'});
        const r = a.getClientRects()[0];
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !(hit && a.contains(hit));
      }).map(a => a.textContent);""")
    links = browser.execute_script("return document.querySelectorAll('.sd-card a:not(.sd-stretched-link)').length")
    assert links > 3, "no links inside the home page's cards: the test checks nothing"
    assert not covered, f"covered by the card's stretched link: {covered}"
