#!/usr/bin/env bash
# The change ticket (issue 17, item 3) of an empty sandbox host in each
# topology (examples/five-clients.yaml C, three-projects.yaml A,
# two-users.yaml B), planned with the real openclaw: the Markdown plan opens
# with the boundary table (a row per project, every boundary marked changed
# on an empty host, key references and no value), is under GitHub's 65,536
# characters, and its host diagram is accepted by Mermaid's own parser
# (npm mermaid 11.17.2 in jsdom 26.1.0, installed into the test's dir from
# the registry), which refuses a broken one. No gateway is started; the
# examples' ports are moved to 42000-42999.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
export npm_config_cache="${CLAWFORM_TEST_NPM_CACHE:-$HOME/.cache/clawform-test-npm}"
export PATH="$(cd "$(dirname "$openclaw")/../node/bin" && pwd):$PATH"  # install-openclaw's Node 24

check "mermaid and jsdom from npm" 0 npm install --prefix "$tmp/mermaid" --no-audit --no-fund --no-save \
  mermaid@11.17.2 jsdom@26.1.0
cat > "$tmp/mermaid/parse.mjs" <<'JS'
// node parse.mjs FILE.md: every ```mermaid block of FILE parsed by Mermaid; exit 1 on the first it refuses.
import fs from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(require.resolve("mermaid"));
mermaid.initialize({ startOnLoad: false });
const blocks = [...fs.readFileSync(process.argv[2], "utf8").matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
if (blocks.length === 0) { console.error("no mermaid block"); process.exit(1); }
for (const block of blocks) {
  try {
    console.log("parsed: " + (await mermaid.parse(block)).diagramType);
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
JS
mermaid_parses() { node "$tmp/mermaid/parse.mjs" "$1"; }

printf '# broken\n\n```mermaid\nflowchart LR\n  a["x"] -->\n```\n' > "$tmp/broken.md"
check "Mermaid refuses a broken diagram (the parser can fail)" 1 mermaid_parses "$tmp/broken.md"

# Ports 42000-42999 (planned, never started), none of OpenClaw's defaults.
cp examples/clawform.lock "$tmp/"  # the pins are locked beside the manifest
with_ports examples/five-clients.yaml 42000-42599 42000 42120 42240 42360 42480 > "$tmp/five-clients.yaml"
with_ports examples/three-projects.yaml 42600-42600 > "$tmp/three-projects.yaml"
with_ports examples/two-users.yaml 42700-42930 42700 42820 > "$tmp/two-users.yaml"
for example in five-clients three-projects two-users; do
  manifest=$tmp/$example.yaml
  vars=$(grep -o 'var: [A-Z_]*' "$manifest" | awk '{print $2}' | sort -u)
  # shellcheck disable=SC2086
  make_canaries $vars
  mkdir -p "$tmp/$example"
  check "$example: plan --format markdown" 0 "$clawform" plan "$manifest" --root "$tmp/$example" \
    --openclaw "$openclaw" --format markdown
  cp "$tmp/out" "$tmp/$example.md"
  projects=$(sed -n '/^projects:/,/^[a-z]/p' "$manifest" | sed -n 's/^  \([a-z0-9-]*\):.*/\1/p')
  check "$example: the ticket opens with the boundaries, a row per project, each boundary changed" 0 \
    python3 - "$tmp/$example.md" $projects <<'PY'
import sys
md = open(sys.argv[1]).read()
head = md.index("## Boundaries after the change")
assert head < md.index("| Project | Create |"), "the table is not first"
assert len(md) < 65536, len(md)
for project in sys.argv[2:]:
    rows = [l for l in md.splitlines() if l.startswith(f"| {project} | ") and "**changed**" in l]
    assert len(rows) == 1, (project, rows)
    cells = rows[0].split(" | ")
    assert all(c.startswith("**changed**") for c in cells[1:3]), cells  # data, credentials: new on an empty host
    assert " <- env:" in cells[2], cells[2]
PY
  check "$example: Mermaid parses the host diagram" 0 mermaid_parses "$tmp/$example.md"
  expect_output "$example: a flowchart" "^parsed: flowchart"
  no_canary "$example: no key value in the ticket" "$tmp/$example.md"
done
finish
