#include "app/transaction.hpp"

#include <nlohmann/json.hpp>

#include "app/idempotent_requests.hpp"

namespace duban::app {

namespace {
// Large imports append their entries in batches: one head read and update per batch, and memory
// that does not grow with the file.
constexpr std::size_t kBatch = 2000;
}  // namespace

Transaction::Transaction(Services& services, store::Intent intent)
    : services_(services),
      uow_(services.store.begin(intent)),
      keep_(services.post_commit.wanted()),
      write_(intent == store::Intent::write),
      task_(write_ && services.post_commit.records_tasks()) {}

Transaction::~Transaction() = default;

JournalLink Transaction::record(JournalEntry entry, std::vector<ItemEffect> item_effects,
                                std::vector<StepEffect> step_effects) {
  entry.pinned_clock = services_.clock.pinned();
  uow_->journal().link(entry);
  JournalLink link{entry.seq, entry.hash};
  if (task_) {
    if (first_seq_ == 0) first_seq_ = entry.seq;
    last_seq_ = entry.seq;
    last_at_ = entry.at;
    auto names = effect_names(item_effects, step_effects);
    if (!names.empty()) {
      nlohmann::json list = names;
      task_effects_ +=
          (task_effects_.empty() ? "\"" : ",\"") + std::to_string(entry.seq) + "\":" + list.dump();
    }
  }
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
  if (task_ && last_seq_ > 0) {
    // The observers' work, durable with the change it is about.
    ObserverTask task;
    task.first_seq = first_seq_;
    task.last_seq = last_seq_;
    task.effects = "{" + task_effects_ + "}";
    task.created_at = task.next_attempt_at = last_at_;
    uow_->tasks().add(task);
  }
  auto* acting = write_ ? ActingOn::current() : nullptr;
  if (acting && !acting->acted())
    uow_->requests().mark_acted(acting->key().user, acting->key().key);
  uow_->commit();
  if (acting) acting->set_acted();
  if (task_ && last_seq_ > 0) services_.post_commit.task_written();
  if (keep_ && !committed_.empty()) services_.post_commit.notify(committed_);
  committed_.clear();
}

}  // namespace duban::app
