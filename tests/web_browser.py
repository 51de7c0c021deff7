"""Headless Chromium from Debian, driven by selenium through Debian's chromedriver (nothing is downloaded),
and the page checks the web tests share: where requests went, contrast, timings."""
from __future__ import annotations

import io
import json
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import wave
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import pytest

CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
QUIET = [  # Chromium's own traffic (updates, sync, translation...) off: only the page may make requests
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=900,1000",
    "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
]
FAKE_NOTIFICATIONS = """
window.__notified = [];
window.Notification = class { constructor(title, options) { window.__notified.push(options.body); } };
window.Notification.permission = 'granted';
window.Notification.requestPermission = () => Promise.resolve('granted');
"""
CONTRAST = """
const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const background = (el) => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
  if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
return [...document.querySelectorAll(arguments[0])].filter((el) => el.offsetParent !== null).map((el) => {
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
  return [el.id || el.className || el.tagName, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
"""


def require_browser() -> None:
    """Skip, saying how to fix it, where scripts/bootstrap.sh could not install the browser (not root)."""
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        pytest.skip("the browser test needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver")
    pytest.importorskip("selenium", reason="selenium comes from requirements-browser.lock: run make setup")


def launch(extra: Sequence[str] = ()) -> Any:
    """A fresh headless Chromium with performance and console logs, and notifications recorded in the page."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in [*QUIET, *extra]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_NOTIFICATIONS})
    return driver


class Logs:
    """Chrome's logs, kept as they are read (reading them empties them)."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.requests: List[str] = []
        self.console: List[str] = []

    def collect(self) -> "Logs":
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                self.requests.append(message["params"]["url"])
        self.console += [entry["message"] for entry in self.driver.get_log("browser")]
        return self


def wait(condition: Callable[[], Any], timeout: float = 20.0, every: float = 0.05, what: str = "the page") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def open_page(driver: Any, url: str) -> float:
    """Load the page; seconds until its script says it is ready."""
    started = time.monotonic()
    driver.get(url)
    wait(lambda: driver.execute_script("return document.documentElement.dataset.ready === 'true'"), 10, 0.01)
    return time.monotonic() - started


def bubbles(driver: Any, kind: str = "") -> List[str]:
    """The conversation's bubbles as read aloud (prefix 'You: ' or 'Compassion: ' included)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#log .bubble' + arguments[0])].map((b) => b.textContent)", kind)


def say(driver: Any, text: str, timeout: float = 30.0) -> List[str]:
    """Type a message, press Enter, and return the bubbles the reply added."""
    before = len(bubbles(driver))
    box = driver.find_element("id", "message")
    box.send_keys(text)
    box.send_keys("\n")
    wait(lambda: len(bubbles(driver)) > before + 1, timeout, what=f"a reply to {text!r}")
    time.sleep(0.2)  # every message of the reply rendered
    return bubbles(driver)[before + 1:]


def reply_times(driver: Any) -> List[float]:
    """Milliseconds from pressing send to the reply shown, for every turn this page load."""
    return driver.execute_script("return performance.getEntriesByName('reply').map((e) => e.duration)")


def contrast(driver: Any, selector: str) -> Dict[str, float]:
    return {name: ratio for name, ratio in driver.execute_script(CONTRAST, selector)}


def save_screenshot(driver: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    return path


def record(path: Path, figures: Dict[str, Any], key: Optional[str] = None) -> None:
    """Add measured figures to a JSON file under results/ (for the README and the report, not asserted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.exists() else {}
    data.update(figures if key is None else {key: figures})
    path.write_text(json.dumps(data, indent=2) + "\n")


def click(driver: Any, element_id: str) -> None:
    """A real click, on the element scrolled to the middle of the window: at the bottom edge the sticky message box can
    cover it for a moment, and the click would land on the box (a flaky run in session 24)."""
    element = driver.find_element("id", element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def focused(driver: Any) -> Dict[str, str]:
    return driver.execute_script("""const el = document.activeElement;
        return {id: el.id, text: el.textContent.trim(), outline: getComputedStyle(el).outlineStyle};""")


def circle(driver: Any) -> Dict[str, Any]:
    """The breathing circle now: its phase, its scale, its animation's duration and rate, the step and countdown."""
    return driver.execute_script("""
        const circle = document.getElementById('circle');
        const animation = circle.getAnimations()[0];
        return {breath: circle.dataset.breath, scale: new DOMMatrixReadOnly(getComputedStyle(circle).transform).a,
                duration: animation ? animation.effect.getTiming().duration : null,
                rate: animation ? animation.playbackRate : null,
                step: document.getElementById('progress').textContent,
                countdown: Number(document.getElementById('countdown').textContent)};""")


def wav_of(pcm: bytes, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm)
    return out.getvalue()


def pcm_of(clip: bytes) -> bytes:
    """16 kHz mono samples of any WAV, as the project's recogniser reads files."""
    from assistant.voice.recognizer import load_wav

    with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
        handle.write(clip)
        handle.flush()
        return load_wav(Path(handle.name))


def speech(url: str, text: str) -> bytes:
    """The WAV the page plays for a text (skips where this machine has no speech synthesis)."""
    request = urllib.request.Request(url + "/app/api/speech", data=json.dumps({"sender": "web", "text": text}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            assert reply.headers["content-type"] == "audio/wav"
            return reply.read()
    except urllib.error.HTTPError as error:
        problem = json.loads(error.read())["error"]
        assert error.code == 503 and "still shown as text" in problem
        pytest.skip(f"no speech synthesis here: {problem}")
