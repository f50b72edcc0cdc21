# -*- coding: utf-8 -*-
# The environment a module hands clawform: a KEY=VALUE file on the host,
# read on the host. Contract: a value read here goes into clawform's
# environment only; the caller marks every secret value no_log (secret_values)
# so that Ansible scrubs it from whatever the module returns or logs.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import stat

_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')

# clawform's own settings (CLAWFORM_TIMEOUT, CLAWFORM_HEALTH_TIMEOUT, the
# test-only CLAWFORM_FAULT): not secrets, and short values such as "600"
# would otherwise be masked wherever they appear in the output.
SETTING_PREFIX = 'CLAWFORM_'


class EnvFileError(Exception):
    """A file that cannot be read or a line that is not KEY=VALUE; the
    message names the path and line number, never a line's content."""


def read_env_file(path):
    """Returns ({name: value}, warnings). Blank lines and lines starting
    with '#' are skipped; `export NAME=VALUE` is taken as NAME=VALUE; a value
    is everything after the first '=' up to the line's end, the line's
    surrounding blanks removed (no quotes removed)."""
    try:
        with open(path, 'r') as handle:
            mode = os.fstat(handle.fileno()).st_mode
            lines = handle.read().splitlines()
    except (IOError, OSError) as error:
        raise EnvFileError('cannot read env_file %s: %s' % (path, error.strerror or error))
    warnings = []
    if stat.S_IMODE(mode) & 0o077:
        warnings.append('env_file %s is readable by others than its owner (mode %o); it holds key values'
                        % (path, stat.S_IMODE(mode)))
    values = {}
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith('#'):
            continue
        if text.startswith('export '):
            text = text[len('export '):].lstrip()
        name, sep, value = text.partition('=')
        if not sep or not _NAME.match(name):
            raise EnvFileError('env_file %s line %d is not NAME=VALUE' % (path, number))
        values[name] = value
    return values, warnings


def secret_values(values):
    """The values to mark no_log: every value but clawform's own settings'."""
    return set(v for k, v in values.items() if v and not k.startswith(SETTING_PREFIX))
