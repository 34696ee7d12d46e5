# openapi_check.py — validates the embedded tracker's responses against the JSON schemas that
# Atlassian's OpenAPI spec (REST v3) gives for the same operations, with Debian's python3-jsonschema.
# Usage: /usr/bin/python3 openapi_check.py SPEC.json BASE_URL EMAIL API_TOKEN
# Prints one line per operation checked and every violation; exits 1 when there is any.
import base64
import json
import sys
import urllib.error
import urllib.request

import jsonschema


# Where Atlassian's own documented examples (fixtures/openapi/jira-platform-v3-examples.json,
# getChangeLogs) and real payloads show null but the schema forgot `nullable`: (schema, property).
RELAXED = {("ChangeDetails", "from"), ("ChangeDetails", "fromString"), ("ChangeDetails", "to"),
           ("ChangeDetails", "toString")}


# The spec gives one RemoteIssueLink for GET …/remotelink while its own example (and Jira) answer a
# list without ?globalId=.
SCHEMA_OVERRIDES = {("getRemoteIssueLinks", "200"): {"type": "array", "items": {"$ref": "#/components/schemas/RemoteIssueLink"}}}


def relax(spec):
    for schema, prop in RELAXED:
        spec["components"]["schemas"][schema]["properties"][prop]["nullable"] = True
    return spec


def openapi_to_jsonschema(node):
    """OpenAPI 3.0's `nullable: true` becomes a JSON-schema type list that admits null."""
    if isinstance(node, dict):
        out = {k: openapi_to_jsonschema(v) for k, v in node.items()}
        if out.pop("nullable", False):
            if "type" in out:
                out["type"] = [out["type"], "null"]
            elif "$ref" in out or "allOf" in out or "oneOf" in out or "anyOf" in out:
                out = {"anyOf": [out, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [openapi_to_jsonschema(v) for v in node]
    return node


class Checker:
    def __init__(self, spec_path, base, email, token):
        self.spec = openapi_to_jsonschema(relax(json.load(open(spec_path))))
        self.resolver = jsonschema.RefResolver.from_schema(self.spec)
        self.ops = {}
        for path, item in self.spec["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and "operationId" in op:
                    self.ops[op["operationId"]] = op
        self.base = base
        self.auth = "Basic " + base64.b64encode(f"{email}:{token}".encode()).decode()
        self.failures = 0
        self.checked = 0

    def request(self, method, target, body=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Authorization": self.auth, "Accept": "application/json"}
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        req = urllib.request.Request(self.base + target, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req) as res:
                return res.status, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def check(self, op_id, method, target, status, body=None, headers=None, raw=None):
        code, text = self.request(method, target, body, headers, raw)
        self.checked += 1
        if code != status:
            self.fail(op_id, f"HTTP {code}, wanted {status}: {text[:300]!r}")
            return None
        response = self.ops[op_id]["responses"][str(status)]
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        schema = SCHEMA_OVERRIDES.get((op_id, str(status)), schema)
        value = json.loads(text) if text else None
        if schema is not None:
            validator = jsonschema.Draft7Validator(schema, resolver=self.resolver)
            errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
            for e in errors[:10]:
                path = "/".join(str(p) for p in e.absolute_path)
                self.fail(op_id, f"{path}: {e.message[:300]}")
            if not errors:
                print(f"ok   {op_id} {method} {target}")
        return value

    def fail(self, op_id, message):
        self.failures += 1
        print(f"FAIL {op_id}: {message}")


def adf(text):
    return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}]}


def main(spec, base, email, token):
    c = Checker(spec, base, email, token)
    v = "/rest/api/3"
    c.check("getServerInfo", "GET", v + "/serverInfo", 200)
    me = c.check("getCurrentUser", "GET", v + "/myself", 200)
    c.check("getFields", "GET", v + "/field", 200)
    c.check("getAllProjects", "GET", v + "/project", 200)
    c.check("getProject", "GET", v + "/project/DEMO", 200)
    c.check("searchProjects", "GET", v + "/project/search", 200)
    c.check("getProjectComponents", "GET", v + "/project/DEMO/components", 200)
    versions = c.check("getProjectVersions", "GET", v + "/project/DEMO/versions", 200)
    c.check("getIssueAllTypes", "GET", v + "/issuetype", 200)
    c.check("getIssueType", "GET", v + "/issuetype/10004", 200)
    c.check("getPriorities", "GET", v + "/priority", 200)
    c.check("getPriority", "GET", v + "/priority/3", 200)
    c.check("getStatuses", "GET", v + "/status", 200)
    c.check("getStatus", "GET", v + "/status/10000", 200)
    c.check("getResolutions", "GET", v + "/resolution", 200)
    c.check("getResolution", "GET", v + "/resolution/10000", 200)
    c.check("getIssueLinkTypes", "GET", v + "/issueLinkType", 200)
    c.check("getIssueLinkType", "GET", v + "/issueLinkType/10000", 200)
    c.check("getCustomFieldOption", "GET", v + "/customFieldOption/10000", 200)
    c.check("getAttachmentMeta", "GET", v + "/attachment/meta", 200)
    c.check("getCreateIssueMeta", "GET", v + "/issue/createmeta?projectKeys=DEMO&expand=projects.issuetypes.fields", 200)
    c.check("getCreateIssueMetaIssueTypes", "GET", v + "/issue/createmeta/DEMO/issuetypes", 200)
    c.check("getCreateIssueMetaIssueTypeId", "GET", v + "/issue/createmeta/DEMO/issuetypes/10004", 200)
    c.check("findUsers", "GET", v + "/user/search?query=a", 200)
    c.check("getUser", "GET", v + "/user?accountId=" + me["accountId"], 200)
    if versions:
        c.check("getVersion", "GET", v + "/version/" + versions[0]["id"], 200)
    c.check("getComponent", "GET", v + "/component/10000", 200)

    fields = {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "schema check",
              "description": adf("described"), "labels": ["x"], "priority": {"name": "High"},
              "components": [{"name": "Backend"}], "fixVersions": [{"name": "1.1"}], "duedate": "2027-01-01",
              "assignee": {"accountId": me["accountId"]}, "customfield_10010": 3, "customfield_10011": "ACME",
              "customfield_10012": {"value": "S2 - Major"}, "customfield_10013": [{"value": "Linux"}],
              "customfield_10014": "2027-02-02", "customfield_10015": {"accountId": me["accountId"]},
              "customfield_10016": adf("notes")}
    created = c.check("createIssue", "POST", v + "/issue", 201, {"fields": fields})
    other = c.check("createIssue", "POST", v + "/issue", 201,
                    {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Task"}, "summary": "other"}})
    key = created["key"]
    c.check("createIssue", "POST", v + "/issue", 201,
            {"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Sub-task"}, "summary": "sub",
                        "parent": {"key": key}}})
    c.check("editIssue", "PUT", v + f"/issue/{key}", 204, {"fields": {"summary": "schema check 2"}})
    c.check("linkIssues", "POST", v + "/issueLink", 201,
            {"type": {"name": "Blocks"}, "inwardIssue": {"key": key}, "outwardIssue": {"key": other["key"]}})
    comment = c.check("addComment", "POST", v + f"/issue/{key}/comment", 201,
                      {"body": adf("hello"), "visibility": {"type": "role", "value": "Administrators"}})
    c.check("getComments", "GET", v + f"/issue/{key}/comment", 200)
    c.check("getComment", "GET", v + f"/issue/{key}/comment/{comment['id']}", 200)
    c.check("updateComment", "PUT", v + f"/issue/{key}/comment/{comment['id']}", 200, {"body": adf("edited")})
    boundary = "xYzZy"
    upload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
              f"Content-Type: text/plain\r\n\r\nabc\r\n--{boundary}--\r\n").encode()
    atts = c.check("addAttachment", "POST", v + f"/issue/{key}/attachments", 200, raw=upload,
                   headers={"X-Atlassian-Token": "no-check",
                            "Content-Type": f"multipart/form-data; boundary={boundary}"})
    c.check("getAttachment", "GET", v + f"/attachment/{atts[0]['id']}", 200)
    c.check("getTransitions", "GET", v + f"/issue/{key}/transitions?expand=transitions.fields", 200)
    c.check("doTransition", "POST", v + f"/issue/{key}/transitions", 204, {"transition": {"id": "11"}})
    issue = c.check("getIssue", "GET", v + f"/issue/{key}?expand=changelog,renderedFields,names,schema", 200)
    c.check("getIssue", "GET", v + f"/issue/{other['key']}", 200)
    link_id = issue["fields"]["issuelinks"][0]["id"]
    c.check("getIssueLink", "GET", v + f"/issueLink/{link_id}", 200)
    c.check("getEditIssueMeta", "GET", v + f"/issue/{key}/editmeta", 200)
    remote = {"globalId": "twinsync:blue:DEMO-1", "application": {"type": "org.twinsync", "name": "twinsync"},
              "relationship": "synced with",
              "object": {"url": "http://green.example/browse/GRN-1", "title": "GRN-1", "summary": "synchronized",
                         "status": {"resolved": True, "icon": {"title": "synchronized"}}}}
    made = c.check("createOrUpdateRemoteIssueLink", "POST", v + f"/issue/{key}/remotelink", 201, remote)
    c.check("createOrUpdateRemoteIssueLink", "POST", v + f"/issue/{key}/remotelink", 200, remote)
    c.check("getRemoteIssueLinks", "GET", v + f"/issue/{key}/remotelink", 200)
    c.check("getRemoteIssueLinkById", "GET", v + f"/issue/{key}/remotelink/{made['id']}", 200)
    log = c.check("getChangeLogs", "GET", v + f"/issue/{key}/changelog", 200)
    c.check("getChangeLogsByIds", "POST", v + f"/issue/{key}/changelog/list", 200,
            {"changelogIds": [int(log["values"][0]["id"])]})
    c.check("searchForIssuesUsingJql", "GET", v + "/search?jql=project%20%3D%20DEMO&expand=names,schema", 200)
    c.check("searchAndReconsileIssuesUsingJql", "GET", v + "/search/jql?jql=project%3DDEMO&maxResults=1&fields=*all", 200)
    c.check("searchAndReconsileIssuesUsingJqlPost", "POST", v + "/search/jql", 200,
            {"jql": "project = DEMO ORDER BY updated DESC", "fields": ["summary", "status", "updated"]})
    reg = c.check("registerDynamicWebhooks", "POST", v + "/webhook", 200,
                  {"url": "http://127.0.0.1:9/hook", "webhooks": [{"events": ["jira:issue_updated"],
                                                                   "jqlFilter": "project = DEMO"}]})
    c.check("getDynamicWebhooksForApp", "GET", v + "/webhook", 200)
    c.check("refreshWebhooks", "PUT", v + "/webhook/refresh", 200,
            {"webhookIds": [reg["webhookRegistrationResult"][0]["createdWebhookId"]]})
    c.check("createComponent", "POST", v + "/component", 201, {"project": "DEMO", "name": "Schema"})
    c.check("createVersion", "POST", v + "/version", 201, {"project": "DEMO", "name": "9.9"})
    # Errors use Jira's ErrorCollection.
    c.check("getIssue", "GET", v + "/issue/DEMO-9999", 404)
    c.check("createIssue", "POST", v + "/issue", 400, {"fields": {"project": {"key": "DEMO"}}})
    c.check("editIssue", "PUT", v + f"/issue/{key}", 400, {"fields": {"nonsense": 1}})
    c.check("searchForIssuesUsingJql", "GET", v + "/search?jql=frobnicate%20%3D%201", 400)
    c.check("getCurrentUser", "GET", v + "/myself", 401, headers={"Authorization": "Basic Zm9vOmJhcg=="})
    print(f"{c.checked} responses checked, {c.failures} violations")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
