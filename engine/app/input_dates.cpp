#include "app/input_dates.hpp"

#include "app/round_cases.hpp"
#include "domain/errors.hpp"

namespace duban::app {

Text outside_years(const Text& what, const YearRange& years) {
  auto range = std::to_string(years.first) + "–" + std::to_string(years.last);
  return {
      what.zh + " 不在 " + range + " 年之间(配置 dates.first_year / last_year)",
      what.en + " is outside the years " + range + " (configuration dates.first_year / last_year)"};
}

void require_plausible(const Text& field, Date date, const YearRange& years) {
  if (years.contains(date)) return;
  auto shown = format_date(date);
  throw Error(Errc::invalid_argument,
              outside_years({field.zh + " " + shown, field.en + " " + shown}, years));
}

RoundId input_round(const std::string& text, const YearRange& years) {
  auto id = parse_round(text);
  if (!years.contains(id.year)) {
    throw Error(Errc::invalid_argument,
                outside_years({"轮次 " + id.str(), "the round " + id.str()}, years));
  }
  return id;
}

}  // namespace duban::app
