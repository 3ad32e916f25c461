#pragma once
// 导入 ODK / KoboToolbox 的答卷: the CSV (or XLSX) a county exports from ODK Central or
// KoboToolbox for one of the round's forms, each row one submission. Columns are matched to the
// form's questions by name, group paths dropped ("water-water_ok" in ODK Central,
// "water/water_ok" in Kobo); metadata columns (start, end, SubmissionDate, …) and the split
// columns of a select_multiple ("…/choice") are ignored; photos are attachments, not in the
// export, and are left out. A row's id is its instanceID (meta-instanceID, KEY, _uuid), so an
// export imported twice stores each submission once. All or nothing: every row is checked as the
// page's answers are before any is stored.
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/sheet.hpp"
#include "domain/text.hpp"

namespace duban::survey {

struct SubmissionImportOptions {
  bool dry_run = false;
  std::string subject_column;  ///< default: the form's subject_field
  app::SheetOptions sheet;
};

struct SubmissionImport {
  Text format;
  std::size_t rows = 0, stored = 0, repeated = 0, problems = 0;
  std::vector<std::string> ignored;  ///< columns that are no question of the form
  std::vector<std::string> photos;   ///< image questions left out
  bool dry_run = false;
};

/// Imports the submissions in `in` for `form` of `round`. Error(import_invalid) listing every
/// row at fault (by line) when any is; then nothing is stored.
SubmissionImport import_submissions(app::Services& services, const std::string& actor,
                                    const std::string& round, const std::string& form,
                                    std::istream& in, const std::string& file,
                                    const SubmissionImportOptions& options);

}  // namespace duban::survey
