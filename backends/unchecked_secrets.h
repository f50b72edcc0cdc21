#pragma once
// Key references planned without their values (`plan --live-state`, in CI):
// nothing is read. Each reference stands for itself (a token naming it, never
// a value), so distinct references never look alike; its digest is "unchecked:..."
// (compiler/offline/unchecked_keys.h), which the diff takes as matching the
// key file's value when the names match. Apply reads the values.

#include "compiler/host.h"
#include "backends/secret_source.h"

namespace clawform {

class UncheckedSecretSource : public SecretSource {
 protected:
  // A token for where the value lives, never a value (none is read).
  Result<std::string> read_value(const KeyRef& ref) override;
};

class UncheckedDigester : public KeyedDigester {
 public:
  UncheckedDigester() : KeyedDigester("") {}
  std::string secret_digest(const std::string& value) const override;
};

}  // namespace clawform
