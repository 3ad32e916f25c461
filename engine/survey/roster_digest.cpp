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
  std::string line;
  survey.for_each_household(round, [&](const RosterHousehold& h) {
    line = "H\t" + h.number + "\t" + h.township + "\t" + h.village + "\t" + h.head + "\t" +
           h.id_tail + "\t" + std::to_string(h.people) + "\t" + std::string(to_string(h.kind)) +
           "\t" + (h.edge ? "1" : "0") + "\t" + (h.monitored ? "1" : "0") + "\t" +
           household_tags_codes(h.tags) + "\n";
    sha.add(line);
  });
  return sha.hex();
}

}  // namespace duban::survey
