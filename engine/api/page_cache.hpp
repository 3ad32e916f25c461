#pragma once
// Answers to item lists, kept while nothing changes (issue 10's benchmark: the leading group's
// screens and township dashboards ask for the same overdue pages again and again). An answer
// holds while the database's change stamp (store::Store::change_stamp, taken before the answer
// was read) is the same and it is still the same local day: an item's colour and whether it is
// overdue change only when a commit changes it or at a local midnight (its due date's end).
// The key holds the user, so that no one is given what another may see.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

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
  /// The answer kept for `key`, if it was read at `stamp`.
  std::optional<Response> find(const std::string& key, const PageStamp& stamp);
  void put(const std::string& key, const PageStamp& stamp, const Response& response);
  std::uint64_t hits() const;
  std::uint64_t misses() const;

 private:
  struct Entry {
    PageStamp stamp;
    Response response;
  };
  std::size_t max_entries_, max_bytes_, bytes_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace duban::api
