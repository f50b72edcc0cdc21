#include "compiler/step.h"

#include <array>
#include <utility>

namespace clawform {

namespace {

constexpr std::array<std::pair<StepKind, std::string_view>, 13> kKindNames = {{
    {StepKind::StateDir, "state_dir"},
    {StepKind::SecretsDir, "secrets_dir"},
    {StepKind::Workspace, "workspace"},
    {StepKind::KeyFile, "key_file"},
    {StepKind::OpenClaw, "openclaw"},
    {StepKind::Config, "config"},
    {StepKind::Plugin, "plugin"},
    {StepKind::Service, "service"},
    {StepKind::Gateway, "gateway"},
    {StepKind::Health, "health"},
    {StepKind::Linger, "linger"},
    {StepKind::Doctor, "doctor"},
    {StepKind::Restore, "restore"},
}};

constexpr std::array<std::pair<Action, std::string_view>, 6> kActionNames = {{
    {Action::Create, "create"},
    {Action::Update, "update"},
    {Action::Delete, "delete"},
    {Action::Replace, "replace"},
    {Action::Restart, "restart"},
    {Action::Check, "check"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace

std::string_view step_kind_name(StepKind kind) { return name_of(kKindNames, kind); }
std::optional<StepKind> step_kind_from_name(std::string_view name) { return value_of(kKindNames, name); }
std::string_view action_name(Action action) { return name_of(kActionNames, action); }
std::optional<Action> action_from_name(std::string_view name) { return value_of(kActionNames, name); }

}  // namespace clawform
