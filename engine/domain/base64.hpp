#pragma once
// Base64 (RFC 4648, with padding): files kept in text columns (an idempotent request's answer, a
// message's attachment in the outbox).
#include <string>

namespace duban {

std::string to_base64(const std::string& bytes);
/// Skips anything outside the alphabet ('=', line breaks).
std::string from_base64(const std::string& text);

}  // namespace duban
