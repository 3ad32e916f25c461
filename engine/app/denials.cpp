#include "app/denials.hpp"

#include "app/transaction.hpp"
#include "domain/text_check.hpp"

namespace duban::app {

namespace {
// What the log keeps of text it did not check: shown safely, and not without end (an import's
// refusal lists up to a thousand lines; the first ones say enough).
std::string kept(const std::string& text, std::size_t limit = 2000) {
  auto safe = printable(text);
  if (safe.size() <= limit) return safe;
  auto cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(safe[cut]) & 0xC0) == 0x80) --cut;
  return safe.substr(0, cut) + " …";
}
}  // namespace

bool is_refusal(Errc code) {
  switch (code) {
    case Errc::storage_error:
    case Errc::unavailable:
    case Errc::io_error:
    case Errc::internal:
    case Errc::config_invalid:
    case Errc::conflict:
    case Errc::audit_broken:
      return false;
    default:
      return true;
  }
}

void record_denial(Services& services, const Attempt& attempt, const Error& error) noexcept {
  try {
    Denial d;
    d.at = format_utc(services.clock.now());
    d.actor = kept(attempt.actor, 200);
    d.action = kept(attempt.action, 200);
    d.subject = kept(attempt.subject, 500);
    d.code = std::string(code_name(error.code()));
    d.reason_zh = kept(error.text().zh);
    d.reason_en = kept(error.text().en);
    Transaction tx(services, store::Intent::write);
    tx.journal().add_denial(d);
    tx.commit();
  } catch (...) {
    // The refusal is reported to the user all the same.
  }
}

std::vector<Denial> list_denials(Services& services, const std::string& since) {
  std::string from;
  if (!since.empty()) {
    auto day = parse_date(since);
    if (!day) {
      throw Error(Errc::invalid_argument,
                  {"日期格式应为 YYYY-MM-DD:" + since, "date must be YYYY-MM-DD: " + since});
    }
    // The local day's start, as the UTC text the log is kept in.
    from = format_utc(end_of_day(*day, services.config.zone) - std::chrono::days(1));
  }
  Transaction tx(services, store::Intent::read);
  return tx.journal().denials(from);
}

}  // namespace duban::app
