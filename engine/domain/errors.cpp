#include "domain/errors.hpp"

#include <atomic>

#include "domain/enum_names.hpp"

namespace duban {

namespace {
std::atomic<Lang> g_lang{Lang::zh};
std::atomic<bool> g_explicit{false};
thread_local int t_lang = -1;  ///< -1: the process's language
}  // namespace

Lang current_lang() {
  return t_lang >= 0 ? static_cast<Lang>(t_lang) : g_lang.load(std::memory_order_relaxed);
}
LangScope::LangScope(Lang lang) : previous_(t_lang) { t_lang = static_cast<int>(lang); }
LangScope::~LangScope() { t_lang = previous_; }
void set_current_lang(Lang lang, bool explicit_choice) {
  g_lang.store(lang, std::memory_order_relaxed);
  if (explicit_choice) g_explicit = true;
}
bool lang_is_explicit() { return g_explicit; }

namespace {
constexpr auto kCodes =
    enum_names<Errc>({{Errc::invalid_transition, "invalid_transition", ""},
                      {Errc::dependencies_incomplete, "dependencies_incomplete", ""},
                      {Errc::submissions_incomplete, "submissions_incomplete", ""},
                      {Errc::report_not_approved, "report_not_approved", ""},
                      {Errc::feedback_incomplete, "feedback_incomplete", ""},
                      {Errc::reason_required, "reason_required", ""},
                      {Errc::missing_field, "missing_field", ""},
                      {Errc::self_verification, "self_verification", ""},
                      {Errc::permission_denied, "permission_denied", ""},
                      {Errc::unknown_actor, "unknown_actor", ""},
                      {Errc::not_found, "not_found", ""},
                      {Errc::already_exists, "already_exists", ""},
                      {Errc::conflict, "conflict", ""},
                      {Errc::clock_behind, "clock_behind", ""},
                      {Errc::invalid_argument, "invalid_argument", ""},
                      {Errc::invalid_text, "invalid_text", ""},
                      {Errc::config_invalid, "config_invalid", ""},
                      {Errc::import_invalid, "import_invalid", ""},
                      {Errc::storage_error, "storage_error", ""},
                      {Errc::unavailable, "unavailable", ""},
                      {Errc::io_error, "io_error", ""},
                      {Errc::audit_broken, "audit_broken", ""},
                      {Errc::plugin_failed, "plugin_failed", ""},
                      {Errc::internal, "internal", ""}});
}  // namespace

std::string_view code_name(Errc code) { return kCodes.code(code); }

int http_status(Errc code) {
  switch (code) {
    case Errc::invalid_transition:
    case Errc::dependencies_incomplete:
    case Errc::submissions_incomplete:
    case Errc::report_not_approved:
    case Errc::feedback_incomplete:
    case Errc::already_exists:
    case Errc::conflict:
    case Errc::clock_behind:
      return 409;
    case Errc::reason_required:
    case Errc::missing_field:
    case Errc::import_invalid:
    case Errc::invalid_text:
      return 422;
    case Errc::self_verification:
    case Errc::permission_denied:
      return 403;
    case Errc::unknown_actor:
      return 401;
    case Errc::not_found:
      return 404;
    case Errc::invalid_argument:
    case Errc::config_invalid:
      return 400;
    case Errc::unavailable:
      return 503;
    case Errc::storage_error:
    case Errc::io_error:
    case Errc::audit_broken:
    case Errc::plugin_failed:
    case Errc::internal:
      return 500;
  }
  return 500;
}

Error::Error(Errc code, Text message)
    : std::runtime_error(message.en), code_(code), text_(std::move(message)) {}

Error& Error::conceal_as(Errc code, Text message) {
  outward_ = std::make_shared<const std::pair<Errc, Text>>(code, std::move(message));
  return *this;
}

}  // namespace duban
