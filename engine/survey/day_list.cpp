#include "survey/day_list.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "app/permissions.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "survey/schedule.hpp"

namespace duban::survey {

namespace {

ListedGroup& group_of(std::vector<ListedGroup>& groups, const std::string& round, int number) {
  for (auto& g : groups)
    if (g.round == round && g.number == number) return g;
  groups.push_back({});
  groups.back().round = round;
  groups.back().number = number;
  return groups.back();
}

}  // namespace

std::string subject_label(store::SurveyRepository& survey, const store::DraftRecord& d) {
  if (d.subject == d.township + "/" + d.village) return "村级";
  if (auto h = survey.household(d.round, d.subject)) {
    return "户 " + h->number + (h->head.empty() ? "" : "(" + h->head + ")");
  }
  return d.subject;
}

std::string manifestation(const store::DraftRecord& d, const std::string& subject) {
  auto shown = d.village + " " + subject;
  if (d.found != d.text && !d.found.empty()) shown.append(":").append(d.found);
  return shown;
}

std::size_t DayListing::unconfirmed() const {
  return static_cast<std::size_t>(
      std::count_if(groups.begin(), groups.end(), [](const auto& g) { return !g.confirmed; }));
}

DayListing read_day_listing(store::UnitOfWork& uow, const config::Config& config,
                            const std::string& day, const std::string& only) {
  DayListing out;
  out.county = config.county;
  out.day = day;
  std::map<std::string, std::string> names;
  for (const auto& u : uow.directory().list_units()) names[u.id] = u.name;
  for (const auto& round : uow.rounds().list()) {
    const auto rid = round.id.str();
    if (!only.empty() && rid != only) continue;
    std::vector<ListedGroup> groups;
    if (auto s = uow.survey().schedule(rid)) {
      for (const auto& g : schedule_from_json(s->schedule).groups) {
        for (const auto& v : g.visits) {
          if (format_date(v.day) != day) continue;
          group_of(groups, rid, g.number).villages.push_back(v.township_name + " " + v.village);
        }
      }
    }
    store::DraftFilter filter;
    filter.day = day;
    auto drafts = uow.survey().drafts(rid, filter);
    for (auto& d : drafts) {
      if (d.status == "confirmed") {
        ++group_of(groups, rid, d.group).problems;
        ListedProblem p;
        p.township_name = names.count(d.township) ? names[d.township] : d.township;
        p.subject = subject_label(uow.survey(), d);
        p.draft = std::move(d);
        out.problems.push_back(std::move(p));
      } else if (d.status == "draft") {
        ++group_of(groups, rid, d.group).waiting;
      }
    }
    const auto members = uow.survey().groups(rid);
    for (auto& g : groups) {
      for (const auto& m : members) {
        if (m.number != g.number) continue;
        g.leader = m.leader;
        if (auto u = uow.directory().find_user(m.leader)) g.leader_name = u->name;
      }
      // Confirmed: the leader made the day's list, and nothing found since waits for it.
      const auto subject = "list:" + rid + "/" + std::to_string(g.number) + "/" + day;
      g.confirmed = g.waiting == 0 && !uow.journal().read(subject).empty();
    }
    std::sort(groups.begin(), groups.end(),
              [](const auto& a, const auto& b) { return a.number < b.number; });
    out.groups.insert(out.groups.end(), groups.begin(), groups.end());
  }
  std::stable_sort(out.problems.begin(), out.problems.end(), [](const auto& a, const auto& b) {
    return std::tie(a.draft.round, a.draft.group, a.draft.township, a.draft.village, a.draft.id) <
           std::tie(b.draft.round, b.draft.group, b.draft.township, b.draft.village, b.draft.id);
  });
  return out;
}

DayListing day_listing(app::Services& services, const std::string& actor_id, const std::string& day,
                       const std::string& round) {
  if (!parse_date(day))
    throw Error(Errc::invalid_argument,
                {"日期应为 YYYY-MM-DD:" + day, "a date is YYYY-MM-DD: " + day});
  auto uow = services.store.begin(store::Intent::read);
  auto actor = app::require_actor(uow->directory(), actor_id);
  std::string rid;
  if (!round.empty()) {
    auto id = app::parse_round(round);
    if (!uow->rounds().find(id))
      throw Error(Errc::not_found, {"轮次不存在:" + id.str(), "no such round: " + id.str()});
    rid = id.str();
  }
  bool member = false;
  for (const auto& round : uow->rounds().list()) {
    for (const auto& g : uow->survey().groups(round.id.str()))
      member = member || std::find(g.members.begin(), g.members.end(), actor.id) != g.members.end();
  }
  if (!member)
    app::require_access(actor, {Access::leading_group, Access::evaluator},
                        {"查看当天汇总问题清单", "see the day's problem list"});
  auto listing = read_day_listing(*uow, services.config, day, rid);
  uow->commit();
  return listing;
}

std::string day_list_file_name(const DayListing& listing) { return listing.day + " 问题清单.xlsx"; }

nlohmann::json day_list_json(const DayListing& listing) {
  auto groups = nlohmann::json::array();
  for (const auto& g : listing.groups) {
    groups.push_back({{"round", g.round},
                      {"group", g.number},
                      {"leader", g.leader},
                      {"leader_name", g.leader_name},
                      {"villages", g.villages},
                      {"confirmed", g.confirmed},
                      {"problems", g.problems},
                      {"waiting", g.waiting}});
  }
  auto problems = nlohmann::json::array();
  for (const auto& p : listing.problems) {
    const auto& d = p.draft;
    problems.push_back({{"round", d.round},
                        {"draft", d.id},
                        {"group", d.group},
                        {"township", d.township},
                        {"township_name", p.township_name},
                        {"village", d.village},
                        {"subject", p.subject},
                        {"category", d.category},
                        {"text", d.text},
                        {"found", d.found},
                        {"day", d.day}});
  }
  return {{"county", listing.county},
          {"day", listing.day},
          {"field_day", listing.field_day()},
          {"unconfirmed", listing.unconfirmed()},
          {"groups", groups},
          {"problems", problems}};
}

}  // namespace duban::survey
