#include "app/journal_entry.hpp"

#include <gtest/gtest.h>

namespace duban::app {
namespace {

// creation_changes is built directly for speed; it must say what item_changes says of a new item
// (with the source always named), or the journal of an import would differ from `item add`'s.
TEST(JournalEntry, CreationChangesAreTheChangesFromAnEmptyItem) {
  RectificationItem empty_source_default;
  RectificationItem full;
  full.round = "2020-H1";
  full.source = ItemSource::national;
  full.category = "精准帮扶";
  full.title = "问题 \"引号\", 逗号";
  full.manifestation = "具体表现";
  full.measures = "整改措施";
  full.result = "已整改";
  full.evidence = {"照片.jpg", "台账.xlsx"};
  full.unit = "longtan";
  full.owner = "赵某";
  full.due = parse_date("2020-06-30");
  full.rework_count = 2;
  full.rectified_by = "longtan";
  RectificationItem county_only;
  county_only.title = "只有标题";
  county_only.unit = "shimen";
  for (const auto* item : {&empty_source_default, &full, &county_only}) {
    auto expected = item_changes(RectificationItem{}, *item);
    expected["source"] = {"", std::string(to_string(item->source))};
    EXPECT_EQ(creation_changes(*item), expected) << item->title;
  }
  EXPECT_EQ(creation_changes(full).size(), 13u) << "every field of a full item is named";
}

}  // namespace
}  // namespace duban::app
