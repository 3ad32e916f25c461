// PostgreSQL's schema. It starts where SQLite's migration 18 left SQLite databases, in one step
// (there were no PostgreSQL databases before it); later migrations keep both numbered alike.
// Text columns compare byte by byte (COLLATE "C"), as SQLite's do, whatever the database's locale:
// ids, times and sort orders then mean the same on both.
#include "store/postgresql/pg_backend.hpp"

namespace duban::store::postgresql {

namespace {

// Every column but remind_at, which the scheduler moves and no list shows.
const char* const kShownItemColumns =
    "round_id, source, category, title, manifestation, measures, result, evidence, unit_id,"
    " owner, due_date, due_at, state, rework_count, rectified_by, created_at, updated_at,"
    " version, journal_seq, journal_hash, assigned_at, acknowledged_by, acknowledged_at,"
    " suspended_on, extension_due, extension_reason, extension_by, extra, standing, report_due";

std::vector<std::string> v18_baseline() {
  const std::string t = "TEXT COLLATE \"C\" NOT NULL";
  const std::string e = "TEXT COLLATE \"C\" NOT NULL DEFAULT ''";
  return {
      // Trigram indexes for search over Chinese text (any three characters are a key).
      "CREATE EXTENSION IF NOT EXISTS pg_trgm",
      "CREATE TABLE units (id " + t + " PRIMARY KEY, name " + t + ", kind " + t + ", parent_id " +
          e + ", key_township INTEGER NOT NULL DEFAULT 0, active INTEGER NOT NULL DEFAULT 1)",
      "CREATE TABLE users (id " + t + " PRIMARY KEY, name " + t + ", unit_id " + t + ", access " +
          t + ", role " + e + ", email " + e + ", phone " + e +
          ", active INTEGER NOT NULL DEFAULT 1, origin TEXT COLLATE \"C\" NOT NULL DEFAULT"
          " 'config', disabled_at " +
          e + ")",
      "CREATE TABLE rounds (id " + t + " PRIMARY KEY, year INTEGER NOT NULL, kind " + t +
          ", observation_date " + e + ", started_at " + t + ", started_by " + t + ")",
      "CREATE TABLE round_steps (round_id " + t +
          " REFERENCES rounds(id), step INTEGER NOT NULL,"
          " state " +
          t + ", due_date " + e + ", opened_at " + e + ", completed_at " + e +
          ", override_reason " + e + ", approved_by " + e + ", approved_at " + e +
          ", version BIGINT NOT NULL DEFAULT 1, PRIMARY KEY (round_id, step))",
      "CREATE TABLE submissions (round_id " + t + ", step INTEGER NOT NULL, unit_id " + t +
          ", submitted_by " + t + ", submitted_at " + t + ", note " + e +
          ", PRIMARY KEY (round_id, step, unit_id))",
      "CREATE TABLE problems (id BIGSERIAL PRIMARY KEY, round_id " + t + ", unit_id " + t +
          ", source " + t + ", category " + e + ", title " + t + ", manifestation " + e +
          ", suggestion " + e + ", created_by " + t + ", created_at " + t + ", item_id BIGINT)",
      // Item ids are taken before the insert (the item's first journal entry names it).
      "CREATE SEQUENCE items_id_seq",
      "CREATE TABLE items (id BIGINT PRIMARY KEY DEFAULT nextval('items_id_seq'), round_id " + e +
          ", source " + t + ", category " + e + ", title " + t + ", manifestation " + e +
          ", measures " + e + ", result " + e +
          ", evidence TEXT COLLATE \"C\" NOT NULL DEFAULT '[]', unit_id " + t + ", owner " + e +
          ", due_date " + e + ", due_at BIGINT, state " + t +
          ", rework_count INTEGER NOT NULL DEFAULT 0, rectified_by " + e + ", created_at " + t +
          ", updated_at " + t +
          ", version BIGINT NOT NULL DEFAULT 1, journal_seq BIGINT NOT NULL DEFAULT 0,"
          " journal_hash " +
          e + ", remind_at BIGINT, assigned_at BIGINT, acknowledged_by " + e +
          ", acknowledged_at BIGINT, suspended_on " + e + ", extension_due " + e +
          ", extension_reason " + e + ", extension_by " + e + ", extra " + e +
          ", standing INTEGER NOT NULL DEFAULT 0, report_due " + e + ")",
      "ALTER SEQUENCE items_id_seq OWNED BY items.id",
      "CREATE INDEX items_by_state_due ON items (state, due_at)",
      "CREATE INDEX items_by_round ON items (round_id)",
      "CREATE INDEX items_to_remind ON items (remind_at) WHERE remind_at IS NOT NULL",
      "CREATE INDEX items_by_unit ON items (unit_id, due_at, state, suspended_on)",
      "CREATE INDEX items_title_trgm ON items USING gin (title gin_trgm_ops)",
      "CREATE INDEX items_manifestation_trgm ON items USING gin (manifestation gin_trgm_ops)",
      "CREATE INDEX items_measures_trgm ON items USING gin (measures gin_trgm_ops)",
      "CREATE TABLE journal (seq BIGINT PRIMARY KEY, at " + t + ", actor " + t + ", subject " + t +
          ", event " + t + ", state_before " + e + ", state_after " + e +
          ", changes TEXT COLLATE \"C\" NOT NULL DEFAULT '{}', reason " + e +
          ", pinned_clock INTEGER NOT NULL DEFAULT 0, prev_hash " + t + ", hash " + t +
          ", subject_prev BIGINT NOT NULL DEFAULT 0, format INTEGER NOT NULL DEFAULT 1)",
      "CREATE INDEX journal_by_subject ON journal (subject) WHERE " + std::string(kNotItemSubject),
      "CREATE TABLE journal_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL,"
      " hash " +
          t + ")",
      "INSERT INTO journal_head (id, seq, hash) VALUES (1, 0, "
      "'0000000000000000000000000000000000000000000000000000000000000000')",
      "CREATE TABLE meta (key " + t + " PRIMARY KEY, value " + t + ")",
      "CREATE TABLE checkpoints (id BIGSERIAL PRIMARY KEY, seq BIGINT NOT NULL, hash " + t +
          ", at " + t + ", statement " + t + ", signature " + t + ", public_key " + t + ")",
      "CREATE TABLE denials (id BIGSERIAL PRIMARY KEY, at " + t + ", actor " + t + ", action " + t +
          ", subject " + e + ", code " + t + ", reason_zh " + t + ", reason_en " + t + ")",
      // The security log is append-only: neither duban nor a slip in psql can change a row.
      "CREATE FUNCTION denials_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
      " BEGIN RAISE EXCEPTION 'the security log is append-only'; END $$",
      "CREATE TRIGGER denials_append_only BEFORE UPDATE OR DELETE ON denials"
      " FOR EACH ROW EXECUTE FUNCTION denials_append_only()",
      "CREATE TABLE reminders (id BIGSERIAL PRIMARY KEY, subject " + t + ", rung " + t +
          ", due_at " + t + ", fire_at " + t + ", queued_at " + t +
          ", escalation INTEGER NOT NULL DEFAULT 0,"
          " summary TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',"
          " status TEXT COLLATE \"C\" NOT NULL DEFAULT 'queued', note " +
          e + ", UNIQUE (subject, rung, due_at))",
      "CREATE TABLE deliveries (id BIGSERIAL PRIMARY KEY,"
      " reminder_id BIGINT NOT NULL REFERENCES reminders(id), recipient " +
          t + ", role " + t + ", unit_id " + e + ", channel " + t + ", address " + t + ", status " +
          t + ", attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, batch " + e +
          ", last_error " + e + ", fallback_of BIGINT, sent_at " + e +
          ", UNIQUE (reminder_id, channel, address))",
      "CREATE INDEX deliveries_to_send ON deliveries (next_attempt_at)"
      " WHERE status IN ('pending', 'retrying')",
      "CREATE INDEX deliveries_in_flight ON deliveries (batch) WHERE status = 'sending'",
      "CREATE TABLE rearmings (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, what " + t +
          ", items BIGINT NOT NULL)",
      "CREATE TABLE scores (round_id " + t + ", unit_id " + t + ", indicator " + t + ", value " +
          t + ", source " + t + ", recorded_by " + t + ", recorded_at " + t + ", note " + e +
          ", PRIMARY KEY (round_id, unit_id, indicator))",
      "CREATE TABLE rankings (round_id " + t + ", unit_id " + t + ", kind " + t +
          ", position INTEGER NOT NULL, rank INTEGER NOT NULL, total " + t + ", grade " + e +
          ", last_streak INTEGER NOT NULL DEFAULT 0,"
          " detail TEXT COLLATE \"C\" NOT NULL DEFAULT '{}', published_at " +
          t + ", published_by " + t + ", PRIMARY KEY (round_id, unit_id))",
      "CREATE TABLE recommendations (id BIGSERIAL PRIMARY KEY, round_id " + t + ", unit_id " + t +
          ", plugin " + t + ", rule " + t + ", action " + t + ", text_zh " + t + ", text_en " + t +
          ", inputs TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',"
          " follow_up TEXT COLLATE \"C\" NOT NULL DEFAULT '{}', state " +
          t + ", created_at " + t + ", decided_by " + e + ", decided_at " + e + ", note " + e +
          ", item_id BIGINT NOT NULL DEFAULT 0)",
      "CREATE INDEX recommendations_by_round ON recommendations (round_id, state)",
      "CREATE TABLE credentials (user_id " + t + " PRIMARY KEY, password_hash " + t + ", set_at " +
          t + ", set_by " + t + ")",
      "CREATE TABLE tokens (id BIGSERIAL PRIMARY KEY, user_id " + t + ", token_hash " + t +
          " UNIQUE, label " + e + ", created_at " + t + ", created_by " + t + ", expires_at " + t +
          ", revoked_at " + e + ")",
      "CREATE INDEX tokens_by_user ON tokens (user_id)",
      "CREATE TABLE evidence (id BIGSERIAL PRIMARY KEY, item_id BIGINT NOT NULL, name " + t +
          ", media_type " + t + ", size BIGINT NOT NULL, sha256 " + t + ", added_at " + t +
          ", added_by " + t + ")",
      "CREATE INDEX evidence_by_item ON evidence (item_id)",
      // Item lists kept by the server are checked against a counter per unit, kept by triggers
      // whoever writes; the row '' counts changes to units and users.
      "CREATE TABLE unit_changes (unit_id " + t + " PRIMARY KEY, n BIGINT NOT NULL)",
      "INSERT INTO unit_changes (unit_id, n) VALUES ('', 0)",
      "CREATE FUNCTION unit_changes_items() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
      " IF TG_OP <> 'INSERT' THEN"
      "  INSERT INTO unit_changes (unit_id, n) VALUES (OLD.unit_id, 1)"
      "  ON CONFLICT (unit_id) DO UPDATE SET n = unit_changes.n + 1;"
      " END IF;"
      " IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.unit_id <> OLD.unit_id) THEN"
      "  INSERT INTO unit_changes (unit_id, n) VALUES (NEW.unit_id, 1)"
      "  ON CONFLICT (unit_id) DO UPDATE SET n = unit_changes.n + 1;"
      " END IF;"
      " RETURN NULL; END $$",
      std::string("CREATE TRIGGER unit_changes_items AFTER INSERT OR DELETE OR UPDATE OF ") +
          kShownItemColumns + " ON items FOR EACH ROW EXECUTE FUNCTION unit_changes_items()",
      "CREATE FUNCTION unit_changes_directory() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
      " UPDATE unit_changes SET n = n + 1 WHERE unit_id = ''; RETURN NULL; END $$",
      "CREATE TRIGGER unit_changes_units AFTER INSERT OR UPDATE OR DELETE ON units"
      " FOR EACH STATEMENT EXECUTE FUNCTION unit_changes_directory()",
      "CREATE TRIGGER unit_changes_users AFTER INSERT OR UPDATE OR DELETE ON users"
      " FOR EACH STATEMENT EXECUTE FUNCTION unit_changes_directory()",
      "CREATE TABLE item_days (day " + t +
          " PRIMARY KEY, open_items INTEGER NOT NULL,"
          " overdue_items INTEGER NOT NULL)",
  };
}

// Outbox claims under a lease: which process sends a batch and until when. And a unit's change
// counter moves once per transaction: a row updated again and again in one transaction leaves a
// chain of versions that every later update walks (an import of 60,000 items took twice as long).
std::vector<std::string> v19_delivery_leases() {
  return {
      "ALTER TABLE deliveries ADD COLUMN claimed_by TEXT COLLATE \"C\" NOT NULL DEFAULT ''",
      "ALTER TABLE deliveries ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0",
      "ALTER TABLE unit_changes ADD COLUMN tx BIGINT NOT NULL DEFAULT 0",
      "CREATE OR REPLACE FUNCTION unit_changes_items() RETURNS trigger LANGUAGE plpgsql AS $$"
      " DECLARE me BIGINT := txid_current(); BEGIN"
      " IF TG_OP <> 'INSERT' THEN"
      "  INSERT INTO unit_changes (unit_id, n, tx) VALUES (OLD.unit_id, 1, me)"
      "  ON CONFLICT (unit_id) DO UPDATE SET n = unit_changes.n + 1, tx = me"
      "  WHERE unit_changes.tx <> me;"
      " END IF;"
      " IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.unit_id <> OLD.unit_id) THEN"
      "  INSERT INTO unit_changes (unit_id, n, tx) VALUES (NEW.unit_id, 1, me)"
      "  ON CONFLICT (unit_id) DO UPDATE SET n = unit_changes.n + 1, tx = me"
      "  WHERE unit_changes.tx <> me;"
      " END IF;"
      " RETURN NULL; END $$",
  };
}

// Idempotency keys kept with their first answer, so that a retry after a restart, or sent to
// another node, is answered without acting twice.
std::vector<std::string> v20_idempotent_requests() {
  const std::string t = "TEXT COLLATE \"C\" NOT NULL";
  return {"CREATE TABLE idempotent_requests (user_id " + t + ", request_key " + t +
              ", fingerprint " + t + ", node " + t +
              " DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,"
              " expires_at BIGINT NOT NULL, acted INTEGER NOT NULL DEFAULT 0,"
              " done INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0, headers " +
              t + " DEFAULT '[]', body " + t +
              " DEFAULT '', body_base64 INTEGER NOT NULL DEFAULT 0,"
              " PRIMARY KEY (user_id, request_key))",
          "CREATE INDEX idempotent_requests_expiry ON idempotent_requests (expires_at)"};
}

// Observer tasks: what the rule plugins are to do about a commit, written in its transaction.
std::vector<std::string> v21_observer_tasks() {
  const std::string t = "TEXT COLLATE \"C\" NOT NULL";
  return {
      "CREATE TABLE observer_tasks (id BIGSERIAL PRIMARY KEY, first_seq BIGINT NOT NULL,"
      " last_seq BIGINT NOT NULL, effects " +
          t + " DEFAULT '{}', observers " + t + " DEFAULT '*', status " + t +
          " DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
          " next_attempt_at BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,"
          " claimed_by " +
          t + " DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0, last_error " + t +
          " DEFAULT '', finished_at BIGINT NOT NULL DEFAULT 0)",
      "CREATE INDEX observer_tasks_runnable ON observer_tasks (status, next_attempt_at)"};
}

// Many counties in one database: every table's rows carry their county, first in every key (what
// makes sharding by county with Citus a DDL step: README, "Many counties"), and each county has
// its own journal chain and head. Ids drawn from sequences stay the database's. Rows already here
// belong to county 1, 'default' until a configuration names it (store/database.cpp).
std::vector<std::string> v22_counties() {
  const std::string t = "TEXT COLLATE \"C\" NOT NULL";
  std::vector<std::string> out = {
      "CREATE TABLE counties (id BIGSERIAL PRIMARY KEY, code " + t + " UNIQUE, name " + t +
          " DEFAULT '', created_at " + t + " DEFAULT '')",
      "INSERT INTO counties (id, code) VALUES (1, 'default')",
      "ALTER SEQUENCE counties_id_seq RESTART WITH 2",
      "ALTER TABLE round_steps DROP CONSTRAINT round_steps_round_id_fkey",
      "ALTER TABLE deliveries DROP CONSTRAINT deliveries_reminder_id_fkey",
      "ALTER TABLE journal_head DROP COLUMN id",
  };
  const std::pair<const char*, const char*> keyed[] = {
      {"units", "id"},
      {"users", "id"},
      {"rounds", "id"},
      {"round_steps", "round_id, step"},
      {"submissions", "round_id, step, unit_id"},
      {"problems", "id"},
      {"items", "id"},
      {"journal", "seq"},
      {"journal_head", ""},
      {"meta", "key"},
      {"checkpoints", "id"},
      {"denials", "id"},
      {"reminders", "id"},
      {"deliveries", "id"},
      {"rearmings", "id"},
      {"scores", "round_id, unit_id, indicator"},
      {"rankings", "round_id, unit_id"},
      {"recommendations", "id"},
      {"credentials", "user_id"},
      {"tokens", "id"},
      {"evidence", "id"},
      {"unit_changes", "unit_id"},
      {"item_days", "day"},
      {"idempotent_requests", "user_id, request_key"},
      {"observer_tasks", "id"},
  };
  for (const auto& [table, key] : keyed) {
    const std::string name = table;
    out.push_back("ALTER TABLE " + name + " ADD COLUMN county_id BIGINT NOT NULL DEFAULT 1");
    out.push_back("ALTER TABLE " + name + " ALTER COLUMN county_id DROP DEFAULT");
    const std::string columns = *key ? std::string("county_id, ") + key : "county_id";
    out.push_back("ALTER TABLE " + name + (*key ? " DROP CONSTRAINT " + name + "_pkey," : "") +
                  " ADD PRIMARY KEY (" + columns + ")");
  }
  std::vector<std::string> more = {
      "ALTER TABLE round_steps ADD FOREIGN KEY (county_id, round_id)"
      " REFERENCES rounds (county_id, id)",
      "ALTER TABLE deliveries ADD FOREIGN KEY (county_id, reminder_id)"
      " REFERENCES reminders (county_id, id)",
      "ALTER TABLE reminders DROP CONSTRAINT reminders_subject_rung_due_at_key,"
      " ADD UNIQUE (county_id, subject, rung, due_at)",
      // A county that joined with its ids (duban transfer --county) may repeat another's.
      "ALTER TABLE deliveries DROP CONSTRAINT deliveries_reminder_id_channel_address_key,"
      " ADD UNIQUE (county_id, reminder_id, channel, address)",
      "DROP INDEX items_by_state_due",
      "DROP INDEX items_by_round",
      "DROP INDEX items_to_remind",
      "DROP INDEX items_by_unit",
      "DROP INDEX journal_by_subject",
      "DROP INDEX recommendations_by_round",
      "DROP INDEX tokens_by_user",
      "DROP INDEX observer_tasks_runnable",
      "DROP INDEX deliveries_to_send",
      "DROP INDEX deliveries_in_flight",
      "CREATE INDEX items_by_state_due ON items (county_id, state, due_at)",
      "CREATE INDEX items_by_round ON items (county_id, round_id)",
      "CREATE INDEX items_to_remind ON items (county_id, remind_at) WHERE remind_at IS NOT NULL",
      "CREATE INDEX items_by_unit ON items (county_id, unit_id, due_at, state, suspended_on)",
      "CREATE INDEX journal_by_subject ON journal (county_id, subject) WHERE " +
          std::string(kNotItemSubject),
      "CREATE INDEX recommendations_by_round ON recommendations (county_id, round_id, state)",
      "CREATE INDEX tokens_by_user ON tokens (county_id, user_id)",
      "CREATE INDEX observer_tasks_runnable ON observer_tasks (county_id, status, next_attempt_at)",
      "CREATE INDEX problems_by_round ON problems (county_id, round_id)",
      "CREATE INDEX deliveries_to_send ON deliveries (county_id, next_attempt_at)"
      " WHERE status IN ('pending', 'retrying')",
      "CREATE INDEX deliveries_in_flight ON deliveries (county_id, batch) WHERE status = 'sending'",
      // The change counters count per county; the row '' of each county its units and users
      // (a statement's trigger sees no rows: every county's directory counter moves).
      "CREATE OR REPLACE FUNCTION unit_changes_items() RETURNS trigger LANGUAGE plpgsql AS $$"
      " DECLARE me BIGINT := txid_current(); BEGIN"
      " IF TG_OP <> 'INSERT' THEN"
      "  INSERT INTO unit_changes (county_id, unit_id, n, tx)"
      "  VALUES (OLD.county_id, OLD.unit_id, 1, me)"
      "  ON CONFLICT (county_id, unit_id) DO UPDATE SET n = unit_changes.n + 1, tx = me"
      "  WHERE unit_changes.tx <> me;"
      " END IF;"
      " IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.unit_id <> OLD.unit_id) THEN"
      "  INSERT INTO unit_changes (county_id, unit_id, n, tx)"
      "  VALUES (NEW.county_id, NEW.unit_id, 1, me)"
      "  ON CONFLICT (county_id, unit_id) DO UPDATE SET n = unit_changes.n + 1, tx = me"
      "  WHERE unit_changes.tx <> me;"
      " END IF;"
      " RETURN NULL; END $$",
  };
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

// The unit index carries each entry's item id, so that a unit's page (its ids sorted and cut
// before its rows are read) and its count are read from the index alone: without it every
// matching entry's row was visited for its id (at 100,000 items a county, a township's overdue
// page: some 1,300 rows for 101 ids).
std::vector<std::string> v23_unit_index_covers_ids() {
  return {"DROP INDEX items_by_unit",
          "CREATE INDEX items_by_unit ON items (county_id, unit_id, due_at, state, suspended_on)"
          " INCLUDE (id)"};
}

// The field evaluation (第三篇), as SQLite's migration 24: a round's roster and its sample.
std::vector<std::string> v24_roster_and_samples() {
  const std::string t = "TEXT COLLATE \"C\" NOT NULL";
  return {"CREATE TABLE roster_villages (county_id BIGINT NOT NULL, round_id " + t + ", township " +
              t + ", name " + t + ", unit_id " + t + " DEFAULT '', kind " + t +
              ", population BIGINT NOT NULL DEFAULT 0, poor_population BIGINT NOT NULL DEFAULT 0,"
              " PRIMARY KEY (county_id, round_id, township, name))",
          "CREATE TABLE roster_households (county_id BIGINT NOT NULL, round_id " + t + ", number " +
              t + ", township " + t + ", village " + t + ", head " + t + " DEFAULT '', id_hash " +
              t + " DEFAULT '', id_tail " + t +
              " DEFAULT '', people BIGINT NOT NULL DEFAULT 0, kind " + t +
              ", edge INTEGER NOT NULL DEFAULT 0, monitored INTEGER NOT NULL DEFAULT 0,"
              " tags INTEGER NOT NULL DEFAULT 0, import_id BIGINT NOT NULL DEFAULT 0,"
              " PRIMARY KEY (county_id, round_id, township, village, number))",
          "CREATE UNIQUE INDEX roster_households_by_number ON roster_households (county_id,"
          " round_id, number)",
          "CREATE TABLE survey_samples (county_id BIGINT NOT NULL, round_id " + t + ", seed " + t +
              ", plan " + t + ", plan_digest " + t + ", roster_digest " + t + ", draw " + t +
              ", drawn_at BIGINT NOT NULL, drawn_by " + t +
              ", journal_seq BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (county_id, round_id))"};
}

// The field evaluation's groups and schedules, as SQLite's migration 25.
std::vector<std::string> v25_groups_and_schedules() {
  const std::string t = "TEXT COLLATE \"C\" NOT NULL";
  return {"CREATE TABLE survey_groups (county_id BIGINT NOT NULL, round_id " + t +
              ", number INTEGER NOT NULL, leader " + t + " DEFAULT '', members " + t +
              ", PRIMARY KEY (county_id, round_id, number))",
          "CREATE TABLE survey_schedules (county_id BIGINT NOT NULL, round_id " + t +
              ", start_date " + t + ", schedule " + t + ", sample_seed " + t +
              ", made_at BIGINT NOT NULL, made_by " + t +
              ", journal_seq BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (county_id, round_id))"};
}

// The field evaluation's questionnaires: the version of each form a round fixed, and the answers.
std::vector<std::string> v26_forms_and_answers() {
  const std::string t = " TEXT COLLATE \"C\" NOT NULL";
  return {"CREATE TABLE survey_forms (county_id BIGINT NOT NULL, round_id" + t + ", form_id" + t +
              ", version" + t + ", digest" + t + ", title" + t + ", subject" + t + ", file" + t +
              ", definition" + t + ", fixed_at BIGINT NOT NULL, fixed_by" + t +
              ", journal_seq BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (county_id, round_id,"
              " form_id))",
          "CREATE TABLE survey_answers (county_id BIGINT NOT NULL, round_id" + t + ", form_id" + t +
              ", subject" + t + ", group_number INTEGER NOT NULL DEFAULT 0, answers" + t +
              ", source" + t + ", instance" + t + ", submitted_at BIGINT NOT NULL, submitted_by" +
              t +
              ", journal_seq BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (county_id, round_id,"
              " form_id, subject))",
          "CREATE UNIQUE INDEX survey_answers_instance ON survey_answers (county_id, round_id,"
          " instance)"};
}

// The problems the field work found: drafts until a group leader confirms them.
std::vector<std::string> v27_drafts() {
  const std::string t = " TEXT COLLATE \"C\" NOT NULL";
  return {"CREATE TABLE survey_drafts (county_id BIGINT NOT NULL, round_id" + t +
              ", id BIGINT NOT NULL, form_id" + t + ", subject" + t + ", question" + t +
              ", township" + t + ", village" + t + ", group_number INTEGER NOT NULL, day" + t +
              ", category" + t + ", text" + t + ", found" + t + ", value" + t + ", status" + t +
              ", merged_into BIGINT NOT NULL DEFAULT 0, note TEXT COLLATE \"C\" NOT NULL DEFAULT"
              " '', changed_at BIGINT NOT NULL, changed_by" +
              t + ", journal_seq BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (county_id, round_id, id))",
          "CREATE INDEX survey_drafts_day ON survey_drafts (county_id, round_id, group_number,"
          " day)"};
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {18, "baseline: the schema of SQLite's migration 18 (pg_trgm search, sequences, triggers)",
       &v18_baseline},
      {19,
       "outbox claims under a lease: claimed_by, lease_until; a unit's change counter moves once"
       " per transaction",
       &v19_delivery_leases},
      {20, "idempotency keys with their first answer", &v20_idempotent_requests},
      {21, "observer tasks, written with the commit they are about", &v21_observer_tasks},
      {22, "counties: every row's county first in its key; a journal chain per county",
       &v22_counties},
      {23, "the unit index carries the item id (a unit's page from the index alone)",
       &v23_unit_index_covers_ids},
      {24, "the field evaluation: a round's roster of villages and households; its sample",
       &v24_roster_and_samples},
      {25, "the field evaluation's groups and schedules", &v25_groups_and_schedules},
      {26, "the field evaluation's forms as each round fixed them; the answers",
       &v26_forms_and_answers},
      {27, "the field evaluation's draft problems and each group's list of the day", &v27_drafts},
  };
  return all;
}

}  // namespace duban::store::postgresql
