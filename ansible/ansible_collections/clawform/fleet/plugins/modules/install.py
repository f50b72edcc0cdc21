#!/usr/bin/python
# -*- coding: utf-8 -*-
# clawform and openclaw onto a host, from a clawform checkout on that host
# and the project's own scripts/install-openclaw.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: install
short_description: Install clawform and the pinned openclaw on the host from a clawform checkout
description:
  - Copies a built clawform binary into O(prefix)C(/bin/clawform) when its bytes differ.
  - Runs the checkout's C(scripts/install-openclaw), which installs the pinned Node and openclaw into the
    checkout's C(.deps/) (and does nothing when they are there already), and links
    O(prefix)C(/bin/openclaw) to its launcher.
  - Idempotent - C(changed) only when a binary was copied, openclaw was installed or the link was made.
options:
  source:
    description: A clawform checkout on the host (its C(scripts/install-openclaw), C(.deps/) and C(build/)).
    type: path
    required: true
  binary:
    description:
      - The built clawform on the host; by default C(build/clawform), else C(build/cli/clawform), of O(source).
    type: path
  prefix:
    description: Where to install, C(bin/clawform) and C(bin/openclaw) under it.
    type: path
    default: /usr/local
  openclaw:
    description:
      - V(install) runs C(scripts/install-openclaw) (npm needed when something is missing). V(reuse) links what
        C(.deps/) holds and fails if nothing is there. V(skip) leaves openclaw alone.
    type: str
    choices: [install, reuse, skip]
    default: install
notes:
  - In check mode openclaw counts as to be installed when the checkout has no launcher or no install stamp.
author: clawform
'''

EXAMPLES = r'''
- name: clawform and openclaw from the checkout in /opt/clawform
  clawform.fleet.install:
    source: /opt/clawform
    prefix: /usr/local
  register: installed
'''

RETURN = r'''
clawform_path:
  description: The installed clawform.
  returned: always
  type: str
clawform_version:
  description: What the installed clawform's C(--version) says.
  returned: when installed (not in check mode)
  type: str
openclaw_path:
  description: The installed openclaw link.
  returned: unless openclaw=skip
  type: str
openclaw_version:
  description: What the installed openclaw's C(--version) says.
  returned: unless openclaw=skip or in check mode
  type: str
installed:
  description: What this run installed (V(clawform), V(openclaw), V(openclaw link)).
  returned: always
  type: list
  elements: str
'''

import filecmp
import os
import shutil
import tempfile

from ansible.module_utils.basic import AnsibleModule


def built_binary(module):
    source = module.params['source']
    if module.params['binary']:
        return module.params['binary']
    for candidate in ('build/clawform', 'build/cli/clawform'):
        path = os.path.join(source, candidate)
        if os.path.isfile(path):
            return path
    module.fail_json(msg='no built clawform in %s/build (give binary)' % source)


def install_clawform(module, binary, dest):
    """Copies BINARY to DEST (0755, by rename) unless their bytes are the
    same. Returns whether it copied."""
    if not os.path.isfile(binary):
        module.fail_json(msg='no clawform binary at %s' % binary)
    if os.path.isfile(dest) and filecmp.cmp(binary, dest, shallow=False) and os.access(dest, os.X_OK):
        return False
    if module.check_mode:
        return True
    handle, temp = tempfile.mkstemp(prefix='.clawform.', dir=os.path.dirname(dest))
    os.close(handle)
    try:
        shutil.copyfile(binary, temp)
        os.chmod(temp, 0o755)
        os.rename(temp, dest)  # same directory: atomic, and the mode kept (atomic_move would reset it)
    except (IOError, OSError) as error:
        os.unlink(temp)
        module.fail_json(msg='cannot install %s as %s: %s' % (binary, dest, error))
    return True


def openclaw_stamp(source):
    """(content, mtime) of install-openclaw's stamp, or None."""
    stamp = os.path.join(source, '.deps', '.installed')
    try:
        with open(stamp) as handle:
            return handle.read(), os.stat(stamp).st_mtime_ns
    except (IOError, OSError):
        return None


def install_openclaw(module, source):
    """Runs scripts/install-openclaw (idempotent). Returns (launcher,
    whether it installed anything)."""
    launcher = os.path.join(source, '.deps', 'bin', 'openclaw')
    before = openclaw_stamp(source)
    if module.check_mode:
        return launcher, before is None or not os.access(launcher, os.X_OK)
    script = os.path.join(source, 'scripts', 'install-openclaw')
    rc, stdout, stderr = module.run_command([script], cwd=source)
    if rc != 0:
        module.fail_json(msg='scripts/install-openclaw failed (exit %d): %s' % (rc, stderr.strip()), rc=rc)
    lines = stdout.strip().splitlines()
    return (lines[-1] if lines else launcher), openclaw_stamp(source) != before


def link(module, target, dest):
    """Makes DEST a symlink to TARGET (by rename). Returns whether it changed."""
    if os.path.islink(dest) and os.readlink(dest) == target:
        return False
    if module.check_mode:
        return True
    temp = os.path.join(os.path.dirname(dest), '.openclaw.%d' % os.getpid())
    if os.path.lexists(temp):
        os.unlink(temp)
    os.symlink(target, temp)
    os.rename(temp, dest)
    return True


def version_of(module, binary):
    rc, stdout, stderr = module.run_command([binary, '--version'])
    if rc != 0:
        module.fail_json(msg='%s --version failed (exit %d): %s' % (binary, rc, stderr.strip()), rc=rc)
    return stdout.strip()


def main():
    module = AnsibleModule(
        argument_spec=dict(
            source=dict(type='path', required=True),
            binary=dict(type='path'),
            prefix=dict(type='path', default='/usr/local'),
            openclaw=dict(type='str', default='install', choices=['install', 'reuse', 'skip']),
        ),
        supports_check_mode=True,
    )
    source = module.params['source']
    bin_dir = os.path.join(module.params['prefix'], 'bin')
    if not module.check_mode and not os.path.isdir(bin_dir):
        os.makedirs(bin_dir, 0o755)
    installed = []
    result = dict(clawform_path=os.path.join(bin_dir, 'clawform'))
    if install_clawform(module, built_binary(module), result['clawform_path']):
        installed.append('clawform')
    if module.params['openclaw'] != 'skip':
        if module.params['openclaw'] == 'install':
            launcher, ran = install_openclaw(module, source)
            if ran:
                installed.append('openclaw')
        else:
            launcher = os.path.join(source, '.deps', 'bin', 'openclaw')
            if not os.access(launcher, os.X_OK):
                module.fail_json(msg='openclaw=reuse: no openclaw at %s (run scripts/install-openclaw)' % launcher)
        result['openclaw_path'] = os.path.join(bin_dir, 'openclaw')
        if link(module, launcher, result['openclaw_path']):
            installed.append('openclaw link')
    if not module.check_mode:
        result['clawform_version'] = version_of(module, result['clawform_path'])
        if 'openclaw_path' in result:
            result['openclaw_version'] = version_of(module, result['openclaw_path'])
    module.exit_json(changed=bool(installed), installed=installed, **result)


if __name__ == '__main__':
    main()
