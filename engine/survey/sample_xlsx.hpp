#pragma once
// A round's sample as a workbook for the evaluation groups: 样本村 (each village, its kind, its
// household count and notes) and 样本户 (each household, masked ID number, why it was drawn).
#include <iosfwd>

#include "survey/sample_cases.hpp"

namespace duban::survey {

/// Writes the workbook into `out`; Error(io_error) if it cannot be written.
void write_sample_xlsx(const DrawnSample& sample, std::ostream& out);

}  // namespace duban::survey
