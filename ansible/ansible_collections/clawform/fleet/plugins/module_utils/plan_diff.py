# -*- coding: utf-8 -*-
# A clawform plan (the JSON of docs/plan-format.md) as Ansible's `diff`: one
# before/after pair per step, and one for the version drift. Contract: only
# what the plan holds is shown, so no secret value (a key file step's
# before/after carry key names and "(sensitive)").
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json


def _text(value):
    if value is None:
        return ''
    return json.dumps(value, indent=2, sort_keys=True) + '\n'


def step_diff(step):
    """One step as {before_header, after_header, before, after}. The after
    side opens with the action and reason, so that a restart or a check,
    whose before and after are alike, still shows as a line of its own."""
    header = '[%s] %s' % (step.get('index'), step.get('address'))
    reason = step.get('reason') or ''
    action = '# %s%s\n' % (step.get('action'), ': ' + reason if reason else '')
    return {
        'before_header': header + ' (before)',
        'after_header': header + ' (%s)' % step.get('action'),
        'before': _text(step.get('before')),
        'after': action + _text(step.get('after')),
    }


def drift_diff(drift):
    """The plan's version drift (host vs pinned versions) as one pair."""
    before = ''.join('%s: %s (%s)\n' % (d.get('what'), d.get('host'), ', '.join(d.get('projects', [])))
                     for d in drift)
    after = ''.join('%s: %s (%s)\n' % (d.get('what'), d.get('pinned'), ', '.join(d.get('projects', [])))
                    for d in drift)
    return {'before_header': 'version drift (the host runs)', 'after_header': 'version drift (the manifest pins)',
            'before': before, 'after': after}


def plan_diff(plan):
    """Every step of PLAN in order, then its version drift if any."""
    diffs = [step_diff(step) for step in plan.get('steps', [])]
    if plan.get('version_drift'):
        diffs.append(drift_diff(plan['version_drift']))
    return diffs


def plan_has_changes(plan):
    """What `plan --detailed-exitcode` exits 2 for: a step, or version drift."""
    return bool(plan.get('steps')) or bool(plan.get('version_drift'))
