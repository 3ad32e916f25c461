#pragma once
// 佐证材料: evidence files uploaded for an item (the REST API's upload and download). The file is
// stored by its SHA-256 under the data folder; the record and a journal entry (evidence:ID, with
// the item, name, type, size and hash) are written in one transaction after it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/services.hpp"
#include "domain/evidence.hpp"

namespace duban::app {

struct AttachEvidence {
  std::string actor;  ///< a member of the item's unit, the leading group, supervision, evaluator
  std::int64_t item = 0;
  std::string name;  ///< the file's name
  std::string
      declared_type;  ///< the Content-Type sent; must agree with the content (or be generic)
  std::string_view bytes;
  std::size_t max_bytes = 20u << 20;
};
EvidenceRecord attach_evidence(Services& services, const AttachEvidence& request);

/// An item's evidence (who may see the item may see its evidence).
std::vector<EvidenceRecord> list_evidence(Services& services, const std::string& actor,
                                          std::int64_t item);

struct EvidenceFile {
  EvidenceRecord record;
  std::string bytes;
};
/// Error(not_found) for an id that is not this item's; Error(audit_broken) if the stored file's
/// hash is no longer the recorded one.
EvidenceFile read_evidence(Services& services, const std::string& actor, std::int64_t item,
                           std::int64_t id);

/// The media type `bytes` are recognised as (PDF, JPEG, PNG, WebP, DOCX, XLSX by their first
/// bytes and, for the two Office formats, the name's extension), or "" when none of these.
std::string evidence_type(std::string_view bytes, const std::string& name);

}  // namespace duban::app
