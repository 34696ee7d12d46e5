#!/usr/bin/python3
# peer_python_jira.py — the peer row for bench_connector's BM_ConnectorGetIssue: how long Debian's
# python3-jira takes to read the same answer (the tracker's REST v3 JSON of an issue with a rich
# description, custom fields and five comments) into its Issue resource, without the network.
# Usage: bench/peer_python_jira.py --url http://127.0.0.1:18080 --token TOKEN  (a running tracker)
import argparse
import json
import time

import requests
from jira import JIRA
from jira.resources import Issue

ISSUE = {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"},
                    "summary": "Crash when saving a file with a long name", "labels": ["sync", "crash"],
                    "priority": {"name": "High"},
                    "description": "h2. Steps\n\n# open the editor\n# save as *a very long name*\n\n"
                                   "{code}\nTrace: at save()\n{code}",
                    "customfield_10010": 5, "customfield_10012": {"value": "S2 - Major"},
                    "customfield_10013": [{"value": "Linux"}], "assignee": {"name": "ann"}}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:18080")
    ap.add_argument("--user", default="admin@example.com")
    ap.add_argument("--token", required=True)
    ap.add_argument("--seconds", type=float, default=5)
    a = ap.parse_args()
    auth = (a.user, a.token)
    key = requests.post(a.url + "/rest/api/2/issue", json=ISSUE, auth=auth).json()["key"]
    for _ in range(5):
        requests.post(a.url + f"/rest/api/2/issue/{key}/comment", json={"body": "I can *reproduce* it"}, auth=auth)
    body = requests.get(a.url + f"/rest/api/3/issue/{key}", auth=auth).text
    client = JIRA(server=a.url, basic_auth=auth, get_server_info=False)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < a.seconds:
        Issue(client._options, client._session, raw=json.loads(body))
        n += 1
    per = (time.perf_counter() - start) / n
    print(f"python3-jira: read an issue answer of {len(body)} bytes into Issue: {per * 1e6:.1f} us ({n} runs)")


if __name__ == "__main__":
    main()
