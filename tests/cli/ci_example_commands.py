#!/usr/bin/env python3
"""Prints, as a shell script, the commands a CI example (examples/ci/) runs
for one host, so that a test runs them as CI would: GitHub Actions' `run`
steps with their `env` and the `${{ ... }}` expressions they use filled in,
or GitLab's `script` with the job's variables. The install steps (GitHub's
"Install clawform", GitLab's before_script) are left out: the test gives
the clawform it built as $CLAWFORM. Fails on an expression it does not know,
so a changed workflow cannot pass with a command left unfilled.
Usage: ci_example_commands.py github|gitlab FILE HOST PR_NUMBER"""
import re
import shlex
import sys

import yaml

kind, path, host, pr = sys.argv[1:5]
doc = yaml.safe_load(open(path))
lines = ["set -e"]

if kind == "github":
    values = {"matrix.host": host, "github.event.pull_request.number": pr, "github.token": "test-token"}

    def fill(text):
        def one(m):
            if m.group(1) not in values:
                sys.exit(f"{path}: unknown expression ${{{{ {m.group(1)} }}}}")
            return values[m.group(1)]
        return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", one, text)

    (job,) = doc["jobs"].values()
    assert host in job["strategy"]["matrix"]["host"], job["strategy"]
    for step in job["steps"]:
        if "run" not in step or step.get("name") == "Install clawform":
            continue
        env = " ".join(f"{k}={shlex.quote(fill(str(v)))}" for k, v in step.get("env", {}).items())
        lines.append(f"env {env} bash -e -c {shlex.quote(fill(step['run']))}" if env else fill(step["run"]))
elif kind == "gitlab":
    (job,) = [j for name, j in doc.items() if isinstance(j, dict) and "script" in j]
    assert host in job["parallel"]["matrix"][0]["HOST"], job["parallel"]
    lines.append(f"export HOST={shlex.quote(host)} CI_MERGE_REQUEST_IID={pr} CI_PROJECT_ID=1234 "
                 "CI_API_V4_URL=https://gitlab.example/api/v4 CLAWFORM_PLAN_BOT_TOKEN=test-token")
    for key, value in job.get("variables", {}).items():
        lines.append(f"export {key}={shlex.quote(str(value))}")
    lines.extend(job["script"])
else:
    sys.exit(f"unknown kind {kind}")
print("\n".join(lines))
