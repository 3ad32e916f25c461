#!/usr/bin/python3
"""Prints every .eml of a folder (in name order) as one JSON object per line: envelope recipient,
Message-ID, From, To, Subject and body, decoded (RFC 2047 words, base64, UTF-8)."""
import email
import email.header
import email.policy
import json
import os
import sys

folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if not name.endswith(".eml"):
        continue
    with open(os.path.join(folder, name), "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",))
    print(json.dumps({
        "file": name,
        "envelope_to": msg["X-Envelope-To"],
        "message_id": msg["Message-ID"],
        "from": str(msg["From"]),
        "to": str(msg["To"]),
        "subject": str(msg["Subject"]),
        "charset": body.get_content_charset() if body else None,
        "body": body.get_content() if body else "",
    }, ensure_ascii=False))
