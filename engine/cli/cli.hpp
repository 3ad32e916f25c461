#pragma once
// The duban command: parses the command line and runs one command over the use cases in app/.
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/text.hpp"

namespace duban::cli {

/// Options every command accepts.
struct GlobalOptions {
  std::string config = "config/duban.yaml";
  std::string actor;  ///< --as USER (or $DUBAN_USER)
  bool json = false;
  bool help = false;
};

/// What the composition root hands the command line: how to make the services for a config
/// file, and how to serve. The command line never names a concrete type beyond these.
struct Hooks {
  /// Loads the config and opens the store; the returned object owns everything behind Services.
  std::function<std::shared_ptr<app::Services>(const std::string& config_path)> open;
  /// Runs the server until stopped; `listen` overrides the configured address when non-empty.
  std::function<int(app::Services&, const std::string& listen, std::ostream& out)> serve;
  /// Loads the configured plugins as observers, logging to `log`; releasing the handle runs the
  /// observer tasks due (what this process committed among them: a ranking's publication, from
  /// which the rule plugins recommend). Empty: no plugins (tests of the parser).
  std::function<std::shared_ptr<void>(app::Services&, std::ostream& log)> observe;
};

struct Invocation {
  Invocation(std::ostream& o, std::ostream& e, const Hooks& h) : out(o), err(e), hooks(h) {}
  GlobalOptions global;
  std::vector<std::string> positionals;
  std::map<std::string, std::vector<std::string>> options;  ///< repeated options keep every value
  std::ostream& out;
  std::ostream& err;
  const Hooks& hooks;

  bool has(const std::string& name) const { return options.count(name) > 0; }
  std::string value(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
  }
  std::vector<std::string> values(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::vector<std::string>{} : it->second;
  }
  const std::string& positional(std::size_t i) const { return positionals.at(i); }
  /// The services for --config, opened on first use.
  app::Services& services() {
    if (!services_) services_ = hooks.open(global.config);
    return *services_;
  }

 private:
  std::shared_ptr<app::Services> services_;
};

struct OptionSpec {
  std::string name;        ///< without the leading "--"
  std::string value_name;  ///< empty for a flag
  Text help;
  bool required = false;  ///< the parser refuses the command without it; --help says so
};

struct CommandSpec {
  std::string path;                      ///< "item assign"
  std::vector<std::string> positionals;  ///< names, shown in usage; all required
  std::vector<OptionSpec> options;
  Text summary;
  std::function<int(Invocation&)> run;
};

/// All commands, in the order --help lists them.
const std::vector<CommandSpec>& commands();

/// Runs the command line; returns the process exit code (0 ok, 1 refused/failed, 2 usage).
int run(int argc, char** argv, const Hooks& hooks, std::ostream& out, std::ostream& err);

// For the command files.
std::vector<CommandSpec> item_commands();
std::vector<CommandSpec> round_commands();
std::vector<CommandSpec> admin_commands();
std::vector<CommandSpec> sheet_commands();
std::vector<CommandSpec> audit_commands();
std::vector<CommandSpec> notify_commands();
std::vector<CommandSpec> score_commands();
std::vector<CommandSpec> recommendation_commands();
std::vector<CommandSpec> report_commands();
std::vector<CommandSpec> user_commands();
std::vector<CommandSpec> survey_commands();
std::vector<CommandSpec> form_commands();
std::vector<CommandSpec> draft_commands();
std::vector<CommandSpec> feedback_commands();

}  // namespace duban::cli
