#pragma once
// Passwords and API tokens (libsodium). A password is kept only as its Argon2id hash (libsodium's
// crypto_pwhash_str: algorithm, parameters and salt in the string); a token is 256 random bits
// shown once and kept only as its SHA-256, which is enough for a secret that long (no dictionary
// to guess from), and lets a request's token be found by its hash.
#include <string>
#include <string_view>

namespace duban::audit {

/// How hard a password hash is to compute: `interactive` (libsodium's OPSLIMIT/MEMLIMIT
/// INTERACTIVE: 2 passes over 64 MiB) for people's passwords; `minimal` only for tests.
enum class HashCost { interactive, minimal };

/// The Argon2id hash of `password` in libsodium's string form ("$argon2id$v=19$m=…").
/// Error(invalid_argument) for a password shorter than 8 characters or longer than 1,024 bytes.
std::string hash_password(const std::string& password, HashCost cost = HashCost::interactive);

/// True when `password` is the one `hash` was made from; false for any other password or a
/// string that is no such hash. Runs in time independent of where a guess differs.
bool verify_password(const std::string& password, const std::string& hash);

/// A new API token: "dbn_" and 43 characters of URL-safe base64 (256 random bits).
std::string new_token();

/// The token's SHA-256 as 64 hex digits: what is stored and looked up.
std::string token_hash(const std::string& token);
/// Any bytes' SHA-256 as 64 hex digits (evidence files).
std::string sha256_hex(std::string_view bytes);

}  // namespace duban::audit
