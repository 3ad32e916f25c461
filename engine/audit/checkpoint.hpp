#pragma once
// Signed checkpoints of the journal's head (anchoring). The statement is plain text, so
// that an office can read what it keeps:
//
//   duban checkpoint 1
//   county: 示范县
//   seq: 123
//   hash: <the hex SHA-256 of entry 123>
//   at: 2020-06-01T01:00:00Z          (the time of entry 123)
//   signed_at: 2020-06-01T02:00:00Z
//
// The signature is Ed25519 over exactly these bytes. A checkpoint file adds two lines:
// "signature: <base64>" and "public_key: <base64>".
#include <string>

#include "domain/journal.hpp"

namespace duban::audit {

std::string checkpoint_statement(const std::string& county, std::int64_t seq,
                                 const std::string& hash, const std::string& at,
                                 const std::string& signed_at);
/// The statement's seq, hash and at read back into `out`; false when it is not one.
bool parse_statement(const std::string& statement, Checkpoint& out);

/// The text of a checkpoint file, and back (Error(invalid_argument) naming `shown_as`).
std::string checkpoint_file_text(const Checkpoint& checkpoint);
Checkpoint parse_checkpoint_file(const std::string& text, const std::string& shown_as);

}  // namespace duban::audit
