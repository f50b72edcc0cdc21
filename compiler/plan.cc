#include "compiler/plan.h"

#include <algorithm>

namespace clawform {

Plan::Counts Plan::counts() const {
  Counts c;
  for (const Step& s : steps) {
    switch (s.action) {
      case Action::Create: ++c.create; break;
      case Action::Update: ++c.update; break;
      case Action::Delete: ++c.destroy; break;
      case Action::Replace: ++c.replace; break;
      case Action::Restart: ++c.restart; break;
      case Action::Check: ++c.check; break;
    }
  }
  return c;
}

bool Plan::has_changes() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.action != Action::Check; });
}

bool Plan::has_destructive() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.destructive; });
}

}  // namespace clawform
