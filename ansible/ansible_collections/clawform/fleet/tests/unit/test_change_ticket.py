# The combined change ticket (plugins/filter/change_ticket.py): every host in
# it, within the cap however large the plans, a cut section closed and
# pointing at its full plan. Run: python3 -m unittest discover -s THIS_DIR
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'plugins', 'filter'))
from change_ticket import change_ticket, cut, demote_headings, shares  # noqa: E402

CAP = 65536


def plan_result(steps, markdown, plan_file='/var/lib/clawform/plan.json'):
    plan = {'steps': [{'index': i + 1} for i in range(steps)],
            'summary': {'create': steps, 'update': 0, 'delete': 0, 'restart': 0}}
    return {'changed': steps > 0, 'plan': plan, 'markdown': markdown, 'plan_file': plan_file}


def big_markdown(size, fence_at=None):
    """A plan's Markdown of about SIZE characters: a heading, rows, and a
    Mermaid block starting at FENCE_AT (so that a cut can fall inside it)."""
    lines = ['# clawform plan: fleet f', '']
    while sum(len(l) + 1 for l in lines) < size:
        if fence_at is not None and sum(len(l) + 1 for l in lines) >= fence_at:
            lines += ['```mermaid', 'flowchart LR'] + ['  p%d --> i%d' % (i, i) for i in range(size // 12)]
            lines.append('```')
            fence_at = None
        lines.append('| [%d] | project.acme.config | update |' % len(lines))
    return '\n'.join(lines) + '\n'


class ChangeTicketTest(unittest.TestCase):
    def hostvars(self, results):
        return {host: {'clawform_plan': result, 'clawform_region': region}
                for host, (region, result) in results.items()}

    def test_three_small_plans_whole(self):
        results = {'sg1': ('sg', plan_result(0, '# clawform plan: fleet sg\n\nNo changes.\n')),
                   'fra1': ('fra', plan_result(3, '# clawform plan: fleet fra\n\n**3 to create**\n')),
                   'nyc1': ('nyc', {'failed': True, 'msg': 'error: project x: key K (env:K): not set'})}
        ticket = change_ticket(list(results), self.hostvars(results))
        self.assertIn('3 hosts: 1 with changes, 1 converged, 1 failed or not planned.', ticket)
        self.assertIn('| sg1 | sg | no changes |', ticket)
        self.assertIn('| fra1 | fra | 3 steps: 3 to create, 0 to update, 0 to delete, 0 restart |', ticket)
        self.assertIn('## nyc1 (nyc): **plan failed**', ticket)
        self.assertIn('error: project x: key K (env:K): not set', ticket)
        self.assertIn('### clawform plan: fleet fra\n', ticket)  # a level below the host's heading
        self.assertNotIn('Cut here', ticket)

    def test_large_plans_cut_within_the_cap(self):
        results = {'sg1': ('sg', plan_result(2, big_markdown(3000))),
                   'fra1': ('fra', plan_result(500, big_markdown(50000, fence_at=20000))),
                   'nyc1': ('nyc', plan_result(500, big_markdown(60000, fence_at=1000)))}
        ticket = change_ticket(list(results), self.hostvars(results))
        self.assertLessEqual(len(ticket), CAP)
        self.assertGreater(len(ticket), CAP - 2000)  # the room is used
        for host in results:
            self.assertIn('## %s (' % host, ticket)
        sg, fra, nyc = ticket.split('\n## ')[1:]  # the plans' own headings are ### and below
        self.assertNotIn('Cut here', sg)  # the small one whole
        for section, host in ((fra, 'fra1'), (nyc, 'nyc1')):
            self.assertIn('The full plan: `plans/%s.md` beside this ticket (on the host: '
                          '`/var/lib/clawform/plan.json`)' % host, section)
            fences = [l for l in section.splitlines() if l.startswith('```')]
            self.assertEqual(len(fences) % 2, 0, host)

    def test_many_hosts_within_the_cap(self):
        results = {'h%04d' % i: ('sg', plan_result(40, big_markdown(4000))) for i in range(2000)}
        ticket = change_ticket(list(results), self.hostvars(results))
        self.assertLessEqual(len(ticket), CAP)
        self.assertIn('more hosts: their sections below', ticket)

    def test_cut_keeps_whole_lines(self):
        body = 'a\n' * 100
        out = cut(body, 120, '\n_cut: {shown} of {total}_\n')
        self.assertLessEqual(len(out), 120)
        self.assertTrue(out.endswith('of 200_\n'))

    def test_shares_fill_the_small_first(self):
        self.assertEqual(shares([10, 100, 1000], 300), [10, 100, 190])
        self.assertEqual(shares([500, 500], 300), [150, 150])

    def test_headings_in_fences_kept(self):
        self.assertEqual(demote_headings('# t\n```\n# not a heading\n```\n'), '### t\n```\n# not a heading\n```\n')


if __name__ == '__main__':
    unittest.main()
