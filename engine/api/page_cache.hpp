#pragma once
// Answers to item lists, kept while nothing changes (the API benchmark: the leading group's
// screens and township dashboards ask for the same overdue pages again and again). An answer
// holds while the database's change stamp (store::Store::change_stamp, taken before the answer
// was read) is the same and it is still the same local day: an item's colour and whether it is
// overdue change only when a commit changes it or at a local midnight (its due date's end).
// A page drawn from some units only (a member's, or those asked for) also holds while their change
// counters (kept by triggers, migration 16) and the directory's are what they were: a change in
// another township's items leaves it standing.
// The key holds the user, so that no one is given what another may see.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/router.hpp"
#include "domain/calendar.hpp"

namespace duban::api {

struct PageStamp {
  std::int64_t change = 0;  ///< the store's change stamp before the answer was read
  Date day{};               ///< the local day it was read on
  bool operator==(const PageStamp&) const = default;
};

class PageCache {
 public:
  PageCache(std::size_t max_entries, std::size_t max_bytes)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}
  using Counters = std::vector<std::int64_t>;
  /// The change counters of these units now (app::unit_changes).
  using CountersOf = std::function<Counters(const std::vector<std::string>&)>;
  /// The answer kept for `key`, if it was read at `stamp`, or if its units' counters are still
  /// what they were (then it is kept with `stamp`, which must be taken before they are read).
  std::optional<Response> find(const std::string& key, const PageStamp& stamp,
                               const CountersOf& counters_of);
  void put(const std::string& key, const PageStamp& stamp, const Response& response,
           std::vector<std::string> units = {}, Counters counters = {});
  std::uint64_t hits() const;
  std::uint64_t misses() const;

 private:
  struct Entry {
    PageStamp stamp;
    Response response;
    std::vector<std::string> units;
    Counters counters;
  };
  std::size_t max_entries_, max_bytes_, bytes_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace duban::api
