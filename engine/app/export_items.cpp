// 导出问题清单: CSV with the headers import reads, so an export can be edited and read back.
#include <map>
#include <ostream>

#include "app/csv.hpp"
#include "app/item_cases.hpp"
#include "app/resolve_unit.hpp"
#include "app/transaction.hpp"

namespace duban::app {

std::size_t export_items(Services& services, std::ostream& out, const std::string& round,
                         const std::string& unit) {
  Transaction tx(services, store::Intent::read);
  // Units are written by name, as people read them; a name two units share is written as the id
  // so that the file imports back to the same unit.
  std::map<std::string, std::string> names;
  std::map<std::string, int> uses;
  auto units = tx.directory().list_units();
  for (const auto& u : units) ++uses[u.name];
  for (const auto& u : units) names[u.id] = uses[u.name] > 1 ? u.id : u.name;
  store::ItemFilter filter;
  filter.round = round;
  filter.unit = unit.empty() ? "" : resolve_unit(tx.directory(), unit);
  out << "\xEF\xBB\xBF";  // spreadsheet programs need the BOM to read UTF-8
  out << csv_line({"编号", "轮次", "来源", "类别", "问题", "具体表现", "整改措施", "责任单位",
                   "责任人", "整改时限", "整改结果", "状态"});
  std::size_t n = 0;
  tx.items().for_each(filter, [&](const RectificationItem& it) {
    auto name = names.count(it.unit) ? names[it.unit] : it.unit;
    std::vector<std::string> cells = {std::to_string(it.id),
                                      it.round,
                                      std::string(label_zh(it.source)),
                                      it.category,
                                      it.title,
                                      it.manifestation,
                                      it.measures,
                                      name,
                                      it.owner,
                                      it.due ? format_date(*it.due) : "",
                                      it.result,
                                      std::string(label_zh(it.state))};
    for (auto& cell : cells) cell = spreadsheet_safe(std::move(cell));
    out << csv_line(cells);
    ++n;
  });
  return n;
}

}  // namespace duban::app
