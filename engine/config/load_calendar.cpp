// Reading config/calendar/*.yaml: the State Council's holiday arrangement for a year (one file per
// year), and a county's own days off (a file without `year`).
#include <algorithm>
#include <map>

#include "config/loaders.hpp"

namespace duban::config {

namespace chr = std::chrono;

namespace {

struct Reader {
  const Source& src;
  WorkCalendar& calendar;
  std::optional<int> year;          ///< the file's year, if it is an official arrangement
  std::map<int, std::string> seen;  ///< day → YAML path, to report a day listed twice

  std::optional<Date> date(const YAML::Node& n, const std::string& path) {
    auto text = scalar_string(n, path, src);
    if (!text) return std::nullopt;
    auto d = parse_date(*text);
    if (!d) {
      src.error(n.Mark(), path,
                {"日期应为 YYYY-MM-DD 且真实存在:" + *text,
                 "a date must be YYYY-MM-DD and a real day: " + *text});
      return std::nullopt;
    }
    // An arrangement names days of its own year, and adjusted working days up to a week or two
    // into the neighbouring one (2025's Spring Festival worked on 2025-01-26; New Year may be
    // worked in the December before).
    if (year && std::abs(static_cast<int>(d->year()) - *year) > 1) {
      src.error(
          n.Mark(), path,
          {"日期不在 " + std::to_string(*year) + " 年的安排之内:" + *text,
           "the date is not part of the " + std::to_string(*year) + " arrangement: " + *text});
      return std::nullopt;
    }
    return d;
  }

  bool once(Date d, const YAML::Node& n, const std::string& path) {
    int key = chr::sys_days{d}.time_since_epoch().count();
    auto [it, fresh] = seen.emplace(key, path);
    if (!fresh) {
      src.error(n.Mark(), path,
                {"同一天重复列出(另见 " + it->second + "):" + format_date(d),
                 "the same day is listed twice (see also " + it->second + "): " + format_date(d)});
    }
    return fresh;
  }

  void off_range(const YAML::Node& n, const std::string& path, const std::string& name) {
    if (!n.IsMap()) {
      // A single day.
      if (auto d = date(n, path); d && once(*d, n, path)) calendar.add_day_off(*d, name);
      return;
    }
    MapReader r(n, path, src);
    auto from_node = r.node("from", Need::required);
    auto to_node = r.node("to", Need::required);
    r.finish();
    if (!present(from_node) || !present(to_node)) return;
    auto from = date(from_node, r.path_of("from"));
    auto to = date(to_node, r.path_of("to"));
    if (!from || !to) return;
    auto a = chr::sys_days{*from}, b = chr::sys_days{*to};
    if (b < a || (b - a).count() > 30) {
      src.error(to_node.Mark(), r.path_of("to"),
                {"放假区间应从 from 到 to,最长 31 天",
                 "a range runs from `from` to `to`, at most 31 days"});
      return;
    }
    for (auto d = a; d <= b; d += chr::days{1}) {
      if (once(Date{d}, to_node, path)) calendar.add_day_off(Date{d}, name);
    }
  }

  void worked(const YAML::Node& n, const std::string& path, const std::string& name) {
    auto d = date(n, path);
    if (!d) return;
    auto wd = chr::weekday{chr::sys_days{*d}};
    if (wd != chr::Saturday && wd != chr::Sunday) {
      src.error(n.Mark(), path,
                {"调休上班日应为周六或周日:" + format_date(*d),
                 "an adjusted working day must be a Saturday or Sunday: " + format_date(*d)});
      return;
    }
    if (once(*d, n, path)) calendar.add_working_day(*d, name + "调休上班");
  }
};

void read_holiday(Reader& rd, const YAML::Node& n, const std::string& path) {
  MapReader r(n, path, rd.src);
  auto name = r.string("name", Need::required).value_or("");
  if (auto off = r.node("off", Need::required); present(off)) {
    if (off.IsSequence()) {
      for (std::size_t i = 0; i < off.size(); ++i)
        rd.off_range(off[i], r.path_of("off") + "[" + std::to_string(i) + "]", name);
    } else {
      rd.off_range(off, r.path_of("off"), name);
    }
  }
  for_each_element(r, "work", Need::optional, [&](const YAML::Node& w, const std::string& wpath) {
    rd.worked(w, wpath, name);
  });
  r.finish();
}

}  // namespace

void load_calendar_file(const std::filesystem::path& file, const std::string& shown,
                        WorkCalendar& calendar, std::map<int, std::string>& year_files,
                        Diagnostics& diagnostics) {
  Source src{shown, diagnostics, {}};
  auto root = parse_yaml_file(src, file.string());
  if (!root.IsDefined() || root.IsNull()) return;
  MapReader top(root, "", src);
  Reader rd{src, calendar, std::nullopt, {}};
  if (auto y = top.integer("year", Need::optional, 1990, 2200)) {
    auto [it, fresh] = year_files.emplace(*y, shown);
    if (!fresh) {
      src.error(root["year"].Mark(), "year",
                {std::to_string(*y) + " 年已由 " + it->second + " 给出",
                 "year " + std::to_string(*y) + " is already given by " + it->second});
    }
    rd.year = *y;
  }
  top.string("source");  // the notice the days come from, for readers of the file
  for_each_element(top, "holidays", Need::optional, [&](const YAML::Node& n, const std::string& p) {
    if (!rd.year) {
      src.error(
          n.Mark(), p,
          {"法定节假日须写在带 year 的年度文件中", "holidays belong in a file with a `year`"});
      return;
    }
    read_holiday(rd, n, p);
  });
  for_each_element(top, "days_off", Need::optional, [&](const YAML::Node& n, const std::string& p) {
    MapReader r(n, p, src);
    auto name = r.string("name", Need::required).value_or("");
    auto date_node = r.node("date", Need::required);
    r.finish();
    if (present(date_node)) rd.off_range(date_node, r.path_of("date"), name);
  });
  for_each_element(top, "working_days", Need::optional,
                   [&](const YAML::Node& n, const std::string& p) {
                     MapReader r(n, p, src);
                     auto name = r.string("name", Need::required).value_or("");
                     auto date_node = r.node("date", Need::required);
                     r.finish();
                     if (present(date_node)) rd.worked(date_node, r.path_of("date"), name);
                   });
  top.finish();
  if (rd.year) calendar.cover_year(*rd.year);
}

WorkCalendar load_calendar(const std::filesystem::path& dir, const std::string& shown_dir,
                           Diagnostics& diagnostics) {
  WorkCalendar calendar;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(e.path());
  }
  // Official years first, a county's own files after: a county may make a worked day a day off.
  std::sort(files.begin(), files.end());
  std::map<int, std::string> year_files;
  for (const auto& f : files) {
    auto shown = (std::filesystem::path(shown_dir) / f.filename()).lexically_normal().string();
    load_calendar_file(f, shown, calendar, year_files, diagnostics);
  }
  calendar.index();
  return calendar;
}

}  // namespace duban::config
