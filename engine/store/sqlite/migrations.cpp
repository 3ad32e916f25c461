#include "store/sqlite/sqlite_backend.hpp"

namespace duban::store::sqlite {

namespace {

// Every column of items but remind_at, which the scheduler moves and no list shows.
const char* const kShownItemColumns =
    "round_id, source, category, title, manifestation, measures, result, evidence, unit_id,"
    " owner, due_date, due_at, state, rework_count, rectified_by, created_at, updated_at,"
    " version, journal_seq, journal_hash, assigned_at, acknowledged_by, acknowledged_at,"
    " suspended_on, extension_due, extension_reason, extension_by, extra, standing, report_due";

std::vector<std::string> v1_foundation() {
  const std::string id = "INTEGER PRIMARY KEY";
  return {
      "CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
      " parent_id TEXT NOT NULL DEFAULT '', key_township INTEGER NOT NULL DEFAULT 0,"
      " active INTEGER NOT NULL DEFAULT 1)",
      "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL,"
      " access TEXT NOT NULL, role TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',"
      " phone TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1)",
      "CREATE TABLE rounds (id TEXT PRIMARY KEY, year INTEGER NOT NULL, kind TEXT NOT NULL,"
      " observation_date TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL,"
      " started_by TEXT NOT NULL)",
      "CREATE TABLE round_steps (round_id TEXT NOT NULL REFERENCES rounds(id),"
      " step INTEGER NOT NULL, state TEXT NOT NULL, due_date TEXT NOT NULL DEFAULT '',"
      " opened_at TEXT NOT NULL DEFAULT '', completed_at TEXT NOT NULL DEFAULT '',"
      " override_reason TEXT NOT NULL DEFAULT '', approved_by TEXT NOT NULL DEFAULT '',"
      " approved_at TEXT NOT NULL DEFAULT '', PRIMARY KEY (round_id, step))",
      "CREATE TABLE submissions (round_id TEXT NOT NULL, step INTEGER NOT NULL,"
      " unit_id TEXT NOT NULL, submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL,"
      " note TEXT NOT NULL DEFAULT '', PRIMARY KEY (round_id, step, unit_id))",
      "CREATE TABLE problems (id " + id +
          ", round_id TEXT NOT NULL, unit_id TEXT NOT NULL,"
          " source TEXT NOT NULL, category TEXT NOT NULL DEFAULT '', title TEXT NOT NULL,"
          " manifestation TEXT NOT NULL DEFAULT '', suggestion TEXT NOT NULL DEFAULT '',"
          " created_by TEXT NOT NULL, created_at TEXT NOT NULL, item_id BIGINT)",
      "CREATE TABLE items (id " + id +
          ", round_id TEXT NOT NULL DEFAULT '',"
          " source TEXT NOT NULL, category TEXT NOT NULL DEFAULT '', title TEXT NOT NULL,"
          " manifestation TEXT NOT NULL DEFAULT '', measures TEXT NOT NULL DEFAULT '',"
          " result TEXT NOT NULL DEFAULT '', evidence TEXT NOT NULL DEFAULT '[]',"
          " unit_id TEXT NOT NULL, owner TEXT NOT NULL DEFAULT '', due_date TEXT NOT NULL DEFAULT "
          "'',"
          " due_at BIGINT, state TEXT NOT NULL, rework_count INTEGER NOT NULL DEFAULT 0,"
          " rectified_by TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,"
          " updated_at TEXT NOT NULL, version BIGINT NOT NULL DEFAULT 1)",
      "CREATE INDEX items_by_state_due ON items (state, due_at)",
      "CREATE INDEX items_by_unit ON items (unit_id)",
      "CREATE INDEX items_by_round ON items (round_id)",
      // The journal is append-only and hash-chained; journal_head holds the chain's tip so that
      // every append reads and updates one row (a row lock in PostgreSQL).
      "CREATE TABLE journal (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
      " subject TEXT NOT NULL, event TEXT NOT NULL, state_before TEXT NOT NULL DEFAULT '',"
      " state_after TEXT NOT NULL DEFAULT '', changes TEXT NOT NULL DEFAULT '{}',"
      " reason TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
      "CREATE INDEX journal_by_subject ON journal (subject)",
      "CREATE TABLE journal_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL,"
      " hash TEXT NOT NULL)",
      "INSERT INTO journal_head (id, seq, hash) VALUES (1, 0, "
      "'0000000000000000000000000000000000000000000000000000000000000000')",
  };
}

// Steps carry a version checked on update, as items do; `meta` remembers the configuration
// last synced, so commands do not rewrite units and users unless the configuration changed.
std::vector<std::string> v2_step_versions_and_meta() {
  return {
      "ALTER TABLE round_steps ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  };
}

// journal.seq becomes SQLite's rowid (one B-tree, not a table plus an index), and an entry records
// whether it was written under a pinned clock.
std::vector<std::string> v3_journal_rowid() {
  return {
      "CREATE TABLE journal_v3 (seq INTEGER PRIMARY KEY"
      ", at TEXT NOT NULL, actor TEXT NOT NULL,"
      " subject TEXT NOT NULL, event TEXT NOT NULL, state_before TEXT NOT NULL DEFAULT '',"
      " state_after TEXT NOT NULL DEFAULT '', changes TEXT NOT NULL DEFAULT '{}',"
      " reason TEXT NOT NULL DEFAULT '', pinned_clock INTEGER NOT NULL DEFAULT 0,"
      " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
      "INSERT INTO journal_v3 (seq, at, actor, subject, event, state_before, state_after, changes,"
      " reason, prev_hash, hash) SELECT seq, at, actor, subject, event, state_before, state_after,"
      " changes, reason, prev_hash, hash FROM journal ORDER BY seq",
      "DROP TABLE journal",
      "ALTER TABLE journal_v3 RENAME TO journal",
      "CREATE INDEX journal_by_subject ON journal (subject)",
  };
}

// An item's journal entries are linked, newest first: the item row names its last entry and each
// entry the one before it about the same item. An item transition then writes no index page for
// its history (the subject index stays for rounds, steps and the rest, which change far less).
std::vector<std::string> v4_item_history_links() {
  return {
      "ALTER TABLE journal ADD COLUMN subject_prev BIGINT NOT NULL DEFAULT 0",
      "ALTER TABLE items ADD COLUMN journal_seq BIGINT NOT NULL DEFAULT 0",
      "UPDATE journal SET subject_prev = COALESCE((SELECT MAX(p.seq) FROM journal p"
      " WHERE p.subject = journal.subject AND p.seq < journal.seq), 0)"
      " WHERE subject LIKE 'item:%'",
      "UPDATE items SET journal_seq = COALESCE((SELECT MAX(seq) FROM journal"
      " WHERE subject = 'item:' || items.id), 0)",
      "DROP INDEX journal_by_subject",
      "CREATE INDEX journal_by_subject ON journal (subject) WHERE " + std::string(kNotItemSubject),
  };
}

// The item row also keeps the hash of its last entry. With it, the rows anchor the journal's tail
// wherever it is an item's entry, and the head row is written only by entries about anything
// else: an item transition writes no head page.
std::vector<std::string> v5_item_journal_hash() {
  return {
      "ALTER TABLE items ADD COLUMN journal_hash TEXT NOT NULL DEFAULT ''",
      "UPDATE items SET journal_hash = COALESCE((SELECT hash FROM journal"
      " WHERE journal.seq = items.journal_seq), '')",
  };
}

// Each entry says which canonical form it was hashed in (README, "The journal's canonical form");
// signed checkpoints of the chain's head, made with a key kept outside the database.
std::vector<std::string> v6_format_and_checkpoints() {
  return {
      "ALTER TABLE journal ADD COLUMN format INTEGER NOT NULL DEFAULT 1",
      "CREATE TABLE checkpoints (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL,"
      " at TEXT NOT NULL, statement TEXT NOT NULL, signature TEXT NOT NULL,"
      " public_key TEXT NOT NULL)",
  };
}

// The security log: refused actions. Append-only: triggers refuse to change or remove a row, so
// neither duban nor a slip in the sqlite3 shell can.
std::vector<std::string> v7_denials() {
  return {
      "CREATE TABLE denials (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
      " action TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', code TEXT NOT NULL,"
      " reason_zh TEXT NOT NULL, reason_en TEXT NOT NULL)",
      "CREATE TRIGGER denials_append_only_update BEFORE UPDATE ON denials"
      " BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END",
      "CREATE TRIGGER denials_append_only_delete BEFORE DELETE ON denials"
      " BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END",
  };
}

// Reminders: each item's next reminder, found by an index of the items that have one;
// the outbox of reminders that fell due, unique per (subject, rung, deadline); their deliveries.
std::vector<std::string> v8_reminders_and_outbox() {
  const std::string id = "INTEGER PRIMARY KEY";
  return {
      "ALTER TABLE items ADD COLUMN remind_at BIGINT",
      "CREATE INDEX items_to_remind ON items (remind_at) WHERE remind_at IS NOT NULL",
      "CREATE TABLE reminders (id " + id +
          ", subject TEXT NOT NULL, rung TEXT NOT NULL,"
          " due_at TEXT NOT NULL, fire_at TEXT NOT NULL, queued_at TEXT NOT NULL,"
          " escalation INTEGER NOT NULL DEFAULT 0, summary TEXT NOT NULL DEFAULT '{}',"
          " status TEXT NOT NULL DEFAULT 'queued', note TEXT NOT NULL DEFAULT '',"
          " UNIQUE (subject, rung, due_at))",
      "CREATE TABLE deliveries (id " + id +
          ", reminder_id BIGINT NOT NULL REFERENCES reminders(id),"
          " recipient TEXT NOT NULL, role TEXT NOT NULL, unit_id TEXT NOT NULL DEFAULT '',"
          " channel TEXT NOT NULL, address TEXT NOT NULL, status TEXT NOT NULL,"
          " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL,"
          " batch TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',"
          " fallback_of BIGINT, sent_at TEXT NOT NULL DEFAULT '',"
          " UNIQUE (reminder_id, channel, address))",
      "CREATE INDEX deliveries_to_send ON deliveries (next_attempt_at)"
      " WHERE status IN ('pending', 'retrying')",
      "CREATE INDEX deliveries_in_flight ON deliveries (batch) WHERE status = 'sending'",
  };
}

// Acknowledgement and the deadline ledger: when the current assignment was made and who
// acknowledged it, since when the item is suspended, and a pending extension request.
// Rearmings: when the calendar or the ladder changed and every item's reminders were armed again.
std::vector<std::string> v9_acknowledgement_and_deadline_ledger() {
  return {
      "CREATE TABLE rearmings (id INTEGER PRIMARY KEY"
      ", at BIGINT NOT NULL, what TEXT NOT NULL, items BIGINT NOT NULL)",
      "ALTER TABLE items ADD COLUMN assigned_at BIGINT",
      "ALTER TABLE items ADD COLUMN acknowledged_by TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE items ADD COLUMN acknowledged_at BIGINT",
      "ALTER TABLE items ADD COLUMN suspended_on TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE items ADD COLUMN extension_due TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE items ADD COLUMN extension_reason TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE items ADD COLUMN extension_by TEXT NOT NULL DEFAULT ''",
  };
}

// Problem lists as offices exchange them: a sheet's columns duban has no field for, and standing
// items (长期坚持) with their next progress report.
std::vector<std::string> v10_extra_fields_and_standing_items() {
  return {
      "ALTER TABLE items ADD COLUMN extra TEXT NOT NULL DEFAULT ''",
      "ALTER TABLE items ADD COLUMN standing INTEGER NOT NULL DEFAULT 0",
      "ALTER TABLE items ADD COLUMN report_due TEXT NOT NULL DEFAULT ''",
  };
}

// Scoring: the values recorded per round, unit and indicator; a round's published
// ranking; the rule plugins' recommendations and the decisions on them.
std::vector<std::string> v11_scores_rankings_recommendations() {
  return {
      "CREATE TABLE scores (round_id TEXT NOT NULL, unit_id TEXT NOT NULL,"
      " indicator TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,"
      " recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
      " PRIMARY KEY (round_id, unit_id, indicator))",
      "CREATE TABLE rankings (round_id TEXT NOT NULL, unit_id TEXT NOT NULL, kind TEXT NOT NULL,"
      " position INTEGER NOT NULL, rank INTEGER NOT NULL, total TEXT NOT NULL,"
      " grade TEXT NOT NULL DEFAULT '', last_streak INTEGER NOT NULL DEFAULT 0,"
      " detail TEXT NOT NULL DEFAULT '{}', published_at TEXT NOT NULL,"
      " published_by TEXT NOT NULL, PRIMARY KEY (round_id, unit_id))",
      "CREATE TABLE recommendations (id INTEGER PRIMARY KEY"
      ", round_id TEXT NOT NULL, unit_id TEXT NOT NULL, plugin TEXT NOT NULL,"
      " rule TEXT NOT NULL, action TEXT NOT NULL, text_zh TEXT NOT NULL,"
      " text_en TEXT NOT NULL, inputs TEXT NOT NULL DEFAULT '{}',"
      " follow_up TEXT NOT NULL DEFAULT '{}', state TEXT NOT NULL, created_at TEXT NOT NULL,"
      " decided_by TEXT NOT NULL DEFAULT '', decided_at TEXT NOT NULL DEFAULT '',"
      " note TEXT NOT NULL DEFAULT '', item_id BIGINT NOT NULL DEFAULT 0)",
      "CREATE INDEX recommendations_by_round ON recommendations (round_id, state)",
  };
}

// Logging in: a user's password as its Argon2id hash; API tokens by their SHA-256.
std::vector<std::string> v12_credentials() {
  return {
      "CREATE TABLE credentials (user_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL,"
      " set_at TEXT NOT NULL, set_by TEXT NOT NULL)",
      "CREATE TABLE tokens (id INTEGER PRIMARY KEY"
      ", user_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL DEFAULT"
      " '', created_at TEXT NOT NULL, created_by TEXT NOT NULL, expires_at TEXT NOT NULL,"
      " revoked_at TEXT NOT NULL DEFAULT '')",
      "CREATE INDEX tokens_by_user ON tokens (user_id)",
  };
}

// The REST API: full-text search over items (SQLite FTS5 with the trigram tokenizer:
// Chinese has no spaces between words, so any three characters are a key), kept by triggers;
// and the index for a unit's overdue page.
std::vector<std::string> v13_item_search() {
  // The unit index gains the due date: a unit's overdue items without reading each row.
  std::vector<std::string> out = {"DROP INDEX items_by_unit",
                                  "CREATE INDEX items_by_unit ON items (unit_id, due_at)"};
  const std::string old_row =
      "INSERT INTO items_fts(items_fts, rowid, title, manifestation, measures) VALUES"
      " ('delete', old.id, old.title, old.manifestation, old.measures);";
  const std::string new_row =
      "INSERT INTO items_fts(rowid, title, manifestation, measures) VALUES"
      " (new.id, new.title, new.manifestation, new.measures);";
  out.push_back(
      "CREATE VIRTUAL TABLE items_fts USING fts5(title, manifestation, measures,"
      " content='items', content_rowid='id', tokenize='trigram')");
  out.push_back("INSERT INTO items_fts(items_fts) VALUES ('rebuild')");
  out.push_back("CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN " + new_row + " END");
  out.push_back("CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN " + old_row + " END");
  out.push_back(
      "CREATE TRIGGER items_fts_update AFTER UPDATE OF title, manifestation, measures ON items"
      " BEGIN " +
      old_row + " " + new_row + " END");
  return out;
}

// Evidence files: each upload's record; the file is stored by its SHA-256.
std::vector<std::string> v14_evidence() {
  return {
      "CREATE TABLE evidence (id INTEGER PRIMARY KEY"
      ", item_id BIGINT NOT NULL, name TEXT NOT NULL, media_type TEXT NOT NULL,"
      " size BIGINT NOT NULL, sha256 TEXT NOT NULL, added_at TEXT NOT NULL,"
      " added_by TEXT NOT NULL)",
      "CREATE INDEX evidence_by_item ON evidence (item_id)",
  };
}

// The REST API's benchmark: a unit's overdue page and its count read the unit index
// alone, without a row lookup per item (state and suspension are in the index).
std::vector<std::string> v15_covering_unit_index() {
  return {"DROP INDEX items_by_unit",
          "CREATE INDEX items_by_unit ON items (unit_id, due_at, state, suspended_on)"};
}

// Item lists kept by the server (api/page_cache.hpp) are checked against a counter per unit:
// every change to one of a unit's items counts, by triggers, whoever writes (another process,
// an import). The row '' counts changes to units and users (names, hierarchy, who may see what).
std::vector<std::string> v16_unit_changes() {
  std::vector<std::string> out = {
      "CREATE TABLE unit_changes (unit_id TEXT PRIMARY KEY, n BIGINT NOT NULL)",
      "INSERT INTO unit_changes (unit_id, n) VALUES ('', 0)"};
  auto bump = [](const std::string& unit) {
    return "INSERT INTO unit_changes (unit_id, n) VALUES (" + unit +
           ", 1) ON CONFLICT (unit_id) DO UPDATE SET n = n + 1;";
  };
  const std::string shown = kShownItemColumns;
  out.push_back("CREATE TRIGGER unit_changes_insert AFTER INSERT ON items BEGIN " +
                bump("new.unit_id") + " END");
  out.push_back("CREATE TRIGGER unit_changes_delete AFTER DELETE ON items BEGIN " +
                bump("old.unit_id") + " END");
  out.push_back("CREATE TRIGGER unit_changes_update AFTER UPDATE OF " + shown + " ON items BEGIN " +
                bump("new.unit_id") +
                " INSERT INTO unit_changes (unit_id, n) SELECT old.unit_id, 1 WHERE old.unit_id"
                " <> new.unit_id ON CONFLICT (unit_id) DO UPDATE SET n = n + 1; END");
  for (const char* table : {"units", "users"}) {
    for (const char* what : {"INSERT", "UPDATE", "DELETE"}) {
      out.push_back(std::string("CREATE TRIGGER unit_changes_") + table + "_" + what + " AFTER " +
                    what + " ON " + table + " BEGIN " + bump("''") + " END");
    }
  }
  return out;
}

// Users made and disabled through the API: where a user comes from (the configuration's
// sync leaves the API's alone) and an administrator's disabling, which a sync does not undo.
std::vector<std::string> v17_user_origin_and_disabling() {
  return {"ALTER TABLE users ADD COLUMN origin TEXT NOT NULL DEFAULT 'config'",
          "ALTER TABLE users ADD COLUMN disabled_at TEXT NOT NULL DEFAULT ''"};
}

// The open and overdue items counted each day (the dashboard's overdue trend): by the server's
// sweep and by `duban remind`; derived, not a record (the journal holds what happened).
std::vector<std::string> v18_item_days() {
  return {
      "CREATE TABLE item_days (day TEXT PRIMARY KEY, open_items INTEGER NOT NULL,"
      " overdue_items INTEGER NOT NULL)"};
}

// Outbox claims under a lease: which process sends a batch and until when; another
// process takes it over only once the lease has run out.
std::vector<std::string> v19_delivery_leases() {
  return {"ALTER TABLE deliveries ADD COLUMN claimed_by TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE deliveries ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0"};
}

// Idempotency keys kept with their first answer, so that a retry after a restart, or sent to
// another process, is answered without acting twice.
std::vector<std::string> v20_idempotent_requests() {
  return {
      "CREATE TABLE idempotent_requests (user_id TEXT NOT NULL, request_key TEXT NOT NULL,"
      " fingerprint TEXT NOT NULL, node TEXT NOT NULL DEFAULT '',"
      " lease_until BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,"
      " expires_at BIGINT NOT NULL, acted INTEGER NOT NULL DEFAULT 0,"
      " done INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0,"
      " headers TEXT NOT NULL DEFAULT '[]', body TEXT NOT NULL DEFAULT '',"
      " body_base64 INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, request_key))",
      "CREATE INDEX idempotent_requests_expiry ON idempotent_requests (expires_at)"};
}

// Observer tasks: what the rule plugins are to do about a commit, written in its transaction.
std::vector<std::string> v21_observer_tasks() {
  return {
      "CREATE TABLE observer_tasks (id INTEGER PRIMARY KEY, first_seq BIGINT NOT NULL,"
      " last_seq BIGINT NOT NULL, effects TEXT NOT NULL DEFAULT '{}',"
      " observers TEXT NOT NULL DEFAULT '*', status TEXT NOT NULL DEFAULT 'pending',"
      " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL DEFAULT 0,"
      " created_at BIGINT NOT NULL, claimed_by TEXT NOT NULL DEFAULT '',"
      " lease_until BIGINT NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
      " finished_at BIGINT NOT NULL DEFAULT 0)",
      "CREATE INDEX observer_tasks_runnable ON observer_tasks (status, next_attempt_at)"};
}

// Many counties in one database: a county's rows carry its id, first in every key, and each county
// has its own journal chain (seq counts per county) and head. Tables keyed by text (units, users,
// rounds, …) are built again with the county in their key; tables keyed by a rowid (items,
// deliveries, …) keep it, their ids being the database's, and gain the column. Rows already here
// belong to county 1, 'default' until a configuration names it (store/database.cpp).
std::vector<std::string> v22_counties() {
  std::vector<std::string> out = {
      "CREATE TABLE counties (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
      " name TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '')",
      "INSERT INTO counties (id, code) VALUES (1, 'default')",
      "DROP TRIGGER unit_changes_insert",
      "DROP TRIGGER unit_changes_delete",
      "DROP TRIGGER unit_changes_update",
  };
  // table: its columns as rebuilt (after county_id), the key after county_id, and its columns.
  struct Rebuild {
    const char* table;
    const char* columns;
    const char* key;
    const char* names;
    const char* options;
  };
  const Rebuild rebuilt[] = {
      {"units",
       "id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
       " parent_id TEXT NOT NULL DEFAULT '', key_township INTEGER NOT NULL DEFAULT 0,"
       " active INTEGER NOT NULL DEFAULT 1",
       "id", "id, name, kind, parent_id, key_township, active", ""},
      {"users",
       "id TEXT NOT NULL, name TEXT NOT NULL, unit_id TEXT NOT NULL, access TEXT NOT NULL,"
       " role TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '',"
       " phone TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1,"
       " origin TEXT NOT NULL DEFAULT 'config', disabled_at TEXT NOT NULL DEFAULT ''",
       "id", "id, name, unit_id, access, role, email, phone, active, origin, disabled_at", ""},
      {"rounds",
       "id TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL,"
       " observation_date TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL,"
       " started_by TEXT NOT NULL",
       "id", "id, year, kind, observation_date, started_at, started_by", ""},
      {"round_steps",
       "round_id TEXT NOT NULL, step INTEGER NOT NULL, state TEXT NOT NULL,"
       " due_date TEXT NOT NULL DEFAULT '', opened_at TEXT NOT NULL DEFAULT '',"
       " completed_at TEXT NOT NULL DEFAULT '', override_reason TEXT NOT NULL DEFAULT '',"
       " approved_by TEXT NOT NULL DEFAULT '', approved_at TEXT NOT NULL DEFAULT '',"
       " version BIGINT NOT NULL DEFAULT 1",
       "round_id, step",
       "round_id, step, state, due_date, opened_at, completed_at, override_reason, approved_by,"
       " approved_at, version",
       ""},
      {"submissions",
       "round_id TEXT NOT NULL, step INTEGER NOT NULL, unit_id TEXT NOT NULL,"
       " submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''",
       "round_id, step, unit_id", "round_id, step, unit_id, submitted_by, submitted_at, note", ""},
      // One B-tree, as journal.seq as the rowid was (migration 3): the county's entries in order.
      {"journal",
       "seq INTEGER NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, subject TEXT NOT NULL,"
       " event TEXT NOT NULL, state_before TEXT NOT NULL DEFAULT '',"
       " state_after TEXT NOT NULL DEFAULT '', changes TEXT NOT NULL DEFAULT '{}',"
       " reason TEXT NOT NULL DEFAULT '', pinned_clock INTEGER NOT NULL DEFAULT 0,"
       " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, subject_prev BIGINT NOT NULL DEFAULT 0,"
       " format INTEGER NOT NULL DEFAULT 1",
       "seq",
       "seq, at, actor, subject, event, state_before, state_after, changes, reason,"
       " pinned_clock, prev_hash, hash, subject_prev, format",
       " WITHOUT ROWID"},
      {"journal_head", "seq BIGINT NOT NULL, hash TEXT NOT NULL", "", "seq, hash", ""},
      {"meta", "key TEXT NOT NULL, value TEXT NOT NULL", "key", "key, value", ""},
      {"scores",
       "round_id TEXT NOT NULL, unit_id TEXT NOT NULL, indicator TEXT NOT NULL,"
       " value TEXT NOT NULL, source TEXT NOT NULL, recorded_by TEXT NOT NULL,"
       " recorded_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT ''",
       "round_id, unit_id, indicator",
       "round_id, unit_id, indicator, value, source, recorded_by, recorded_at, note", ""},
      {"rankings",
       "round_id TEXT NOT NULL, unit_id TEXT NOT NULL, kind TEXT NOT NULL,"
       " position INTEGER NOT NULL, rank INTEGER NOT NULL, total TEXT NOT NULL,"
       " grade TEXT NOT NULL DEFAULT '', last_streak INTEGER NOT NULL DEFAULT 0,"
       " detail TEXT NOT NULL DEFAULT '{}', published_at TEXT NOT NULL,"
       " published_by TEXT NOT NULL",
       "round_id, unit_id",
       "round_id, unit_id, kind, position, rank, total, grade, last_streak, detail,"
       " published_at, published_by",
       ""},
      {"credentials",
       "user_id TEXT NOT NULL, password_hash TEXT NOT NULL, set_at TEXT NOT NULL,"
       " set_by TEXT NOT NULL",
       "user_id", "user_id, password_hash, set_at, set_by", ""},
      {"unit_changes", "unit_id TEXT NOT NULL, n BIGINT NOT NULL", "unit_id", "unit_id, n", ""},
      {"item_days",
       "day TEXT NOT NULL, open_items INTEGER NOT NULL, overdue_items INTEGER NOT NULL", "day",
       "day, open_items, overdue_items", ""},
      {"idempotent_requests",
       "user_id TEXT NOT NULL, request_key TEXT NOT NULL, fingerprint TEXT NOT NULL,"
       " node TEXT NOT NULL DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0,"
       " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, acted INTEGER NOT NULL DEFAULT 0,"
       " done INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0,"
       " headers TEXT NOT NULL DEFAULT '[]', body TEXT NOT NULL DEFAULT '',"
       " body_base64 INTEGER NOT NULL DEFAULT 0",
       "user_id, request_key",
       "user_id, request_key, fingerprint, node, lease_until, created_at, expires_at, acted, done,"
       " status, headers, body, body_base64",
       ""},
      // Keyed by its rowid, but unique per county: two counties remind of their own round steps.
      {"reminders",
       "id INTEGER PRIMARY KEY, subject TEXT NOT NULL, rung TEXT NOT NULL, due_at TEXT NOT NULL,"
       " fire_at TEXT NOT NULL, queued_at TEXT NOT NULL, escalation INTEGER NOT NULL DEFAULT 0,"
       " summary TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'queued',"
       " note TEXT NOT NULL DEFAULT '', UNIQUE (county_id, subject, rung, due_at)",
       "", "id, subject, rung, due_at, fire_at, queued_at, escalation, summary, status, note", ""},
  };
  for (const auto& r : rebuilt) {
    const std::string table = r.table;
    const std::string key = *r.key ? std::string(", PRIMARY KEY (county_id, ") + r.key + ")"
                            : table == "journal_head" ? ", PRIMARY KEY (county_id)"
                                                      : "";
    out.push_back("CREATE TABLE " + table + "_v22 (county_id INTEGER NOT NULL, " + r.columns + key +
                  ")" + r.options);
    out.push_back("INSERT INTO " + table + "_v22 (county_id, " + r.names + ") SELECT 1, " +
                  r.names + " FROM " + table);
    out.push_back("DROP TABLE " + table);
    out.push_back("ALTER TABLE " + table + "_v22 RENAME TO " + table);
  }
  // Keyed by their own rowid; the county is a column, and the indexes that find a county's rows
  // lead with it where a county's rows are looked for without an id.
  for (const char* table :
       {"problems", "items", "checkpoints", "denials", "deliveries", "rearmings", "recommendations",
        "tokens", "evidence", "observer_tasks"}) {
    out.push_back(std::string("ALTER TABLE ") + table +
                  " ADD COLUMN county_id INTEGER NOT NULL DEFAULT 1");
  }
  for (const char* index : {"journal_by_subject", "recommendations_by_round", "tokens_by_user",
                            "observer_tasks_runnable"}) {
    out.push_back(std::string("DROP INDEX IF EXISTS ") + index);
  }
  out.push_back("CREATE INDEX journal_by_subject ON journal (county_id, subject) WHERE " +
                std::string(kNotItemSubject));
  out.push_back(
      "CREATE INDEX recommendations_by_round ON recommendations"
      " (county_id, round_id, state)");
  out.push_back("CREATE INDEX tokens_by_user ON tokens (county_id, user_id)");
  out.push_back(
      "CREATE INDEX observer_tasks_runnable ON observer_tasks"
      " (county_id, status, next_attempt_at)");
  out.push_back("CREATE INDEX checkpoints_by_county ON checkpoints (county_id, seq)");
  out.push_back("CREATE INDEX problems_by_round ON problems (county_id, round_id)");
  // The key a delivery is queued under, as on PostgreSQL (one county per file here).
  out.push_back(
      "CREATE UNIQUE INDEX deliveries_once ON deliveries"
      " (county_id, reminder_id, channel, address)");
  // The change counters count per county; the row '' of each county its units and users. The
  // rebuilt tables lost their triggers (units, users): made again, with the items' (dropped
  // first, as they name unit_changes, which is rebuilt).
  auto bump = [](const std::string& row, const std::string& unit) {
    return "INSERT INTO unit_changes (county_id, unit_id, n) VALUES (" + row + ".county_id, " +
           unit + ", 1) ON CONFLICT (county_id, unit_id) DO UPDATE SET n = n + 1;";
  };
  out.push_back("CREATE TRIGGER unit_changes_insert AFTER INSERT ON items BEGIN " +
                bump("new", "new.unit_id") + " END");
  out.push_back("CREATE TRIGGER unit_changes_delete AFTER DELETE ON items BEGIN " +
                bump("old", "old.unit_id") + " END");
  out.push_back("CREATE TRIGGER unit_changes_update AFTER UPDATE OF " +
                std::string(kShownItemColumns) + " ON items BEGIN " + bump("new", "new.unit_id") +
                " INSERT INTO unit_changes (county_id, unit_id, n) SELECT old.county_id,"
                " old.unit_id, 1 WHERE old.unit_id <> new.unit_id ON CONFLICT (county_id,"
                " unit_id) DO UPDATE SET n = n + 1; END");
  for (const char* table : {"units", "users"}) {
    for (const char* what : {"INSERT", "UPDATE", "DELETE"}) {
      const std::string row = std::string(what) == "DELETE" ? "old" : "new";
      out.push_back(std::string("CREATE TRIGGER unit_changes_") + table + "_" + what + " AFTER " +
                    what + " ON " + table + " BEGIN " + bump(row, "''") + " END");
    }
  }
  return out;
}

// Every transition's UPDATE sets the measures column, so the search index's trigger (UPDATE OF
// title, manifestation, measures) took the row out of FTS5 and put it back each time, text
// unchanged (a third of a transition's statements); it now runs only when the text changed.
// (PostgreSQL's migration 23 makes its unit index carry the item id; SQLite's indexes carry the
// rowid, which is the item id.)
std::vector<std::string> v23_search_index_on_changed_text() {
  return {"DROP TRIGGER items_fts_update",
          "CREATE TRIGGER items_fts_update AFTER UPDATE OF title, manifestation, measures ON items"
          " WHEN old.title IS NOT new.title OR old.manifestation IS NOT new.manifestation OR"
          " old.measures IS NOT new.measures BEGIN"
          " INSERT INTO items_fts(items_fts, rowid, title, manifestation, measures) VALUES"
          " ('delete', old.id, old.title, old.manifestation, old.measures);"
          " INSERT INTO items_fts(rowid, title, manifestation, measures) VALUES"
          " (new.id, new.title, new.manifestation, new.measures); END"};
}

// The field evaluation (第三篇): a round's roster of villages and households (an ID number only as
// a keyed hash and its last four characters) and the sample drawn from it. A roster of a county
// is hundreds of thousands of households: they are clustered, without rowids, village by village
// (a sample reads a village's households; with the number as the key, SQLite without statistics
// walked the whole roster for each village), the number unique beside it.
std::vector<std::string> v24_roster_and_samples() {
  return {
      "CREATE TABLE roster_villages (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " township TEXT NOT NULL, name TEXT NOT NULL, unit_id TEXT NOT NULL DEFAULT '',"
      " kind TEXT NOT NULL, population INTEGER NOT NULL DEFAULT 0,"
      " poor_population INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (county_id, round_id, township, name)) WITHOUT ROWID",
      "CREATE TABLE roster_households (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " number TEXT NOT NULL, township TEXT NOT NULL, village TEXT NOT NULL,"
      " head TEXT NOT NULL DEFAULT '', id_hash TEXT NOT NULL DEFAULT '',"
      " id_tail TEXT NOT NULL DEFAULT '', people INTEGER NOT NULL DEFAULT 0,"
      " kind TEXT NOT NULL, edge INTEGER NOT NULL DEFAULT 0,"
      " monitored INTEGER NOT NULL DEFAULT 0, tags INTEGER NOT NULL DEFAULT 0,"
      " import_id INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (county_id, round_id, township, village, number)) WITHOUT ROWID",
      "CREATE UNIQUE INDEX roster_households_by_number ON roster_households (county_id,"
      " round_id, number)",
      "CREATE TABLE survey_samples (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " seed TEXT NOT NULL, plan TEXT NOT NULL, plan_digest TEXT NOT NULL,"
      " roster_digest TEXT NOT NULL, draw TEXT NOT NULL, drawn_at INTEGER NOT NULL,"
      " drawn_by TEXT NOT NULL, journal_seq INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (county_id, round_id))"};
}

// The field evaluation's groups (their members are users) and each round's schedule.
std::vector<std::string> v25_groups_and_schedules() {
  return {
      "CREATE TABLE survey_groups (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " number INTEGER NOT NULL, leader TEXT NOT NULL DEFAULT '', members TEXT NOT NULL,"
      " PRIMARY KEY (county_id, round_id, number))",
      "CREATE TABLE survey_schedules (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " start_date TEXT NOT NULL, schedule TEXT NOT NULL, sample_seed TEXT NOT NULL,"
      " made_at INTEGER NOT NULL, made_by TEXT NOT NULL, journal_seq INTEGER NOT NULL"
      " DEFAULT 0, PRIMARY KEY (county_id, round_id))"};
}

// The field evaluation's questionnaires: the version of each form a round fixed, and the answers.
std::vector<std::string> v26_forms_and_answers() {
  return {
      "CREATE TABLE survey_forms (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " form_id TEXT NOT NULL, version TEXT NOT NULL, digest TEXT NOT NULL, title TEXT NOT"
      " NULL, subject TEXT NOT NULL, file TEXT NOT NULL, definition TEXT NOT NULL, fixed_at"
      " INTEGER NOT NULL, fixed_by TEXT NOT NULL, journal_seq INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (county_id, round_id, form_id))",
      "CREATE TABLE survey_answers (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " form_id TEXT NOT NULL, subject TEXT NOT NULL, group_number INTEGER NOT NULL DEFAULT"
      " 0, answers TEXT NOT NULL, source TEXT NOT NULL, instance TEXT NOT NULL, submitted_at"
      " INTEGER NOT NULL, submitted_by TEXT NOT NULL, journal_seq INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (county_id, round_id, form_id, subject))",
      "CREATE UNIQUE INDEX survey_answers_instance ON survey_answers (county_id, round_id,"
      " instance)"};
}

// The problems the field work found: drafts until a group leader confirms them.
std::vector<std::string> v27_drafts() {
  return {
      "CREATE TABLE survey_drafts (county_id INTEGER NOT NULL, round_id TEXT NOT NULL,"
      " id INTEGER NOT NULL, form_id TEXT NOT NULL, subject TEXT NOT NULL, question TEXT NOT"
      " NULL, township TEXT NOT NULL, village TEXT NOT NULL, group_number INTEGER NOT NULL,"
      " day TEXT NOT NULL, category TEXT NOT NULL, text TEXT NOT NULL, found TEXT NOT NULL,"
      " value TEXT NOT NULL, status TEXT NOT NULL, merged_into INTEGER NOT NULL DEFAULT 0,"
      " note TEXT NOT NULL DEFAULT '', changed_at INTEGER NOT NULL, changed_by TEXT NOT NULL,"
      " journal_seq INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (county_id, round_id, id))",
      "CREATE INDEX survey_drafts_day ON survey_drafts (county_id, round_id, group_number,"
      " day)"};
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "foundation: units, users, rounds, steps, submissions, problems, items, journal",
       &v1_foundation},
      {2, "step versions; meta", &v2_step_versions_and_meta},
      {3, "journal.seq as the rowid; pinned_clock", &v3_journal_rowid},
      {4, "item history links; subject index without items", &v4_item_history_links},
      {5, "items keep their last entry's hash; the head only for other subjects",
       &v5_item_journal_hash},
      {6, "journal canonical form version; signed checkpoints", &v6_format_and_checkpoints},
      {7, "security log of refused actions", &v7_denials},
      {8, "reminders: items' next reminder, the outbox and its deliveries",
       &v8_reminders_and_outbox},
      {9,
       "acknowledgement and the deadline ledger: assigned_at, acknowledged_by/at,"
       " suspended_on, a pending extension request; rearmings",
       &v9_acknowledgement_and_deadline_ledger},
      {10, "problem lists: extra fields of a sheet; standing items and their report due",
       &v10_extra_fields_and_standing_items},
      {11, "scoring: scores, published rankings, recommendations",
       &v11_scores_rankings_recommendations},
      {12, "logging in: password hashes, API tokens by their hash", &v12_credentials},
      {13, "item search: full-text index (FTS5 trigram); the unit index with the due date",
       &v13_item_search},
      {14, "evidence files: their records (the files by their SHA-256)", &v14_evidence},
      {15, "the unit index covers a unit's overdue page: state and suspension",
       &v15_covering_unit_index},
      {16, "a change counter per unit, kept by triggers (item lists kept by the server)",
       &v16_unit_changes},
      {17, "users: made through the API or configured; disabled by an administrator",
       &v17_user_origin_and_disabling},
      {18, "the open and overdue items counted each day (the dashboard's trend)", &v18_item_days},
      {19, "outbox claims under a lease: claimed_by, lease_until", &v19_delivery_leases},
      {20, "idempotency keys with their first answer", &v20_idempotent_requests},
      {21, "observer tasks, written with the commit they are about", &v21_observer_tasks},
      {22, "counties: every row's county first in its key; a journal chain per county",
       &v22_counties},
      {23, "the search index is written only when an item's text changed",
       &v23_search_index_on_changed_text},
      {24, "the field evaluation: a round's roster of villages and households; its sample",
       &v24_roster_and_samples},
      {25, "the field evaluation's groups and schedules", &v25_groups_and_schedules},
      {26, "the field evaluation's forms as each round fixed them; the answers",
       &v26_forms_and_answers},
      {27, "the field evaluation's draft problems and each group's list of the day", &v27_drafts},
  };
  return all;
}

}  // namespace duban::store::sqlite
