// Tamper trials: a real database with items through their lifecycle and a round under
// way, then a thousand random single edits, deletions, reorderings and insertions made to it
// behind duban's back, in the journal and in the records; `audit verify` must report each one.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <random>

#include "app/item_cases.hpp"
#include "app/round_cases.hpp"
#include "domain/errors.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

namespace fs = std::filesystem;

class TamperTrials : public Engine {
 protected:
  void build_history() {
    std::istringstream csv(read_file(source_dir() / "config" / "demo" / "items.csv"));
    app::import_items(services(), "office", csv, "items.csv", false, {});
    auto change = [&](const char* actor, std::int64_t id, ItemEventKind event) {
      app::ChangeItem c;
      c.actor = actor;
      c.id = id;
      c.event = event;
      c.result = "已整改";
      c.reason = "佐证不足";
      c.evidence = {"台账.pdf"};
      app::change_item(services(), c);
      clock_.advance(std::chrono::hours(1));
    };
    std::vector<std::int64_t> ids;
    for (auto unit : {"longtan", "xinmin", "shimen"}) {
      auto item = app::add_item(services(),
                                {"office", "", "国家", "精准识别", "未整户识别", "具体表现", unit});
      app::ChangeItem assign;
      assign.actor = "office";
      assign.id = item.id;
      assign.event = ItemEventKind::assign;
      assign.owner = "赵某七";
      assign.measures = "逐户核查";
      assign.due = "2020-06-30";
      app::change_item(services(), assign);
      change(unit, item.id, ItemEventKind::rectify);
      change("inspector", item.id, ItemEventKind::reject);
      change(unit, item.id, ItemEventKind::rectify);
      change("inspector", item.id, ItemEventKind::verify);
      ids.push_back(item.id);
    }
    change("office", ids[0], ItemEventKind::close);
    change("office", ids[0], ItemEventKind::reopen);
    app::start_round(services(), {"office", "2020-H1", "2020-06-20"});
    for (auto step : {"1", "2", "3"}) {
      app::change_step(services(), {"office", "2020-H1", step, StepEventKind::open, "", ""});
    }
    for (auto unit : {"longtan", "xinmin", "shimen"}) {
      app::submit(services(), {unit, "2020-H1", "1", unit, std::string("总结 ") + unit});
    }
    app::add_problem(services(), {"evaluator", "2020-H1", "shimen", "county", "危房改造",
                                  "危房改造质量不达标", "墙体开裂", "返工"});
    app::change_step(services(), {"office", "2020-H1", "1", StepEventKind::complete, "", "同意"});
  }

  // One change made behind duban's back, chosen by `kind` with details from `rng`; says what.
  static std::string tamper(soci::session& db, int kind, std::mt19937& rng) {
    auto pick = [&](long long lo, long long hi) {
      return std::uniform_int_distribution<long long>(lo, hi)(rng);
    };
    long long entries = 0, items = 0;
    db << "SELECT COUNT(*) FROM journal", soci::into(entries);
    db << "SELECT MAX(id) FROM items", soci::into(items);
    const char* journal_columns[] = {
        "at",     "actor",        "subject",   "event", "state_before", "state_after", "changes",
        "reason", "pinned_clock", "prev_hash", "hash",  "subject_prev", "format"};
    const char* item_columns[] = {"round_id",      "source",       "category",     "title",
                                  "manifestation", "measures",     "result",       "evidence",
                                  "unit_id",       "owner",        "due_date",     "due_at",
                                  "state",         "rework_count", "rectified_by", "created_at",
                                  "updated_at",    "version",      "journal_seq",  "journal_hash"};
    auto seq = std::to_string(pick(1, entries));
    auto id = std::to_string(pick(1, items));
    switch (kind) {
      case 0: {  // one column of one journal entry
        std::string col = journal_columns[pick(0, 12)];
        bool number = col == "pinned_clock" || col == "subject_prev" || col == "format";
        db << "UPDATE journal SET " + col + " = " + (number ? col + " + 1" : col + " || 'x'") +
                  " WHERE seq = " + seq;
        return "journal #" + seq + " " + col + " edited";
      }
      case 1:
        db << "DELETE FROM journal WHERE seq = " + seq;
        return "journal #" + seq + " deleted";
      case 2: {  // two entries swap places (their contents, the numbers stay)
        auto other = std::to_string(pick(1, entries));
        if (other == seq) other = seq == "1" ? "2" : "1";
        db << "UPDATE journal SET seq = -1 WHERE seq = " + seq;
        db << "UPDATE journal SET seq = " + seq + " WHERE seq = " + other;
        db << "UPDATE journal SET seq = " + other + " WHERE seq = -1";
        return "journal #" + seq + " and #" + other + " swapped";
      }
      case 3: {  // a forged entry at the end, linked to the last one
        auto next = std::to_string(entries + 1);
        db << "INSERT INTO journal (county_id, seq, at, actor, subject, event, state_before,"
              " state_after, changes, reason, pinned_clock, prev_hash, hash, subject_prev)"
              " SELECT 1, " +
                  next + ", at, 'office', 'item:" + id +
                  "', 'close', 'verified', 'closed', '{}', '', 0, hash, hash, 0 FROM journal"
                  " WHERE seq = " +
                  std::to_string(entries);
        return "journal #" + next + " forged for item " + id;
      }
      case 4: {  // one column of one item row
        std::string col = item_columns[pick(0, 19)];
        bool number =
            col == "due_at" || col == "rework_count" || col == "version" || col == "journal_seq";
        std::string value = col == "state"      ? "CASE state WHEN 'closed' THEN 'verified' ELSE "
                                                  "'closed' END"
                            : col == "due_date" ? "'2020-12-31'"
                            : col == "due_at"   ? "COALESCE(due_at, 0) + 86400"
                            : number            ? col + " + 1"
                                                : col + " || 'x'";
        db << "UPDATE items SET " + col + " = " + value + " WHERE id = " + id;
        return "item " + id + " " + col + " edited";
      }
      case 5:
        db << "DELETE FROM items WHERE id = " + id;
        return "item " + id + " deleted";
      case 6: {
        auto ghost = std::to_string(items + pick(1, 5));
        db << "INSERT INTO items (id, source, title, unit_id, state, created_at, updated_at)"
              " VALUES (" +
                  ghost + ", 'county', '幽灵', 'longtan', 'closed', 'x', 'x')";
        return "ghost item " + ghost + " inserted";
      }
      case 7: {  // the round's records
        switch (pick(0, 5)) {
          case 0:
            db << "UPDATE rounds SET started_by = 'leader'";
            return "round started_by edited";
          case 1: {
            auto step = std::to_string(pick(1, 7));
            db << "UPDATE round_steps SET state = CASE state WHEN 'completed' THEN 'open' ELSE "
                  "'completed' END WHERE step = " +
                      step;
            return "step " + step + " state edited";
          }
          case 2:
            db << "UPDATE round_steps SET opened_at = '2020-01-01T00:00:00Z' WHERE step = " +
                      std::to_string(pick(1, 3));
            return "a step's opened_at edited";
          case 3:
            db << "UPDATE submissions SET note = note || 'x' WHERE unit_id = 'xinmin'";
            return "a submission's note edited";
          case 4:
            db << "DELETE FROM submissions WHERE unit_id = 'shimen'";
            return "a submission deleted";
          default:
            db << "UPDATE problems SET manifestation = '无'";
            return "a problem edited";
        }
      }
      default: {
        if (pick(0, 1) == 0) {
          db << "UPDATE journal_head SET hash = substr(hash, 2) || '0'";
          return "the head's hash edited";
        }
        db << "UPDATE journal_head SET seq = seq + 1";
        return "the head's seq edited";
      }
    }
  }
};

TEST_F(TamperTrials, AThousandRandomTamperingsAreEachDetected) {
  // Each trial starts from a copy of the file; on PostgreSQL, ItemCli's and PermissionsCli's
  // tamperings through psql run instead.
  DUBAN_SQLITE_ONLY("a thousand copies of the database file");
  build_history();
  ASSERT_TRUE(app::audit_verify(services()).ok);
  services_.reset();
  store_.reset();  // the last connection closes: the WAL is written back into the file
  const auto pristine = read_file(config_.database.path);
  const auto trial = dir_ / "trial.db";
  std::mt19937 rng(20261129);
  constexpr int kTrials = 1000, kKinds = 9;
  int detected = 0;
  std::map<int, int> per_kind;
  for (int i = 0; i < kTrials; ++i) {
    for (auto suffix : {"", "-wal", "-shm"}) fs::remove(trial.string() + suffix);
    write_file(trial, pristine);
    std::string what;
    {
      soci::session db(soci::sqlite3, "db=" + trial.string());
      what = tamper(db, i % kKinds, rng);
    }
    store::DatabaseOptions options;
    options.sqlite_path = trial;
    auto store = store::open_store(options, config_.zone);
    app::Services services{*store, config_, clock_, post_commit_};
    AuditResult result;
    try {
      result = app::audit_verify(services);
    } catch (const Error& e) {
      // A row duban cannot even read (an unknown state) is found too, as a storage error.
      result.add(0, "", e.text().zh, e.text().en);
    }
    if (!result.ok) {
      ++detected;
      ++per_kind[i % kKinds];
    } else {
      ADD_FAILURE() << "trial " << i << " not detected: " << what;
    }
  }
  EXPECT_EQ(detected, kTrials);
  std::printf("tamper trials: %d run, %d detected (per kind:", kTrials, detected);
  for (auto [kind, n] : per_kind) std::printf(" %d", n);
  std::printf(")\n");
}

}  // namespace
}  // namespace duban::testing
