#pragma once
// The key ID numbers are hashed with. A household's ID number (身份证号) is never stored: only
// its keyed hash (BLAKE2b, 128 bits, libsodium's crypto_generichash) and its last four characters.
// The key lives in a file outside the database (survey.id_key; default id-number.key in
// data_dir, 0600): a stolen database alone cannot test guesses of a number against its hash
// (an 18-digit ID number has few enough likely values to try them all).
#include <array>
#include <filesystem>
#include <string>

namespace duban::survey {

class IdHasher {
 public:
  /// The key in `file`. When it does not exist and `create`, a new random key is written there
  /// (0600, its folder made); otherwise Error(io_error) saying what to do. A key file that group or
  /// others may read is refused (chmod 600).
  static IdHasher open(const std::filesystem::path& file, bool create);
  /// A random key of its own, kept nowhere: for checking numbers without storing their hashes
  /// (a dry run before the key file exists).
  static IdHasher throwaway();
  /// The number's keyed hash, 32 hex digits.
  std::string hash(const std::string& id_number) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace duban::survey
