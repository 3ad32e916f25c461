#pragma once
// The store as the use cases see it: repositories inside a unit of work, and no database session.
// The SOCI implementation (store/soci_store.hpp) is chosen by the composition root; these headers
// include no SOCI, so neither does anything in app/.
//
// Every method throws duban::Error: storage_error when the database refuses or fails (naming the
// operation), conflict when an optimistic version check fails, and storage_error naming the table
// and id when a stored row cannot be decoded (an unknown state, an unknown source).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/credentials.hpp"
#include "domain/evidence.hpp"
#include "domain/item.hpp"
#include "domain/journal.hpp"
#include "domain/observer_task.hpp"
#include "domain/outbox.hpp"
#include "domain/round.hpp"
#include "domain/score_records.hpp"
#include "domain/unit.hpp"

namespace duban::store {

struct ItemFilter {
  std::optional<ItemState> state;
  std::string unit;
  std::vector<std::string> units;  ///< when not empty: only the items of these units
  std::optional<ItemSource> source;
  std::string category;
  /// Colour by due date (domain/calendar.hpp status_of, with `yellow_days`): only items awaiting
  /// rectification, not suspended, with a due date.
  std::optional<Status> status;
  int yellow_days = 0;
  /// Each word in the title, the manifestation or the measures (a substring: full-text index
  /// for three characters and more, a scan for shorter words).
  std::vector<std::string> words;
  enum class Order { id, due } order = Order::id;  ///< due: items without a due date last
  bool descending = false;
  /// Keyset paging: the rows after this one in the order (key: due_at, or max for none).
  struct After {
    std::int64_t key = 0, id = 0;
  };
  std::optional<After> after;
  std::string round;
  bool overdue = false;            ///< due passed and awaiting rectification (see domain/item.hpp)
  std::optional<Date> due_before;  ///< due on or before this day
  Instant now{};
  std::size_t limit = 0;  ///< 0: no limit
};

/// An item row's bookkeeping columns, which `audit verify` checks against its history: created
/// and updated at its first and last entries, one version per entry, due_at derived from due.
struct ItemStamp {
  std::int64_t id = 0, version = 0;
  std::string created_at, updated_at, due_date;
  std::optional<std::int64_t> due_at;
};

/// An item whose next reminder (remind_at) has come: what the scheduler needs to queue it.
struct ReminderCandidate {
  std::int64_t id = 0;
  Date due{};
  Instant remind_at{};
  ItemState state = ItemState::assigned;
  std::string unit, owner, title, round;
  /// When its assignment was made, while that awaits acknowledgement (签收); nullopt otherwise.
  std::optional<Instant> awaiting_ack_since;
};

/// An item that can be reminded, as re-arming it needs it.
struct Remindable {
  std::int64_t id = 0;
  Date due{};
  std::optional<Instant> remind_at;
  std::optional<Instant> awaiting_ack_since;
};

/// Which outbox rows `notifications list` shows.
struct OutboxFilter {
  std::optional<DeliveryStatus> status;
  std::string to;       ///< a recipient's name or address (exact)
  std::string subject;  ///< e.g. item:12
  std::size_t limit = 200;
};

struct OpenCounts {
  std::int64_t open = 0;     ///< awaiting rectification
  std::int64_t overdue = 0;  ///< of those, past their due date
};

/// The items awaiting rectification and the overdue among them, as counted on a local day (the
/// dashboard's trend; the last count of the day is kept).
struct DayCounts {
  std::string day;  ///< YYYY-MM-DD, local
  std::int64_t open = 0, overdue = 0;
};

/// One unit's items in one state (ItemRepository::count_by_unit): how many, and of them how many
/// are red (overdue) and yellow by their due date (domain/calendar.hpp status_of).
struct UnitStateCount {
  std::string unit;
  ItemState state = ItemState::identified;
  std::int64_t items = 0, red = 0, yellow = 0;
};

class ItemRepository {
 public:
  virtual ~ItemRepository() = default;
  virtual std::optional<RectificationItem> find(std::int64_t id) = 0;
  /// The id the next insert gets in this unit of work (read once per unit of work).
  virtual std::int64_t next_id() = 0;
  /// Inserts with item.id, or next_id() when it is 0, and returns the id; version starts at 1.
  virtual std::int64_t insert(const RectificationItem& item, Instant now) = 0;
  /// Writes `after` over `before` as one transition; Error(conflict) if the stored version is not
  /// before.version. The lead unit's column (and its index) is written only when it changes.
  virtual void update(const RectificationItem& before, const RectificationItem& after,
                      Instant now) = 0;
  virtual std::vector<RectificationItem> list(const ItemFilter& filter) = 0;
  /// Calls `each` for every matching item without holding them all (exports of any size).
  virtual void for_each(const ItemFilter& filter,
                        const std::function<void(const RectificationItem&)>& each) = 0;
  virtual std::int64_t count() = 0;
  /// The items matching `filter` (its order, `after` and `limit` do not apply).
  virtual std::int64_t count(const ItemFilter& filter) = 0;
  /// The items matching `filter` per unit and state (the board's counts, the dashboard's charts);
  /// red and yellow with the filter's `now` and `yellow_days`.
  virtual std::vector<UnitStateCount> count_by_unit(const ItemFilter& filter) = 0;
  /// Each unit's change counter (0 if none), then the directory's (units and users): whatever
  /// changes one of those units' items, or the directory, changes its number (migration 16).
  virtual std::vector<std::int64_t> unit_changes(const std::vector<std::string>& units) = 0;
  virtual OpenCounts open_and_overdue(Instant now) = 0;
  /// Keeps `counts` as `day`'s (replacing an earlier count of that day).
  virtual void record_day(const std::string& day, const OpenCounts& counts) = 0;
  /// The days counted from `from` (YYYY-MM-DD) on, oldest first.
  virtual std::vector<DayCounts> days(const std::string& from) = 0;
  /// Calls `each` with every item's bookkeeping columns, in id order.
  virtual void for_each_stamp(const std::function<void(const ItemStamp&)>& each) = 0;
  /// A load of `rows` new items begins in this unit of work. When they outnumber the items
  /// already stored, the indexes are set aside and built again by finish_load() (building an
  /// index at once is cheaper than growing it row by row); a rollback restores them.
  /// Items awaiting rectification whose next reminder is due at `now` (remind_at <= now), oldest
  /// first, at most `limit`.
  virtual std::vector<ReminderCandidate> due_for_reminder(Instant now, std::size_t limit) = 0;
  /// Sets an item's next reminder (nullopt: none); bookkeeping, not a change of the item (no
  /// version, no journal entry).
  virtual void set_remind_at(std::int64_t id, std::optional<Instant> at) = 0;
  /// Items that can be reminded (awaiting rectification, with a due date, not suspended).
  virtual void for_each_remindable(const std::function<void(const Remindable&)>& each) = 0;
  virtual void begin_load(std::int64_t rows) = 0;
  virtual void finish_load() = 0;
};

class RoundRepository {
 public:
  virtual ~RoundRepository() = default;
  virtual void insert(const RoundRecord& round) = 0;
  virtual std::optional<RoundRecord> find(const RoundId& id) = 0;
  virtual std::vector<RoundRecord> list() = 0;
  /// Error(conflict) if the stored step's version is not step.version.
  virtual void update_step(const RoundId& id, const StepRecord& step) = 0;
  /// Records a unit's submission; a second one from the same unit replaces the first.
  virtual void put_submission(const Submission& submission) = 0;
  virtual std::vector<Submission> submissions(const RoundId& id, StepId step) = 0;
  virtual std::int64_t add_problem(const Problem& problem) = 0;
  virtual std::vector<Problem> problems(const RoundId& id) = 0;
  virtual void link_problem(std::int64_t problem_id, std::int64_t item_id) = 0;
};

class UnitDirectory {
 public:
  virtual ~UnitDirectory() = default;
  virtual std::vector<Unit> list_units() = 0;
  virtual std::optional<Unit> find_unit(const std::string& id) = 0;
  virtual std::optional<User> find_user(const std::string& id) = 0;
  virtual std::vector<User> users_of_unit(const std::string& unit) = 0;
  /// Upserts every configured unit and user; those no longer configured are marked inactive (never
  /// deleted: items and the journal still name them).
  virtual SyncCounts sync(const std::vector<Unit>& units) = 0;
  /// Every user, configured or made through the API, active, inactive or disabled (by id).
  virtual std::vector<UserRecord> list_users() = 0;
  /// A user made through the API (origin "api"); false if the id is taken.
  virtual bool add_user(const UserRecord& user) = 0;
  /// Disables (`at` a time) or enables again (`at` ""): a disabled user is not found.
  virtual void set_user_disabled(const std::string& id, const std::string& at) = 0;
  /// The content hash of the configuration last synced ("" if never).
  virtual std::string synced_hash() = 0;
  virtual void set_synced_hash(const std::string& hash) = 0;
};

class JournalRepository {
 public:
  virtual ~JournalRepository() = default;
  /// Makes `entry` the next link of the chain in this unit of work: fills seq, prev_hash and
  /// hash (the chain's tail is read once per unit of work). Nothing is written yet.
  virtual void link(JournalEntry& entry) = 0;
  /// Writes the entries, linking those not linked yet, in the order they were linked. The head
  /// row moves to the last of them unless all are about items (whose rows keep their last
  /// entry's seq and hash).
  virtual void append_all(std::vector<JournalEntry>& entries) = 0;
  virtual std::vector<JournalEntry> read(const std::string& subject) = 0;
  /// The entries seq `first` to `last`, in order (what one unit of work appended).
  virtual std::vector<JournalEntry> entries(std::int64_t first, std::int64_t last) = 0;
  /// Every item's entries in journal order, with the item's id, one at a time (one scan, for
  /// figures over all items).
  virtual void for_each_item_entry(
      const std::function<void(std::int64_t item, const JournalEntry&)>& each) = 0;
  /// Walks the whole chain: sequence numbers, links and hashes, and the recorded head.
  virtual AuditResult verify() = 0;
  /// The ids of items the journal has entries for but the items table has no row for (rows
  /// deleted behind duban's back), in order.
  virtual std::vector<std::int64_t> items_without_rows() = 0;
  /// The last entry's seq, hash and time as a checkpoint to be signed; nullopt when empty.
  virtual std::optional<Checkpoint> last_entry() = 0;
  /// The stored hash of entry `seq`, if there is such an entry.
  virtual std::optional<std::string> hash_at(std::int64_t seq) = 0;
  /// Keeps a signed checkpoint (not a journal entry: the chain is what it vouches for).
  virtual void add_checkpoint(Checkpoint& checkpoint) = 0;
  virtual std::vector<Checkpoint> checkpoints() = 0;
  /// The security log: a refused action appended; those since `since` (UTC text, "" for all).
  virtual void add_denial(const Denial& denial) = 0;
  virtual std::vector<Denial> denials(const std::string& since) = 0;
  /// Every subject that is not an item ("round:…", "step:…", "submission:…", "problem:…"), once.
  virtual std::vector<std::string> other_subjects() = 0;
  /// How many journal entries about items each event has (assign, rectify, …): the transitions.
  virtual std::vector<std::pair<std::string, std::int64_t>> item_event_counts() = 0;
  /// The instant of the last entry, if any (the journal never goes back in time).
  virtual std::optional<Instant> last_at() = 0;
};

/// A dispatcher's hold on the deliveries it sends: which process (node) and until when. Another
/// process takes them over only once the lease has run out (the holder stopped or hangs).
struct Lease {
  std::string node;
  Instant until{};
};

/// A new name for a lease holder: host:pid:random (each dispatcher, task runner and server takes
/// one).
std::string new_node_name();

/// The outbox: reminders queued under their unique key, and their deliveries.
class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  /// Writes the reminder and its deliveries unless one with the same (subject, rung, due_at) is
  /// there already; returns whether it wrote. Sets the ids.
  virtual bool queue(QueuedReminder& reminder, std::vector<Delivery>& deliveries) = 0;
  /// Cancels `subject`'s queued reminders (all of them, or those whose deadline is not
  /// `keep_due`) and their deliveries not yet sent. Returns the reminders cancelled.
  virtual int cancel(const std::string& subject, std::optional<Instant> keep_due,
                     const std::string& reason) = 0;
  /// Deliveries to send at `now`: pending or retrying with next_attempt_at <= now, oldest first.
  /// Rows another unit of work is claiming are passed over (PostgreSQL: SKIP LOCKED).
  virtual std::vector<Delivery> sendable(Instant now, std::size_t limit) = 0;
  /// Deliveries claimed by a dispatch whose lease ran out by `now` (its process stopped mid-send
  /// or hangs), by batch.
  virtual std::vector<Delivery> expired_claims(Instant now) = 0;
  /// Takes `batch` over under `lease` if its lease ran out by `now`, or renews the lease of
  /// `lease.node`'s own batch: false if another process holds it or took it first (a batch is sent
  /// only under a lease its sender renewed just before).
  virtual bool take_over(const std::string& batch, const Lease& lease, Instant now) = 0;
  /// Puts the deliveries of `ids` still pending or retrying in `batch`, status sending, held by
  /// `lease`: from now on they go out together. Returns those it claimed (another process may
  /// have claimed some first).
  virtual std::vector<std::int64_t> claim(const std::vector<std::int64_t>& ids,
                                          const std::string& batch, const Lease& lease) = 0;
  /// The batch went out; the lease ends. Nothing changes if `node` no longer holds it.
  virtual void mark_sent(const std::string& batch, const std::string& node, Instant at) = 0;
  /// A failed attempt: retrying at `retry_at`, or dead when there is none. Counts the attempt;
  /// the lease ends. Nothing changes if `node` no longer holds it.
  virtual void mark_failed(const std::string& batch, const std::string& node,
                           const std::string& error, std::optional<Instant> retry_at) = 0;
  /// Marks an unsent delivery as replaced by another (channel fallback): cancelled, with `note`.
  virtual void replace(std::int64_t id, const std::string& note) = 0;
  /// Holds pending deliveries until `at` (SMS quiet hours, a channel not loaded).
  virtual void postpone(const std::vector<std::int64_t>& ids, Instant at) = 0;
  /// A dead delivery back to pending (a person asked for it); false if it is not dead.
  virtual bool retry(std::int64_t delivery_id, Instant now) = 0;
  virtual void add_delivery(Delivery& delivery) = 0;
  virtual std::optional<QueuedReminder> reminder(std::int64_t id) = 0;
  virtual std::optional<Delivery> delivery(std::int64_t id) = 0;
  virtual std::vector<std::pair<QueuedReminder, Delivery>> list(const OutboxFilter& filter) = 0;
  /// Counts by delivery status (for /metrics and `notifications list`).
  virtual std::vector<std::pair<DeliveryStatus, std::int64_t>> counts() = 0;
  /// A value remembered across runs (meta table): what the reminders were armed with.
  virtual std::string meta(const std::string& key) = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;
  virtual void record_rearming(const Rearming& rearming) = 0;
  /// Every rearming, oldest first (a handful: one per calendar or ladder edit).
  virtual std::vector<Rearming> rearmings() = 0;
};

struct RecommendationFilter {
  std::string round, unit;  ///< "" for any
  std::optional<RecommendationState> state;
};

/// Scores, published rankings and the recommendations made from them.
class ScoreRepository {
 public:
  virtual ~ScoreRepository() = default;
  virtual std::optional<ScoreRecord> find_score(const std::string& round, const std::string& unit,
                                                const std::string& indicator) = 0;
  /// Writes the value, replacing one recorded before for the same round, unit and indicator.
  virtual void put_score(const ScoreRecord& score) = 0;
  virtual void clear_score(const std::string& round, const std::string& unit,
                           const std::string& indicator) = 0;
  /// A round's values, by unit then indicator.
  virtual std::vector<ScoreRecord> scores(const std::string& round) = 0;
  /// Replaces the round's published ranking with `rows`.
  virtual void put_ranking(const std::string& round, const std::vector<RankingRow>& rows) = 0;
  /// The round's published ranking, in its order (empty: never published).
  virtual std::vector<RankingRow> ranking(const std::string& round) = 0;
  /// Inserts and sets the id.
  virtual void add_recommendation(Recommendation& recommendation) = 0;
  virtual std::optional<Recommendation> find_recommendation(std::int64_t id) = 0;
  virtual void update_recommendation(const Recommendation& recommendation) = 0;
  virtual std::vector<Recommendation> recommendations(const RecommendationFilter& filter) = 0;
};

/// Passwords (hashed) and API tokens (by their hash).
class CredentialRepository {
 public:
  virtual ~CredentialRepository() = default;
  virtual std::optional<PasswordRecord> password(const std::string& user) = 0;
  virtual void put_password(const PasswordRecord& record) = 0;
  /// Inserts and sets the id.
  virtual void add_token(TokenRecord& token) = 0;
  virtual std::optional<TokenRecord> token_by_hash(const std::string& token_hash) = 0;
  virtual std::optional<TokenRecord> token(std::int64_t id) = 0;
  virtual void revoke_token(std::int64_t id, const std::string& at) = 0;
  /// A user's tokens ("" for everyone's), newest first.
  virtual std::vector<TokenRecord> tokens(const std::string& user) = 0;
  virtual std::vector<PasswordRecord> passwords() = 0;
};

class EvidenceRepository {
 public:
  virtual ~EvidenceRepository() = default;
  /// Inserts and sets the id.
  virtual void add(EvidenceRecord& record) = 0;
  virtual std::optional<EvidenceRecord> find(std::int64_t id) = 0;
  virtual std::vector<EvidenceRecord> of_item(std::int64_t item) = 0;
  virtual std::vector<EvidenceRecord> all() = 0;
};

/// A request sent with an Idempotency-Key, per user: who carries it out, whether a unit of work
/// of it committed, and its first answer once there is one, kept until `expires_at`.
struct RequestRecord {
  std::string user, key;
  std::string fingerprint;  ///< of its method, target and body: the same key for another request
                            ///< is refused
  std::string node;         ///< the process carrying it out, while not done
  Instant lease_until{};    ///< after this, another process may take it over (if not acted on)
  Instant created_at{}, expires_at{};
  bool acted = false;  ///< a unit of work of it committed: it must not be carried out again
  bool done = false;   ///< its answer is kept
  int status = 0;
  std::string headers;  ///< JSON: [[name, value], …], content type first
  std::string body;     ///< as answered, or base64 when `body_base64` (not UTF-8 text)
  bool body_base64 = false;
};

/// Idempotency keys and the answers they return (kept in the database, so a retry after a
/// restart, or sent to another process, gets the first answer).
class RequestRepository {
 public:
  virtual ~RequestRepository() = default;
  virtual std::optional<RequestRecord> find(const std::string& user, const std::string& key) = 0;
  /// Writes `record` as begun, in place of one with the same key that expired or was taken over.
  virtual void start(const RequestRecord& record) = 0;
  /// In the unit of work that carries the request out: from its commit on it is never redone.
  virtual void mark_acted(const std::string& user, const std::string& key) = 0;
  /// Keeps the answer (status, headers, body of `record`) if `record.node` still holds it.
  virtual void finish(const RequestRecord& record) = 0;
  /// Forgets a request that was not acted on, if `node` holds it (a retry may act).
  virtual void forget(const std::string& user, const std::string& key, const std::string& node) = 0;
  /// Deletes the records expired by `now`; returns how many.
  virtual std::int64_t prune(Instant now) = 0;
};

struct TaskFilter {
  std::optional<TaskStatus> status;
  std::size_t limit = 200;
};

/// Observer tasks (domain/observer_task.hpp), claimed under a lease like the outbox.
class TaskRepository {
 public:
  virtual ~TaskRepository() = default;
  /// Inserts and sets the id.
  virtual void add(ObserverTask& task) = 0;
  /// Up to `limit` tasks to run at `now` (pending or retrying and due, or running under a lease
  /// that ran out: their process stopped or hangs), oldest first, claimed under `lease` (one more
  /// attempt each). Rows another unit of work is claiming are passed over (PostgreSQL: SKIP
  /// LOCKED).
  virtual std::vector<ObserverTask> claim(Instant now, const Lease& lease, std::size_t limit) = 0;
  /// Done at `at`, if `node` still holds it.
  virtual void finish(std::int64_t id, const std::string& node, Instant at) = 0;
  /// Some observers failed: `observers` (JSON array) run again at `retry_at`, or the task is dead
  /// when there is none. Nothing changes if `node` no longer holds it.
  virtual void fail(std::int64_t id, const std::string& node, const std::string& observers,
                    const std::string& error, std::optional<Instant> retry_at, Instant at) = 0;
  /// A dead task back to pending (a person asked for it); false if it is not dead.
  virtual bool retry(std::int64_t id, Instant now) = 0;
  virtual std::optional<ObserverTask> find(std::int64_t id) = 0;
  /// Newest first.
  virtual std::vector<ObserverTask> list(const TaskFilter& filter) = 0;
  virtual std::vector<std::pair<TaskStatus, std::int64_t>> counts() = 0;
  /// Deletes the tasks done before `before`; returns how many.
  virtual std::int64_t prune(Instant before) = 0;
};

enum class Intent { read, write };

/// One transaction on one pooled session. Dropped without commit() it rolls back.
class SurveyRepository;  // store/survey_repository.hpp: the field evaluation's roster and samples

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual ItemRepository& items() = 0;
  virtual RoundRepository& rounds() = 0;
  virtual UnitDirectory& directory() = 0;
  virtual JournalRepository& journal() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual ScoreRepository& scores() = 0;
  virtual CredentialRepository& credentials() = 0;
  virtual EvidenceRepository& evidence() = 0;
  virtual RequestRepository& requests() = 0;
  virtual TaskRepository& tasks() = 0;
  virtual SurveyRepository& survey() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

/// A county in the database: every row belongs to one (store/soci_store.cpp keeps each unit of
/// work to its store's county).
struct County {
  std::int64_t id = 0;
  std::string code;  ///< e.g. the administrative division code, 520122; "default" until named
  std::string name;  ///< e.g. 示范县
};

class Store {
 public:
  virtual ~Store() = default;
  /// The county every unit of work of this store reads and writes.
  virtual const County& county() const = 0;
  /// Every county in the database, by id.
  virtual std::vector<County> counties() = 0;
  /// A store for county `code` of the same database, sharing this one's connections: nullopt if
  /// there is no such county. (Made by DatabaseOptions::county when a store is opened.)
  virtual std::unique_ptr<Store> for_county(const std::string& code) = 0;
  /// A read unit of work takes no write lock (SQLite: a deferred transaction on a WAL snapshot); a
  /// write one takes the write lock at once, so two writers never deadlock upgrading.
  virtual std::unique_ptr<UnitOfWork> begin(Intent intent) = 0;
  virtual int schema_version() = 0;
  virtual std::string describe() const = 0;  ///< e.g. "sqlite:/path/to/duban.db"
  /// A value that changes whenever anything is committed to the database, by this process or
  /// another (SQLite: data_version on a connection that never writes); none where unknown. Read
  /// it before reading what it is to vouch for: equal later means nothing changed in between.
  virtual std::optional<std::int64_t> change_stamp() { return std::nullopt; }
};

}  // namespace duban::store
