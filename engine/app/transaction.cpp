#include "app/transaction.hpp"

namespace duban::app {

namespace {
// Large imports append their entries in batches: one head read and update per batch, and memory
// that does not grow with the file.
constexpr std::size_t kBatch = 2000;
}  // namespace

Transaction::Transaction(Services& services, store::Intent intent)
    : services_(services),
      uow_(services.store.begin(intent)),
      keep_(services.post_commit.wanted()) {}

Transaction::~Transaction() = default;

JournalLink Transaction::record(JournalEntry entry, std::vector<ItemEffect> item_effects,
                                std::vector<StepEffect> step_effects) {
  entry.pinned_clock = services_.clock.pinned();
  uow_->journal().link(entry);
  JournalLink link{entry.seq, entry.hash};
  pending_.push_back(std::move(entry));
  if (keep_) {
    pending_item_effects_.push_back(std::move(item_effects));
    pending_step_effects_.push_back(std::move(step_effects));
  }
  if (pending_.size() >= kBatch) flush();
  return link;
}

void Transaction::flush() {
  if (pending_.empty()) return;
  uow_->journal().append_all(pending_);
  if (keep_) {
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      committed_.push_back(Committed{std::move(pending_[i]), std::move(pending_item_effects_[i]),
                                     std::move(pending_step_effects_[i])});
    }
    pending_item_effects_.clear();
    pending_step_effects_.clear();
  }
  pending_.clear();
}

void Transaction::commit() {
  flush();
  uow_->commit();
  if (keep_ && !committed_.empty()) services_.post_commit.notify(committed_);
  committed_.clear();
}

}  // namespace duban::app
