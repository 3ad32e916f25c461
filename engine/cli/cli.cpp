#include "cli/cli.hpp"

#include <cstdlib>
#include <ostream>

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
        << "\n";
  }
}

std::string usage_line(const CommandSpec& c) {
  std::string u = "duban " + c.path;
  for (const auto& p : c.positionals) u += " " + p;
  if (!c.options.empty())
    u += " [" + std::string(current_lang() == Lang::en ? "options" : "选项") + "]";
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
    err << app::problem_json(500, "internal", "internal", tr(text)).dump(2) << "\n";
  } else {
    err << tr({"错误", "error"}) << " [internal]: " << tr(text) << "\n";
  }
  return 1;
}

struct UsageError {
  Text message;
};

bool is_option(const std::string& arg) { return arg.size() > 2 && arg.rfind("--", 0) == 0; }

}  // namespace

const std::vector<CommandSpec>& commands() {
  static const std::vector<CommandSpec> all = [] {
    std::vector<CommandSpec> v;
    for (auto group : {admin_commands(), round_commands(), item_commands()})
      for (auto& c : group) v.push_back(std::move(c));
    return v;
  }();
  return all;
}

int run(int argc, char** argv, const Hooks& hooks, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (const char* lang = std::getenv("DUBAN_LANG"))
    set_current_lang(std::string(lang) == "en" ? Lang::en : Lang::zh);
  for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == "--lang" && i + 1 < args.size())
      set_current_lang(args[i + 1] == "en" ? Lang::en : Lang::zh);
    if (args[i].rfind("--lang=", 0) == 0)
      set_current_lang(args[i].substr(7) == "en" ? Lang::en : Lang::zh);
  }

  // Global options may come before the command, as in git or kubectl: take them out, and put
  // them back after the command's words, where the option loop reads them.
  std::vector<std::string> leading;
  while (!args.empty() && is_option(args[0]) && args[0] != "--") {
    auto name = args[0].substr(2);
    auto eq = name.find('=');
    auto bare = eq == std::string::npos ? name : name.substr(0, eq);
    const OptionSpec* spec = nullptr;
    for (const auto& o : kGlobal)
      if (o.name == bare) spec = &o;
    if (!spec) {
      err << tr({"用法错误:未知的通用选项 --", "usage error: unknown global option --"}) << bare
          << "\n"
          << tr({"命令前只能使用通用选项;用 duban --help 查看。",
                 "only global options may come before the command; see duban --help."})
          << "\n";
      return 2;
    }
    leading.push_back(args[0]);
    args.erase(args.begin());
    if (!spec->value_name.empty() && eq == std::string::npos) {
      if (args.empty()) {
        err << tr({"用法错误:选项 --", "usage error: option --"}) << bare
            << tr({" 需要一个值", " needs a value"}) << "\n";
        return 2;
      }
      leading.push_back(args[0]);
      args.erase(args.begin());
    }
  }

  // The longest command path that the leading words match.
  std::vector<std::string> words;
  for (const auto& a : args) {
    if (a.rfind("-", 0) == 0) break;
    words.push_back(a);
  }
  const CommandSpec* command = nullptr;
  std::size_t used = 0;
  for (const auto& c : commands()) {
    std::string path;
    for (std::size_t n = 1; n <= words.size(); ++n) {
      path += (n > 1 ? " " : "") + words[n - 1];
      if (path == c.path && n > used) {
        command = &c;
        used = n;
      }
    }
  }
  args.insert(args.begin() + static_cast<std::ptrdiff_t>(used), leading.begin(), leading.end());
  bool wants_help = args.empty();
  for (const auto& a : args) {
    if (a == "--") break;
    wants_help |= a == "--help" || a == "-h";
  }
  if (!command) {
    std::string prefix = words.empty() ? "" : words[0];
    bool known_group = false;
    for (const auto& c : commands())
      known_group |= !prefix.empty() && c.path.rfind(prefix + " ", 0) == 0;
    if (wants_help || known_group) {
      print_overview(wants_help ? out : err, known_group ? prefix + " " : "");
      return wants_help && (known_group || prefix.empty()) ? 0 : 2;
    }
    err << tr({"未知命令:", "unknown command: "}) << prefix << "\n"
        << tr({"用 duban --help 查看全部命令。", "See duban --help for the commands."}) << "\n";
    return 2;
  }
  if (wants_help) {
    print_command_help(out, *command);
    return 0;
  }

  Invocation inv(out, err, hooks);
  if (const char* user = std::getenv("DUBAN_USER")) inv.global.actor = user;
  try {
    bool options_ended = false;
    for (std::size_t i = used; i < args.size(); ++i) {
      const auto& a = args[i];
      if (a == "--" && !options_ended) {
        options_ended = true;  // everything after -- is an argument, even if it starts with --
        continue;
      }
      if (options_ended || !is_option(a)) {
        inv.positionals.push_back(a);
        continue;
      }
      auto name = a.substr(2);
      std::string inline_value;
      bool has_inline = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_inline = true;
      }
      const OptionSpec* spec = nullptr;
      for (const auto& o : kGlobal)
        if (o.name == name) spec = &o;
      for (const auto& o : command->options)
        if (o.name == name) spec = &o;
      if (!spec) throw UsageError{{"未知选项 --" + name, "unknown option --" + name}};
      std::string value;
      if (!spec->value_name.empty()) {
        if (has_inline) {
          value = inline_value;
        } else if (i + 1 < args.size()) {
          value = args[++i];
        } else {
          throw UsageError{
              {"选项 --" + name + " 需要一个值", "option --" + name + " needs a value"}};
        }
      }
      if (name == "config")
        inv.global.config = value;
      else if (name == "as")
        inv.global.actor = value;
      else if (name == "json")
        inv.global.json = true;
      else if (name == "lang")
        continue;
      else
        inv.options[name].push_back(value);
    }
    if (inv.positionals.size() != command->positionals.size()) {
      throw UsageError{{"参数个数不对", "wrong number of arguments"}};
    }
    return command->run(inv);
  } catch (const UsageError& e) {
    err << tr({"用法错误:", "usage error: "}) << tr(e.message) << "\n"
        << tr({"用法:", "usage: "}) << usage_line(*command) << "\n"
        << tr({"用 --help 查看说明。", "See --help."}) << "\n";
    return 2;
  } catch (const Error& e) {
    if (inv.global.json) {
      // Scripts get the shape the HTTP API uses (RFC 9457 problem details).
      err << app::problem_json(e).dump(2) << "\n";
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
