# -*- coding: utf-8 -*-
# clawform's commands as the module runs them on the host: the host flags
# every command takes, the env_file's values in its environment. Contract:
# an error ends the task (fail_json) with clawform's own stderr; every
# secret value of the env_file is marked no_log before anything runs.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.clawform.fleet.plugins.module_utils.env_file import (
    EnvFileError, read_env_file, secret_values)


class ClawformCli(object):
    def __init__(self, module):
        self.module = module
        params = module.params
        binary = params['binary_path']
        self.binary = binary if '/' in binary else module.get_bin_path(binary, required=True)
        self.env = {}
        if params.get('env_file'):
            try:
                self.env, warnings = read_env_file(params['env_file'])
            except EnvFileError as error:
                module.fail_json(msg=str(error))
            module.no_log_values.update(secret_values(self.env))
            for warning in warnings:
                module.warn(warning)

    def _host_flags(self):
        params = self.module.params
        flags = []
        for name, flag in (('root', '--root'), ('openclaw', '--openclaw'), ('jobs', '--jobs'),
                           ('timeout', '--timeout')):
            if params.get(name) is not None:
                flags += [flag, str(params[name])]
        return flags

    def run(self, args, cwd=None):
        """Returns (rc, stdout, stderr) of `clawform ARGS...`."""
        return self.module.run_command([self.binary] + args, environ_update=self.env, cwd=cwd)

    def _fail(self, what, rc, stdout, stderr):
        self.module.fail_json(msg=stderr.strip() or 'clawform %s exited %d' % (what, rc), rc=rc,
                              stdout=stdout, stderr=stderr)

    def _json(self, what, stdout):
        try:
            return json.loads(stdout)
        except ValueError:
            self.module.fail_json(msg='clawform %s printed no JSON plan' % what, stdout=stdout)

    def plan(self, manifest, out):
        """`plan MANIFEST --out OUT --format json --detailed-exitcode`:
        returns (rc, plan); rc is 0 (no changes) or 2 (changes)."""
        args = ['plan', manifest, '--out', out, '--format', 'json', '--detailed-exitcode'] + self._host_flags()
        if self.module.params.get('allow_destroy'):
            args.append('--allow-destroy')
        rc, stdout, stderr = self.run(args)
        if rc not in (0, 2):
            self._fail('plan', rc, stdout, stderr)
        return rc, self._json('plan', stdout)

    def markdown(self, plan_file):
        """The saved plan as a change ticket's Markdown (`show --offline`)."""
        rc, stdout, stderr = self.run(['show', plan_file, '--format', 'markdown', '--offline'])
        if rc != 0:
            self._fail('show', rc, stdout, stderr)
        return stdout

    def show_json(self, plan_file):
        """The saved plan; clawform's warning that the host no longer matches
        it (apply would refuse it) becomes a task warning."""
        rc, stdout, stderr = self.run(['show', plan_file, '--format', 'json'] + self._host_flags())
        if rc != 0:
            self._fail('show', rc, stdout, stderr)
        if stderr.strip():
            self.module.warn(stderr.strip())
        return self._json('show', stdout)

    def apply(self, plan_file):
        """`apply PLAN_FILE --format json`: returns (rc, stdout, stderr)."""
        params = self.module.params
        args = ['apply', plan_file, '--format', 'json'] + self._host_flags()
        for name, flag in (('health_timeout', '--health-timeout'), ('step_timeout', '--step-timeout')):
            if params.get(name) is not None:
                args += [flag, str(params[name])]
        return self.run(args)
