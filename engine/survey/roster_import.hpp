#pragma once
// 花名册导入: a round's roster of villages or of households (CSV in UTF-8 or GB18030, or XLSX),
// recognised by its columns, written in one transaction: all or nothing. Importing again updates
// villages by township and name and households by 户编号. A household's ID number is checked
// (GB 11643) and kept only as a keyed hash and its last four characters (survey/id_key.hpp).
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/sheet.hpp"
#include "store/survey_repository.hpp"

namespace duban::survey {

enum class RosterKind { villages, households };
std::string_view to_string(RosterKind kind);  ///< "villages", "households"

struct RosterImportOptions {
  bool dry_run = false;
  app::Encoding encoding = app::Encoding::automatic;
  /// The row the column names are on; otherwise the first of the first 20 rows that names the
  /// columns of a village or household roster.
  std::optional<std::size_t> header_row{};
  /// "行政村=村": the sheet's column name, then the field it holds (its Chinese or English name).
  std::vector<std::string> map{};
};

struct RosterImportResult {
  RosterKind kind = RosterKind::households;
  bool dry_run = false;
  Text format{};
  std::size_t header_line = 0;
  std::vector<std::pair<std::string, std::string>> mapped{};  ///< sheet column → field
  std::size_t rows = 0;                                       ///< rows read (not blank)
  std::int64_t added = 0, updated = 0;                        ///< villages or households
  store::RosterCounts before{}, after{};
  std::string digest;  ///< the roster's digest after the import (survey/roster_digest.hpp)
};

/// Progress of a long import: rows read so far.
using RosterProgress = std::function<void(std::size_t rows)>;

/// Imports `in` (seekable) into round `round`'s roster as `actor` (the leading group's office).
/// Throws Error(import_invalid) listing every bad line (file:line: column: problem; in an XLSX
/// also the cell) when any row is bad, and nothing is written; Error(not_found) when the round was
/// not started.
RosterImportResult import_roster(app::Services& services, const std::string& actor,
                                 const std::string& round, std::istream& in,
                                 const std::string& file_name, const RosterImportOptions& options,
                                 const RosterProgress& progress = {});

}  // namespace duban::survey
