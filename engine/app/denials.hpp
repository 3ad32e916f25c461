#pragma once
// The security log: every refused action — a permission, a rule of the procedure or
// the lifecycle, input that is not acceptable — is kept: who tried what, on what, when, and why.
// Recorded in a transaction of its own after the refused one rolled back, so it never changes
// the data it was refused on; `duban audit denials` lists it.
#include <string>
#include <vector>

#include "app/services.hpp"
#include "domain/errors.hpp"
#include "domain/journal.hpp"

namespace duban::app {

struct Attempt {
  std::string actor;    ///< as given (it may be unknown: that is a refusal too)
  std::string action;   ///< "item rectify", "step complete", "import", …
  std::string subject;  ///< "item:7", "step:2020-H1/6", a file name; may be empty
};

/// True for the codes that mean "refused" (not a storage, file or internal failure, nor a
/// conflict to retry).
bool is_refusal(Errc code);

/// Appends the refusal to the security log; never throws (a log that cannot be written must not
/// hide the refusal itself).
void record_denial(Services& services, const Attempt& attempt, const Error& error) noexcept;

/// Runs `work`; a refusal it throws is recorded, then thrown on.
template <class Work>
decltype(auto) recording_refusals(Services& services, const Attempt& attempt, Work&& work) {
  try {
    return work();
  } catch (const Error& e) {
    if (is_refusal(e.code()) && !e.recorded()) {
      record_denial(services, attempt, e);
      e.mark_recorded();
    }
    throw;
  }
}

/// The refusals recorded since `since` ("YYYY-MM-DD", local day; "" for all), oldest first.
std::vector<Denial> list_denials(Services& services, const std::string& since);

}  // namespace duban::app
