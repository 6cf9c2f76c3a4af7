"""The real thing: `advisor app` on a loopback port, driven by Debian's chromium through Selenium.

Asks "What should I learn after PyTorch?", waits for the streamed answer and its source cards,
checks the roadmap picture (an SVG with the cited stages highlighted) and a comparison table, and
saves screenshots (to the test's temp dir; also to reports/screenshots/ when ADVISOR_SCREENSHOTS is
set, or to the directory it names). Skipped only when chromium or chromedriver is not installed
(`make test` installs both through scripts/test-prereqs.sh).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Read at import: the autouse isolated_state fixture clears ADVISOR_* variables before each test.
SCREENSHOTS = os.environ.get("ADVISOR_SCREENSHOTS", "")
CHROME_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1440,1900",
]
QUESTION = "What should I learn after PyTorch?"
HIGHLIGHT = "#4f46e5"
PATIENCE = 120  # seconds a wait may take: a ceiling for a rerun on a loaded 2-core machine, never a timing check

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
        reason="Debian chromium and chromium-driver are not installed (run `bash scripts/test-prereqs.sh` or `make test`)",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(corpus_index, tmp_path):
    """`advisor app` (python -m app.cli app) on a free loopback port; killed with its group."""
    port = free_port()
    env = {k: v for k, v in os.environ.items()}
    env.update(ADVISOR_STATE_DIR=str(tmp_path / "state"), HF_HUB_OFFLINE="1",
               PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "app", "--host", "127.0.0.1", "--port", str(port), "--db", str(corpus_index)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"advisor app exited with {process.returncode}:\n{(tmp_path / 'server.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"advisor app did not come up:\n{(tmp_path / 'server.log').read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS + [f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log")),
                              options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def save(driver_or_element, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    take = getattr(driver_or_element, "save_screenshot", None) or driver_or_element.screenshot
    assert take(str(target)), f"screenshot {name} failed"
    from PIL import Image

    with Image.open(target) as image:
        assert image.width > 300 and image.height > 300
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS) if SCREENSHOTS not in {"1", "true", "yes"} else ROOT / "reports" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(target, folder / name)
    return target


def ask(driver, wait, question: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec

    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid='stChatInputTextArea']")))
    box.send_keys(question)
    box.send_keys(Keys.ENTER)


def highlighted_names(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    text = driver.find_element(By.CSS_SELECTOR, ".st-key-roadmap-panel").text
    match = re.search(r"Highlighted: stages the latest answer cites \((.*)\)\.", text.replace("\n", " "))
    return match.group(1).split(", ") if match else []


def wait_for_highlights(driver, wait) -> int:
    """Wait until the SVG shows exactly the stages the caption names as highlighted (the chart is
    drawn in the browser after the script run ends); return how many."""
    from selenium.webdriver.common.by import By

    selector = f".st-key-roadmap-panel svg g.node path[fill='{HIGHLIGHT}'], .st-key-roadmap-panel svg g.node polygon[fill='{HIGHLIGHT}']"

    def settled(d):
        names = highlighted_names(d)
        return len(names) if names and len(d.find_elements(By.CSS_SELECTOR, selector)) == len(names) else False

    return wait.until(settled)


def test_chat_in_a_real_browser(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, PATIENCE)
    browser.get(server)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".st-key-starters")))  # the app is up
    ask(browser, wait, QUESTION)

    # The answer streamed in and its footer (feedback) and source cards are there.
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "[class*='st-key-footer-']")))
    cards = wait.until(ec.visibility_of_all_elements_located((By.CSS_SELECTOR, "[class*='st-key-source-']")))
    messages = browser.find_elements(By.CSS_SELECTOR, "[data-testid='stChatMessage']")
    assert len(messages) == 2 and QUESTION in messages[0].text
    answer_text = messages[1].text
    assert "Step 7" in answer_text or "Q3 2026" in answer_text
    assert "Sources" in answer_text and "Recommended resources" in answer_text
    numbers = sorted(int(c.get_attribute("class").split("st-key-source-")[1].split()[0].rsplit("-", 1)[1]) for c in cards)
    assert numbers == list(range(1, len(numbers) + 1))
    assert "Roadmap" in cards[0].text and "›" in cards[0].text  # title and section path
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='stException']")
    assert not browser.find_elements(By.CSS_SELECTOR, "script[src*='javascript']")

    # The roadmap picture: an SVG of the cited roadmap with highlighted stages.
    panel = browser.find_element(By.CSS_SELECTOR, ".st-key-roadmap-panel")
    named = wait_for_highlights(browser, wait)
    nodes = panel.find_elements(By.CSS_SELECTOR, "svg g.node")
    assert len(nodes) >= 8 and 1 <= named < len(nodes)

    time.sleep(1)  # let the last layout settle
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", messages[0])
    save(browser, tmp_path, "chat.png")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", panel)
    save(panel, tmp_path, "roadmap.png")

    # The other roadmap: choose it; its cited stages light up too.
    def picture(d) -> str:
        return " | ".join(n.text for n in d.find_elements(By.CSS_SELECTOR, ".st-key-roadmap-panel svg g.node"))

    before = picture(browser)
    other = [b for b in browser.find_elements(By.CSS_SELECTOR, ".st-key-roadmap-view button")
             if b.get_attribute("aria-checked") != "true" and b.get_attribute("kind") != "segmented_controlActive"]
    assert other, "a second roadmap to choose"
    other[-1].click()
    wait.until(lambda d: picture(d) != before)
    if highlighted_names(browser):  # this answer cites both roadmaps (it does with the project's corpus)
        wait_for_highlights(browser, wait)
    panel = browser.find_element(By.CSS_SELECTOR, ".st-key-roadmap-panel")
    save(panel, tmp_path, "roadmap-2.png")

    # A comparison renders as a real table.
    ask(browser, wait, "Compare NLP & LLMs with computer vision")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[class*='st-key-footer-']")) == 2)  # answered
    wait_for_highlights(browser, wait)  # the picture follows the new answer
    table = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid='stChatMessage'] table")))
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "th")]
    assert any("NLP" in h for h in headers) and any("vision" in h.lower() for h in headers)
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 2
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", table)
    save(browser, tmp_path, "compare.png")


GENAI = "genai-engineer-roadmap"
DONE_FILL = "#dcfce7"  # app.roadmap_graph.DONE_FILL


def sidebar_expander(driver, wait, title: str):
    """The sidebar expander titled `title`, opened."""
    from selenium.webdriver.common.by import By

    def found(d):
        for expander in d.find_elements(By.CSS_SELECTOR, "[data-testid='stSidebar'] [data-testid='stExpander']"):
            summary = expander.find_element(By.CSS_SELECTOR, "summary")
            if title in summary.text:
                return expander
        return False

    expander = wait.until(found)
    if expander.find_element(By.CSS_SELECTOR, "details").get_attribute("open") is None:
        summary = expander.find_element(By.CSS_SELECTOR, "summary")
        d = expander.parent
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
        summary.click()
    return expander


def pick_option(driver, wait, selector: str, text: str) -> None:
    """Open the select or multiselect at `selector` and choose the option that reads `text` (opened
    again if a rerun of the page closed the list meanwhile)."""
    from selenium.webdriver.common.by import By

    xpath = f"//*[@role='option'][starts-with(normalize-space(.), '{text}')]"

    def option(d):
        shown = [o for o in d.find_elements(By.XPATH, xpath) if o.is_displayed()]
        if shown:
            return shown[0]
        box = d.find_element(By.CSS_SELECTOR, f"{selector} [role='combobox']")
        if box.get_attribute("aria-expanded") != "true":
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
        return False

    wait.until(option).click()


def saved_profile(tmp_path: Path):
    from app.profile_store import ProfileStore

    return ProfileStore.in_dir(tmp_path / "state").get("me")


def click(wait, selector: str) -> None:
    """Find the element at `selector` afresh and click it, again if a rerun redrew it under the
    test's hand (stale) or something still covered it (intercepted): a handle found before a
    rerun is not the element on the page after it."""
    from selenium.webdriver.common.by import By

    def clicked(d):
        element = d.find_element(By.CSS_SELECTOR, selector)
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return True

    wait.until(clicked)


def test_profile_and_progress_survive_a_reload_in_a_real_browser(server, browser, tmp_path):
    from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    # The page reruns after each widget change, slower under load: every check waits on the page's
    # state (a handle found before a rerun may be stale after it), with the chat test's budget.
    wait = WebDriverWait(browser, PATIENCE, ignored_exceptions=[StaleElementReferenceException, ElementClickInterceptedException])
    browser.get(server)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".st-key-starters")))

    # The profile: the Gen AI roadmap, a goal, and "knows Python".
    sidebar_expander(browser, wait, "My learning profile")
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".st-key-profile-roadmap")))
    pick_option(browser, wait, ".st-key-profile-roadmap", "Generative AI")
    wait.until(lambda d: "Generative AI" in d.find_element(By.CSS_SELECTOR, ".st-key-profile-roadmap input").get_attribute("value"))

    def typed_goal(d):
        d.find_element(By.CSS_SELECTOR, ".st-key-profile-goal input").send_keys("generative AI engineer", Keys.ENTER)
        return True

    wait.until(typed_goal)  # the roadmap's rerun may redraw the field
    pick_option(browser, wait, ".st-key-profile-known", "Python Basics")
    known = ".st-key-profile-known [data-tag]"
    wait.until(lambda d: any(t.get_attribute("aria-label") == "Python Basics" for t in d.find_elements(By.CSS_SELECTOR, known)))
    browser.find_element(By.CSS_SELECTOR, "body").send_keys(Keys.ESCAPE)  # close the option list
    click(wait, ".st-key-profile-save button")
    wait.until(lambda d: (p := saved_profile(tmp_path)) is not None and p.known == ["Python Basics"])
    profile = saved_profile(tmp_path)
    assert profile.roadmap == GENAI and profile.goal == "generative AI engineer" and profile.done == []

    # Tick the first stage of the plan as done: saved at once.
    def first_tick(d):
        """The first stage tick's key and label, read together (before the tick's rerun redraws it)."""
        ticks = d.find_elements(By.CSS_SELECTOR, f"[data-testid='stSidebar'] [class*='st-key-profile-done-{GENAI}-']")
        if not ticks or not ticks[0].is_displayed():
            return False
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", ticks[0])
        classes, label = ticks[0].get_attribute("class").split(), ticks[0].text
        return label and (next(c for c in classes if c.startswith(f"st-key-profile-done-{GENAI}-")), label)

    key, label = wait.until(first_tick)
    click(wait, f".{key} label")
    wait.until(lambda d: len(saved_profile(tmp_path).done) == 1)
    stage = saved_profile(tmp_path).done[0]
    assert stage in label

    # A new visit: the profile and the tick come back, and the picture shows the stage as done.
    browser.refresh()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".st-key-starters")))
    wait.until(ec.element_located_to_be_selected((By.CSS_SELECTOR, f".{key} input[type='checkbox']")))
    done_nodes = f".st-key-roadmap-panel svg g.node path[fill='{DONE_FILL}'], .st-key-roadmap-panel svg g.node polygon[fill='{DONE_FILL}']"

    def progress_drawn(d):
        """The picture with one stage drawn done: its nodes' texts and the panel's caption, read together."""
        panel = d.find_element(By.CSS_SELECTOR, ".st-key-roadmap-panel")
        if len(panel.find_elements(By.CSS_SELECTOR, done_nodes)) != 1:
            return False
        return [n.text for n in panel.find_elements(By.CSS_SELECTOR, "svg g.node")], panel.text

    nodes, caption = wait.until(progress_drawn)
    ticked = [text for text in nodes if text.startswith("✓")]
    assert len(ticked) == 1 and stage.split(":")[0] in ticked[0]  # "Step 1" on the node's first line
    assert f"Done (1 of {len(nodes)})" in caption
    sidebar_expander(browser, wait, "My learning profile")
    wait.until(lambda d: any(t.get_attribute("aria-label") == "Python Basics" for t in d.find_elements(By.CSS_SELECTOR, known)))
    wait.until(ec.text_to_be_present_in_element_value((By.CSS_SELECTOR, ".st-key-profile-goal input"), "generative AI engineer"))
    assert browser.find_element(By.CSS_SELECTOR, ".st-key-profile-goal input").get_attribute("value") == "generative AI engineer"
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid='stException']")

    panel = browser.find_element(By.CSS_SELECTOR, ".st-key-roadmap-panel")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", panel)
    save(panel, tmp_path, "roadmap-progress.png")
    save(browser, tmp_path, "profile.png")
