# -*- coding: utf-8 -*-
# One Markdown change ticket for a fleet: a table of every host's plan, then
# a section per host with its plan's Markdown (clawform show --format
# markdown). Contract: the whole ticket stays within CAP characters (65,536,
# GitHub's and GitLab's comment limit); a host's section that does not fit
# its share is cut at a line, a code fence it cut open is closed, and a
# pointer names its full plan. Only what the module returned is quoted, so
# no key value.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: change_ticket
short_description: One Markdown change ticket from every host's clawform plan, under a size cap
description:
  - Takes the hosts of a play and the registered results of M(clawform.fleet.clawform) (check mode or
    O(clawform.fleet.clawform#module:state=planned)) and returns one Markdown document, a section per host.
positional: hostvars, result_var
options:
  _input:
    description: The hosts, in order (e.g. C(ansible_play_hosts_all)).
    type: list
    elements: str
    required: true
  hostvars:
    description: C(hostvars).
    type: dict
    required: true
  result_var:
    description: The name each host's plan result was registered as.
    type: str
    default: clawform_plan
  cap:
    description: The most characters the ticket may have.
    type: int
    default: 65536
  plans_dir:
    description: Where the play saved each host's full plan (C(HOST.json), C(HOST.md)), as the pointers name it.
    type: str
    default: plans
  title:
    description: The ticket's title.
    type: str
    default: clawform fleet plan
'''

FENCE = '```'


def demote_headings(markdown, levels=2):
    """Every heading LEVELS levels down (a host's plan sits under its host's
    `##` heading); lines inside code fences are left as they are."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith(FENCE):
            fenced = not fenced
        lines.append('#' * levels + line if not fenced and line.startswith('#') else line)
    return '\n'.join(lines) + '\n'


def cut(body, budget, pointer):
    """BODY whole if it fits BUDGET, else its first whole lines and POINTER
    (its {shown} and {total} replaced by how much of BODY that is), within
    BUDGET when BUDGET has room for the pointer at all."""
    if len(body) <= budget:
        return body
    room = budget - len(pointer) - 40 - len(FENCE)
    kept = body[:max(room, 0)]
    kept = kept[:kept.rfind('\n') + 1] if '\n' in kept else ''
    if sum(1 for line in kept.splitlines() if line.startswith(FENCE)) % 2:
        kept += FENCE + '\n'
    return kept + pointer.replace('{shown}', str(len(kept))).replace('{total}', str(len(body)))


def shares(sizes, budget):
    """Each size's share of BUDGET: the smaller ones whole, what they leave
    split evenly among the larger ones."""
    share = [0] * len(sizes)
    left, remaining = budget, len(sizes)
    for index in sorted(range(len(sizes)), key=lambda i: sizes[i]):
        share[index] = min(sizes[index], max(left // remaining, 0))
        left -= share[index]
        remaining -= 1
    return share


def summary_text(result):
    if not result:
        return 'no plan (not reached, or skipped)'
    if result.get('failed'):
        return '**plan failed**'
    plan = result.get('plan') or {}
    summary = plan.get('summary') or {}
    if not plan.get('steps') and not plan.get('version_drift'):
        return 'no changes'
    text = '%d steps: %d to create, %d to update, %d to delete, %d restart' % (
        len(plan.get('steps', [])), summary.get('create', 0), summary.get('update', 0),
        summary.get('delete', 0), summary.get('restart', 0))
    if summary.get('replace'):
        text += ', %d to replace' % summary['replace']
    if plan.get('version_drift'):
        text += '; version drift'
    return text


def section_body(result):
    if not result:
        return '_No plan: the host was not reached, or the task was skipped._\n'
    if result.get('failed'):
        return 'The plan failed:\n\n%s\n%s\n%s\n' % (FENCE, str(result.get('msg', '')).strip(), FENCE)
    return demote_headings(result.get('markdown') or '')


def table(rows, budget):
    """The hosts' table, its last rows counted in one line past BUDGET."""
    head = '| Host | Region | Plan |\n|---|---|---|\n'
    out = head
    for index, row in enumerate(rows):
        line = '| %s | %s | %s |\n' % row
        if len(out) + len(line) > budget - 60:
            out += '| ... | | %d more hosts: their sections below |\n' % (len(rows) - index)
            break
        out += line
    return out


def change_ticket(hosts, hostvars, result_var='clawform_plan', cap=65536, plans_dir='plans',
                  title='clawform fleet plan'):
    entries = []
    for host in hosts:
        variables = hostvars[host]
        result = variables.get(result_var) or None
        if result is not None and result.get('skipped'):
            result = None
        region = variables.get('clawform_region') or ''
        plan_file = (result or {}).get('plan_file') or variables.get('clawform_plan_file') or ''
        entries.append((host, region, plan_file, result))

    rows = [(host, region or '-', summary_text(result)) for host, region, _, result in entries]
    results = [result for *_, result in entries]
    failed = sum(1 for r in results if r is None or r.get('failed'))
    changed = sum(1 for r in results if r is not None and not r.get('failed') and r.get('changed'))
    header = ('# Change ticket: %s\n\n%d hosts: %d with changes, %d converged, %d failed or not planned. '
              'Each host\'s full plan is `%s/HOST.json` (its Markdown `%s/HOST.md`) beside this ticket.\n\n'
              % (title, len(entries), changed, len(entries) - changed - failed, failed, plans_dir, plans_dir))
    header += table(rows, cap // 4) + '\n'

    heads, bodies, pointers = [], [], []
    for host, region, plan_file, result in entries:
        where = ' (on the host: `%s`)' % plan_file if plan_file else ''
        heads.append('## %s%s: %s\n\nFull plan: `%s/%s.md`%s.\n\n'
                     % (host, ' (%s)' % region if region else '', summary_text(result), plans_dir, host, where))
        bodies.append(section_body(result))
        pointers.append('\n_Cut here to keep the ticket within %d characters: {shown} of {total} characters of '
                        'this host\'s plan shown. The full plan: `%s/%s.md` beside this ticket%s._\n\n'
                        % (cap, plans_dir, host, where))
    budget = cap - len(header) - sum(len(h) for h in heads) - 2 * len(entries)
    parts = [header]
    for head, body, pointer, share in zip(heads, bodies, pointers, shares([len(b) for b in bodies], budget)):
        parts.append(head + cut(body, share, pointer) + '\n')
    ticket = ''.join(parts)
    if len(ticket) > cap:  # only when the headings alone exceed it (thousands of hosts)
        ticket = cut(ticket, cap, '\n_Cut at {shown} of {total} characters: see `%s/`._\n' % plans_dir)
    return ticket


class FilterModule(object):
    def filters(self):
        return {'change_ticket': change_ticket}
