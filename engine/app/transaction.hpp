#pragma once
// A use case's unit of work, and the one place where "transition + effects + journal entry" is
// committed:
//
//   Transaction tx(services, store::Intent::write);
//   auto item = tx.items().find(id);                   // load with its version
//   auto t = apply_item_event(item->state, event);      // the machine decides, effects included
//   apply_effects(after, t.effects);
//   entry.subject_prev = item->journal_seq;             // the item's history stays linked
//   auto link = tx.record(entry, t.effects);            // the journal entry, same transaction
//   after.journal_seq = link.seq; after.journal_hash = link.hash;
//   tx.items().update(*item, after, now);
//   tx.commit();                                        // then the post-commit hook
//
// Dropped without commit() it rolls back, and nothing is written or notified.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "store/survey_repository.hpp"

namespace duban::app {

/// Where an entry sits in the chain.
struct JournalLink {
  std::int64_t seq = 0;
  std::string hash;
};

class Transaction {
 public:
  Transaction(Services& services, store::Intent intent);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  store::ItemRepository& items() { return uow_->items(); }
  store::RoundRepository& rounds() { return uow_->rounds(); }
  store::UnitDirectory& directory() { return uow_->directory(); }
  store::JournalRepository& journal() { return uow_->journal(); }
  store::OutboxRepository& outbox() { return uow_->outbox(); }
  store::ScoreRepository& scores() { return uow_->scores(); }
  store::CredentialRepository& credentials() { return uow_->credentials(); }
  store::EvidenceRepository& evidence() { return uow_->evidence(); }
  store::RequestRepository& requests() { return uow_->requests(); }
  store::TaskRepository& tasks() { return uow_->tasks(); }
  store::SurveyRepository& survey() { return uow_->survey(); }

  /// Appends `entry` to the journal in this transaction (batched; written at the latest on
  /// commit), marked when the clock is pinned, and keeps the effects for the post-commit hook.
  /// The entry is linked into the chain at once: its seq and hash are what an item row keeps as
  /// its last entry (journal_seq, journal_hash), so record an item's entry before writing it.
  JournalLink record(JournalEntry entry, std::vector<ItemEffect> item_effects = {},
                     std::vector<StepEffect> step_effects = {});
  /// Writes what is pending, commits, then tells the observers what was committed. A write
  /// committed while a request with an Idempotency-Key is carried out on this thread
  /// (app/idempotent_requests.hpp) marks that key as acted on, in the same transaction.
  void commit();

 private:
  void flush();
  Services& services_;
  std::unique_ptr<store::UnitOfWork> uow_;
  std::vector<JournalEntry> pending_;
  std::vector<std::vector<ItemEffect>> pending_item_effects_;
  std::vector<std::vector<StepEffect>> pending_step_effects_;
  std::vector<Committed> committed_;
  bool keep_ = false;
  bool write_ = false;
  // The observer task this unit of work writes on commit (when tasks are recorded): its entries
  // from first_seq_ to last_seq_, and their effects by name.
  bool task_ = false;
  std::int64_t first_seq_ = 0, last_seq_ = 0;
  Instant last_at_{};
  std::string task_effects_;
};

}  // namespace duban::app
