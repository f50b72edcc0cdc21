#pragma once
// Fingerprints of what an openclaw answer derives from, for the discovery
// cache (backends/discovery/cache.h). Each is the SHA-256 of a canonical
// listing of files with their size, mtime (ns), inode and type, plus the
// bytes of small non-secret files; equal fingerprints mean none of those
// inputs changed. Read on this machine (as clawform runs: root or the
// operator), never through openclaw.
//
// nullopt means "cannot be told": a path that exists but could not be read
// (another user's 0700 dir) makes the answer uncacheable, so that a change
// behind it is never hidden. A path that does not exist is an input like
// any other ("absent").

#include <optional>
#include <string>

#include "compiler/instance_layout.h"
#include "compiler/process.h"

namespace clawform {

// A binary's `openclaw --version` and its Node's version: the binary (and
// the file it resolves to, and what a launcher script names), the
// package.json beside each, the user it runs as (sudo's arguments), and
// the request's PATH and the `node` it finds (openclaw's
// `#!/usr/bin/env node`). Not the instance's own variables: any instance's
// request answers for the binary.
std::optional<std::string> binary_fingerprint(const std::string& binary, const ProcessRequest& version_request);

// An instance's `plugins list --json`: the request (argv without its call
// mark, environment, so the binary and the user), `of_binary` (the
// binary's fingerprint), openclaw.json's bytes, the state DB's install records
// (its plugins.* rows; the DB and -wal files' stat when they cannot be
// read), the instance's .env (stat only: it holds key values), and every
// entry of its npm/ and extensions/ trees (where openclaw installs plugins).
std::optional<std::string> plugins_fingerprint(const InstanceLayout& layout, const ProcessRequest& list_request,
                                               const std::string& of_binary);

}  // namespace clawform
