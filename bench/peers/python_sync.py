#!/usr/bin/python3
# python_sync.py — the scripted peer of twinsync's sync throughput: a one-way sync from a "blue"
# tracker to a "green" one written the way a hand-written script with Debian's python3-jira
# would be. It polls blue with `project = X AND updated >= "watermark"` (the largest page the
# server gives, paginated), and for each changed issue creates or updates its twin on green
# (summary, description, priority, labels) and copies the comments not copied yet. The key map
# and the comment map live in memory only.
#
#   sync:   python_sync.py sync  --blue URL --green URL --token T [--interval 5]    (runs until ^C)
#   bench:  python_sync.py bench --blue URL --green URL --token T --issues 300
#           creates N issues with 2 comments each on blue (REST, a thread pool), then times the
#           sync until all N are on green with their comments, checks green, and prints one line
#           {"name": "python_jira_sync", "issues": N, "seconds": S, "issues_per_second": R,
#            "cpu_ms_per_issue": {"script": C, "trackers": T}}   (on-CPU time in the timed window;
#           "trackers" when TWINSYNC_TRACKER_PIDS names their processes, as run_python_sync.sh does)
#
# Run it with /usr/bin/python3 (Debian's python3-jira). bench/peers/run_python_sync.sh starts
# the two trackers and runs the bench mode.
import argparse
import concurrent.futures
import json
import os
import sys
import time

import requests
from jira import JIRA

SYNC_FIELDS = ["summary", "description", "priority", "labels", "issuetype", "comment", "updated"]
PAGE = 1000  # the tracker's (and Jira Data Center's) largest search page; Jira Cloud gives 100


def jql_minute(updated):
    """Jira's `updated` ("2026-11-26T23:59:07.123+0000") as a JQL date at minute precision."""
    return updated[:10].replace("-", "/") + " " + updated[11:16]


class OneWaySync:
    def __init__(self, blue, green, blue_project, green_project, prefetch=True):
        self.blue, self.green = blue, green
        self.blue_project, self.green_project = blue_project, green_project
        self.prefetch = prefetch
        self.watermark = None   # latest `updated` seen on blue; JQL has minutes, so polls overlap
        self.twins = {}         # blue key -> green key
        self.seen = {}          # blue key -> the `updated` last synced (skips the overlap)
        self.comments = {}      # blue key -> {blue comment id: green comment id}

    def changed_issues(self):
        jql = f"project = {self.blue_project}"
        if self.watermark:
            jql += f' AND updated >= "{jql_minute(self.watermark)}"'
        jql += " ORDER BY updated ASC"
        start = 0
        while True:
            page = self.blue.search_issues(jql, startAt=start, maxResults=PAGE, fields=SYNC_FIELDS,
                                           validate_query=True)
            yield from page
            start += len(page)
            if len(page) == 0 or start >= page.total:
                return

    def poll(self):
        """One poll of blue; returns how many issues were written to green."""
        written = 0
        for issue in self.changed_issues():
            f = issue.fields
            if self.seen.get(issue.key) == f.updated:
                continue
            self.copy(issue)
            self.seen[issue.key] = f.updated
            if self.watermark is None or f.updated > self.watermark:
                self.watermark = f.updated
            written += 1
        return written

    def copy(self, issue):
        f = issue.fields
        fields = {
            "summary": f.summary,
            "description": f.description or "",
            "priority": {"name": f.priority.name} if f.priority else None,
            "labels": list(f.labels or []),
        }
        if fields["priority"] is None:
            del fields["priority"]
        twin = self.twins.get(issue.key)
        if twin is None:
            fields["project"] = {"key": self.green_project}
            fields["issuetype"] = {"name": f.issuetype.name}
            created = self.green.create_issue(fields=fields, prefetch=self.prefetch)
            twin = self.twins[issue.key] = created.key
        else:
            self.green.issue(twin, fields="summary").update(fields=fields)
        copied = self.comments.setdefault(issue.key, {})
        for c in f.comment.comments:
            if c.id not in copied:
                copied[c.id] = self.green.add_comment(twin, c.body).id

    def done(self, n, comments_each):
        return len(self.twins) >= n and all(len(self.comments.get(k, ())) >= comments_each for k in self.twins)


def create_on_blue(url, auth, project, n, comments_each, threads=8):
    s = requests.Session()
    s.auth = auth
    adapter = requests.adapters.HTTPAdapter(pool_connections=threads, pool_maxsize=threads)
    s.mount("http://", adapter)

    def one(i):
        r = s.post(f"{url}/rest/api/2/issue", json={"fields": {
            "project": {"key": project}, "issuetype": {"name": "Task"},
            "summary": f"Issue {i} to sync", "description": f"Created by the benchmark, number *{i}*.",
            "priority": {"name": "High" if i % 2 else "Medium"}, "labels": ["bench", f"batch{i % 10}"]}})
        r.raise_for_status()
        key = r.json()["key"]
        for k in range(comments_each):
            requests_ok(s.post(f"{url}/rest/api/2/issue/{key}/comment", json={"body": f"comment {k} on {key}"}))
        return key

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, range(n)))


def requests_ok(r):
    r.raise_for_status()
    return r


def check_green(green, project, n, comments_each):
    issues, start = [], 0
    while True:
        page = green.search_issues(f"project = {project}", startAt=start, maxResults=PAGE, fields=["comment"])
        issues += page
        start += len(page)
        if len(page) == 0 or start >= page.total:
            break
    short = [i.key for i in issues if len(i.fields.comment.comments) != comments_each]
    if len(issues) != n or short:
        sys.exit(f"green has {len(issues)} issues (want {n}); with the wrong comment count: {short[:10]}")


def tracker_cpu_ms():
    """On-CPU milliseconds so far of the tracker processes run_python_sync.sh names in
    TWINSYNC_TRACKER_PIDS (every thread's schedstat), or None when it names none."""
    pids = os.environ.get("TWINSYNC_TRACKER_PIDS", "").split()
    if not pids:
        return None
    total = 0
    for pid in pids:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    return total / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mode", choices=["sync", "bench"])
    ap.add_argument("--blue", required=True, help="blue tracker URL")
    ap.add_argument("--green", required=True, help="green tracker URL")
    ap.add_argument("--user", default="admin@example.com")
    ap.add_argument("--token", required=True, help="API token of --user on both trackers")
    ap.add_argument("--blue-project", default="BLUE")
    ap.add_argument("--green-project", default="GREEN")
    ap.add_argument("--issues", type=int, default=300)
    ap.add_argument("--comments", type=int, default=2)
    ap.add_argument("--interval", type=float, default=5, help="seconds between polls (sync mode)")
    ap.add_argument("--no-prefetch", action="store_true",
                    help="create_issue(prefetch=False): skip python3-jira's GET of each issue it creates")
    a = ap.parse_args()
    auth = (a.user, a.token)
    blue = JIRA(server=a.blue, basic_auth=auth)
    green = JIRA(server=a.green, basic_auth=auth)
    sync = OneWaySync(blue, green, a.blue_project, a.green_project, prefetch=not a.no_prefetch)

    if a.mode == "sync":
        while True:
            n = sync.poll()
            print(f"{time.strftime('%H:%M:%S')} synced {n} issue(s)", file=sys.stderr)
            time.sleep(a.interval)

    create_on_blue(a.blue, auth, a.blue_project, a.issues, a.comments)
    start, script_cpu, trackers_cpu = time.perf_counter(), time.process_time(), tracker_cpu_ms()
    polls = 0
    while not sync.done(a.issues, a.comments):
        sync.poll()
        polls += 1
    seconds = time.perf_counter() - start
    cpu = {"script": round((time.process_time() - script_cpu) * 1000 / a.issues, 3)}
    if trackers_cpu is not None:
        cpu["trackers"] = round((tracker_cpu_ms() - trackers_cpu) / a.issues, 3)
    check_green(green, a.green_project, a.issues, a.comments)
    print(json.dumps({"name": "python_jira_sync", "issues": a.issues, "seconds": round(seconds, 3),
                      "issues_per_second": round(a.issues / seconds, 1), "cpu_ms_per_issue": cpu}))
    print(f"({polls} poll(s); prefetch={not a.no_prefetch})", file=sys.stderr)


if __name__ == "__main__":
    main()
