#!/usr/bin/python3
"""The demo's HTML report in headless Chromium, driven over the DevTools protocol on a pipe
(--remote-debugging-pipe; Python's standard library and PIL only). Every page of the report loads with
no console error, no uncaught exception and no failed request; every local link and image resolves;
screenshots of index.html and of one concept page are not blank; the concept tree lists all 25 demo
concepts. Then the escaping case: a copy of the demo whose data set is named <script>alert(1)</script>
and whose image folder is named <img src=x onerror=alert(1)> shows both as text, and no dialog opens.
Skips (exit 77) when Chromium is absent.
Usage: report_browser_test.py HINT WORK (WORK as make_demo_fixture.sh left it)."""
import base64
import io
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

hint, work = sys.argv[1], sys.argv[2]
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    print("SKIP: chromium is not installed (scripts/install-deps.sh installs it)")
    sys.exit(77)
from PIL import Image  # noqa: E402 (python3-pil, as the other image tests)

env = dict(os.environ, HINT_CACHE_DIR=os.path.join(work, "cache"), XDG_CONFIG_HOME=os.path.join(work, "config"),
           XDG_RUNTIME_DIR=os.path.join(work, "runtime"))
failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
        print("ok:", what)
    else:
        failures.append(what)
        print("FAILED:", what)


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4 (replies and events out)."""

    def __init__(self, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():
            # Through spare numbers first: a pipe may already be 3 or 4, and dup2 onto itself would
            # keep its close-on-exec flag.
            spare_r, spare_w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(spare_r, 3)
            os.dup2(spare_w, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--mute-audio",
             f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id = 0
        self.replies = {}
        self.events = queue.Queue()
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    self.events.put(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.next_id not in self.replies:
                if not self.lock.wait(deadline - time.monotonic()):
                    raise TimeoutError(method)
            reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Tab:
    def __init__(self, browser):
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    def send(self, method, params=None):
        return self.browser.send(method, params, self.session)

    def open(self, url):
        """Loads the page; returns its problems: console errors, exceptions, failed requests, dialogs."""
        problems, dialogs = [], []
        self.send("Page.navigate", {"url": url})
        deadline = time.monotonic() + 30
        loaded = False
        quiet_until = None
        while time.monotonic() < deadline:
            try:
                event = self.browser.events.get(timeout=0.05)
            except queue.Empty:
                if loaded and time.monotonic() >= quiet_until:
                    break
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Page.loadEventFired":
                loaded, quiet_until = True, time.monotonic() + 0.15
            elif method == "Runtime.exceptionThrown":
                problems.append("exception: " + params["exceptionDetails"].get("text", ""))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                problems.append("console error: " + json.dumps(params.get("args"))[:200])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                problems.append("log error: " + params["entry"].get("text", "") + " " + params["entry"].get("url", ""))
            elif method == "Network.loadingFailed":
                problems.append("failed request: " + params.get("errorText", ""))
            elif method == "Page.javascriptDialogOpening":
                dialogs.append(params.get("message"))
                self.send("Page.handleJavaScriptDialog", {"accept": False})
        if not loaded:
            problems.append("no load event in 30 s")
        return problems, dialogs

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def screenshot_colours(self):
        png = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
        image = Image.open(io.BytesIO(png)).convert("RGB")
        return len(image.getcolors(maxcolors=1 << 24)), image.size


# What a loaded page links to and shows (after the load event: every <img> has settled).
PAGE_FACTS = """(() => ({
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  images: Array.from(document.querySelectorAll('img')).map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0})),
  text: document.body.innerText,
  concepts: Array.from(document.querySelectorAll('#tree .concept.studied .wnid')).map(e => e.textContent),
  scripts: document.scripts.length,
  injected: document.querySelectorAll('img[src="x"], svg[onload]').length
}))()"""


def file_of(url):
    parsed = urllib.parse.urlparse(url)
    return urllib.parse.unquote(parsed.path) if parsed.scheme == "file" else None


def write_report(project, site, *extra):
    run = subprocess.run([hint, "report", project, "--html", site, *extra], env=env, capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr)
    return run.returncode


scratch = tempfile.mkdtemp(prefix="report-browser-")
browser = None
try:
    site = os.path.join(work, "site")  # written by the fixture, make_demo_fixture.sh
    browser = Browser(os.path.join(scratch, "profile"))
    tab = Tab(browser)
    start = time.monotonic()

    # Every page reachable from index.html, breadth first; every link and image checked on the way.
    pages, seen, bad_links, bad_pages = [os.path.join(site, "index.html")], set(), [], []
    while pages:
        page = pages.pop(0)
        if page in seen:
            continue
        seen.add(page)
        problems, dialogs = tab.open("file://" + page)
        facts = tab.evaluate(PAGE_FACTS)
        if problems or dialogs:
            bad_pages.append((page, problems, dialogs))
        for image in facts["images"]:
            if not image["ok"]:
                bad_links.append((page, image["src"]))
        for link in facts["links"]:
            path = file_of(link.split("#")[0])
            if path is None:
                bad_links.append((page, link))  # the report links nothing outside itself
            elif not os.path.isfile(path):
                bad_links.append((page, link))
            elif path.endswith(".html"):
                pages.append(path)
        if page.endswith("/index.html") and page == os.path.join(site, "index.html"):
            index_facts = facts
    print(f"{len(seen)} pages checked in {time.monotonic() - start:.1f} s")
    check(len(seen) >= 1 + 75 + 3, f"every page is reached from index.html ({len(seen)}: index, 75 concept x layer, 3 layers)")
    check(not bad_pages, f"every page loads with no console error, exception, failed request or dialog {bad_pages[:3]}")
    check(not bad_links, f"every local link and image resolves {bad_links[:5]}")

    concepts = set(index_facts["concepts"])
    demo = json.load(open(os.path.join(work, "demo", "demo.hintproj")))["concepts"]
    check(concepts == set(demo) and len(concepts) == 25, f"the concept tree lists all 25 demo concepts ({len(concepts)})")

    tab.open("file://" + os.path.join(site, "index.html"))
    colours, size = tab.screenshot_colours()
    check(colours >= 16, f"index.html's screenshot is not blank ({colours} colours, {size[0]}x{size[1]})")
    concept_page = os.path.join(site, "concepts", "n13878634", "features.16.html")
    tab.open("file://" + concept_page)
    colours, size = tab.screenshot_colours()
    check(colours >= 64, f"a concept page's screenshot is not blank ({colours} colours)")

    # The escaping case: hostile names from the data show as text, and nothing runs.
    hostile = os.path.join(scratch, "hostile")
    shutil.copytree(os.path.join(work, "demo"), hostile, symlinks=True)
    folder = "<img src=x onerror=alert(1)>"
    os.rename(os.path.join(hostile, "test", "images"), os.path.join(hostile, "test", folder))
    spec = json.load(open(os.path.join(hostile, "demo.hintproj")))
    spec["datasets"][0]["name"] = "<script>alert(1)</script>"
    spec["datasets"][0]["path"] = "test/" + folder
    project = os.path.join(hostile, "<svg onload=alert(1)>.hintproj")
    json.dump(spec, open(project, "w"), indent=2)
    escaped_site = os.path.join(scratch, "escaped")
    check(write_report(project, escaped_site, "--concepts", "n13878634") == 0, "the report of the hostile copy is written")
    problems, dialogs = tab.open("file://" + os.path.join(escaped_site, "index.html"))
    facts = tab.evaluate(PAGE_FACTS)
    check(not dialogs, f"no dialog opens ({dialogs})")
    check(not problems, f"the hostile index loads cleanly ({problems[:3]})")
    check("<script>alert(1)</script>" in facts["text"] and folder in facts["text"] and "<svg onload=alert(1)>" in facts["text"],
          "the hostile names show as text")
    check(facts["injected"] == 0 and facts["scripts"] == 2, f"no element was injected ({facts['injected']}, {facts['scripts']} scripts)")
finally:
    if browser:
        browser.close()
    shutil.rmtree(scratch, ignore_errors=True)

print(f"report_browser_test: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
