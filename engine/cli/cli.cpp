#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

#include "app/json_views.hpp"
#include "cli/output.hpp"
#include "domain/errors.hpp"

namespace duban::cli {

namespace {

const std::vector<OptionSpec> kGlobal = {
    {"config",
     "PATH",
     {"配置文件(默认 config/duban.yaml)", "configuration file (default config/duban.yaml)"}},
    {"as",
     "USER",
     {"操作人,记入日志(默认 $DUBAN_USER)",
      "acting user, recorded in the journal (default $DUBAN_USER)"}},
    {"json", "", {"以 JSON 输出,供脚本使用", "print JSON, for scripts"}},
    {"lang",
     "zh|en",
     {"界面语言(默认中文,或 $DUBAN_LANG)", "language (default Chinese, or $DUBAN_LANG)"}},
    {"help", "", {"显示帮助", "show help"}},
};

const std::string& tr(const Text& t) { return t.str(); }

void print_options(std::ostream& out, const std::vector<OptionSpec>& options) {
  for (const auto& o : options) {
    out << pad("  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name), 28) << tr(o.help)
        << (o.required ? tr({"(必填)", " (required)"}) : "") << "\n";
  }
}

std::string usage_line(const CommandSpec& c) {
  std::string u = "duban " + c.path;
  for (const auto& p : c.positionals) u += " " + p;
  bool optional = false;
  for (const auto& o : c.options) {
    if (o.required) u += " --" + o.name + " " + o.value_name;
    optional |= !o.required;
  }
  if (optional) u += " [" + std::string(current_lang() == Lang::en ? "options" : "选项") + "]";
  return u;
}

void print_command_help(std::ostream& out, const CommandSpec& c) {
  out << tr({"用法:", "usage: "}) << usage_line(c) << "\n\n" << tr(c.summary) << "\n";
  if (!c.options.empty()) {
    out << "\n" << tr({"选项:", "options:"}) << "\n";
    print_options(out, c.options);
  }
  out << "\n" << tr({"通用选项:", "global options:"}) << "\n";
  print_options(out, kGlobal);
}

// Lists the commands whose path starts with `prefix` ("" for all).
void print_overview(std::ostream& out, const std::string& prefix) {
  out << tr({"duban 督办 — 县级评估整改工作流与事项跟踪\n\n用法: duban <命令> [选项]\n\n命令:\n",
             "duban — workflow and case tracking for county evaluation and rectification\n\n"
             "usage: duban <command> [options]\n\ncommands:\n"});
  for (const auto& c : commands()) {
    if (!prefix.empty() && c.path.rfind(prefix, 0) != 0) continue;
    out << pad("  " + usage_line(c).substr(6), 40) << tr(c.summary) << "\n";
  }
  out << "\n" << tr({"通用选项:", "global options:"}) << "\n";
  print_options(out, kGlobal);
  out << "\n"
      << tr({"每个命令都可加 --help 查看详细说明。", "Every command takes --help."}) << "\n";
}

int report_internal(bool json, std::ostream& err, const std::string& what) {
  Text text{"内部错误:" + what, "internal error: " + what};
  if (json) {
    err << app::dump_json(app::problem_json(500, "internal", "internal", tr(text)), 2) << "\n";
  } else {
    err << tr({"错误", "error"}) << " [internal]: " << tr(text) << "\n";
  }
  return 1;
}

struct UsageError {
  Text message;
};

// The parser (CLI11) built from the command table: one subcommand per word of a command's path,
// its positionals and options as the table declares them (required ones included), the global
// options on the root and reachable after the command (fallthrough). Help and the messages stay
// ours, bilingual; CLI11's own texts are never shown.
struct Parser {
  CLI::App root{"duban", "duban"};
  std::map<const CLI::App*, const CommandSpec*> leaves;
  std::map<const CLI::App*, std::string> groups;  ///< "item" for the item group
  std::map<std::string, CLI::App*> by_path;
  std::set<std::string> option_names{"config", "as", "json", "lang", "help"};
  std::set<std::string> value_options{"config", "as", "lang"};
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, bool> flags;
  /// Each command's positionals, in order: CLI11 fills a single string per positional.
  std::map<const CLI::App*, std::vector<std::pair<CLI::Option*, std::unique_ptr<std::string>>>>
      slots;
  std::string lang;

  Parser(GlobalOptions& global) {
    root.set_help_flag("-h,--help");
    root.fallthrough();  // subcommands inherit it: global options work after the command too
    root.add_option("--config", global.config);
    root.add_option("--as", global.actor);
    root.add_flag("--json", global.json);
    root.add_option("--lang", lang);
    for (const auto& c : commands()) add(c);
  }

  void add(const CommandSpec& c) {
    CLI::App* app = &root;
    std::string path;
    std::istringstream words(c.path);
    for (std::string word; words >> word;) {
      path += (path.empty() ? "" : " ") + word;
      auto& next = by_path[path];
      if (!next) next = app->add_subcommand(word);
      if (path != c.path) groups[next] = path;
      app = next;
    }
    leaves[app] = &c;
    auto& slot = slots[app];
    for (const auto& p : c.positionals) {
      auto value = std::make_unique<std::string>();
      auto* option = app->add_option(p, *value)->required();
      slot.emplace_back(option, std::move(value));
    }
    for (const auto& o : c.options) {
      option_names.insert(o.name);
      if (!o.value_name.empty()) value_options.insert(o.name);
      if (o.value_name.empty()) {
        app->add_flag("--" + o.name, flags[o.name]);
        continue;
      }
      // Repeatable: every --evidence is kept, in order.
      auto* opt = app->add_option("--" + o.name, values[o.name])
                      ->expected(1)
                      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                      ->allow_extra_args(false);
      if (o.required) opt->required();
    }
  }

  /// The deepest subcommand the words chose (the root if none).
  const CLI::App* chosen() const {
    const CLI::App* app = &root;
    for (auto subs = app->get_subcommands(); !subs.empty(); subs = app->get_subcommands()) {
      app = subs.front();
    }
    return app;
  }
};

// `--state --config x`: CLI11 would take "--config" as the value of --state (as a value is
// taken verbatim). An option that needs a value followed by another known option, or by nothing,
// is missing its value; `--title=--x` still gives the value "--x".
std::optional<std::string> missing_value(const std::vector<std::string>& args, const Parser& p) {
  auto known = [&](const std::string& a) {
    return a.size() > 2 && a.rfind("--", 0) == 0 &&
           p.option_names.count(a.substr(2, a.find('=') - 2)) > 0;
  };
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    const auto& a = args[i];
    if (a.size() <= 2 || a.rfind("--", 0) != 0 || a.find('=') != std::string::npos) continue;
    if (!p.value_options.count(a.substr(2))) continue;
    if (i + 1 == args.size() || args[i + 1] == "--" || known(args[i + 1])) return a;
    ++i;
  }
  return std::nullopt;
}

// Where the command's first word stands among the arguments (args.size() if none): an unknown
// option before it is an unknown *global* option.
std::size_t command_position(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--") return args.size();
    if (a.rfind("-", 0) != 0) return i;
    if (a.find('=') != std::string::npos) continue;
    for (const char* takes_value : {"--config", "--as", "--lang"}) {
      if (a == takes_value) ++i;
    }
  }
  return args.size();
}

}  // namespace

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> all = [] {
    std::vector<CommandSpec> v;
    for (auto group : {admin_commands(), sheet_commands(), audit_commands(), round_commands(),
                       item_commands(), score_commands(), recommendation_commands(),
                       report_commands(), user_commands(), notify_commands(), survey_commands(),
                       form_commands(), draft_commands(), feedback_commands()})
      for (auto& c : group) v.push_back(std::move(c));
    return v;
  }();
  return all;
}

int run(int argc, char** argv, const Hooks& hooks, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // The language first, so that even a usage error speaks it.
  if (const char* lang = std::getenv("DUBAN_LANG"))
    set_current_lang(std::string(lang) == "en" ? Lang::en : Lang::zh);
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == "--lang" && i + 1 < args.size())
      set_current_lang(args[i + 1] == "en" ? Lang::en : Lang::zh);
    if (args[i].rfind("--lang=", 0) == 0)
      set_current_lang(args[i].substr(7) == "en" ? Lang::en : Lang::zh);
  }

  Invocation inv(out, err, hooks);
  if (const char* user = std::getenv("DUBAN_USER")) inv.global.actor = user;
  Parser parser(inv.global);
  const CommandSpec* command = nullptr;
  // The overview's prefix for a group ("item "), or "" for all commands.
  auto group_of = [&](const CLI::App* app) {
    auto it = parser.groups.find(app);
    return it == parser.groups.end() ? std::string() : it->second + " ";
  };
  try {
    try {
      if (auto name = missing_value(args, parser)) {
        // Name the command in the usage line if the leading words chose one.
        std::string path;
        for (auto i = command_position(args); i < args.size(); ++i) {
          const auto& a = args[i];
          if (a.rfind("-", 0) == 0) break;
          path += (path.empty() ? "" : " ") + a;
          if (auto it = parser.by_path.find(path); it != parser.by_path.end()) {
            if (auto leaf = parser.leaves.find(it->second); leaf != parser.leaves.end())
              command = leaf->second;
          }
        }
        throw UsageError{{"选项 " + *name + " 需要一个值", "option " + *name + " needs a value"}};
      }
      // CLI11 wants the arguments last-first.
      std::vector<std::string> reversed(args.rbegin(), args.rend());
      parser.root.parse(reversed);
    } catch (const CLI::CallForHelp&) {
      auto* app = parser.chosen();
      // `duban frobnicate --help`: no such command, whatever the help flag.
      for (const auto& extra : parser.root.remaining(true)) {
        if (parser.leaves.count(app) || extra.empty() || extra[0] == '-') continue;
        err << tr({"未知命令:", "unknown command: "}) << extra << "\n"
            << tr({"用 duban --help 查看全部命令。", "See duban --help for the commands."}) << "\n";
        return 2;
      }
      if (auto it = parser.leaves.find(app); it != parser.leaves.end()) {
        print_command_help(out, *it->second);
      } else {
        auto group = group_of(app);
        print_overview(out, group);
      }
      return 0;
    } catch (const CLI::ParseError& e) {
      auto* app = parser.chosen();
      if (auto it = parser.leaves.find(app); it != parser.leaves.end()) command = it->second;
      auto extras = parser.root.remaining(true);
      if (dynamic_cast<const CLI::ExtrasError*>(&e) && !extras.empty()) {
        const auto& extra = extras.front();
        // After `--` everything is an argument, even what looks like an option.
        auto at = std::find(args.begin(), args.end(), extra) - args.begin();
        auto dashes = std::find(args.begin(), args.end(), "--") - args.begin();
        bool is_option = extra.size() > 1 && extra[0] == '-' && at < dashes;
        auto name = extra.substr(0, extra.find('='));
        if (is_option) {
          if (static_cast<std::size_t>(at) < command_position(args)) {
            err << tr({"用法错误:未知的通用选项 ", "usage error: unknown global option "}) << name
                << "\n"
                << tr({"命令前只能使用通用选项;用 duban --help 查看。",
                       "only global options may come before the command; see duban --help."})
                << "\n";
            return 2;
          }
          if (!command) {
            err << tr({"用法错误:未知选项 ", "usage error: unknown option "}) << name << "\n";
            print_overview(err, group_of(app));
            return 2;
          }
          throw UsageError{{"未知选项 " + name, "unknown option " + name}};
        }
        if (!command) {
          auto group = group_of(app);
          if (!group.empty()) {
            print_overview(err, group);
            return 2;
          }
          err << tr({"未知命令:", "unknown command: "}) << extra << "\n"
              << tr({"用 duban --help 查看全部命令。", "See duban --help for the commands."})
              << "\n";
          return 2;
        }
        throw UsageError{{"参数个数不对", "wrong number of arguments"}};
      }
      if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        std::string what = e.what();
        auto name = what.substr(0, what.find(':'));
        throw UsageError{{"选项 " + name + " 需要一个值", "option " + name + " needs a value"}};
      }
      if (!command) {
        auto group = group_of(app);
        print_overview(err, group);
        return 2;
      }
      if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        for (const auto& [option, value] : parser.slots[app]) {
          if (option->count() == 0) throw UsageError{{"参数个数不对", "wrong number of arguments"}};
        }
        for (const auto& o : command->options) {
          if (o.required && parser.values[o.name].empty()) {
            throw UsageError{{"缺少必填选项 --" + o.name, "missing required option --" + o.name}};
          }
        }
      }
      throw UsageError{{"无法解析命令行", "cannot parse the command line"}};
    }
    auto* app = parser.chosen();
    auto it = parser.leaves.find(app);
    if (it == parser.leaves.end()) {
      // No command, or a group without its command: the overview (asked for when there are no
      // arguments at all).
      auto group = group_of(app);
      print_overview(args.empty() ? out : err, group);
      return args.empty() ? 0 : 2;
    }
    command = it->second;
    for (const auto& [option, value] : parser.slots[app]) inv.positionals.push_back(*value);
    for (const auto& o : command->options) {
      if (!o.value_name.empty() && !parser.values[o.name].empty()) {
        inv.options[o.name] = parser.values[o.name];
      } else if (o.value_name.empty() && parser.flags[o.name]) {
        inv.options[o.name].push_back("");
      }
    }
    return command->run(inv);
  } catch (const UsageError& e) {
    err << tr({"用法错误:", "usage error: "}) << tr(e.message) << "\n";
    if (command) err << tr({"用法:", "usage: "}) << usage_line(*command) << "\n";
    err << tr({"用 --help 查看说明。", "See --help."}) << "\n";
    return 2;
  } catch (const Error& e) {
    if (inv.global.json) {
      // Scripts get the shape the HTTP API uses (RFC 9457 problem details).
      err << app::dump_json(app::problem_json(e), 2) << "\n";
    } else if (e.code() == Errc::config_invalid) {
      err << tr(e.text()) << "\n";
    } else {
      err << tr({"错误", "error"}) << " [" << code_name(e.code()) << "]: " << tr(e.text()) << "\n";
    }
    return 1;
  } catch (const std::exception& e) {
    // The last resort: anything unexpected is reported, never an abort.
    return report_internal(inv.global.json, err, e.what());
  } catch (...) {
    return report_internal(inv.global.json, err, "unknown exception");
  }
}

}  // namespace duban::cli
