#include "audit/checkpoint.hpp"

#include <charconv>
#include <sstream>

#include "domain/errors.hpp"

namespace duban::audit {

namespace {
constexpr const char* kHeader = "duban checkpoint 1";

// "key: value" → value, when the line starts with the key.
bool value_of(const std::string& line, const std::string& key, std::string& out) {
  auto prefix = key + ": ";
  if (line.rfind(prefix, 0) != 0) return false;
  out = line.substr(prefix.size());
  return true;
}
}  // namespace

std::string checkpoint_statement(const std::string& county, std::int64_t seq,
                                 const std::string& hash, const std::string& at,
                                 const std::string& signed_at) {
  return std::string(kHeader) + "\ncounty: " + county + "\nseq: " + std::to_string(seq) +
         "\nhash: " + hash + "\nat: " + at + "\nsigned_at: " + signed_at + "\n";
}

bool parse_statement(const std::string& statement, Checkpoint& out) {
  std::istringstream in(statement);
  std::string line, county, seq, hash, at, signed_at;
  if (!std::getline(in, line) || line != kHeader) return false;
  if (!std::getline(in, line) || !value_of(line, "county", county)) return false;
  if (!std::getline(in, line) || !value_of(line, "seq", seq)) return false;
  if (!std::getline(in, line) || !value_of(line, "hash", hash)) return false;
  if (!std::getline(in, line) || !value_of(line, "at", at)) return false;
  if (!std::getline(in, line) || !value_of(line, "signed_at", signed_at)) return false;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), n);
  if (ec != std::errc{} || end != seq.data() + seq.size() || n <= 0) return false;
  out.seq = n;
  out.hash = hash;
  out.at = at;
  return statement ==
         checkpoint_statement(county, n, hash, at, signed_at);  // nothing more, nothing else
}

std::string checkpoint_file_text(const Checkpoint& c) {
  return c.statement + "signature: " + c.signature + "\npublic_key: " + c.public_key + "\n";
}

Checkpoint parse_checkpoint_file(const std::string& text, const std::string& shown_as) {
  auto bad = [&] {
    return Error(Errc::invalid_argument, {shown_as + " 不是 duban 的签名检查点文件",
                                          shown_as + " is not a duban checkpoint file"});
  };
  // The statement is the first six lines; the signature and the key follow.
  std::size_t end = 0;
  for (int i = 0; i < 6; ++i) {
    end = text.find('\n', end);
    if (end == std::string::npos) throw bad();
    ++end;
  }
  Checkpoint c;
  c.statement = text.substr(0, end);
  if (!parse_statement(c.statement, c)) throw bad();
  std::istringstream rest(text.substr(end));
  std::string line;
  if (!std::getline(rest, line) || !value_of(line, "signature", c.signature)) throw bad();
  if (!std::getline(rest, line) || !value_of(line, "public_key", c.public_key)) throw bad();
  return c;
}

}  // namespace duban::audit
