#include "app/item_search.hpp"

#include <charconv>
#include <limits>

#include "app/input_dates.hpp"
#include "app/item_cases.hpp"
#include "app/permissions.hpp"
#include "app/resolve_unit.hpp"
#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "app/visibility.hpp"
#include "domain/errors.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

namespace {

Error bad(const std::string& parameter, const std::string& value, const std::string& zh,
          const std::string& en) {
  return Error(Errc::invalid_argument,
               {"参数 " + parameter + " 无效(" + printable(value) + "):" + zh,
                "invalid " + parameter + " (" + printable(value) + "): " + en});
}

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// "ID" after an id order, "KEY_ID" after a due order.
std::optional<store::ItemFilter::After> parse_cursor(const std::string& text, bool due) {
  store::ItemFilter::After after;
  if (!due) {
    auto id = number(text);
    if (!id) return std::nullopt;
    after.id = *id;
    return after;
  }
  auto cut = text.find('_');
  if (cut == std::string::npos) return std::nullopt;
  auto key = number(std::string_view(text).substr(0, cut));
  auto id = number(std::string_view(text).substr(cut + 1));
  if (!key || !id) return std::nullopt;
  after.key = *key;
  after.id = *id;
  return after;
}

std::vector<std::string> words_of(const std::string& q) {
  std::vector<std::string> out;
  std::string word;
  for (char c : q + " ") {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return out;
}

void check_line(const std::string& parameter, const std::string& value) {
  if (text_defect(value)) {
    throw bad(parameter, value, "含有非法字符", "holds characters that are not text");
  }
}

/// The filter `s` asks for (its sight apart): Error(invalid_argument) naming the parameter.
store::ItemFilter item_filter(Services& services, const ItemSearch& s) {
  const std::pair<const char*, const std::string*> given[] = {{"state", &s.state},
                                                              {"unit", &s.unit},
                                                              {"round", &s.round},
                                                              {"source", &s.source},
                                                              {"category", &s.category},
                                                              {"status", &s.status},
                                                              {"due_before", &s.due_before},
                                                              {"q", &s.q},
                                                              {"sort", &s.sort},
                                                              {"cursor", &s.cursor}};
  for (const auto& [name, value] : given) check_line(name, *value);
  store::ItemFilter f;
  if (!s.state.empty() && !(f.state = item_state_from(s.state))) {
    throw bad("state", s.state, "应为 identified/assigned/rectified/verified/closed",
              "must be identified, assigned, rectified, verified or closed");
  }
  if (!s.source.empty()) f.source = parse_source(s.source);
  f.category = s.category;
  if (!s.status.empty()) {
    if (s.status == "red")
      f.status = Status::red;
    else if (s.status == "yellow")
      f.status = Status::yellow;
    else if (s.status == "green")
      f.status = Status::green;
    else
      throw bad("status", s.status, "应为 red、yellow 或 green", "must be red, yellow or green");
    f.yellow_days = services.config.workflow.item_yellow_days;
  }
  if (!s.due_before.empty()) {
    f.due_before = parse_date(s.due_before);
    if (!f.due_before)
      throw bad("due_before", s.due_before, "应为 YYYY-MM-DD", "must be YYYY-MM-DD");
    require_plausible({"截止日期", "due before"}, *f.due_before, services.config.plausible_years);
  }
  if (s.limit < 1 || s.limit > kMaxPage) {
    throw bad("limit", std::to_string(s.limit), "应为 1 至 200", "must be 1 to 200");
  }
  if (s.sort == "id" || s.sort == "-id" || s.sort == "due" || s.sort == "-due") {
    f.descending = s.sort[0] == '-';
    f.order =
        s.sort.ends_with("due") ? store::ItemFilter::Order::due : store::ItemFilter::Order::id;
  } else {
    throw bad("sort", s.sort, "应为 id、-id、due 或 -due", "must be id, -id, due or -due");
  }
  const bool due = f.order == store::ItemFilter::Order::due;
  if (!s.cursor.empty() && !(f.after = parse_cursor(s.cursor, due))) {
    throw bad("cursor", s.cursor, "应为上一页返回的 next_cursor", "must be a page's next_cursor");
  }
  f.words = words_of(s.q);
  f.overdue = s.overdue;
  f.now = services.clock.now();
  return f;
}

/// Limits `f` to what the actor may see and asks for by unit; false when that is nothing.
bool limit_to_sight(Transaction& tx, const ItemSearch& s, store::ItemFilter& f) {
  auto actor = require_actor(tx.directory(), s.actor);
  auto scope = item_scope(tx.directory(), actor);
  if (!s.round.empty()) f.round = parse_round(s.round).str();
  std::vector<std::string> wanted;
  if (!s.unit.empty())
    wanted = with_sub_units(tx.directory(), resolve_unit(tx.directory(), s.unit));
  for (const auto& u : scope.all ? wanted : std::vector<std::string>{}) f.units.push_back(u);
  if (!scope.all) {
    for (const auto& u : wanted.empty() ? scope.units : wanted)
      if (scope.sees(u)) f.units.push_back(u);
    // a unit out of sight: nothing, as for one without items
    if (f.units.empty()) return false;
  }
  return true;
}

}  // namespace

ItemPage find_items(Services& services, const ItemSearch& s) {
  auto f = item_filter(services, s);
  Transaction tx(services, store::Intent::read);
  ItemPage page;
  if (!limit_to_sight(tx, s, f)) return page;
  const bool due = f.order == store::ItemFilter::Order::due;
  if (!f.units.empty()) {
    page.units = f.units;
    page.changes = tx.items().unit_changes(f.units);
  }
  page.total = tx.items().count(f);
  f.limit = static_cast<std::size_t>(s.limit) + 1;  // one more: is there a next page?
  UnitIndex units(tx.directory());
  std::vector<RectificationItem> found;
  tx.items().for_each(f, [&](const RectificationItem& item) { found.push_back(item); });
  if (found.size() > static_cast<std::size_t>(s.limit)) {
    found.pop_back();
    const auto& last = found.back();
    page.next_cursor =
        due ? std::to_string(
                  last.due ? end_of_day(*last.due, services.config.zone).time_since_epoch().count()
                           : std::numeric_limits<std::int64_t>::max()) +
                  "_" + std::to_string(last.id)
            : std::to_string(last.id);
  }
  for (const auto& item : found) page.items.push_back(item_view(item, units, services));
  return page;
}

std::vector<std::int64_t> unit_changes(Services& services, const std::vector<std::string>& units) {
  Transaction tx(services, store::Intent::read);
  return tx.items().unit_changes(units);
}

std::vector<UnitSummary> summarize_items(Services& services, const ItemSearch& search) {
  auto s = search;
  s.limit = 1;
  s.sort = "id";
  s.cursor.clear();
  auto f = item_filter(services, s);
  f.yellow_days = services.config.workflow.item_yellow_days;
  Transaction tx(services, store::Intent::read);
  std::vector<UnitSummary> out;
  if (!limit_to_sight(tx, s, f)) return out;
  UnitIndex units(tx.directory());
  for (const auto& c : tx.items().count_by_unit(f)) {
    if (out.empty() || out.back().unit != c.unit) {
      out.push_back({c.unit, units.name_of(c.unit)});
    }
    auto& u = out.back();
    u.states[static_cast<std::size_t>(c.state)] += c.items;
    u.items += c.items;
    u.red += c.red;
    u.yellow += c.yellow;
  }
  return out;
}

}  // namespace duban::app
