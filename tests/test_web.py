"""The web page at /app/, end to end in headless Chromium, and its endpoints over HTTP.

One `compassion serve` for the module and one browser; the tests run in order and the last one
stops the server, to show that "Need help now?" still works without it.
"""
from __future__ import annotations

import re
import sqlite3
import statistics
import time
from pathlib import Path

import pytest

from tests import serving, web_browser
from tests.web_browser import bubbles, circle, click, focused, pcm_of, say, speech, wait, wav_of

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results"
TIMINGS = RESULTS / "web-timings.json"
CRISIS = "I want to end my life"


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    running = serving.start(folder / "data", token="web-token")
    running.data_dir = folder / "data"
    yield running
    running.stop()


@pytest.fixture(scope="module")
def page(server):
    """The browser on the page, opened as soon as the server answered; its logs kept as they are read."""
    web_browser.require_browser()
    running = server
    driver = web_browser.launch()
    driver.page_ready = web_browser.open_page(driver, running.url + "/app/")
    driver.logs = web_browser.Logs(driver)
    yield driver
    driver.quit()


def test_the_page_is_one_local_file_set_under_a_strict_policy(server):
    running = server
    status, headers, body = running.request("GET", "/app/")
    assert status == 200 and "text/html" in headers["content-type"]
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "no inline script"
    assert not re.search(r"\bstyle=", body), "no inline style"
    assert not re.search(r"https?://", body), "no outside address in the page, not even as a link"
    for link in re.findall(r'(?:src|href)="([^"]*)"', body):
        assert link.startswith(("/app/", "tel:", "sms:", "#")), link
        if link.startswith("/app/"):
            assert running.request("GET", link)[0] == 200, link
    assert "An automated assistant, not a therapist" in body
    assert "988" in body and "999" in body and "116 123" in body, "the crisis lines are in the page itself"
    assert running.request("GET", "/app")[0] == 200, "/app redirects to the page"
    assert running.request("GET", "/app/static/../web.py")[0] == 404
    assert running.request("GET", "/app/static/nothing.js")[0] == 404


def test_endpoints_take_only_this_page_on_this_computer(server):
    running = server
    sender = {"sender": "web-checks"}
    assert running.request("POST", "/app/api/reminders", sender)[0] == 200
    assert running.request("POST", "/app/api/reminders", sender, headers={"Host": "evil.example:80"})[0] == 403
    assert running.request("GET", "/app/", headers={"Host": "rebound.example"})[0] == 403
    status, _, body = running.request("POST", "/app/api/forget", sender, headers={"Origin": "http://evil.example"})
    assert status == 403 and "only this page" in body["error"]
    assert running.request("POST", "/app/api/reminders", sender, headers={"Origin": running.url})[0] == 200
    assert running.request("POST", "/app/api/reminders", raw=b"x" * 1_000_001)[0] == 413
    assert running.request("POST", "/app/api/reminders", {"sender": ""})[0] == 400
    assert running.request("POST", "/app/api/reminders", raw=b"sender=x", headers={"Content-Type": "text/plain"})[0] == 415
    status, _, body = running.request("POST", "/app/api/voice?sender=a", raw=b"not audio", headers={"Content-Type": "audio/wav"})
    assert status == 400 and "WAV" in body["error"]
    status, _, body = running.request("POST", "/app/api/voice?sender=a", raw=wav_of(b"\0" * 100, 44100),
                                      headers={"Content-Type": "audio/wav"})
    assert status == 400 and "16 kHz" in body["error"]
    status, _, _ = running.request("POST", "/app/api/voice?sender=a", raw=b"\0" * 1_000_001, headers={"Content-Type": "audio/wav"})
    assert status == 413
    assert running.request("POST", "/app/api/speech", {"sender": "a", "text": "x" * 2001})[0] == 400


def test_a_spoken_crisis_is_answered_like_a_typed_one(server):
    running = server
    clip = speech(running.url, CRISIS)
    assert clip[:4] == b"RIFF"
    started = time.monotonic()
    status, _, turn = running.request("POST", "/app/api/voice?sender=web-voice", raw=wav_of(pcm_of(clip)),
                                      headers={"Content-Type": "audio/wav"}, timeout=180)
    assert status in (200, 503), turn
    if status == 503:
        assert "You can type instead" in turn["error"] and "Traceback" not in turn["error"]
        pytest.skip(turn["error"])
    web_browser.record(TIMINGS, {"voice_turn_s_with_recogniser_load": round(time.monotonic() - started, 2)})
    said = " ".join(message.get("text", "") for message in turn["messages"])
    assert turn["heard"] and "988" in said and "999" in said, turn
    status, _, quiet = running.request("POST", "/app/api/voice?sender=web-voice", raw=wav_of(b"\0" * 32000),
                                       headers={"Content-Type": "audio/wav"}, timeout=60)
    assert status == 200 and quiet["messages"] == [] and "say it again" in quiet["note"]


def test_a_conversation_with_buttons_a_breathing_exercise_and_a_crisis(page, server):
    running = server
    assert "Hi" in say(page, "hello")[0] or say(page, "hello")
    reply = say(page, "i feel drained")
    assert any("exercise" in text for text in reply)
    choices = page.find_elements("css selector", "#log .choices button:not([disabled])")
    assert [b.text for b in choices] == ["Yes, please", "Not now"], "the assistant's buttons are buttons"
    before = len(bubbles(page))
    choices[0].click()
    wait(lambda: len(bubbles(page)) > before + 1, what="the answer to the button")
    assert bubbles(page)[before] == "You: Yes, please", "the button's title is shown as what the person said"
    assert page.find_element("id", "exercise").is_displayed(), "its exercise starts"
    assert all(b.get_attribute("disabled") for b in choices), "old choices are retired"

    say(page, "can we do a breathing exercise")
    assert page.find_element("id", "exercise-title").text.startswith("Paced breathing")
    assert circle(page)["step"] == "Step 1 of 15" and circle(page)["countdown"] in (4, 5)
    click(page, "faster")
    click(page, "faster")
    speed = 1 / 1.5 ** 2
    click(page, "skip")
    click(page, "skip")
    step_three = time.monotonic()
    assert circle(page)["step"] == "Step 3 of 15"
    wait(lambda: circle(page)["step"] == "Step 4 of 15", 10, 0.02, "step 4 after its own time")
    assert 4 * speed - 0.4 < time.monotonic() - step_three < 4 * speed + 0.8, "a step lasts its seconds, at the chosen pace"
    breathing_in = circle(page)
    assert breathing_in["breath"] == "in" and page.find_element("id", "breath").text == "Breathe in"
    assert breathing_in["duration"] == pytest.approx(4000 * speed, abs=1), "the circle grows over the step's real time"
    wait(lambda: circle(page)["step"] == "Step 5 of 15", 10, 0.02, "step 5")
    grown = circle(page)
    assert grown["breath"] == "out" and grown["scale"] > 0.95 and grown["duration"] == pytest.approx(6000 * speed, abs=1)
    time.sleep(0.8)
    shrinking = circle(page)
    assert shrinking["scale"] < grown["scale"] - 0.05, "and shrinks breathing out"
    click(page, "pause")
    paused = circle(page)
    time.sleep(1.2)
    assert circle(page)["countdown"] == paused["countdown"] and circle(page)["step"] == "Step 5 of 15"
    assert page.find_element("id", "pause").text == "Resume" and page.find_element("id", "status").text.startswith("Paused")
    click(page, "pause")
    box = page.find_element("id", "message")
    box.send_keys("slower please\n")  # typed while it runs: the player's control, not a message that stops it
    wait(lambda: page.find_element("id", "status").text == "Slowing down.", 5, what="the typed control")
    assert page.find_element("id", "exercise").is_displayed() and bubbles(page)[-1] == "You: slower please"
    deadline = time.monotonic() + 3  # a loaded machine may apply it a moment later
    while abs(circle(page)["rate"] - 1 / 1.5) > 0.01 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert circle(page)["rate"] == pytest.approx(1 / 1.5, abs=0.01)
    click(page, "stop")
    assert not page.find_element("id", "exercise").is_displayed()
    assert page.find_element("id", "status").text == "Stopping the exercise."

    crisis = " ".join(say(page, CRISIS))
    assert "988" in crisis and "999" in crisis and "911" in crisis, "the crisis answer with its numbers, as typed"
    click(page, "help")
    shown = page.find_element("css selector", ".lines:not([hidden])").text
    assert "988" in shown and "116 123" in shown, "the lines are one tap away before a country is known"
    say(page, "I'm in the UK")
    wait(lambda: page.find_element("id", "country").get_attribute("value") == "GB", what="the country the person named")
    shown = page.find_element("css selector", ".lines:not([hidden])").text
    assert "999" in shown and "Samaritans" in shown and "116 123" in shown and "988" not in shown
    web_browser.save_screenshot(page, RESULTS / "web-page.png")

    times = web_browser.reply_times(page)
    web_browser.record(TIMINGS, {
        "page_ready_s": round(page.page_ready, 3),  # from opening the page on a server that is up to its script ready
        "reply_shown_ms": {"turns": len(times), "first": round(times[0]), "median": round(statistics.median(times)),
                           "max_after_first": round(max(times[1:]))},
    })
    logs = page.logs.collect()
    outside = [url for url in logs.requests if not url.startswith(running.url + "/")]
    assert logs.requests and not outside, f"every request stays on 127.0.0.1: {outside}"
    assert not [line for line in logs.console if "Content Security Policy" in line or "Uncaught" in line], logs.console


def test_keyboard_alone_and_a_screen_reader(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def press(*sequence: str, back: bool = False) -> dict:
        for key in sequence:
            chain = ActionChains(page)
            (chain.key_down(Keys.SHIFT).send_keys(key).key_up(Keys.SHIFT) if back else chain.send_keys(key)).perform()
        return focused(page)

    page.execute_script("localStorage.clear()")  # a new conversation, out of the last test's crisis mode
    web_browser.open_page(page, page.current_url)
    assert focused(page)["id"] == "message", "the message box has the focus on arrival"
    before = len(bubbles(page))
    press(*"i feel drained", Keys.ENTER)
    wait(lambda: page.find_elements("css selector", "#log .choices button:not([disabled])"), what="choices")
    assert len(bubbles(page)) > before + 1 and focused(page)["id"] == "message"
    for _ in range(6):  # back from the message box to the choices above it
        if press(Keys.TAB, back=True)["text"] == "Yes, please":
            break
    assert focused(page)["text"] == "Yes, please" and focused(page)["outline"] != "none", "choices are reachable and show focus"
    before = len(bubbles(page))
    press(Keys.ENTER)
    wait(lambda: page.find_element("id", "exercise").is_displayed(), what="the exercise chosen by keyboard")
    assert bubbles(page)[before] == "You: Yes, please" and focused(page)["id"] == "message"
    assert press(Keys.TAB, back=True)["id"] == "stop", "the exercise controls come right before the message box"
    press(Keys.ENTER)
    assert not page.find_element("id", "exercise").is_displayed() and focused(page)["id"] == "message"

    page.execute_script("document.getElementById('help').open = false;")
    for _ in range(40):  # from the message box back up to the top of the page
        if press(Keys.TAB, back=True)["text"] == "Need help now?":
            break
    assert focused(page)["text"] == "Need help now?" and focused(page)["outline"] != "none"
    assert press(Keys.TAB, back=True)["text"] == "Skip to the message box", "the first stop skips to the message box"
    press(Keys.TAB)
    press(Keys.ENTER)
    assert page.find_element("id", "help").get_attribute("open") is not None
    assert press(Keys.TAB)["id"] == "country", "the country can be chosen by keyboard"
    assert "999" in page.find_element("css selector", ".lines:not([hidden])").text
    page.execute_script("document.getElementById('help').open = false;")

    log = page.find_element("id", "log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite", "replies are announced"
    assert bubbles(page, ".bot")[-1].startswith("Compassion: "), "each reply says who is speaking"
    assert page.find_element("id", "step").get_attribute("aria-live") == "polite", "exercise steps are announced"
    assert page.find_element("id", "status").get_attribute("role") == "status"
    assert page.find_element("tag name", "html").get_attribute("lang") == "en"
    unnamed = page.execute_script("""return [...document.querySelectorAll('button, select, input, summary, a')]
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim())).map((el) => el.outerHTML)""")
    assert not unnamed, "every control has a name a screen reader can say"
    assert page.execute_script("return document.querySelectorAll('header, main, footer').length") == 3


def test_good_contrast_and_text_that_scales(page):
    ratios = web_browser.contrast(page, "body p, .bubble, button, summary, label, .lines li")
    low = {name: round(ratio, 2) for name, ratio in ratios.items() if ratio < 4.5}
    assert ratios and not low, f"text contrast of at least 4.5:1 (WCAG AA): {low}"
    size = lambda: page.execute_script("return parseFloat(getComputedStyle(document.querySelector('#log .bubble')).fontSize)")  # noqa: E731
    normal = size()
    page.execute_script("document.documentElement.style.fontSize = '200%'")
    try:
        assert size() == pytest.approx(2 * normal), "text follows the reader's own text size"
        assert page.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), "and still fits the width"
    finally:
        page.execute_script("document.documentElement.style.fontSize = ''")


def test_loving_kindness_is_paced_and_still_for_reduced_motion(page):
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    try:
        say(page, "send me loving kindness")
        assert page.find_element("id", "exercise-title").text.startswith("Loving kindness")
        assert circle(page)["countdown"] in (4, 5) and circle(page)["step"].startswith("Step 1 of ")
        for _ in range(3):
            click(page, "skip")
        state = circle(page)
        assert state["breath"] == "in" and state["duration"] is None, "no motion when the reader asked for none"
        assert page.find_element("id", "breath").text == "Breathe in" and state["countdown"] == 4, "words and seconds carry it"
        click(page, "stop")
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_reminders_appear_and_forget_deletes_this_conversation(page, server):
    from assistant.core.reminders import ReminderStore, Schedule
    from assistant.core.text import conversation_id

    sender = page.execute_script("return localStorage.getItem('compassion.sender')")
    assert sender.startswith("web-")
    store = ReminderStore(server.data_dir / "reminders.db")
    store.add(conversation_id(sender), "take a slow breath", Schedule(time.time() - 1))
    store.add(conversation_id(sender), "stretch", Schedule(time.time() + 3600))
    say(page, "thank you")
    wait(lambda: "Compassion: Reminder: take a slow breath." in bubbles(page), what="the due reminder")
    assert page.execute_script("return window.__notified") == ["Reminder: take a slow breath."], "shown as a notification too"

    def stored() -> int:
        with sqlite3.connect(server.data_dir / "conversations.db") as db:
            return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (conversation_id(sender),)).fetchone()[0]

    assert stored() > 0
    click(page, "forget")
    assert focused(page)["id"] == "forget-yes"
    click(page, "forget-yes")
    wait(lambda: "deleted" in " ".join(bubbles(page)), what="the page saying it forgot")
    assert stored() == 0 and store.list(conversation_id(sender)) == [], "tracker and reminders deleted"
    assert len(bubbles(page)) == 1, "and the page shows nothing of it"
    assert page.execute_script("return localStorage.getItem('compassion.sender')") != sender, "a new conversation starts"


def test_push_to_talk_in_the_browser(server, tmp_path):
    """Chromium's fake microphone plays a recording; the page converts it to WAV and the reply is spoken."""
    web_browser.require_browser()
    recording = tmp_path / "spoken.wav"
    silence = b"\0" * 32000
    recording.write_bytes(wav_of(silence + pcm_of(speech(server.url, CRISIS)) + 3 * silence))
    driver = web_browser.launch(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                                 f"--use-file-for-fake-audio-capture={recording}"])
    try:
        web_browser.open_page(driver, server.url + "/app/")
        click(driver, "talk")
        assert driver.find_element("id", "talk").get_attribute("aria-pressed") == "true"
        time.sleep(4.5)
        click(driver, "talk")
        wait(lambda: len(bubbles(driver, ".bot")) > 0, 120, 0.2, "the answer to what was said")
        heard = bubbles(driver, ".user")
        assert heard and heard[0].startswith("You: ") and len(heard[0]) > len("You: "), heard
        said = " ".join(bubbles(driver, ".bot"))
        if "end my life" in heard[0].lower():  # heard right: answered as typed (how well it hears is not this test's)
            assert "988" in said and "999" in said, (heard, said)
        assert driver.find_element("id", "sound").get_attribute("aria-pressed") == "true", "spoken to, it answers aloud"
        logs = web_browser.Logs(driver)
        wait(lambda: any(url.endswith("/app/api/speech") for url in logs.collect().requests), 30, 0.2, "speech")
        assert all(url.startswith(server.url + "/") for url in logs.requests)
    finally:
        driver.quit()


def test_need_help_works_when_the_server_is_gone(page, server):
    """Last: the server stops, and the page still gives the numbers."""
    from selenium.webdriver.support.select import Select

    click(page, "help")
    Select(page.find_element("id", "country")).select_by_value("GB")
    page.execute_script("document.getElementById('help').open = false;")
    assert server.stop() == 0
    box = page.find_element("id", "message")
    box.send_keys("are you there?\n")
    wait(lambda: "can't reach the assistant" in " ".join(bubbles(page, ".bot")), what="the page noticing")
    assert "999" in bubbles(page, ".bot")[-1], "the emergency number of the person's country, from the page itself"
    assert page.find_element("id", "help").get_attribute("open") is not None
    shown = page.find_element("css selector", ".lines:not([hidden])").text
    assert "999" in shown and "116 123" in shown


def test_the_page_keeps_numbers_whatever_helplines_yml_holds(tmp_path):
    from assistant.frontends import web_page

    broken = tmp_path / "helplines.yml"
    broken.write_text("countries: [this is: not, the shape\n")
    page = web_page.render(web_page.read_lines(broken), None)
    assert "911" in page and "999" in page and "116 123" in page, "the crisis answer's own numbers when the file is unreadable"
    odd = tmp_path / "odd.yml"
    odd.write_text("countries:\n  GB: {name: the United Kingdom, emergency: '999', crisis: [{name: Samaritans, call: 116 123},"
                   " {name: no way to reach}, 7]}\n  ZZ: nonsense\n")
    lines = web_page.read_lines(odd)
    assert list(lines["countries"]) == ["GB"] and [line["name"] for line in lines["countries"]["GB"]["crisis"]] == ["Samaritans"]
    page = web_page.render(lines, "GB")
    assert '<option value="GB" selected>' in page and 'href="tel:116123"' in page


def test_web_opens_the_browser_once_the_server_answers_or_prints_the_address(monkeypatch, capsys):
    import http.server
    import threading

    from assistant.frontends import web

    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *args: None})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        opened = []
        monkeypatch.setenv("DISPLAY", ":0")
        web.open_when_ready(url, lambda address: opened.append(address) or True).join(10)
        assert opened == [url]
        monkeypatch.delenv("DISPLAY")
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        web.open_when_ready(url, lambda address: pytest.fail("no console browser over the server's terminal")).join(10)
        assert f"open {url} in your web browser" in capsys.readouterr().err
    finally:
        httpd.shutdown()
    assert web.page_url("127.0.0.1", 5005) == "http://127.0.0.1:5005/app/"


def test_a_missing_recogniser_is_one_kind_sentence(monkeypatch):
    import asyncio

    from assistant.core.errors import SetupError
    from assistant.frontends.web_voice import BadAudio, BrowserVoice, read_pcm

    def missing():
        raise SetupError("the vosk engine needs the vosk package, which is not installed: .venv/bin/pip install vosk")

    voice = BrowserVoice(recogniser=missing, speaker=missing)
    for attempt in (voice.hear(b"\0\0"), voice.speak("hello")):
        with pytest.raises(SetupError) as error:
            asyncio.run(attempt)
        assert "isn't available on this computer" in str(error.value) or "aren't available" in str(error.value)
        assert "vosk" in str(error.value) and "Traceback" not in str(error.value)
    with pytest.raises(BadAudio):
        read_pcm(b"RIFF....")
    assert read_pcm(wav_of(b"\1\0" * 10)) == b"\1\0" * 10
