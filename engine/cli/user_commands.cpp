// duban user passwd|token|tokens|revoke: logging in to the REST API; user add|disable|enable|list:
// users made beside units.yaml (the same use cases as the API's /users). A password is read from
// standard input (without echo at a terminal), never from the command line, where other users of
// the machine could see it in the process list.
#include <termios.h>
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <ostream>

#include "app/credential_cases.hpp"
#include "app/json_views.hpp"
#include "app/user_admin.hpp"
#include "cli/cli.hpp"
#include "cli/output.hpp"
#include "domain/errors.hpp"

namespace duban::cli {

namespace {

const std::string& tr(const Text& t) { return t.str(); }

std::string read_password(Invocation& inv) {
  const bool terminal = isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    inv.err << tr({"新密码:", "new password: "}) << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    inv.err << "\n";
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

std::int64_t number_of(const std::string& text, const char* what) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || p != text.data() + text.size() || n <= 0) {
    throw Error(Errc::invalid_argument,
                {std::string(what) + " 应为正整数:" + text,
                 std::string(what) + " must be a positive number: " + text});
  }
  return n;
}

nlohmann::json token_json(const TokenRecord& t) {
  return {{"id", t.id},
          {"user", t.user},
          {"label", t.label},
          {"created_at", t.created_at},
          {"created_by", t.created_by},
          {"expires_at", t.expires_at},
          {"revoked_at", t.revoked_at}};
}

}  // namespace

std::vector<CommandSpec> user_commands() {
  std::vector<CommandSpec> v;
  v.push_back({"user passwd",
               {"USER"},
               {},
               {"设置登录密码(从标准输入读取;本人或领导小组)",
                "set a login password (read from standard input; oneself or the leading group)"},
               [](Invocation& inv) {
                 auto password = read_password(inv);
                 app::set_password(inv.services(), {inv.global.actor, inv.positional(0), password});
                 inv.out << tr({"密码已设置:", "password set: "}) << inv.positional(0) << "\n";
                 return 0;
               }});
  v.push_back(
      {"user token",
       {"USER"},
       {{"days", "N", {"有效天数(默认 30,最多 366)", "valid for N days (default 30, at most 366)"}},
        {"label", "TEXT", {"用途说明,如 脚本名", "what it is for, e.g. a script's name"}}},
       {"签发 API 令牌(只显示这一次;保存的只是其散列)",
        "issue an API token (shown this once; only its hash is kept)"},
       [](Invocation& inv) {
         int days = inv.has("days") ? static_cast<int>(number_of(inv.value("days"), "--days")) : 30;
         auto issued = app::issue_token(
             inv.services(), {inv.global.actor, inv.positional(0), inv.value("label"), days});
         if (inv.global.json) {
           auto j = token_json(issued.record);
           j["token"] = issued.token;
           inv.out << app::dump_json(j, 2) << "\n";
           return 0;
         }
         inv.out << issued.token << "\n";
         inv.err << tr({"令牌 #", "token #"}) << issued.record.id
                 << tr({",有效至 ", ", valid until "}) << issued.record.expires_at
                 << tr({";请妥善保存,它不会再次显示", "; keep it safe: it is not shown again"})
                 << "\n";
         return 0;
       }});
  v.push_back(
      {"user tokens",
       {},
       {{"user", "USER", {"只看一个用户(领导小组)", "one user only (leading group)"}}},
       {"列出 API 令牌(不含令牌本身)", "list API tokens (never the tokens themselves)"},
       [](Invocation& inv) {
         auto list = app::list_tokens(inv.services(), inv.global.actor, inv.value("user"));
         if (inv.global.json) {
           auto arr = nlohmann::json::array();
           for (const auto& t : list) arr.push_back(token_json(t));
           inv.out << app::dump_json(arr, 2) << "\n";
           return 0;
         }
         for (const auto& t : list) {
           inv.out << "#" << t.id << "  " << pad(t.user, 14) << pad(t.label, 16)
                   << tr({"有效至 ", "until "}) << t.expires_at
                   << (t.revoked_at.empty() ? "" : tr({"  已吊销 ", "  revoked "}) + t.revoked_at)
                   << "\n";
         }
         return 0;
       }});
  v.push_back(
      {"user add",
       {"USER", "NAME", "UNIT"},
       {{"access",
         "ACCESS",
         {"权限:member(默认)、leading_group、supervision、evaluator、admin、viewer",
          "access: member (default), leading_group, supervision, evaluator, admin, viewer"}},
        {"role", "TEXT", {"职务", "job title"}},
        {"email", "ADDRESS", {"电子邮箱", "e-mail address"}},
        {"phone", "NUMBER", {"手机号", "mobile number"}}},
       {"新建用户(units.yaml 之外;领导小组或系统管理员),再用 user passwd 设密码",
        "create a user beside units.yaml (leading group or admin); then user passwd"},
       [](Invocation& inv) {
         app::CreateUser r;
         r.actor = inv.global.actor;
         r.id = inv.positional(0);
         r.name = inv.positional(1);
         r.unit = inv.positional(2);
         if (inv.has("access")) r.access = inv.value("access");
         r.role = inv.value("role");
         r.email = inv.value("email");
         r.phone = inv.value("phone");
         auto u = app::create_user(inv.services(), r);
         inv.out << tr({"用户已建立:", "user created: "}) << u.user.id << " (" << u.user.unit
                 << ", " << to_string(u.user.access) << ")\n";
         return 0;
       }});
  for (const bool enable : {false, true}) {
    v.push_back({enable ? "user enable" : "user disable",
                 {"USER"},
                 {{"reason", "TEXT", {"理由(停用时必填)", "why (required to disable)"}}},
                 enable ? Text{"重新启用用户", "enable a disabled user again"}
                        : Text{"停用用户并吊销其令牌(不能停用自己)",
                               "disable a user and revoke its tokens (not oneself)"},
                 [enable](Invocation& inv) {
                   app::set_user_enabled(inv.services(), {inv.global.actor, inv.positional(0),
                                                          enable, inv.value("reason")});
                   inv.out << (enable ? tr({"用户已启用:", "user enabled: "})
                                      : tr({"用户已停用:", "user disabled: "}))
                           << inv.positional(0) << "\n";
                   return 0;
                 }});
  }
  v.push_back(
      {"user revoke",
       {"TOKEN_ID"},
       {},
       {"吊销 API 令牌(本人或领导小组)", "revoke an API token (its user or the leading group)"},
       [](Invocation& inv) {
         app::revoke_token(inv.services(), inv.global.actor,
                           number_of(inv.positional(0), "TOKEN_ID"));
         inv.out << tr({"令牌已吊销:#", "token revoked: #"}) << inv.positional(0) << "\n";
         return 0;
       }});
  return v;
}

}  // namespace duban::cli
