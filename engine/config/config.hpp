#pragma once
// duban's configuration: config/duban.yaml, the units file it names, and workflows/*.yaml.
// load_config() validates everything as a whole before anything starts.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/evaluation_plan.hpp"
#include "domain/scoring.hpp"
#include "domain/text.hpp"
#include "domain/unit.hpp"
#include "domain/work_calendar.hpp"
#include "domain/workflow.hpp"

namespace duban::config {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  /// server.max_connections: connections served at once; more wait in the listen queue.
  int max_connections = 256;
  /// server.threads: requests handled at once (the scheduler and the sender have their own).
  int threads = 4;
  /// server.requests_per_second / burst: each API token's rate limit (then 429, Retry-After).
  double requests_per_second = 50;
  int burst = 200;
  /// server.login_failures within server.login_window_minutes: then login waits (per user; an
  /// address may fail four times as often).
  int login_failures = 5;
  int login_window_minutes = 15;
  /// server.token_days: how long a login's token lasts.
  int token_days = 1;
  /// server.upload_limit_mb: an evidence file's size limit (other bodies: 1 MiB).
  int upload_limit_mb = 20;
  /// server.page_cache_mb: item lists kept while the database does not change (0: none).
  int page_cache_mb = 64;
  /// server.idempotency_hours: how long the first answer to a request with an Idempotency-Key is
  /// kept (in the database) and given again to its retries.
  int idempotency_hours = 24;
  /// server.trusted_proxies: reverse proxies (addresses) whose X-Forwarded-For names the client.
  std::vector<std::string> trusted_proxies;
  /// server.web_dir: the dashboard's built assets (relative to the config file); empty: the
  /// folder the build wrote (web/dist of the source tree).
  std::filesystem::path web_dir;
};

struct DatabaseConfig {
  std::string backend = "sqlite";  ///< sqlite (embedded default) or postgresql
  std::filesystem::path path;      ///< sqlite: the database file (absolute once loaded)
  /// postgresql: a libpq URI, postgresql://user@host:port/db?… (several hosts and
  /// target_session_attrs=read-write accepted); never with a password in it.
  std::string url;
  /// postgresql: the environment variable that holds the password (libpq's PGPASSWORD and
  /// ~/.pgpass also work).
  std::string password_env = "DUBAN_DATABASE_PASSWORD";
  int pool_size = 4;  ///< sessions for concurrent units of work (server)
};

/// A plugin's `settings:` section, kept as read so that the plugin checks it when it is loaded
/// (config/plugin_settings.hpp); opaque here.
struct PluginSettings;

/// One entry of the `plugins:` list.
struct PluginEntry {
  std::string name;
  std::filesystem::path path;  ///< the shared library (path:, else plugin_dir/lib<name>.so)
  bool required = false;       ///< refuse to start without it
  std::shared_ptr<const PluginSettings> settings;
};

/// dispatch: how the outbox is sent.
struct DispatchConfig {
  int interval_seconds = 30;  ///< the dispatcher looks at the outbox at least this often
  int max_attempts = 8;       ///< then a delivery is dead (listed; retried by hand)
  int backoff_seconds = 60;   ///< the first retry; doubled each time, with ±20 % jitter
  int max_backoff_seconds = 21600;
  int send_timeout_seconds = 30;  ///< a send that takes longer is abandoned and retried
  int max_stuck = 3;              ///< sends timed out in a row before a plugin is disabled
  /// How long a dispatcher's claim on a batch holds before another process may take it over
  /// (0: twice send_timeout_seconds and a minute more). At least send_timeout_seconds + 1.
  int lease_seconds = 0;
  /// SMS quiet hours (local): no SMS from `quiet_from` to `quiet_to`; e-mail still goes.
  std::optional<std::pair<std::chrono::minutes, std::chrono::minutes>> sms_quiet_hours =
      std::pair{std::chrono::minutes{21 * 60}, std::chrono::minutes{8 * 60}};
};

/// tasks: how the observers' (rule plugins') work after each commit is carried out.
struct TasksConfig {
  int interval_seconds = 10;  ///< tasks left by other processes are looked for this often
  int timeout_seconds = 30;   ///< an observer call that takes longer is abandoned and retried
  int max_attempts = 5;       ///< then the task is dead (listed with an alert; retried by hand)
  int backoff_seconds = 30;   ///< the first retry; doubled each time
  int max_backoff_seconds = 3600;
  int keep_days = 7;  ///< done tasks are deleted after this many days
};

struct Config {
  std::filesystem::path file;  ///< the duban.yaml that was loaded
  std::string county;          ///< the county's name, shown in headers
  /// county_code: which county of the database this configuration is (its rows, its journal
  /// chain, its users); e.g. the administrative division code. "default" when not given: a
  /// database of one county needs none.
  std::string county_code = "default";
  /// counties: the configurations of the other counties `duban serve` serves beside this one, on
  /// this file's database and server (their own `database` and `server` are not used). Each has
  /// a county_code of its own.
  std::vector<std::filesystem::path> counties;
  /// province: this configuration is a province's (or prefecture's) office among the counties of
  /// one service: its users read every county's summary and ranking, and change nothing.
  bool province = false;
  ZoneOffset zone;
  Lang lang = Lang::zh;
  std::filesystem::path data_dir;
  ServerConfig server;
  DatabaseConfig database;
  int scheduler_interval_seconds = 60;
  /// clock.allow_pinned: DUBAN_NOW may pin the clock (demos and tests). Off by default: otherwise
  /// anyone with the command line could back-date the tamper-evident journal.
  bool allow_pinned_clock = false;
  /// audit.signing_key: the Ed25519 secret key that signs checkpoints (kept outside the data
  /// folder, 0600); audit.public_key: the key they are checked with (default: signing_key.pub).
  /// Empty when not configured. Relative paths are relative to the configuration file.
  std::filesystem::path signing_key, public_key;
  /// dates.first_year / last_year: the years any date given as input may fall in.
  YearRange plausible_years;
  std::vector<Unit> units;
  Workflow workflow;
  /// calendar: the folder of working-day calendars (default: calendar/ beside duban.yaml, when
  /// it exists; without one, weekends are the only days off).
  WorkCalendar calendar;
  std::filesystem::path calendar_dir;
  std::vector<PluginEntry> plugins;
  DispatchConfig dispatch;
  TasksConfig tasks;
  /// scoring: the scoring model (default: scoring.yaml beside duban.yaml, when it exists; without
  /// one, nothing can be scored or ranked).
  ScoringModel scoring;
  std::filesystem::path scoring_file;
  /// survey.plan: the field evaluation's plan (default: evaluation-plan.yaml beside duban.yaml,
  /// when it exists; without one, the seed's numbers).
  EvaluationPlan evaluation_plan = seed_evaluation_plan();
  std::filesystem::path evaluation_plan_file;
  /// survey.id_key: the secret key ID numbers are hashed with (default: id-number.key in
  /// data_dir; made, 0600, by the first roster import). Never in the database.
  std::filesystem::path roster_key;
  /// What is not wrong but should be known (check-config and serve print them): e.g. a year the
  /// calendar has no file for.
  std::vector<Text> warnings;
  /// Every file and folder the configuration was read from (duban.yaml, the units file, the
  /// workflows folder): nothing duban writes may land on one of them.
  std::vector<std::filesystem::path> sources;
};

/// Loads and validates duban.yaml and the files it names. Relative paths inside it are resolved
/// against the config file's folder, except data_dir, which is relative to the working directory
/// (default ./var). Throws ConfigInvalid listing every problem found.
Config load_config(const std::filesystem::path& file);

/// Warnings about the working-day calendar as of `today`: when a reminder policy counts working
/// days and this year or next has no calendar file (a year is never invented; it counts weekends
/// only until its file is added).
std::vector<Text> calendar_warnings(const Config& cfg, Date today);

/// Parses "HOST:PORT"; false if malformed.
bool parse_listen(const std::string& text, ServerConfig& out);

}  // namespace duban::config
