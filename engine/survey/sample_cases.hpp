#pragma once
// 抽样: drawing a round's sample from its roster with a recorded seed, showing it, and checking
// it later against the roster and plan as they are now.
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "store/survey_repository.hpp"
#include "survey/sampling.hpp"

namespace duban::survey {

struct DrawOptions {
  std::string seed{};  ///< empty: a random one (printed and recorded)
  /// A round has one sample: drawing again replaces it only with `redraw` and a reason (journaled).
  bool redraw = false;
  std::string reason{};
};

struct DrawnSample {
  store::SampleRecord record;
  Sample sample;
};

/// Draws `round`'s sample (the leading group's office) from its roster with the configured
/// plan, stores it and journals the seed, the plan, the roster's digest and the substitutions.
/// Error(not_found) without a round or a roster; Error(already_exists) when drawn before, unless
/// options.redraw.
DrawnSample draw_sample(app::Services& services, const std::string& actor, const std::string& round,
                        const DrawOptions& options);

/// The round's sample as drawn (the office and evaluators). Error(not_found) when not drawn.
DrawnSample show_sample(app::Services& services, const std::string& actor,
                        const std::string& round);

struct Verification {
  bool same = true;
  std::vector<Text> differences;  ///< what changed since the draw, and how the sample differs
  store::SampleRecord record;     ///< as recorded at the draw
  std::string plan_digest, roster_digest;  ///< as they are now
};

/// Draws the sample again from the recorded seed with the roster and plan as they are now and
/// compares it with the one recorded.
Verification verify_sample(app::Services& services, const std::string& actor,
                           const std::string& round);

/// The sample as JSON text, and back (Error(storage_error) for a text that is not one).
std::string sample_json(const Sample& sample);
Sample sample_from_json(const std::string& text);

}  // namespace duban::survey
