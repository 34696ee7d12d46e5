# jira_client_check.py — drives the embedded tracker with Debian's python3-jira, the way an
# ordinary Jira script would: create, search by JQL, edit, comment, transition, attach, read back.
# Usage: /usr/bin/python3 jira_client_check.py BASE_URL EMAIL API_TOKEN
import io
import sys

import jira


def main(url, email, token):
    j = jira.JIRA(server=url, basic_auth=(email, token))
    assert j.server_info()["baseUrl"] == url
    assert j.myself()["emailAddress"] == email
    names = {f["name"] for f in j.fields()}
    assert {"Summary", "Story Points", "Severity"} <= names, names

    issue = j.create_issue(project="DEMO", summary="From python-jira", issuetype={"name": "Bug"},
                           description="made by *python-jira*", labels=["py"],
                           customfield_10012={"value": "S3 - Minor"})
    assert issue.key.startswith("DEMO-"), issue.key

    found = j.search_issues("project = DEMO ORDER BY created DESC", maxResults=10)
    assert issue.key in [i.key for i in found], found
    assert found.total >= 1

    issue.update(summary="Edited by python-jira", fields={"labels": ["py", "edited"]})
    issue = j.issue(issue.key)
    assert issue.fields.summary == "Edited by python-jira"
    assert sorted(issue.fields.labels) == ["edited", "py"]
    assert issue.fields.customfield_10012.value == "S3 - Minor"

    comment = j.add_comment(issue, "a comment from python")
    assert comment.body == "a comment from python"
    assert [c.body for c in j.comments(issue)] == ["a comment from python"]

    transitions = {t["name"]: t["id"] for t in j.transitions(issue)}
    j.transition_issue(issue, transitions["Start Progress"])
    assert j.issue(issue.key).fields.status.name == "In Progress"

    attachment = j.add_attachment(issue=issue.key, attachment=io.BytesIO(b"attached bytes"), filename="notes.txt")
    assert attachment.filename == "notes.txt"
    issue = j.issue(issue.key, expand="changelog")
    assert [a.filename for a in issue.fields.attachment] == ["notes.txt"]
    assert issue.fields.attachment[0].get() == b"attached bytes"
    fields_changed = {item.field for h in issue.changelog.histories for item in h.items}
    assert {"summary", "labels", "status", "Attachment"} <= fields_changed, fields_changed

    assert j.search_issues("key = " + issue.key).total == 1
    try:
        j.issue("DEMO-9999")
        raise AssertionError("a missing issue must raise")
    except jira.JIRAError as e:
        assert e.status_code == 404
    print("python-jira: ok")


if __name__ == "__main__":
    main(*sys.argv[1:4])
