#pragma once
// Read-only views for the command line (and later the API and dashboard).
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "audit/signing.hpp"

namespace duban::app {

/// One line of an item's deadline history (时限变更记录): a change of its due date, a suspension
/// or resumption, an extension request and its decision, or a rearming of its reminders because
/// the working-day calendar or the ladder changed while it was open.
struct DeadlineEvent {
  Instant at{};
  std::string actor;                  ///< who; "duban" for a rearming
  std::string event;                  ///< the journal's event code (assign, extend, …; rearm)
  std::string due_before, due_after;  ///< YYYY-MM-DD; equal when the due date did not move
  std::string note;                   ///< the reason, the date asked for, what changed
};

/// The deadline history told by an item's journal (oldest first) and the rearmings.
std::vector<DeadlineEvent> deadline_history(const std::vector<JournalEntry>& journal,
                                            const std::vector<Rearming>& rearmings);

struct ItemView {
  RectificationItem item;
  std::string unit_name;
  std::optional<Status> status;  ///< colour by due date while not rectified yet (nor suspended)
  bool overdue = false;
  /// When the acknowledgement time ends, while the assignment awaits acknowledgement.
  std::optional<Instant> acknowledge_by;
  std::vector<DeadlineEvent> deadline_history;  ///< filled by show_item()
};

struct ItemQuery {
  std::string state, unit, round;  ///< state: code or Chinese label; unit: id or name
  bool overdue = false;
  std::string due_before;  ///< YYYY-MM-DD
  /// Who asks: a unit's member sees its own unit's items and its sub-units' only (visibility.hpp).
  /// Empty: the operator on the server's command line, who sees all.
  std::string actor{};
  bool sub_units = false;  ///< `unit` with the units under it
};
std::vector<ItemView> list_items(Services& services, const ItemQuery& query);
/// `actor` as in ItemQuery: an item out of the actor's sight is refused as one that does not exist.
ItemView show_item(Services& services, std::int64_t id, const std::string& actor = "");
std::vector<JournalEntry> item_journal(Services& services, std::int64_t id,
                                       const std::string& actor = "");

struct StepView {
  StepRecord record;
  std::optional<Status> status;        ///< by due date while not completed
  std::vector<std::string> submitted;  ///< units that submitted (or acknowledged feedback)
  std::vector<std::string> missing;    ///< expected units that have not
};
struct RoundView {
  RoundRecord record;
  std::vector<StepView> steps;
  std::string observation_list_due;  ///< 观摩村名单截止日期 when the observation date is known
  std::size_t problems = 0;
};
RoundView show_round(Services& services, const std::string& round);
std::vector<RoundRecord> list_rounds(Services& services);

/// Active units, optionally of one kind (code name).
std::vector<Unit> list_units(Services& services, const std::string& kind);
struct UnitView {
  Unit unit;
  std::vector<User> users;
};
/// A unit by id or name, with its users.
UnitView show_unit(Services& services, const std::string& id_or_name);

struct InitResult {
  int schema_version = 0;
  SyncCounts synced;
  bool changed = false;  ///< the configuration differed from the one last synced
};
/// Migrates the database (done on open) and mirrors the configured units and users into it,
/// journaling the units and users it deactivates or brings back.
InitResult init_database(Services& services);
/// Syncs as init does, but only when the configuration's units differ from the ones last synced:
/// every other command opens the database without writing.
InitResult sync_if_changed(Services& services);

/// What `audit verify` checks checkpoints with: the county's public key (none: the chain and the
/// records are checked, a recomputed chain cannot be told) and checkpoints kept outside the
/// database (exported files), besides those stored in it.
struct AuditOptions {
  std::optional<audit::PublicKey> public_key;
  std::vector<Checkpoint> kept;
};
AuditResult audit_verify(Services& services, const AuditOptions& options = {});

/// Signs the chain's head with `key` and keeps the checkpoint in the database; returns it (to be
/// exported). Error(not_found) when the journal is empty.
Checkpoint make_checkpoint(Services& services, const audit::SigningKey& key);

}  // namespace duban::app

namespace duban::app {

/// What the service's metrics read from the database at a scrape (GET /api/v1/metrics).
struct ServiceFigures {
  store::OpenCounts items;  ///< awaiting rectification, and of those overdue
  std::vector<std::pair<DeliveryStatus, std::int64_t>> deliveries;  ///< the outbox by status
  std::vector<std::pair<std::string, std::int64_t>> transitions;    ///< item events by kind
  std::vector<std::pair<TaskStatus, std::int64_t>> tasks;           ///< observer tasks by status
  std::int64_t observer_failures = 0;  ///< failed observer calls since this process started
};
ServiceFigures service_figures(Services& services);

}  // namespace duban::app
