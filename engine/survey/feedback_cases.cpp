#include "survey/feedback_cases.hpp"

#include <map>
#include <set>
#include <sstream>

#include "app/csv.hpp"
#include "app/field_figures.hpp"
#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "domain/errors.hpp"
#include "domain/recipients.hpp"
#include "survey/day_list.hpp"

namespace duban::survey {

namespace {

constexpr const char* kDraftColumn = "草稿编号";

/// The drafts already fed back: items of the round carrying their number.
std::set<std::string> fed_back(app::Transaction& tx, const std::string& round) {
  std::set<std::string> out;
  store::ItemFilter filter;
  filter.round = round;
  tx.items().for_each(filter, [&](const RectificationItem& it) {
    for (const auto& [name, value] : it.extra)
      if (name == kDraftColumn) out.insert(value);
  });
  return out;
}

}  // namespace

FeedbackResult feed_back(app::Services& services, const FeedbackRequest& r) {
  const auto& plan = services.config.evaluation_plan.feedback;
  FeedbackResult out;
  out.due = r.due.empty() ? plan.due : r.due;
  const auto owner_rule = r.owner.empty() ? plan.owner : r.owner;
  const auto measures = r.measures.empty() ? plan.measures : r.measures;
  std::string csv;
  {
    app::Transaction tx(services, store::Intent::read);
    auto actor = app::require_actor(tx.directory(), r.actor);
    app::require_access(actor, {Access::leading_group}, {"集中反馈", "feed the problems back"});
    auto id = app::parse_round(r.round);
    app::require_round(tx, id);
    out.round = id.str();
    if (out.due.empty()) {
      throw Error(Errc::invalid_argument,
                  {"请用 --due 给出整改时限(或在评估方案 feedback.due 中设置)",
                   "give the 整改时限 with --due (or set feedback.due in the evaluation plan)"});
    }
    std::map<std::string, std::string> names;
    for (const auto& u : tx.directory().list_units()) names[u.id] = u.name;
    RecipientDirectory directory(services.config.units);
    auto owner_of = [&](const std::string& township) -> std::string {
      if (owner_rule != "head") return owner_rule;
      auto heads = directory.resolve(RecipientRole::unit_head, township, "");
      return heads.empty() ? "" : heads.front().name;
    };
    const auto before = fed_back(tx, out.round);
    store::DraftFilter confirmed;
    confirmed.status = "confirmed";
    csv =
        app::csv_line({"轮次", "来源", "类别", "问题", "具体表现", "整改措施", "责任单位", "责任人",
                       "整改时限", "评估组", "村", "调查对象", "发现日期", kDraftColumn});
    for (const auto& d : tx.survey().drafts(out.round, confirmed)) {
      ++out.confirmed;
      const auto number = d.round + "/" + std::to_string(d.id);
      if (before.count(number)) {
        ++out.fed_back_before;
        continue;
      }
      const auto subject = subject_label(tx.survey(), d);
      std::vector<std::string> cells{d.round,
                                     std::string(label_zh(ItemSource::county)),
                                     d.category,
                                     d.text,
                                     manifestation(d, subject),
                                     measures,
                                     d.township,
                                     owner_of(d.township),
                                     out.due,
                                     "第" + std::to_string(d.group) + "组",
                                     d.village,
                                     subject,
                                     d.day,
                                     number};
      for (auto& c : cells) c = app::spreadsheet_safe(std::move(c));
      csv += app::csv_line(cells);
    }
    std::map<std::string, RecordFigures> figures;
    app::add_field_figures(tx, services.config.evaluation_plan, out.round, {}, figures);
    for (auto& [township, f] : figures)
      out.findings.push_back({township, names.count(township) ? names[township] : township, f});
    tx.commit();
  }
  if (out.confirmed == out.fed_back_before) return out;  // nothing new to feed back
  std::istringstream in(csv);
  app::ImportOptions options;
  options.dry_run = r.dry_run;
  out.import =
      app::import_items(services, r.actor, in, "集中反馈-" + out.round + ".csv", options, {});
  return out;
}

}  // namespace duban::survey
