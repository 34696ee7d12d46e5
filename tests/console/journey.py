#!/usr/bin/python3
"""The operator's console in a real browser (headless Chromium through Debian's python3-selenium).

Against two nodes and two embedded trackers started by console_world: log in, see a connection,
publish rules with an error (the diagnostic shown at its line while typing and after publishing),
fix them and publish, switch a trigger off and on, run a bulk sync and watch it finish, look at an
issue and the statistics, then on the other node retry a parked twin after fixing its rules.
Screenshots of each page go to --shots. Any error in the browser's console fails the journey.
Nothing is downloaded: chromium and chromedriver are Debian's.

Usage: /usr/bin/python3 journey.py --world BUILD/tests/console_world --shots DIR
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 30  # seconds for anything the page or the node has to do


class Journey:
    def __init__(self, driver, shots):
        self.d = driver
        self.shots = shots
        self.step = "start"

    # --- helpers
    def wait(self, condition, what):
        try:
            return WebDriverWait(self.d, WAIT, poll_frequency=0.1).until(condition)
        except TimeoutException:
            raise AssertionError(f"{self.step}: timed out waiting for {what}\nURL {self.d.current_url}\n"
                                 + self.d.find_element(By.TAG_NAME, "body").text[:3000])

    def css(self, selector):
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, selector)), selector)

    def text_in(self, selector, text):
        self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, selector), text), f"'{text}' in {selector}")

    def shot(self, name):
        os.makedirs(self.shots, exist_ok=True)
        self.d.save_screenshot(os.path.join(self.shots, name + ".png"))

    def no_console_errors(self, expected=None):
        """Fails on any error in the browser's console; `expected` is the one network entry a
        step causes on purpose (Chromium logs a page answered 422 as a failed load)."""
        errors = [e for e in self.d.get_log("browser") if e.get("level") == "SEVERE"
                  and not (expected and e.get("source") == "network" and expected in e["message"])]
        if errors:
            raise AssertionError(f"{self.step}: errors in the browser's console:\n"
                                 + "\n".join(e["message"] for e in errors))

    def set_draft(self, text):
        """Puts text in the editor, then types one character at its end as a person would, so the
        editor's own input handler runs (and lints after its pause)."""
        area = self.css("#rules-text")
        self.d.execute_script("arguments[0].value = arguments[1];", area, text.rstrip("\n"))
        area.click()
        area.send_keys(Keys.CONTROL, Keys.END)
        area.send_keys("\n")

    def login(self, base, token):
        self.d.get(base + "/console/connections")
        self.css("#token")
        assert self.d.current_url == base + "/console/login", self.d.current_url
        field = self.d.switch_to.active_element
        assert field.get_attribute("id") == "token", "the token field has the focus"
        field.send_keys(token, Keys.ENTER)  # the keyboard only
        self.css("#connections")
        assert token not in self.d.page_source, "the token never appears in a page"
        assert token not in self.d.current_url

    # --- the journey
    def run(self, world):
        qa, dev = world["qa"], world["dev"]
        # Two hosts, two cookie jars: cookies do not tell ports apart.
        qa_base = qa["url"]
        dev_base = dev["url"].replace("127.0.0.1", "localhost")

        self.step = "login"
        self.d.get(qa_base + "/console/login")
        self.css("#token")
        self.shot("login")
        self.login(qa_base, qa["token"])
        self.no_console_errors()

        self.step = "connections"
        row = self.css('tr[data-connection="qa_to_dev"]')
        assert "active" in row.find_element(By.CSS_SELECTOR, ".state").text
        assert "dev_from_qa" in row.text, row.text
        # Every action is reachable with the keyboard: Tab reaches the pause button.
        for _ in range(30):
            self.d.switch_to.active_element.send_keys(Keys.TAB)
            if self.d.switch_to.active_element.text == "Pause qa_to_dev":
                break
        else:
            raise AssertionError("Tab never reached the pause button")
        self.shot("connections")
        self.d.switch_to.active_element.send_keys(Keys.ENTER)
        self.text_in(".flash", "Connection qa_to_dev paused.")
        self.text_in('tr[data-connection="qa_to_dev"] .state', "paused")
        self.d.find_element(By.XPATH, "//button[text()='Resume qa_to_dev']").click()
        self.text_in('tr[data-connection="qa_to_dev"] .state', "active")
        self.no_console_errors()

        self.step = "rules: lint as one types"
        self.d.find_element(By.LINK_TEXT, "qa_to_dev").click()
        running = self.css("#running-version").text
        original = self.d.find_element(By.CSS_SELECTOR, "#rules-text").get_attribute("value")
        good = "replica.summary     = issue.summary"
        assert good in original, original
        line = original[: original.index(good)].count("\n") + 1
        broken = original.replace(good, "replica.summary     = issue.summry")
        self.set_draft(broken)
        self.css(f'#diagnostics li[data-line="{line}"].error')
        marked = self.d.find_element(By.CSS_SELECTOR, f"#gutter span:nth-child({line})")
        assert "has-error" in marked.get_attribute("class"), marked.get_attribute("outerHTML")
        assert "summry" in self.d.find_element(By.CSS_SELECTOR, "#diagnostics").text
        self.d.find_element(By.CSS_SELECTOR, f'#diagnostics button[data-line="{line}"]').click()
        assert self.d.switch_to.active_element.get_attribute("id") == "rules-text", "the cursor went to the line"
        self.d.execute_script("document.getElementById('editor').scrollIntoView()")
        self.shot("rules-lint")
        self.no_console_errors()

        self.step = "rules: publish with an error"
        self.d.find_element(By.XPATH, "//button[text()='Publish']").click()
        self.css("#publish-problem")
        self.css(f'#diagnostics li[data-line="{line}"].error')
        assert self.css("#running-version").text == running, "the running rules stay"
        self.no_console_errors(expected="/console/connections/qa_to_dev/rules - Failed to load resource: "
                                        "the server responded with a status of 422")

        self.step = "rules: fix and publish"
        self.set_draft(original + "\n// published from the console\n")
        self.text_in("#lint-status", "No problems found.")
        self.d.find_element(By.XPATH, "//button[text()='Publish']").click()
        self.text_in(".flash", "Rules published")
        assert self.css("#running-version").text != running, "a new version runs"
        self.no_console_errors()

        self.step = "triggers"
        self.d.find_element(By.XPATH, "//button[text()='Switch off vetted_bugs']").send_keys(Keys.ENTER)
        self.text_in(".flash", "Trigger vetted_bugs switched off.")
        self.text_in('tr[data-trigger="vetted_bugs"] .active', "off")
        self.d.find_element(By.XPATH, "//button[text()='Switch on vetted_bugs']").click()
        self.text_in('tr[data-trigger="vetted_bugs"] .active', "on")
        self.d.execute_script("document.getElementById('triggers').scrollIntoView()")
        self.shot("connection")
        self.no_console_errors()

        self.step = "bulk sync"
        Select(self.d.find_element(By.ID, "bulk-trigger")).select_by_value("vetted_bugs")
        self.d.find_element(By.XPATH, "//button[text()='Start bulk sync']").click()
        self.css("#bulk-progress")
        self.text_in("#bulk-state", "Finished.")
        self.text_in("#bulk-count", "2 of 2 issues queued")
        bar = self.d.find_element(By.ID, "bulk-progress")
        assert bar.get_attribute("value") == "2" and bar.get_attribute("max") == "2", bar.get_attribute("outerHTML")
        self.shot("bulk")
        self.no_console_errors()

        self.step = "issue"
        self.d.find_element(By.LINK_TEXT, "Issue").click()
        field = self.css("#issue-key")
        field.send_keys(world["synced"], Keys.ENTER)
        self.text_in("#twins", world["twin"])
        self.css("table.history")
        self.shot("issue")
        self.no_console_errors()

        self.step = "statistics"
        self.d.find_element(By.LINK_TEXT, "Statistics").click()
        self.css('section[data-connection="qa_to_dev"] svg.chart')
        self.shot("stats")
        self.no_console_errors()

        self.step = "logout"
        self.d.find_element(By.XPATH, "//button[text()='Log out']").click()
        self.css("#token")
        self.d.get(qa_base + "/console/errors")
        self.css("#token")  # back at the login

        self.step = "parked twin on the other node"
        self.login(dev_base, dev["token"])
        self.d.find_element(By.LINK_TEXT, "Errors").click()
        row = self.css("#errors tbody tr")
        assert "no priority mapping" in row.text, row.text
        assert "strict.sync:" in row.text, "the rule line: " + row.text
        error_id = row.get_attribute("data-error")
        self.shot("errors")
        self.d.get(dev_base + "/console/connections/dev_from_qa")
        strict = self.css("#rules-text").get_attribute("value")
        mapping = '"Medium" <- "Medium"\n'
        assert mapping in strict, strict
        self.set_draft(strict.replace(mapping, mapping + '  "High"   <- "High"\n'))
        self.text_in("#lint-status", "No problems found.")
        self.d.find_element(By.XPATH, "//button[text()='Publish']").click()
        self.text_in(".flash", "Rules published")
        self.d.find_element(By.LINK_TEXT, "Errors").click()
        self.d.find_element(By.XPATH, f"//button[text()='Retry error {error_id}']").click()
        self.text_in(".flash", f"Error {error_id} retried.")
        self.css("#no-errors")
        # The twin resumes: QA's console shows the twin on DEV once DEV has made it.
        self.login(qa_base, qa["token"])
        deadline = time.time() + WAIT
        while True:
            self.d.get(qa_base + "/console/issues?key=" + world["parked"])
            twins = self.d.find_elements(By.CSS_SELECTOR, "#twins tbody td:nth-child(3)")
            if twins and twins[0].text.startswith("DEV-"):
                break
            if time.time() > deadline:
                raise AssertionError("the retried twin never reached DEV")
            time.sleep(0.2)
        self.no_console_errors()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--world", required=True)
    ap.add_argument("--shots", required=True)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "world.json")
        world_proc = subprocess.Popen([os.path.abspath(args.world), out], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, cwd=tmp)
        try:
            ready = world_proc.stdout.readline()  # blocks until the world is up (or it exited)
            if "ready" not in ready:
                raise SystemExit("console_world did not come up:\n" + ready + world_proc.stderr.read())
            with open(out) as f:
                world = json.load(f)

            options = webdriver.ChromeOptions()
            options.binary_location = "/usr/bin/chromium"
            for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                      "--window-size=1100,800", "--no-first-run", "--disable-extensions",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync",
                      f"--user-data-dir={tmp}/profile"):
                options.add_argument(a)
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
            driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
            try:
                Journey(driver, os.path.abspath(args.shots)).run(world)
            finally:
                driver.quit()
            print("journey: every step passed; screenshots in", args.shots)
        finally:
            world_proc.stdin.close()
            try:
                world_proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                world_proc.kill()


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("journey: FAILED:", e, file=sys.stderr)
        sys.exit(1)
