#pragma once
// Ed25519 (libsodium) for the journal's signed checkpoints. The secret key lives in a file
// outside the database, readable by its owner alone; the public key may be given to anyone who
// is to check the journal (an inspector, the county's other offices).
#include <filesystem>
#include <string>

namespace duban::audit {

/// A public key as base64 of its 32 bytes.
struct PublicKey {
  std::string base64;
};

class SigningKey {
 public:
  /// Reads a key written by generate_key(). Error(io_error) when it cannot be read or others may
  /// read it; Error(invalid_argument) when it is not such a key.
  static SigningKey load(const std::filesystem::path& file);
  /// base64 of the detached signature of `message`.
  std::string sign(const std::string& message) const;
  const PublicKey& public_key() const { return public_; }

 private:
  std::string secret_;  ///< the 64 bytes libsodium calls the secret key (seed and public key)
  PublicKey public_;
};

/// Writes a new key pair: the secret key to `file` (created 0600, never over an existing file)
/// and the public key to `file` + ".pub". Returns the public key.
PublicKey generate_key(const std::filesystem::path& file);

/// Reads a public key file written by generate_key() (or the text of one).
PublicKey load_public_key(const std::filesystem::path& file);
PublicKey parse_public_key(const std::string& text, const std::string& shown_as);

/// True when `signature_base64` is `key`'s signature of `message`.
bool verify_signature(const PublicKey& key, const std::string& message,
                      const std::string& signature_base64);

}  // namespace duban::audit
