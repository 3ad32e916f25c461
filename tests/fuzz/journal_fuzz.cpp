// The journal's canonical form and the changes column: any entry hashes, the changes text reads
// back as what was written, and a stored changes text of any bytes never breaks the reader.
#include "domain/text_check.hpp"
#include "fuzz_support.hpp"
#include "store/journal_hash.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace duban;
  auto text = fuzz::bytes(data, size);
  // Arbitrary text as a stored changes column.
  auto parsed = store::parse_changes(text);
  (void)parsed;
  // An entry whose fields are pieces of the input, split at NUL bytes.
  std::vector<std::string> pieces(8);
  std::size_t k = 0;
  for (char c : text) {
    if (c == '\0') {
      k = (k + 1) % pieces.size();
    } else {
      pieces[k] += c;
    }
  }
  JournalEntry e;
  e.seq = static_cast<std::int64_t>(size);
  e.actor = pieces[0];
  e.subject = pieces[1];
  e.event = pieces[2];
  e.state_before = pieces[3];
  e.state_after = pieces[4];
  e.reason = pieces[5];
  e.changes[pieces[6]] = {pieces[7], pieces[0]};
  e.pinned_clock = size % 2;
  auto changes = store::changes_text(e);
  auto canonical = store::canonical_form(e, "2020-06-01T01:00:00Z", changes);
  auto hash = store::chain_hash(std::string(64, '0'), e, "2020-06-01T01:00:00Z", changes);
  if (hash.size() != 64 || canonical.empty()) fuzz::broken("every entry hashes");
  bool valid = true;
  for (const auto& p : pieces) valid = valid && !invalid_utf8_at(p);
  if (valid && store::parse_changes(changes) != e.changes)
    fuzz::broken("valid UTF-8 changes read back exactly");
  return 0;
}
