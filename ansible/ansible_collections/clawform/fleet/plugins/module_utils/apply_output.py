# -*- coding: utf-8 -*-
# What `clawform apply PLAN --format json` prints (docs/apply.md, "Progress"):
# one JSON object per finished step or undo ({"event": "step"|"undo", "step":
# K, "status": "ok"|"failed", ...}), notes, the exit checklist
# ({"event": "checklist", ...}), and the report as plain lines.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json


def split_apply_output(stdout):
    """Returns (records, report): the JSON lines as dicts, in order, and the
    other lines joined (the report of an apply that applied)."""
    records, report = [], []
    for line in stdout.splitlines():
        record = None
        if line.startswith('{'):
            try:
                record = json.loads(line)
            except ValueError:
                record = None
        if isinstance(record, dict) and 'event' in record:
            records.append(record)
        else:
            report.append(line)
    return records, '\n'.join(report).strip()


def steps_left_applied(records):
    """The indices of the steps that ran and were not undone: what the apply
    changed on the host, for Ansible's `changed`."""
    ran = set(r.get('step') for r in records if r.get('event') == 'step' and r.get('status') == 'ok')
    undone = set(r.get('step') for r in records if r.get('event') == 'undo' and r.get('status') == 'ok')
    return sorted(ran - undone)
