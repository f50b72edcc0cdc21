#!/usr/bin/env python3
"""Writes a synthetic topology-C fleet manifest with N projects to stdout:
each project has its own port, gateway token, two key references and two
plugin pins. The browser is off in every project, so that gateways 2 apart
pass the port-overlap lint (on, they would need 111: 10k do not fit).
Usage: gen_manifest.py N"""
import sys


def main():
    n = int(sys.argv[1])
    first = 20000
    out = [
        "apiVersion: clawform/v1",
        f"fleet: bench-{n}",
        "region: sg",
        "host: {os: linux, memory_gb: 65536, disk_gb: 1048576}",
        "openclaw: {version: 2026.9.6, node_major: 24}",
        "topology: C",
        f"gateway: {{ports: {first}-{first + 2 * n - 1}, bind: loopback}}",
        "defaults: {model: anthropic/claude-sonnet-4-6}",
        "projects:",
    ]
    for i in range(n):
        name = f"p{i:05d}"
        upper = name.upper()
        out += [
            f"  {name}:",
            f"    port: {first + 2 * i}",
            "    browser: false",
            f"    gateway_token: {{from: file, path: /etc/clawform/{name}/gateway.token}}",
            "    keys:",
            f"      ANTHROPIC_API_KEY: {{from: env, var: {upper}_ANTHROPIC_KEY}}",
            f"      OPENAI_API_KEY: {{from: file, path: /etc/clawform/{name}/openai.key}}",
            "    plugins:",
            '      "@openclaw/nostr": 2026.9.5',
            '      "@openclaw/matrix": 2026.9.6',
        ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
