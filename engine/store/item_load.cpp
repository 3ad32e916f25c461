// A large load into items (an import): what the backend sets aside while the rows go in (SQLite:
// the item indexes and triggers), built again in one pass before the load commits.
#include "store/guard.hpp"
#include "store/items.hpp"

namespace duban::store {

void ItemStore::begin_load(std::int64_t rows) {
  guarded("items.begin_load", [&] {
    // Only where it pays: a load larger than what is there (and large at all).
    if (rows < 10000 || rows <= count() || loading_) return;
    set_aside_ = backend_.set_aside_item_indexes(session_);
    loading_ = true;
  });
}

void ItemStore::finish_load() {
  guarded("items.finish_load", [&] {
    if (!loading_) return;
    backend_.finish_load(session_, set_aside_);
    set_aside_.clear();
    loading_ = false;
  });
}

}  // namespace duban::store
