#include "api/page_cache.hpp"

namespace duban::api {

namespace {

std::size_t size_of(const std::string& key, const Response& r) {
  return key.size() + r.body.size() + 256;
}

}  // namespace

std::optional<Response> PageCache::find(const std::string& key, const PageStamp& stamp,
                                        const CountersOf& counters_of) {
  std::vector<std::string> units;
  Counters then;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.stamp == stamp) {
      ++hits_;
      return it->second.response;
    }
    if (it == entries_.end() || it->second.stamp.day != stamp.day || it->second.units.empty() ||
        !counters_of) {
      ++misses_;
      return std::nullopt;
    }
    units = it->second.units;
    then = it->second.counters;
  }
  // Something was committed since: was it about these units (or the directory)?
  const auto now = counters_of(units);
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (now != then || it == entries_.end() || it->second.counters != then ||
      it->second.stamp.day != stamp.day) {
    ++misses_;
    return std::nullopt;
  }
  it->second.stamp = stamp;
  ++hits_;
  return it->second.response;
}

void PageCache::put(const std::string& key, const PageStamp& stamp, const Response& response,
                    std::vector<std::string> units, Counters counters) {
  const auto size = size_of(key, response);
  if (size > max_bytes_ / 4) return;  // one answer may not push out all the others
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= size_of(key, it->second.response);
    entries_.erase(it);
  }
  if (entries_.size() >= max_entries_ || bytes_ + size > max_bytes_) {
    // Full: start again (what was kept is one commit away from stale anyway).
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(key, Entry{stamp, response, std::move(units), std::move(counters)});
  bytes_ += size;
}

std::uint64_t PageCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t PageCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace duban::api
