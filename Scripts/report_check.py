#!/usr/bin/env python3
"""Browser check of a Palimpsest HTML report, in headless Chromium driven over the DevTools
protocol (--remote-debugging-pipe, standard library only).

  report_check.py hostile-png SOURCE.png DEST.png
      copies a PNG, adding tEXt chunks whose text is HTML and script
  report_check.py check REPORT.html SCREENSHOT-DIR
      opens the page offline, fails (exit 1) on console errors, failed loads, JavaScript
      dialogs (alert), executed payloads or event-handler attributes in the DOM, and saves
      screenshots at laptop and phone widths
"""
import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import sys
import time
import zlib

HOSTILE_TEXT = [
    (b"parameters", b"<script>document.documentElement.dataset.pwned='text-chunk'</script>"
                    b"<img src=x onerror=alert('text-chunk')> Steps: 20"),
    (b"Comment", b"\"><svg onload=\"document.documentElement.dataset.pwned='comment'\">"),
]

LAPTOP = {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def hostile_png(source, dest):
    data = open(source, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{source} is not a PNG"
    ihdr_end = 8 + 8 + struct.unpack(">I", data[8:12])[0] + 4
    chunks = b""
    for keyword, text in HOSTILE_TEXT:
        body = keyword + b"\0" + text
        chunks += struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    open(dest, "wb").write(data[:ihdr_end] + chunks + data[ihdr_end:])


class Browser:
    """Headless Chromium with the DevTools protocol on file descriptors 3 (in) and 4 (out)."""

    def __init__(self, binary, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def attach_pipes():
            a = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=attach_pipes)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + 60
        while time.time() < deadline:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def receive(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def pump(self, seconds):
        """Collects events for a while (the browser keeps sending them while idle)."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            ready, _, _ = select.select([self.from_browser], [], [], max(0.0, deadline - time.time()))
            if ready or b"\0" in self.buffer:
                self.events.append(self.receive())

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def problems_in(events, session):
    found = []
    for event in events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            found.append("uncaught exception: " + params.get("exceptionDetails", {}).get("text", "?"))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            found.append("browser error: " + params["entry"].get("text", "?") + " " + params["entry"].get("url", ""))
        elif method == "Page.javascriptDialogOpening":
            found.append(f"a JavaScript {params.get('type')} dialog opened: {params.get('message')!r} (a payload executed)")
    return found


DOM_PROBE = r"""(() => {
  const handlers = [];
  for (const el of document.querySelectorAll('*'))
    for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) handlers.push(el.tagName + '[' + a.name + ']');
  const headings = Array.from(document.querySelectorAll('.finding h2 .name')).map(e => e.textContent);
  return {
    scripts: document.scripts.length,
    handlers: handlers,
    pwned: document.documentElement.dataset.pwned || null,
    svgs: Array.from(document.querySelectorAll('svg')).filter(s => !s.classList.contains('histogram')).length,
    hostileShown: headings.some(h => h.includes('<img src=x onerror=alert(1)>')),
    brokenImages: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src')),
    firstFinding: (document.querySelector('.finding') || {}).id || null,
    hostileFinding: (Array.from(document.querySelectorAll('.finding')).find(s => s.querySelector('h2 .name').textContent.includes('onerror')) || {}).id || null,
    js: document.documentElement.classList.contains('js'),
  };
})()"""


def evaluate(browser, session, expression):
    result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session)
    return result.get("result", {}).get("value")


def screenshot(browser, session, path, metrics, element=None, height=None):
    browser.send("Emulation.setDeviceMetricsOverride", metrics, session)
    browser.pump(0.5)
    top = 0
    if element:
        top = evaluate(browser, session, f"document.getElementById('{element}').getBoundingClientRect().top + window.scrollY") or 0
    page_height = evaluate(browser, session, "document.documentElement.scrollHeight")
    clip_height = min(height or metrics["height"], page_height - top)
    shot = browser.send("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": top, "width": metrics["width"], "height": clip_height, "scale": 1}}, session)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    print(f"  screenshot {path} ({metrics['width']} px wide)")


def check(page, shots):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        sys.exit("report-check needs Chromium (Debian package `chromium`).")
    os.makedirs(shots, exist_ok=True)
    profile = os.path.join(shots, ".profile")
    shutil.rmtree(profile, ignore_errors=True)
    browser = Browser(binary, profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            browser.send(f"{domain}.enable", {}, session)
        browser.send("Emulation.setDeviceMetricsOverride", LAPTOP, session)
        browser.send("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session)
        deadline = time.time() + 30
        while time.time() < deadline and not any(e.get("method") == "Page.loadEventFired" for e in browser.events):
            browser.pump(0.2)
        for event in browser.events:
            if event.get("method") == "Page.javascriptDialogOpening":
                browser.send("Page.handleJavaScriptDialog", {"accept": True}, session)
        evaluate(browser, session, "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        browser.pump(1.5)
        probe = evaluate(browser, session, DOM_PROBE)
        failures = []
        if probe["scripts"] != 1:
            failures.append(f"the page has {probe['scripts']} script elements; only its own one is expected")
        if probe["handlers"]:
            failures.append("event-handler attributes in the DOM (injected markup): " + ", ".join(probe["handlers"]))
        if probe["pwned"]:
            failures.append(f"an injected payload ran (marker {probe['pwned']!r})")
        if probe["svgs"]:
            failures.append(f"{probe['svgs']} injected svg elements in the DOM")
        if not probe["hostileShown"]:
            failures.append("the hostile file name is not shown as text in a finding heading")
        if probe["brokenImages"]:
            failures.append("pictures that did not load: " + ", ".join(probe["brokenImages"]))
        if not probe["js"]:
            failures.append("the page's own script did not run")

        first = probe["firstFinding"]
        screenshot(browser, session, os.path.join(shots, "laptop-summary.png"), LAPTOP, height=1500)
        screenshot(browser, session, os.path.join(shots, "phone-summary.png"), PHONE, height=1800)
        if first:
            screenshot(browser, session, os.path.join(shots, "laptop-finding.png"), LAPTOP, element=first, height=2600)
            screenshot(browser, session, os.path.join(shots, "phone-finding.png"), PHONE, element=first, height=3200)
        if probe["hostileFinding"]:
            screenshot(browser, session, os.path.join(shots, "laptop-hostile-finding.png"), LAPTOP,
                       element=probe["hostileFinding"], height=900)
        failures = problems_in(browser.events, session) + failures
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    failures = list(dict.fromkeys(failures))
    if failures:
        print(f"report-check FAILED for {page}:")
        for failure in failures:
            print("  - " + failure)
        sys.exit(1)
    print(f"report-check passed: {page} opened offline with no console errors, no failed loads, "
          "and no injected markup or script (hostile names shown as text)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "hostile-png":
        hostile_png(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
