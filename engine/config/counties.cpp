#include "config/counties.hpp"

#include <set>

#include "domain/errors.hpp"

namespace duban::config {

std::vector<Config> load_counties(const Config& first) {
  std::vector<Config> out;
  if (first.counties.empty()) return out;
  if (first.province) {
    throw Error(Errc::invalid_argument,
                {"主配置文件不能是省级办公室(province: true):请把它列在 counties 中",
                 "the main configuration may not be the province's office (province: true): list"
                 " it under counties"});
  }
  std::set<std::string> codes{first.county_code};
  int provinces = 0;
  for (const auto& path : first.counties) {
    auto cfg = load_config(path);
    if (!codes.insert(cfg.county_code).second) {
      throw Error(Errc::invalid_argument,
                  {"县的代码 " + cfg.county_code + " 重复(" + path.string() +
                       "):同一服务中每个县的 county_code 须各不相同",
                   "county code " + cfg.county_code + " is used twice (" + path.string() +
                       "): each county a service serves needs a county_code of its own"});
    }
    if (!cfg.counties.empty()) {
      throw Error(Errc::invalid_argument,
                  {path.string() + " 也列出了 counties:只有主配置文件可以列出其他县",
                   path.string() + " lists counties too: only the main configuration may"});
    }
    if (cfg.province && ++provinces > 1) {
      throw Error(Errc::invalid_argument,
                  {"只能有一个省级办公室(province: true):" + path.string(),
                   "one province's office at most (province: true): " + path.string()});
    }
    cfg.database = first.database;
    cfg.data_dir = first.data_dir;
    cfg.server = first.server;
    out.push_back(std::move(cfg));
  }
  return out;
}

}  // namespace duban::config
