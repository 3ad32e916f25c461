#include "survey/schedule.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "domain/errors.hpp"

namespace duban::survey {

namespace {

struct TownshipLoad {
  std::string id;
  std::vector<const SampledVillage*> villages;
};

Date working_on_or_after(Date day, const WorkCalendar& calendar) {
  while (!calendar.is_working_day(day))
    day = Date{std::chrono::sys_days{day} + std::chrono::days{1}};
  return day;
}

Date next_working(Date day, const WorkCalendar& calendar) {
  return working_on_or_after(Date{std::chrono::sys_days{day} + std::chrono::days{1}}, calendar);
}

// First-fit decreasing under `capacity` villages a group; empty when they do not fit.
std::vector<std::vector<std::size_t>> pack(const std::vector<TownshipLoad>& townships,
                                           std::size_t groups, std::size_t capacity) {
  std::vector<std::size_t> order(townships.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return townships[a].villages.size() > townships[b].villages.size();
  });
  std::vector<std::vector<std::size_t>> bins(groups);
  std::vector<std::size_t> load(groups, 0);
  for (auto t : order) {
    const auto n = townships[t].villages.size();
    bool placed = false;
    for (std::size_t g = 0; g < groups && !placed; ++g) {
      if (load[g] + n <= capacity) {
        bins[g].push_back(t);
        load[g] += n;
        placed = true;
      }
    }
    if (!placed) return {};
  }
  return bins;
}

}  // namespace

Schedule make_schedule(const Sample& sample, int groups, int villages_per_day, Date start,
                       const WorkCalendar& calendar) {
  Schedule s;
  s.start = working_on_or_after(start, calendar);
  s.last = s.start;
  s.villages_per_day = villages_per_day;
  std::vector<TownshipLoad> townships;
  for (const auto& v : sample.villages) {
    if (townships.empty() || townships.back().id != v.township)
      townships.push_back({v.township, {}});
    townships.back().villages.push_back(&v);
  }
  std::size_t total = 0;
  for (const auto& t : townships) total += t.villages.size();
  const auto n = static_cast<std::size_t>(std::max(1, groups));
  std::vector<std::vector<std::size_t>> bins;
  for (std::size_t capacity = (total + n - 1) / n; bins.empty() && total > 0; ++capacity) {
    bins = pack(townships, n, capacity);
  }
  bins.resize(n);
  for (std::size_t g = 0; g < n; ++g) {
    GroupVisits group;
    group.number = static_cast<int>(g + 1);
    // The group's townships in the sample's order.
    std::sort(bins[g].begin(), bins[g].end());
    Date day = s.start;
    int today = 0;
    for (auto t : bins[g]) {
      for (const auto* v : townships[t].villages) {
        if (today == villages_per_day) {
          day = next_working(day, calendar);
          today = 0;
        }
        ++today;
        group.visits.push_back(
            {day, v->township, v->township_name, v->name, v->kind, v->households.size()});
        s.last = std::max(s.last, day);
      }
    }
    if (group.visits.empty()) {
      s.notes.push_back({"第" + std::to_string(g + 1) + "组没有分到村",
                         "group " + std::to_string(g + 1) + " has no village"});
    }
    s.groups.push_back(std::move(group));
  }
  return s;
}

std::string schedule_json(const Schedule& s) {
  auto groups = nlohmann::json::array();
  for (const auto& g : s.groups) {
    auto visits = nlohmann::json::array();
    for (const auto& v : g.visits) {
      visits.push_back({{"day", format_date(v.day)},
                        {"township", v.township},
                        {"township_name", v.township_name},
                        {"village", v.village},
                        {"kind", to_string(v.kind)},
                        {"households", v.households}});
    }
    groups.push_back({{"group", g.number}, {"visits", visits}});
  }
  auto notes = nlohmann::json::array();
  for (const auto& n : s.notes) notes.push_back({{"zh", n.zh}, {"en", n.en}});
  nlohmann::json j{{"start", format_date(s.start)},
                   {"last", format_date(s.last)},
                   {"villages_per_day", s.villages_per_day},
                   {"groups", groups},
                   {"notes", notes}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Schedule schedule_from_json(const std::string& text) {
  try {
    auto j = nlohmann::json::parse(text);
    auto date = [](const nlohmann::json& v) {
      auto d = parse_date(v.get<std::string>());
      if (!d) throw std::runtime_error("bad date " + v.get<std::string>());
      return *d;
    };
    Schedule s;
    s.start = date(j.at("start"));
    s.last = date(j.at("last"));
    s.villages_per_day = j.at("villages_per_day").get<int>();
    for (const auto& n : j.at("notes"))
      s.notes.push_back({n.value("zh", std::string()), n.value("en", std::string())});
    for (const auto& jg : j.at("groups")) {
      GroupVisits g;
      g.number = jg.at("group").get<int>();
      for (const auto& jv : jg.at("visits")) {
        Visit v;
        v.day = date(jv.at("day"));
        v.township = jv.at("township").get<std::string>();
        v.township_name = jv.at("township_name").get<std::string>();
        v.village = jv.at("village").get<std::string>();
        v.kind =
            village_kind_from(jv.at("kind").get<std::string>()).value_or(VillageKind::non_poor);
        v.households = jv.at("households").get<std::size_t>();
        g.visits.push_back(std::move(v));
      }
      s.groups.push_back(std::move(g));
    }
    return s;
  } catch (const std::exception& e) {
    throw Error(Errc::storage_error,
                {std::string("日程记录无法读取:") + e.what(),
                 std::string("a stored schedule cannot be read: ") + e.what()});
  }
}

}  // namespace duban::survey
