#!/usr/bin/python3
"""A whole round and an item's whole lifecycle through duban's REST API, as a separate client
process would drive it (Python's http.client, nothing else). Usage: lifecycle_client.py PORT.
Prints each step; exits 1 at the first answer that is not the expected one."""
import http.client
import json
import sys

PORT = int(sys.argv[1])


def call(method, path, body=None, token=None, headers=None, expect=200):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    conn.request(method, path, body=data, headers=h)
    res = conn.getresponse()
    raw = res.read()
    conn.close()
    parsed = json.loads(raw) if raw else None
    if res.status != expect:
        print(f"FAIL {method} {path}: {res.status} (expected {expect}) {raw.decode('utf-8', 'replace')}")
        sys.exit(1)
    print(f"ok {method} {path} {res.status}")
    return parsed, res


def login(user):
    body, _ = call("POST", "/api/v1/auth/login", {"username": user, "password": user + "-pw"})
    return body["token"]


office, evaluator, inspector, longtan, xinmin = (
    login(u) for u in ("office", "evaluator", "inspector", "longtan", "xinmin"))

# The round through its seven steps.
call("POST", "/api/v1/rounds", {"code": "2020-H1", "observation_date": "2020-06-20"}, office,
     expect=201)
step = "/api/v1/rounds/2020-H1/steps/"
for s in (1, 2, 3):
    call("POST", f"{step}{s}/events", {"event": "open"}, office)
call("POST", f"{step}1/submissions", {"unit": "longtan", "note": "半年工作总结"}, longtan,
     expect=201)
call("POST", f"{step}1/submissions", {"unit": "longtan"}, xinmin, expect=403)
refused, _ = call("POST", f"{step}1/events", {"event": "complete"}, office, expect=409)
assert refused["code"] == "submissions_incomplete", refused
call("POST", f"{step}1/events", {"event": "complete", "override": "其余单位线下报送,领导小组同意"},
     office)
call("POST", f"{step}3/events", {"event": "complete", "override": "因汛期延期"}, office)
call("POST", f"{step}4/events", {"event": "open"}, office)
call("POST", f"{step}4/events", {"event": "complete"}, office)
call("POST", f"{step}2/events", {"event": "complete"}, office)
call("POST", f"{step}5/events", {"event": "open"}, office)
call("POST", f"{step}5/events", {"event": "complete"}, office)
call("POST", f"{step}6/events", {"event": "open"}, office)
call("POST", "/api/v1/rounds/2020-H1/problems",
     {"unit": "longtan", "title": "饮水安全不达标", "suggestion": "逐户核查水质"}, evaluator,
     expect=201)
call("POST", f"{step}6/events", {"event": "approve"}, office)
call("POST", f"{step}6/events", {"event": "complete"}, office)
call("POST", f"{step}7/events", {"event": "open"}, office)
refused, _ = call("POST", f"{step}7/events", {"event": "complete", "override": "x"}, office,
                  expect=409)
assert refused["code"] == "feedback_incomplete", refused
# The leading group records each unit's acknowledged feedback on its behalf.
units, _ = call("GET", "/api/v1/units", token=office)
for unit in units["units"]:
    if unit["kind"] in ("township", "department"):
        call("POST", f"{step}7/submissions", {"unit": unit["id"], "note": "已签收"}, office,
             expect=201)
call("POST", f"{step}7/events", {"event": "complete"}, office)
round_, _ = call("GET", "/api/v1/rounds/2020-H1", token=office)
assert [s["state"] for s in round_["steps"]] == ["completed"] * 7, round_

# The problem became an item of 龙潭镇; it goes through its lifecycle.
page, _ = call("GET", "/api/v1/items?round=2020-H1", token=longtan)
assert page["total"] == 1, page
item = page["items"][0]
path = f"/api/v1/items/{item['id']}"
call("GET", path, token=xinmin, expect=404)
_, res = call("POST", path + "/events",
              {"event": "assign", "owner": "赵某七", "due": "2020-08-31"}, office,
              headers={"If-Match": f"\"{item['version']}\""})
etag = res.getheader("ETag")
call("POST", path + "/events", {"event": "ack"}, longtan)
call("POST", path + "/events", {"event": "rectify", "result": "已完成改水"}, longtan)
call("POST", path + "/events", {"event": "verify"}, longtan, expect=403)
call("POST", path + "/events", {"event": "verify"}, inspector)
call("POST", path + "/events", {"event": "close"}, office, headers={"If-Match": etag},
     expect=412)
closed, _ = call("POST", path + "/events", {"event": "close"}, office)
assert closed["state"] == "closed", closed
journal, _ = call("GET", path + "/journal", token=longtan)
events = [e["event"] for e in journal["entries"]]
assert events[-5:] == ["assign", "ack", "rectify", "verify", "close"], events
call("POST", "/api/v1/auth/logout", {}, longtan, expect=204)
call("GET", "/api/v1/me", token=longtan, expect=401)
print("LIFECYCLE OK")
