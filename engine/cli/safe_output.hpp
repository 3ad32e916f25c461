#pragma once
// What duban prints goes through printable() (domain/text_check.hpp): a title stored before
// text was checked, or planted in the database by hand, cannot move the cursor, recolour or
// retitle the user's terminal, and invalid bytes show as U+FFFD.
#include <streambuf>
#include <string>

namespace duban::cli {

class SafeTextBuf : public std::streambuf {
 public:
  explicit SafeTextBuf(std::streambuf* target) : target_(target) {}
  ~SafeTextBuf() override;
  SafeTextBuf(const SafeTextBuf&) = delete;
  SafeTextBuf& operator=(const SafeTextBuf&) = delete;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  /// Writes the pending text up to its last line end (all of it when `all`).
  bool drain(bool all);
  std::streambuf* target_;
  std::string pending_;
};

}  // namespace duban::cli
