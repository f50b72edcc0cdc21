#include "schema/model.h"

namespace clawform {

std::string KeyRef::describe() const {
  switch (source) {
    case Source::Env: return "env:" + var;
    case Source::File: return "file:" + path;
    case Source::Keychain: return account.empty() ? "keychain:" + service : "keychain:" + service + "/" + account;
  }
  return {};
}

std::string_view topology_name(Topology topology) {
  switch (topology) {
    case Topology::A: return "A";
    case Topology::B: return "B";
    case Topology::C: return "C";
  }
  return "?";
}

std::string_view update_channel_name(UpdateChannel channel) {
  switch (channel) {
    case UpdateChannel::Stable: return "stable";
    case UpdateChannel::ExtendedStable: return "extended-stable";
    case UpdateChannel::Beta: return "beta";
    case UpdateChannel::Dev: return "dev";
  }
  return "?";
}

}  // namespace clawform
