#include "domain/errors.hpp"

#include <atomic>

namespace duban {

namespace {
std::atomic<Lang> g_lang{Lang::zh};
std::atomic<bool> g_explicit{false};
}  // namespace

Lang current_lang() { return g_lang.load(std::memory_order_relaxed); }
void set_current_lang(Lang lang, bool explicit_choice) {
  g_lang.store(lang, std::memory_order_relaxed);
  if (explicit_choice) g_explicit = true;
}
bool lang_is_explicit() { return g_explicit; }

std::string_view code_name(Errc code) {
  switch (code) {
    case Errc::invalid_transition:
      return "invalid_transition";
    case Errc::dependencies_incomplete:
      return "dependencies_incomplete";
    case Errc::submissions_incomplete:
      return "submissions_incomplete";
    case Errc::report_not_approved:
      return "report_not_approved";
    case Errc::feedback_incomplete:
      return "feedback_incomplete";
    case Errc::reason_required:
      return "reason_required";
    case Errc::missing_field:
      return "missing_field";
    case Errc::self_verification:
      return "self_verification";
    case Errc::permission_denied:
      return "permission_denied";
    case Errc::unknown_actor:
      return "unknown_actor";
    case Errc::not_found:
      return "not_found";
    case Errc::already_exists:
      return "already_exists";
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::config_invalid:
      return "config_invalid";
    case Errc::import_invalid:
      return "import_invalid";
    case Errc::storage_error:
      return "storage_error";
    case Errc::audit_broken:
      return "audit_broken";
  }
  return "unknown";
}

int http_status(Errc code) {
  switch (code) {
    case Errc::invalid_transition:
    case Errc::dependencies_incomplete:
    case Errc::submissions_incomplete:
    case Errc::report_not_approved:
    case Errc::feedback_incomplete:
    case Errc::already_exists:
      return 409;
    case Errc::reason_required:
    case Errc::missing_field:
    case Errc::import_invalid:
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
    case Errc::storage_error:
    case Errc::audit_broken:
      return 500;
  }
  return 500;
}

Error::Error(Errc code, Text message)
    : std::runtime_error(message.en), code_(code), text_(std::move(message)) {}

}  // namespace duban
