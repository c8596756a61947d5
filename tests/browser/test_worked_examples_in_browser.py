"""The copy button on worked-example manifests, over http and from file://."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from devkit.browser import open_page, wait_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("base", ["http", "file"])
def test_copy_button_copies_the_manifest(browser, server, site, base):
    root = server if base == "http" else site.as_uri()
    open_page(browser, f"{root}/examples/one-model.html")
    box = browser.find_element(By.CSS_SELECTOR, "div.example-manifest")
    button = box.find_element(By.CSS_SELECTOR, "button.example-copy")
    expected = box.find_element(By.CSS_SELECTOR, "pre").get_attribute("textContent")
    # Record what reaches the clipboard (headless Chromium has no clipboard to read back).
    browser.execute_script("""
        window.__copied = null;
        if (navigator.clipboard) {
          navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };
        }
        const exec = document.execCommand.bind(document);
        document.execCommand = cmd => {
          if (cmd === 'copy') { window.__copied = document.activeElement.value; return true; }
          return exec(cmd);
        };
    """)
    button.click()
    assert wait_for(lambda: button.text == "Copied", 5), button.text
    assert browser.execute_script("return window.__copied") == expected


def test_a_platform_tab_chosen_once_is_shown_on_every_task_page(browser, server):
    open_page(browser, f"{server}/examples/one-model.html")
    try:
        browser.find_element(By.CSS_SELECTOR, "label[data-sync-group='engine'][data-sync-id='kserve']").click()
        for page in ("pd-disaggregation", "lora", "autoscaling", "multi-node"):
            open_page(browser, f"{server}/examples/{page}.html")
            # sphinx-design applies the stored choice from its script after the page loads.
            def chosen():
                return browser.execute_script("""
                    return [...document.querySelectorAll('.sd-tab-set')].map(set => {
                      const input = set.querySelector(':scope > input:checked');
                      return input && input.nextElementSibling.dataset.syncId;
                    });""")
            def all_kserve():
                tabs = chosen()
                return bool(tabs) and all(tab == "kserve" for tab in tabs)
            wait_for(all_kserve, 5)
            found = chosen()
            assert found and all(tab == "kserve" for tab in found), (page, found)
            # every manifest on the page has its copy button
            boxes = browser.find_elements(By.CSS_SELECTOR, "div.example-manifest")
            assert len(browser.find_elements(By.CSS_SELECTOR, "div.example-manifest > button.example-copy")) \
                == len(boxes) > 0, page
    finally:
        browser.execute_script("localStorage.clear()")
