#!/usr/bin/python3
"""Prints every .eml of a folder (in name order) as one JSON object per line: envelope recipient,
Message-ID, From, To, Subject and body, decoded (RFC 2047 words, base64, UTF-8), and its
attachments: file name, type, size and, for a workbook, every sheet's rows as openpyxl (an
independent reader) reads them."""
import email
import email.header
import email.policy
import io
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
    attachments = []
    for part in msg.iter_attachments():
        data = part.get_content()
        if isinstance(data, str):
            data = data.encode()
        a = {"name": part.get_filename(), "type": part.get_content_type(), "size": len(data)}
        if a["name"] and a["name"].endswith(".xlsx"):
            import openpyxl
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            a["sheets"] = {ws.title: [["" if c is None else str(c) for c in row]
                                      for row in ws.iter_rows(values_only=True)]
                           for ws in book.worksheets}
        attachments.append(a)
    print(json.dumps({
        "file": name,
        "envelope_to": msg["X-Envelope-To"],
        "message_id": msg["Message-ID"],
        "from": str(msg["From"]),
        "to": str(msg["To"]),
        "subject": str(msg["Subject"]),
        "charset": body.get_content_charset() if body else None,
        "body": body.get_content() if body else "",
        "attachments": attachments,
    }, ensure_ascii=False))
