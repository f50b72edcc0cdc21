#!/usr/bin/env python3
"""The Ansible peer of `clawform plan` (bench/replan_bench.sh): a playbook
that checks the same host for the same things clawform's plan checks, the
way an Ansible user would write it without clawform: per instance its state
dir and workspace (mode), key file, openclaw.json and service file (content,
mode), its plugin pins (`openclaw plugins list --json`, as there is no
OpenClaw module) and its gateway's /health. The desired content is taken
from a converged host's live state (`clawform discover --json`) and files,
so that `ansible-playbook --check --diff` of it reports nothing changed.

Usage: ansible_peer.py LIVE_STATE_JSON OPENCLAW > playbook.yml
The key file's content goes into the playbook (a bench's throwaway values)
and its task is no_log, as a vault-backed one would be.
"""
import json
import os
import sys


def quoted(text):
    return json.dumps(text)  # a YAML double-quoted scalar is a JSON string


def main():
    live = json.load(open(sys.argv[1]))
    openclaw = sys.argv[2]
    out = ["- hosts: all", "  gather_facts: false", "  tasks:"]

    def task(lines):
        out.extend("    " + line for line in lines)

    for instance in live["instances"]:
        name = instance["instance"]
        state = instance["state_dir"]
        config = instance["config_path"]
        port = instance["gateway"]["port"]
        files = instance["files"][0]
        key_file = files["secrets"]["key_file"]["path"]
        service = instance["service"]["file"]["path"]
        pins = {p["id"]: p["version"] for p in instance["plugins"] if p["origin"] != "bundled"}
        home = state.rsplit("/", 1)[0]
        task([f"- name: {name} state dir", "  file:", f"    path: {quoted(state)}", "    state: directory",
              "    mode: '0700'"])
        task([f"- name: {name} workspace", "  file:", f"    path: {quoted(files['workspace']['path'])}",
              "    state: directory"])
        for label, path, secret in (("key file", key_file, True), ("openclaw.json", config, False),
                                    ("service file", service, False)):
            content = open(path).read()
            mode = format(os.stat(path).st_mode & 0o777, "04o")
            lines = [f"- name: {name} {label}", "  copy:", f"    dest: {quoted(path)}",
                     f"    content: {quoted(content)}", f"    mode: '{mode}'"]
            if secret:
                lines.append("  no_log: true")
            task(lines)
        task([f"- name: {name} plugins", "  command:",
              f"    argv: [{quoted(openclaw)}, --profile, {quoted(name)}, plugins, list, --json]",
              "    chdir: /",
              "  environment:",
              f"    HOME: {quoted(home)}",
              f"    OPENCLAW_STATE_DIR: {quoted(state)}",
              f"    OPENCLAW_CONFIG_PATH: {quoted(config)}",
              "    OPENCLAW_NO_RESPAWN: '1'",
              "    NO_COLOR: '1'",
              "  register: plugins_" + name.replace("-", "_"),
              "  check_mode: false",
              "  changed_when: false"])
        for plugin_id, version in sorted(pins.items()):
            var = "plugins_" + name.replace("-", "_")
            task([f"- name: {name} pins {plugin_id} {version}", "  assert:", "    that:",
                  f"      - ({var}.stdout | from_json).plugins | selectattr('id', 'equalto', {quoted(plugin_id)})"
                  f" | map(attribute='version') | list == [{quoted(version)}]",
                  "    quiet: true"])
        task([f"- name: {name} gateway health", "  uri:", f"    url: http://127.0.0.1:{port}/health",
              "    status_code: 200", "  check_mode: false", "  changed_when: false"])
    print("\n".join(out))


if __name__ == "__main__":
    main()
