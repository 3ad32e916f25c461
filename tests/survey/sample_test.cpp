// The seed's sampling (第三篇 一、4–5) on a roster of the demo county's 11 townships: the roster
// imported, the sample drawn with a seed, checked village by village, drawn again the same, and
// verified until the roster changes.
#include <map>
#include <set>
#include <sstream>

#include "app/round_cases.hpp"
#include "app/transaction.hpp"
#include "support/engine_fixture.hpp"
#include "survey/roster_data.hpp"
#include "survey/roster_import.hpp"
#include "survey/sample_cases.hpp"

namespace duban::testing {
namespace {

class Sampling : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    config_.roster_key = dir_ / "keys" / "id-number.key";
    app::start_round(services(), {"office", "2026-H1", ""});
    roster_ = test_roster();
    import("villages.csv", roster_.villages_csv);
    import("households.csv", roster_.households_csv);
  }
  survey::RosterImportResult import(const std::string& name, const std::string& text) {
    std::istringstream in(text);
    return survey::import_roster(services(), "office", "2026-H1", in, name, {});
  }
  TestRoster roster_;
};

TEST_F(Sampling, TheSeedsPlanGives28VillagesOf15HouseholdsAndEveryMarginalOne) {
  auto drawn = survey::draw_sample(services(), "office", "2026-H1", {.seed = "20200612"});
  const auto& s = drawn.sample;
  ASSERT_EQ(s.villages.size(), 28u);
  std::map<std::string, int> per_township;
  std::map<std::string, std::set<VillageKind>> kinds;
  for (const auto& v : s.villages) {
    ++per_township[v.township];
    kinds[v.township].insert(v.kind);
  }
  for (const auto& u : config_.units) {
    if (u.kind != UnitKind::township) continue;
    EXPECT_EQ(per_township[u.id], u.key ? 3 : 2) << u.id;
    // 兼顾脱贫村和非贫困村: every township has both, so every draw holds both.
    EXPECT_TRUE(kinds[u.id].count(VillageKind::lifted)) << u.id;
    EXPECT_TRUE(kinds[u.id].count(VillageKind::non_poor)) << u.id;
  }
  // Which households of the roster are marginal, by number.
  std::set<std::string> edge_or_monitored;
  {
    app::Transaction tx(services(), store::Intent::read);
    tx.survey().for_each_household("2026-H1", [&](const RosterHousehold& h) {
      if (h.edge || h.monitored)
        edge_or_monitored.insert(h.township + "/" + h.village + "/" + h.number);
    });
  }
  int short_villages = 0;
  for (const auto& v : s.villages) {
    int quota = 0, substitutes = 0;
    std::map<HouseholdKind, int> filled;
    std::set<std::string> in_sample;
    for (const auto& h : v.households) {
      in_sample.insert(h.number);
      if (h.reason == survey::SampleReason::quota || h.reason == survey::SampleReason::substitute) {
        ++quota;
        ++filled[h.quota];
        EXPECT_EQ(h.reason == survey::SampleReason::substitute, h.kind != h.quota) << h.number;
      }
      substitutes += h.reason == survey::SampleReason::substitute;
      EXPECT_EQ(h.id_tail.size(), 4u);
    }
    EXPECT_EQ(quota, 15) << v.name;
    for (auto k : kAllHouseholdKinds) EXPECT_EQ(filled[k], 5) << v.township << v.name;
    if (v.name == "一村") {
      // Two 贫困户 of the five: three drawn from the other kinds, shown and explained.
      ++short_villages;
      EXPECT_EQ(substitutes, 3) << v.township;
      ASSERT_FALSE(v.notes.empty());
      EXPECT_NE(v.notes[0].en.find("3 drawn from the other kinds"), std::string::npos)
          << v.notes[0].en;
    } else {
      EXPECT_EQ(substitutes, 0) << v.township << v.name;
    }
    for (const auto& key : edge_or_monitored) {
      if (key.rfind(v.township + "/" + v.name + "/", 0) == 0) {
        EXPECT_TRUE(in_sample.count(key.substr(key.rfind('/') + 1))) << key << " not visited";
      }
    }
    // 非建档立卡户: the marginal ones (any mark) first.
    int unregistered_marked = 0, unregistered = 0;
    for (const auto& h : v.households) {
      if (h.reason != survey::SampleReason::quota || h.kind != HouseholdKind::unregistered)
        continue;
      ++unregistered;
      unregistered_marked += h.tags != 0;
    }
    EXPECT_EQ(unregistered, 5);
    EXPECT_EQ(unregistered_marked, 5) << v.name << ": seven of twelve are marked";
  }
  EXPECT_GT(short_villages, 0);
  EXPECT_GT(s.households(), 28u * 15u);  // the marginal ones beyond the quotas
  // The draw is journaled with its seed, plan, roster digest and substitutions.
  app::Transaction tx(services(), store::Intent::read);
  auto entries = tx.journal().read("sample:2026-H1");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].event, "sample_draw");
  EXPECT_EQ(entries[0].changes.at("seed").second, "20200612");
  EXPECT_EQ(entries[0].changes.at("roster_digest").second, drawn.record.roster_digest);
  EXPECT_NE(entries[0].changes.at("plan").second.find("\"key_township\":3"), std::string::npos);
  EXPECT_NE(entries[0].changes.at("substitutions").second.find("脱贫户→贫困户"), std::string::npos)
      << entries[0].changes.at("substitutions").second;
}

TEST_F(Sampling, TheSameSeedGivesTheSameSampleAndAnotherSeedAnother) {
  auto first = survey::draw_sample(services(), "office", "2026-H1", {.seed = "7"});
  EXPECT_EQ(refusal([&] { survey::draw_sample(services(), "office", "2026-H1", {.seed = "7"}); }),
            Errc::already_exists);
  auto again = survey::draw_sample(services(), "office", "2026-H1",
                                   {.seed = "7", .redraw = true, .reason = "复核"});
  EXPECT_EQ(again.record.draw, first.record.draw);
  auto other = survey::draw_sample(services(), "office", "2026-H1",
                                   {.seed = "8", .redraw = true, .reason = "换种子"});
  EXPECT_NE(other.record.draw, first.record.draw);
  // On a database of its own (another machine): the same roster, plan and seed, the same sample.
  TempDir elsewhere;
  auto cfg = config_;
  cfg.database.path = elsewhere / "duban.db";
  cfg.roster_key = elsewhere / "another.key";  // another key: the hashes differ, the draw not
  TestDatabase db(cfg.database.path);
  auto store = store::open_store(db.options(), cfg.zone);
  app::PostCommit hook;
  app::Services there{*store, cfg, clock_, hook};
  app::init_database(there);
  app::start_round(there, {"office", "2026-H1", ""});
  for (const auto* text : {&roster_.households_csv, &roster_.villages_csv}) {
    std::istringstream in(*text);
    survey::import_roster(there, "office", "2026-H1", in, "roster.csv", {});
  }
  auto same = survey::draw_sample(there, "office", "2026-H1", {.seed = "7"});
  EXPECT_EQ(same.record.draw, first.record.draw);
  EXPECT_EQ(same.record.roster_digest, first.record.roster_digest);
}

TEST_F(Sampling, VerifyPassesUntilTheRosterOrThePlanChanges) {
  survey::draw_sample(services(), "office", "2026-H1", {.seed = "42"});
  auto ok = survey::verify_sample(services(), "evaluator", "2026-H1");
  EXPECT_TRUE(ok.same);
  EXPECT_TRUE(ok.differences.empty());
  // One household of a sampled village becomes a 监测户: the roster's digest changes and the
  // household joins the sample drawn now.
  auto sample = survey::show_sample(services(), "office", "2026-H1").sample;
  const auto& village = sample.villages.front();
  std::string number;
  {
    app::Transaction tx(services(), store::Intent::read);
    std::set<std::string> in;
    for (const auto& h : village.households) in.insert(h.number);
    for (const auto& h : tx.survey().households_of("2026-H1", village.township, village.name))
      if (!in.count(h.number)) number = h.number;
  }
  ASSERT_FALSE(number.empty());
  auto line = roster_.households_csv.substr(roster_.households_csv.find(number + ","));
  line = line.substr(0, line.find('\n'));
  // 户编号,乡镇,村,户主姓名,身份证号,人口数,户类型,边缘户,监测户,标签: set 监测户.
  std::vector<std::string> cells;
  for (std::size_t p = 0;;) {
    auto c = line.find(',', p);
    cells.push_back(line.substr(p, c == std::string::npos ? c : c - p));
    if (c == std::string::npos) break;
    p = c + 1;
  }
  cells[7] = "否";
  cells[8] = "是";
  std::string changed;
  for (const auto& c : cells) changed += (changed.empty() ? "" : ",") + c;
  import("fix.csv",
         "户编号,乡镇,村,户主姓名,身份证号,人口数,户类型,边缘户,监测户,标签\n" + changed + "\n");
  auto v = survey::verify_sample(services(), "office", "2026-H1");
  EXPECT_FALSE(v.same);
  ASSERT_GE(v.differences.size(), 2u);
  EXPECT_NE(v.differences[0].en.find("the roster changed"), std::string::npos)
      << v.differences[0].en;
  EXPECT_NE(v.differences[1].en.find("household " + number), std::string::npos)
      << v.differences[1].en;
  // The plan changed instead (the roster as it was drawn from is not needed for this one).
  config_.evaluation_plan.other_township_villages = 1;
  auto p = survey::verify_sample(services(), "office", "2026-H1");
  EXPECT_FALSE(p.same);
  EXPECT_NE(p.differences[0].en.find("the plan changed"), std::string::npos) << p.differences[0].en;
}

TEST_F(Sampling, OnlyTheOfficeDrawsAndOnlyTheOfficeAndEvaluatorsSeeIt) {
  EXPECT_EQ(refusal([&] { survey::draw_sample(services(), "evaluator", "2026-H1", {}); }),
            Errc::permission_denied);
  survey::draw_sample(services(), "office", "2026-H1", {});
  EXPECT_NO_THROW(survey::show_sample(services(), "evaluator", "2026-H1"));
  EXPECT_EQ(refusal([&] { survey::show_sample(services(), "longtan", "2026-H1"); }),
            Errc::permission_denied);
  EXPECT_EQ(refusal([&] { survey::draw_sample(services(), "office", "2025-H1", {}); }),
            Errc::not_found);
}

}  // namespace
}  // namespace duban::testing
