#!/usr/bin/python
# -*- coding: utf-8 -*-
# The clawform installed on the host, driven in the shape of
# community.general.terraform: plan in check mode, save a plan, apply it.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: clawform
short_description: Plan and apply a clawform fleet manifest with the clawform on the host
description:
  - Runs C(clawform) on the managed host, as M(community.general.terraform) runs terraform.
  - In check mode it plans (C(clawform plan --detailed-exitcode --format json)), or, for O(state=present)
    with an existing O(plan_file), shows that saved plan; C(changed) says whether the plan has changes, the
    diff is each step's before and after, and the plan is returned as JSON and as Markdown for a change ticket.
  - O(state=planned) saves the plan to O(plan_file) on the host; O(state=present) applies exactly that file.
    clawform itself refuses a plan the host no longer matches; its message is the task's failure.
  - >-
    Key references are resolved on the host by clawform. Values of C(from: env) references reach it only
    through O(env_file), read on the host; no value is ever returned or logged (every value of the file but
    C(CLAWFORM_*) settings is marked no_log, and clawform prints none).
options:
  manifest:
    description: The fleet manifest on the host (C(fleet.yaml)). Required to plan.
    type: path
  state:
    description:
      - V(planned) plans and saves the plan to O(plan_file) (C(changed) when the plan has changes; the host is
        not touched). V(present) applies O(plan_file).
    type: str
    choices: [planned, present]
    default: present
  plan_file:
    description: The plan file on the host that V(planned) writes and V(present) applies.
    type: path
  binary_path:
    description: The clawform binary on the host (a name is looked up on the PATH).
    type: str
    default: clawform
  root:
    description: A sandbox root (C(--root)); every host path maps under it.
    type: path
  openclaw:
    description: The openclaw binary clawform runs (C(--openclaw)).
    type: path
  env_file:
    description:
      - >-
        A C(NAME=VALUE) file on the host, read on the host and put into clawform's environment only
        (C(from: env) key references, C(CLAWFORM_TIMEOUT), ...). Every value but those of C(CLAWFORM_*)
        names is masked in whatever the module returns.
    type: path
  jobs:
    description: Instances discovered, and applied, at once (C(--jobs)).
    type: int
  timeout:
    description: Seconds each openclaw call may take while planning (C(--timeout)).
    type: float
  health_timeout:
    description: Seconds a restarted gateway has to become healthy (C(apply --health-timeout)).
    type: float
  step_timeout:
    description: Seconds each openclaw call of a step may take (C(apply --step-timeout)).
    type: float
  allow_destroy:
    description: Allow a plan that deletes more than one project or many plugins (C(--allow-destroy)).
    type: bool
    default: false
notes:
  - Exit codes as clawform's (docs/plan-format.md, docs/apply.md) - plan 0 no changes, 2 changes, 1 error;
    apply 0 applied, 1 refused or rolled back, 3 a human must finish.
author: clawform
'''

EXAMPLES = r'''
- name: Plan (check mode shows the diff; the Markdown is in the result)
  clawform.fleet.clawform:
    manifest: /etc/clawform/fleet.yaml
    env_file: /etc/clawform/keys.env
  check_mode: true
  register: plan

- name: Save the plan for the apply play
  clawform.fleet.clawform:
    manifest: /etc/clawform/fleet.yaml
    state: planned
    plan_file: /var/lib/clawform/plan.json
    env_file: /etc/clawform/keys.env

- name: Apply exactly that plan
  clawform.fleet.clawform:
    state: present
    plan_file: /var/lib/clawform/plan.json
    env_file: /etc/clawform/keys.env
'''

RETURN = r'''
plan:
  description: The plan (docs/plan-format.md, "The plan file"). Planning and showing only.
  returned: when planned or in check mode
  type: dict
markdown:
  description: The plan as Markdown for a change ticket (C(clawform show --format markdown)).
  returned: when planned or in check mode
  type: str
summary:
  description: The plan's counts (create, update, delete, replace, restart, check, changes, destructive).
  returned: when planned or in check mode
  type: dict
plan_file:
  description: Where the plan was saved (V(planned)) or which plan was applied or shown.
  returned: when a plan file was used
  type: str
progress:
  description: The apply's progress records, one per finished step or undo, and notes and the checklist.
  returned: state=present, not in check mode
  type: list
  elements: dict
steps_applied:
  description: The step indices that ran and were not undone.
  returned: state=present, not in check mode
  type: list
  elements: int
report:
  description: clawform's report of the apply.
  returned: state=present, not in check mode
  type: str
rc:
  description: clawform's exit code.
  returned: always
  type: int
'''

import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.clawform.fleet.plugins.module_utils.apply_output import (
    split_apply_output, steps_left_applied)
from ansible_collections.clawform.fleet.plugins.module_utils.clawform_cli import ClawformCli
from ansible_collections.clawform.fleet.plugins.module_utils.plan_diff import plan_diff, plan_has_changes


def plan_result(module, plan, markdown, rc, plan_file=None):
    # failed spelled out: Ansible takes an rc other than 0 for a failure.
    result = dict(changed=plan_has_changes(plan), failed=False, plan=plan, markdown=markdown,
                  summary=plan.get('summary', {}), rc=rc)
    if plan_file:
        result['plan_file'] = plan_file
    if module._diff:
        result['diff'] = plan_diff(plan)
    return result


def run_plan(module, cli, plan_path, shown_as):
    """Plans the manifest into PLAN_PATH; returns (plan, markdown, rc).
    The Markdown names the full plan SHOWN_AS."""
    rc, plan = cli.plan(module.params['manifest'], plan_path)
    markdown = cli.markdown(plan_path)
    if shown_as != plan_path:
        markdown = markdown.replace(plan_path, shown_as)
    return plan, markdown, rc


def check_mode(module, cli):
    """Plan without changing the host: a saved plan file is shown (state
    present), else the manifest is planned into a temporary file."""
    plan_file = module.params['plan_file']
    if module.params['state'] == 'present' and plan_file and os.path.exists(plan_file):
        plan = cli.show_json(plan_file)
        module.exit_json(**plan_result(module, plan, cli.markdown(plan_file), 0, plan_file))
    if not module.params['manifest']:
        module.fail_json(msg='check mode plans the manifest: give manifest (or an existing plan_file)')
    scratch = tempfile.mkdtemp(prefix='clawform-plan-', dir=module.tmpdir)
    try:
        plan, markdown, rc = run_plan(module, cli, os.path.join(scratch, 'plan.json'),
                                      'the plan JSON of this task\'s result')
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    module.exit_json(**plan_result(module, plan, markdown, rc))


def apply_plan(module, cli):
    plan_file = module.params['plan_file']
    rc, stdout, stderr = cli.apply(plan_file)
    records, report = split_apply_output(stdout)
    applied = steps_left_applied(records)
    result = dict(changed=bool(applied), rc=rc, plan_file=plan_file, progress=records,
                  steps_applied=applied, report=report if rc == 0 else stderr.strip())
    if rc == 0:
        module.exit_json(**result)
    if rc == 3:
        module.fail_json(msg='clawform apply: a human must finish (exit 3):\n' + stderr.strip(), **result)
    module.fail_json(msg=stderr.strip() or 'clawform apply exited %d' % rc, **result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            manifest=dict(type='path'),
            state=dict(type='str', default='present', choices=['planned', 'present']),
            plan_file=dict(type='path'),
            binary_path=dict(type='str', default='clawform'),
            root=dict(type='path'),
            openclaw=dict(type='path'),
            env_file=dict(type='path'),
            jobs=dict(type='int'),
            timeout=dict(type='float'),
            health_timeout=dict(type='float'),
            step_timeout=dict(type='float'),
            allow_destroy=dict(type='bool', default=False),
        ),
        required_if=[('state', 'planned', ('manifest', 'plan_file')), ('state', 'present', ('plan_file',))],
        supports_check_mode=True,
    )
    cli = ClawformCli(module)
    if module.check_mode:
        check_mode(module, cli)
    if module.params['state'] == 'planned':
        plan_file = module.params['plan_file']
        plan, markdown, rc = run_plan(module, cli, plan_file, plan_file)
        module.exit_json(**plan_result(module, plan, markdown, rc, plan_file))
    apply_plan(module, cli)


if __name__ == '__main__':
    main()
