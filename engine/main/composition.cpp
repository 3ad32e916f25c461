#include "main/composition.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "app/input_dates.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "app/recommendation_cases.hpp"
#include "app/score_cases.hpp"
#include "config/config.hpp"
#include "domain/errors.hpp"
#include "plugin/registry.hpp"
#include "schedule/task_runner.hpp"
#include "store/soci_store.hpp"

namespace duban::main {

namespace {

// Everything behind one Services, kept alive together.
struct Owned {
  config::Config config;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<store::Store> store;
  app::PostCommit post_commit;
  std::unique_ptr<app::Services> services;
};

}  // namespace

std::optional<Instant> pinned_now(const config::Config& cfg) {
  const char* pinned = std::getenv("DUBAN_NOW");
  if (!pinned || !*pinned) return std::nullopt;
  std::string text = pinned;
  if (!cfg.allow_pinned_clock) {
    throw Error(
        Errc::invalid_argument,
        {"配置不允许用 DUBAN_NOW 固定时间(" + cfg.file.string() +
             " 中 clock.allow_pinned 未开启):日志的时间不能由命令行指定",
         "DUBAN_NOW is not allowed by the configuration (clock.allow_pinned is off in " +
             cfg.file.string() + "): the journal's time cannot be set from the command line"});
  }
  auto at = text.back() == 'Z' ? parse_utc(text) : parse_local_time(text, cfg.zone);
  if (!at) {
    throw Error(Errc::invalid_argument,
                {"DUBAN_NOW 格式应为 YYYY-MM-DDTHH:MM[:SS](本地时间)或 …Z(UTC):" + text,
                 "DUBAN_NOW must be YYYY-MM-DDTHH:MM[:SS] (local) or ...Z (UTC): " + text});
  }
  app::require_plausible({"DUBAN_NOW", "DUBAN_NOW"}, local_date(*at, cfg.zone),
                         cfg.plausible_years);
  return at;
}

std::chrono::seconds clock_offset(const config::Config& cfg) {
  const char* text = std::getenv("DUBAN_CLOCK_OFFSET");
  if (!text || !*text) return std::chrono::seconds{0};
  if (!cfg.allow_pinned_clock) {
    throw Error(Errc::invalid_argument,
                {"配置不允许用 DUBAN_CLOCK_OFFSET 调整时间(" + cfg.file.string() +
                     " 中 clock.allow_pinned 未开启)",
                 "DUBAN_CLOCK_OFFSET is not allowed by the configuration (clock.allow_pinned is "
                 "off in " +
                     cfg.file.string() + ")"});
  }
  long long seconds = 0;
  std::string s = text;
  auto [end, ec] = std::from_chars(s.data() + (s[0] == '+'), s.data() + s.size(), seconds);
  if (ec != std::errc{} || end != s.data() + s.size() || std::getenv("DUBAN_NOW")) {
    throw Error(Errc::invalid_argument,
                {"DUBAN_CLOCK_OFFSET 应为秒数(如 -86400),且不与 DUBAN_NOW 同用:" + s,
                 "DUBAN_CLOCK_OFFSET must be a number of seconds (e.g. -86400), not used with "
                 "DUBAN_NOW: " +
                     s});
  }
  return std::chrono::seconds{seconds};
}

namespace {

// The database the configuration names; DUBAN_DATABASE_URL (a PostgreSQL URI) overrides it, so
// one configuration serves every node and the test suite can run on either backend.
store::DatabaseOptions database_options(const config::Config& cfg) {
  store::DatabaseOptions options;
  options.sqlite_path = cfg.database.path;
  options.pool_size = cfg.database.pool_size;
  options.county = cfg.county_code;
  options.county_name = cfg.county;
  options.postgresql = cfg.database.url;
  bool pg = cfg.database.backend == "postgresql";
  if (const char* url = std::getenv("DUBAN_DATABASE_URL"); url && *url) {
    options.postgresql = url;
    pg = true;
  }
  if (pg) {
    options.backend = store::Backend::postgresql;
    if (const char* password = std::getenv(cfg.database.password_env.c_str())) {
      options.password = password;
    }
  }
  return options;
}

std::unique_ptr<Clock> make_clock(const config::Config& cfg) {
  if (auto at = pinned_now(cfg)) return std::make_unique<ManualClock>(*at);
  if (auto offset = clock_offset(cfg); offset.count() != 0) {
    return std::make_unique<ManualClock>(SystemClock{}.now() + offset);
  }
  return std::make_unique<SystemClock>();
}

}  // namespace

std::shared_ptr<app::Services> open_services(const std::string& config_path) {
  auto cfg = config::load_config(config_path);
  if (!lang_is_explicit()) set_current_lang(cfg.lang, false);
  return services_for(std::move(cfg));
}

std::shared_ptr<app::Services> services_for(config::Config cfg, store::Store* beside) {
  auto owned = std::make_shared<Owned>();
  owned->config = std::move(cfg);
  owned->clock = make_clock(owned->config);
  const auto options = database_options(owned->config);
  if (beside) {
    // The county is made (or found) once; its units of work then share `beside`'s connections.
    store::open_store(options, owned->config.zone).reset();
    owned->store = beside->for_county(owned->config.county_code);
    if (!owned->store) {
      throw Error(Errc::internal, {"县 " + owned->config.county_code + " 未能建立",
                                   "county " + owned->config.county_code + " was not made"});
    }
  } else {
    owned->store = store::open_store(options, owned->config.zone);
  }
  owned->services = std::make_unique<app::Services>(
      app::Services{*owned->store, owned->config, *owned->clock, owned->post_commit});
  // With plugins configured, every commit writes the observers' work as a task (app/transaction).
  owned->post_commit.record_tasks(!owned->config.plugins.empty());
  // Units and users are written only when the configuration changed since they were last synced.
  app::sync_if_changed(*owned->services);
  // The aliasing constructor: callers hold Services, the control block owns the rest.
  return std::shared_ptr<app::Services>(owned, owned->services.get());
}

namespace {

plugin::RankedUnit plugin_unit(const RankedUnit& u, const KindRanking& k, const std::string& kind,
                               const std::map<std::string, double>& facts,
                               const std::map<std::string, double>& previous_facts) {
  plugin::RankedUnit p;
  p.unit = u.unit;
  p.name = u.name;
  p.kind = kind;
  p.rank = u.rank;
  p.ranked = k.ranked;
  p.total = u.total;
  p.grade = u.grade;
  p.vetoed = u.vetoed();
  p.last = u.last;
  p.last_streak = u.last_streak;
  p.previous_rank = u.previous_rank.value_or(0);
  p.facts.assign(facts.begin(), facts.end());
  p.previous_facts.assign(previous_facts.begin(), previous_facts.end());
  return p;
}

// What a rule plugin's Host reads and files through: the published ranking with each unit's
// facts, and the use case that files a recommendation.
plugin::RuleServices rule_services(app::Services& services,
                                   std::function<void(const std::string&)> log) {
  plugin::RuleServices rules;
  rules.ranking = [&services](const std::string& round) -> std::optional<plugin::Ranking> {
    auto published = app::published_ranking(services, round);
    if (!published) return std::nullopt;
    auto facts = app::round_facts(services, published->round);
    auto id = *RoundId::parse(published->round);
    std::map<std::string, std::map<std::string, double>> previous;
    if (RoundId before{id.year - 1, id.kind}; app::round_exists(services, before.str())) {
      previous = app::round_facts(services, before.str());
    }
    plugin::Ranking out;
    out.round = published->round;
    out.previous_round = published->previous_round;
    for (const auto& k : published->kinds) {
      for (const auto& u : k.units) {
        out.units.push_back(
            plugin_unit(u, k, std::string(to_string(k.kind)), facts[u.unit], previous[u.unit]));
      }
    }
    return out;
  };
  rules.recommend = [&services, log](const std::string& name, const plugin::Recommendation& r) {
    Recommendation x;
    x.round = r.round;
    x.unit = r.unit;
    x.plugin = name;
    x.rule = r.rule;
    x.action = r.action;
    x.text_zh = r.text_zh;
    x.text_en = r.text_en;
    x.inputs = r.inputs_json.empty() ? "{}" : r.inputs_json;
    nlohmann::json follow = nlohmann::json::object();
    if (!r.item_title.empty()) {
      follow["item"] = {{"title", r.item_title}, {"due_days", r.item_due_days}};
    }
    if (!r.bonus_item.empty()) {
      char points[32];
      std::snprintf(points, sizeof points, "%.2f", r.bonus_points);
      follow["score"] = {{"indicator", r.bonus_item}, {"value", std::string(points)}};
    }
    x.follow_up = app::dump_json(follow);
    try {
      app::file_recommendation(services, x);
      return true;
    } catch (const std::exception& e) {
      log("[" + name + "] " + Text{"建议未能记录:", "recommendation not filed: "}.str() + e.what());
      return false;
    }
  };
  return rules;
}

}  // namespace

std::shared_ptr<plugin::Registry> observing_plugins(app::Services& services, const Clock& clock,
                                                    std::function<void(const std::string&)> log) {
  auto registry = std::make_shared<plugin::Registry>(services.config, clock, log);
  registry->set_rule_services(rule_services(services, log));
  // Observer work that fails is told in the log and counted in /metrics.
  services.post_commit.set_error_sink(log);
  return registry;
}

cli::Hooks hooks() {
  auto observe = [](app::Services& services, std::ostream& out) -> std::shared_ptr<void> {
    auto log_mutex = std::make_shared<std::mutex>();
    auto registry =
        observing_plugins(services, services.clock, [&out, log_mutex](const std::string& line) {
          std::lock_guard lock(*log_mutex);
          out << line << std::endl;
        });
    // Released: the observer tasks due (this process's commits among them) are run.
    auto alert = [&services](const std::string& m) { services.post_commit.report(m); };
    return std::shared_ptr<void>(registry.get(), [registry, &services, alert](void*) {
      schedule::TaskRunner(services.store, services.config, services.clock, *registry, alert)
          .run_once();
    });
  };
  return cli::Hooks{open_services, serve, observe};
}

}  // namespace duban::main
