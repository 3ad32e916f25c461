#include "survey/roster_digest.hpp"

#include <openssl/evp.h>

#include <memory>

namespace duban::survey {

namespace {

// SHA-256 over text fed in pieces: a roster of hundreds of thousands of households is never
// held whole.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr);
  }
  void add(const std::string& text) { EVP_DigestUpdate(ctx_.get(), text.data(), text.size()); }
  std::string hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_.get(), out, &n);
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (unsigned int i = 0; i < n; ++i) {
      s += digits[out[i] >> 4];
      s += digits[out[i] & 15];
    }
    return s;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string roster_digest(store::SurveyRepository& survey, const std::string& round) {
  Sha256 sha;
  for (const auto& v : survey.villages(round)) {
    sha.add("V\t" + v.township + "\t" + v.name + "\t" + std::string(to_string(v.kind)) + "\t" +
            std::to_string(v.population) + "\t" + std::to_string(v.poor_population) + "\n");
  }
  // Lines gathered into one buffer and hashed by the block (a province's roster is millions of
  // lines: a string of their own and a hash update each were a tenth of its import).
  std::string buffer;
  buffer.reserve(1 << 17);
  auto field = [&](std::string_view value, char end) {
    buffer.append(value);
    buffer += end;
  };
  survey.for_each_household(round, [&](const RosterHousehold& h) {
    field("H", '\t');
    field(h.number, '\t');
    field(h.township, '\t');
    field(h.village, '\t');
    field(h.head, '\t');
    field(h.id_tail, '\t');
    field(std::to_string(h.people), '\t');
    field(to_string(h.kind), '\t');
    field(h.edge ? "1" : "0", '\t');
    field(h.monitored ? "1" : "0", '\t');
    field(h.tags ? household_tags_codes(h.tags) : std::string(), '\n');
    if (buffer.size() >= (1 << 16)) {
      sha.add(buffer);
      buffer.clear();
    }
  });
  sha.add(buffer);
  return sha.hex();
}

}  // namespace duban::survey
