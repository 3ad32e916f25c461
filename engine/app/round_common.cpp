#include <algorithm>

#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "store/units.hpp"

namespace duban::app {

RoundId parse_round(const std::string& text) {
  if (auto id = RoundId::parse(text)) return *id;
  throw Error(Errc::invalid_argument,
              {"轮次格式应为 2020-H1(半年)或 2020-Y(全年):" + text,
               "a round looks like 2020-H1 (half year) or 2020-Y (annual): " + text});
}

StepId parse_step(const std::string& text) {
  if (auto step = step_from(text)) return *step;
  throw Error(Errc::invalid_argument,
              {"无效步骤:" + text + "(1–7、英文代号或中文名称)",
               "no such step: " + text + " (1-7, a code name or the Chinese label)"});
}

UnitProgress unit_progress(Services& services, const RoundId& round, StepId step,
                           const std::vector<UnitKind>& kinds) {
  UnitProgress progress;
  if (kinds.empty()) return progress;
  auto records = services.store.rounds().submissions(round, step);
  for (const auto& u : store::list_units(services.store.session())) {
    if (std::find(kinds.begin(), kinds.end(), u.kind) == kinds.end()) continue;
    bool in = std::any_of(records.begin(), records.end(),
                          [&](const store::Submission& s) { return s.unit == u.id; });
    (in ? progress.submitted : progress.missing).push_back(u.id);
  }
  return progress;
}

store::RoundRecord require_round(Services& services, const RoundId& id) {
  if (auto r = services.store.rounds().find(id)) return *r;
  throw Error(Errc::not_found, {"轮次不存在:" + id.str(), "no such round: " + id.str()});
}

}  // namespace duban::app
