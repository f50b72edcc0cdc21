#include "backends/unchecked_secrets.h"

#include "backends/digest.h"
#include "compiler/offline/unchecked_keys.h"

namespace clawform {

// "\x01" keeps the token out of any text redact() is given.
Result<std::string> UncheckedSecretSource::read_value(const KeyRef& ref) { return "\x01unread " + ref.describe(); }

std::string UncheckedDigester::secret_digest(const std::string& value) const {
  return std::string(kUncheckedDigestPrefix) + sha256_hex(value);
}

}  // namespace clawform
