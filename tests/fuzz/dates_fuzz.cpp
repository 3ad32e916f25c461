// Dates, times, zones, round ids and checkpoint files on any bytes: parsed or refused, and what
// parses formats back to itself.
#include "audit/checkpoint.hpp"
#include "domain/calendar.hpp"
#include "domain/round.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace duban;
  auto text = fuzz::bytes(data, size);
  if (auto d = parse_date(text)) {
    if (parse_date(format_date(*d)) != d) fuzz::broken("parse_date(format_date(*d)) != d");
  }
  if (auto t = parse_utc(text)) {
    if (parse_utc(format_utc(*t)) != t) fuzz::broken("parse_utc(format_utc(*t)) != t");
  }
  if (auto z = ZoneOffset::parse(text)) {
    (void)parse_local_time(text, *z);
    if (ZoneOffset::parse(z->str())->offset != z->offset)
      fuzz::broken("ZoneOffset::parse(z->str())->offset != z->offset");
  }
  (void)parse_local_time(text, ZoneOffset{});
  if (auto r = RoundId::parse(text)) {
    if (RoundId::parse(r->str()) != r) fuzz::broken("RoundId::parse(r->str()) != r");
  }
  fuzz::expecting_errors([&] {
    auto c = audit::parse_checkpoint_file(text, "fuzz.checkpoint");
    // What was read is a statement that reads back the same.
    Checkpoint again;
    if (!audit::parse_statement(c.statement, again) || again.seq != c.seq)
      fuzz::broken("!audit::parse_statement(c.statement, again) || again.seq != c.seq");
  });
  return 0;
}
