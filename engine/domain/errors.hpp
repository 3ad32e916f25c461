#pragma once
// Every error duban reports has a stable code; each is documented once, here.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "domain/text.hpp"

namespace duban {

enum class Errc {
  invalid_transition,       ///< the event is not allowed in the current state (HTTP 409)
  dependencies_incomplete,  ///< a step opens only when the steps it depends on are completed (409)
  submissions_incomplete,   ///< a step with per-unit submissions still misses some units (409)
  report_not_approved,      ///< step 6 completes only with an approved (审定) report (409)
  feedback_incomplete,      ///< step 7 completes only when every unit has its feedback (409)
  reason_required,          ///< reject, reopen and override must say why (422)
  missing_field,            ///< a required field of an event is empty (422)
  self_verification,        ///< the user who rectified an item may not verify it (403)
  permission_denied,        ///< the actor's role may not perform this action (403)
  unknown_actor,            ///< --as names no known user (401)
  not_found,                ///< no such unit, round, step or item (404)
  already_exists,           ///< e.g. a round that was started before (409)
  conflict,                 ///< someone else changed it first (a version check failed); retry (409)
  clock_behind,  ///< the clock reads earlier than the journal's last entry; nothing written (409)
  invalid_argument,  ///< malformed input: a date, a round id, an option (400)
  invalid_text,      ///< text that is not valid UTF-8, or holds NUL or a control character (422)
  config_invalid,    ///< configuration failed validation (see the listed errors)
  import_invalid,    ///< an import file has bad rows; nothing was written (422)
  storage_error,     ///< the database refused or failed, or holds a row it cannot read (500)
  /// the database cannot be reached for now (a server restart, a failover); retry shortly: the
  /// connection is made again (a POST with an Idempotency-Key is safe to retry) (503)
  unavailable,
  io_error,       ///< a file or folder cannot be opened, read or written (500)
  audit_broken,   ///< the journal hash chain does not verify
  plugin_failed,  ///< a required plugin is missing, fails to load or has the wrong version (500)
  internal,       ///< anything unexpected: a bug, reported instead of aborting (500)
};

/// Stable machine-readable name, e.g. "invalid_transition".
std::string_view code_name(Errc code);
/// The HTTP status that goes with the code.
int http_status(Errc code);

/// The one exception type of duban's own code. Carries a stable code and a bilingual message.
class Error : public std::runtime_error {
 public:
  Error(Errc code, Text message);
  Errc code() const { return code_; }
  const Text& text() const { return text_; }

  /// What a remote client is told instead (the HTTP API): another unit's item is answered as one
  /// that does not exist, so that nothing about it leaks. The command line on the server, the
  /// security log and the tests see the real refusal.
  Error& conceal_as(Errc code, Text message);
  Errc outward_code() const { return outward_ ? outward_->first : code_; }
  /// Set once the refusal is in the security log (app/denials.hpp), so that it is kept once.
  void mark_recorded() const { recorded_ = true; }
  bool recorded() const { return recorded_; }
  const Text& outward_text() const { return outward_ ? outward_->second : text_; }

 private:
  Errc code_;
  Text text_;
  std::shared_ptr<const std::pair<Errc, Text>> outward_;
  mutable bool recorded_ = false;
};

}  // namespace duban
