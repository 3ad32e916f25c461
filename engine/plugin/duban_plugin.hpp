#pragma once
// duban's plugin interface: the one header a plugin includes. A plugin is a shared library in
// plugins/<name>/ loaded at start from the `plugins:` list of config/duban.yaml. It exports three
// C functions (below); the engine checks the interface version before anything else, then creates
// the plugin, lets it read its own YAML section, and asks it for the hooks it offers:
//
//   channel   delivers a rendered message (e-mail, SMS, a work-chat robot);
//   observer  sees each committed transition and its effects; a rule plugin (incentive,
//             accountability) reads a published ranking through the Host and recommends.
//
// A plugin sees only what is in this header and the Host it is given: never the database, never
// the engine's classes. Everything crosses as plain values (std::string in UTF-8): build plugins
// with the same compiler and standard library as the engine (they are built with it, by CMake).
//
// Failure contract, for every hook: a hook may throw; the engine catches everything, counts it as
// a failed attempt and carries on. A hook must return within the engine's timeout
// (`dispatch.send_timeout_seconds`, 30 s): one that does not is abandoned for that attempt (its
// thread is left to finish), retried later, and after `dispatch.max_stuck` hangs in a row the
// plugin is disabled with an alert; its messages stay queued (nothing is lost) until it is fixed.
// A hook must not call back into the engine from another thread after it returned.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The interface version: a plugin built against another version is refused at load, by name and
/// path. Raised whenever anything in this header changes.
#define DUBAN_PLUGIN_API_VERSION 3

namespace duban::plugin {

/// A plugin's own section of the configuration (its `settings:` in the `plugins:` list). Reading
/// a key marks it known; keys never read are reported as unknown, with their line and column.
/// Problems reported here stop the engine from starting (if the plugin is required) or leave the
/// plugin out (if not), listed with file:line:column like every configuration error.
class Section {
 public:
  virtual ~Section() = default;
  virtual std::optional<std::string> string(std::string_view key, bool required = false) = 0;
  virtual std::optional<long long> integer(std::string_view key, long long min, long long max,
                                           bool required = false) = 0;
  virtual std::optional<bool> boolean(std::string_view key) = 0;
  /// A nested map (e.g. headers): its keys and string values, in file order.
  virtual std::vector<std::pair<std::string, std::string>> map(std::string_view key) = 0;
  /// Reports a problem with `key` (or the section itself when empty), in Chinese and English.
  virtual void error(std::string_view key, std::string_view zh, std::string_view en) = 0;
};

/// One unit's line of a published ranking (综合评定), as the rule plugins see it.
struct RankedUnit {
  std::string unit, name;
  std::string kind;  ///< township, department, …
  int rank = 0;      ///< 0: not ranked; tied units share a rank
  int ranked = 0;    ///< units ranked in its kind
  double total = 0;
  std::string grade;
  bool vetoed = false;
  bool last = false;      ///< the lowest rank of its kind (tied units share it)
  int last_streak = 0;    ///< rounds of this kind in a row it was last, this one included
  int previous_rank = 0;  ///< in the previous round of the same kind; 0: none
  /// The facts recorded for the unit (scoring.yaml `facts`: 1 yes, 0 no, or a count), in this
  /// round and in the previous round of the same kind.
  std::vector<std::pair<std::string, double>> facts, previous_facts;
};

struct Ranking {
  std::string round;           ///< "2020-Y"
  std::string previous_round;  ///< the same kind's round before, "" if none was published
  std::vector<RankedUnit> units;
};

/// What a rule recommends for one unit. People accept or dismiss it; nothing happens before.
struct Recommendation {
  std::string round, unit;
  std::string rule;    ///< the rule's code, e.g. "last_twice"
  std::string action;  ///< what is recommended, e.g. "demotion"
  std::string text_zh, text_en;
  std::string inputs_json;  ///< what the rule saw: a JSON object
  /// Accepting it creates a rectification item for the unit (限期整改), due this many days after
  /// the acceptance (0: none).
  std::string item_title;
  int item_due_days = 0;
  /// Accepting it records these bonus points (a bonus item's id) for the unit in the round.
  std::string bonus_item;
  double bonus_points = 0;
};

/// What the engine offers a plugin: nothing more.
class Host {
 public:
  virtual ~Host() = default;
  /// A line in the engine's log, prefixed with the plugin's name.
  virtual void log(std::string_view line) = 0;
  /// The engine's clock (seconds since 1970, UTC): the injected clock, so tests control it.
  virtual std::int64_t now() = 0;
  /// The county's name, its time zone ("+08:00") and the interface language ("zh" or "en").
  virtual std::string county() = 0;
  virtual std::string zone() = 0;
  /// The published ranking of `round`; nullopt when it is not published.
  virtual std::optional<Ranking> ranking(const std::string& round) = 0;
  /// Files a recommendation (journaled, listed for the leading group to decide); false when the
  /// engine refused it (an unknown unit or round), with the reason in the engine's log.
  virtual bool recommend(const Recommendation& recommendation) = 0;
};

/// A file that goes with a message (the day's 问题清单 workbook). Channels that cannot carry files
/// (SMS, robots) leave it out; the body says what it is.
struct Attachment {
  std::string name;        ///< file name, UTF-8 ("2026-06-22 问题清单.xlsx")
  std::string media_type;  ///< "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
  std::string content;     ///< the bytes
};

/// A message ready to deliver, rendered by the engine from the workflow's templates.
struct Message {
  std::string id;       ///< stable across retries of the same message: Message-ID, Idempotency-Key
  std::string channel;  ///< the channel it was addressed for (this plugin's name)
  std::string to_name;
  std::string to_address;  ///< e-mail address, phone number, or the unit a robot posts for
  std::string subject;     ///< e-mail subject; empty for channels without one
  std::string body;        ///< plain text, UTF-8
  int attempt = 1;         ///< 1 the first time
  std::vector<Attachment> attachments;  ///< the same bytes on every attempt
};

enum class SendStatus {
  sent,       ///< accepted by the peer
  retry,      ///< failed for now (peer down, 5xx, 429): the engine retries with backoff
  permanent,  ///< will never succeed (address refused, 4xx): the engine falls back or gives up
};

struct SendResult {
  SendStatus status = SendStatus::sent;
  std::string detail;  ///< what the peer said; kept on the delivery for `notifications list`
  /// The peer asked to wait this long (HTTP Retry-After): the next attempt is not earlier.
  std::optional<long long> retry_after_seconds;
};

/// Delivers rendered messages. Called from the dispatcher's thread, one message at a time.
class Channel {
 public:
  virtual ~Channel() = default;
  /// Delivers `message`, or says why not. Throwing counts as `retry`.
  virtual SendResult send(const Message& message) = 0;
};

/// One committed transition, as the journal recorded it.
struct Change {
  std::int64_t seq = 0;
  std::string at;  ///< "2020-07-31T16:00:00Z"
  std::string actor;
  std::string subject;  ///< "item:12", "step:2020-H1/4"
  std::string event;
  std::string state_before, state_after;
  std::string changes_json;          ///< {"field": [before, after], ...}
  std::vector<std::string> effects;  ///< the machine's effects by name (assignment_set, ...)
};

/// Sees committed changes after they are durable; cannot change them. What it wants done goes
/// back in through the Host (a recommendation), which files it through the engine's use cases.
/// A ranking's publication is the change {subject "ranking:2020-Y", event "publish" or
/// "republish"}.
class Observer {
 public:
  virtual ~Observer() = default;
  /// Called with each committed unit of work's changes, in journal order, on a thread of the
  /// engine's, after the commit (from an observer task written with it: see the README). At least
  /// once: a task taken over after its process stopped mid-run is seen again, so act idempotently.
  /// Throwing, or taking longer than tasks.timeout_seconds, fails this call: it is retried later
  /// (not while an earlier call still runs), then given up with an alert.
  virtual void on_committed(const std::vector<Change>& changes) = 0;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  /// Reads and checks the plugin's section; report problems through section.error().
  virtual void configure(Section& section) = 0;
  /// The hooks it offers (nullptr: not this kind). Owned by the plugin.
  virtual Channel* channel() { return nullptr; }
  virtual Observer* observer() { return nullptr; }
};

}  // namespace duban::plugin

extern "C" {
/// Returns DUBAN_PLUGIN_API_VERSION as the plugin was built with it.
int duban_plugin_api_version();
/// Creates the plugin; `host` outlives it. May return nullptr (reported as a load failure).
duban::plugin::Plugin* duban_plugin_create(duban::plugin::Host* host);
/// Destroys what duban_plugin_create returned.
void duban_plugin_destroy(duban::plugin::Plugin* plugin);
}

/// In a plugin's source: DUBAN_PLUGIN(MyPlugin) defines the three entry points for a class with a
/// constructor taking `duban::plugin::Host&`.
#define DUBAN_PLUGIN(Class)                                                                     \
  extern "C" __attribute__((visibility("default"))) int duban_plugin_api_version() {            \
    return DUBAN_PLUGIN_API_VERSION;                                                            \
  }                                                                                             \
  extern "C" __attribute__((visibility("default"))) duban::plugin::Plugin* duban_plugin_create( \
      duban::plugin::Host* host) {                                                              \
    return new Class(*host);                                                                    \
  }                                                                                             \
  extern "C" __attribute__((visibility("default"))) void duban_plugin_destroy(                  \
      duban::plugin::Plugin* plugin) {                                                          \
    delete plugin;                                                                              \
  }
