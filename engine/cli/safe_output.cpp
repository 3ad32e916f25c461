#include "cli/safe_output.hpp"

#include "domain/text_check.hpp"

namespace duban::cli {

SafeTextBuf::~SafeTextBuf() { drain(true); }

SafeTextBuf::int_type SafeTextBuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  pending_ += traits_type::to_char_type(c);
  if (c == '\n' && !drain(false)) return traits_type::eof();
  return c;
}

std::streamsize SafeTextBuf::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<std::size_t>(n));
  // Whole lines at a time, so that a character split between two writes is seen whole.
  if (pending_.find('\n') != std::string::npos || pending_.size() > 64 * 1024) {
    if (!drain(pending_.size() > 64 * 1024)) return 0;
  }
  return n;
}

int SafeTextBuf::sync() {
  if (!drain(true)) return -1;
  return target_->pubsync();
}

bool SafeTextBuf::drain(bool all) {
  if (pending_.empty()) return true;
  auto end = all ? pending_.size() : pending_.rfind('\n') + 1;
  if (end == 0) return true;
  auto text = printable(std::string_view(pending_).substr(0, end));
  pending_.erase(0, end);
  auto size = static_cast<std::streamsize>(text.size());
  return target_->sputn(text.data(), size) == size;
}

}  // namespace duban::cli
