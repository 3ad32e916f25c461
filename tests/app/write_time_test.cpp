// A write use case reads the time only once its write unit is open. Read before, a writer that
// waited for another (the store's writer lock, or SQLite's) stamped its journal entry earlier than
// the entry just committed, and was refused with 409 clock_behind: seen under the API benchmark,
// a few of every thousand concurrent item events at a second's turn.
#include <atomic>

#include "app/credential_cases.hpp"
#include "app/item_cases.hpp"
#include "app/round_cases.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

// The real store, counting the write units open (and so whether the clock is read inside one).
class WatchedStore final : public store::Store {
 public:
  explicit WatchedStore(store::Store& real) : real_(real) {}
  std::unique_ptr<store::UnitOfWork> begin(store::Intent intent) override;
  const store::County& county() const override { return real_.county(); }
  std::vector<store::County> counties() override { return real_.counties(); }
  std::unique_ptr<store::Store> for_county(const std::string& code) override {
    return real_.for_county(code);
  }
  int schema_version() override { return real_.schema_version(); }
  std::string describe() const override { return real_.describe(); }
  std::atomic<int> open_writes{0};

 private:
  store::Store& real_;
};

class WatchedUnit final : public store::UnitOfWork {
 public:
  WatchedUnit(std::unique_ptr<store::UnitOfWork> real, std::atomic<int>* writes)
      : real_(std::move(real)), writes_(writes) {
    if (writes_) ++*writes_;
  }
  ~WatchedUnit() override { end(); }
  store::ItemRepository& items() override { return real_->items(); }
  store::RoundRepository& rounds() override { return real_->rounds(); }
  store::UnitDirectory& directory() override { return real_->directory(); }
  store::JournalRepository& journal() override { return real_->journal(); }
  store::OutboxRepository& outbox() override { return real_->outbox(); }
  store::ScoreRepository& scores() override { return real_->scores(); }
  store::CredentialRepository& credentials() override { return real_->credentials(); }
  store::EvidenceRepository& evidence() override { return real_->evidence(); }
  store::RequestRepository& requests() override { return real_->requests(); }
  store::TaskRepository& tasks() override { return real_->tasks(); }
  store::SurveyRepository& survey() override { return real_->survey(); }
  void commit() override {
    real_->commit();
    end();
  }
  void rollback() override {
    real_->rollback();
    end();
  }

 private:
  void end() {
    if (writes_) --*writes_;
    writes_ = nullptr;
  }
  std::unique_ptr<store::UnitOfWork> real_;
  std::atomic<int>* writes_;
};

std::unique_ptr<store::UnitOfWork> WatchedStore::begin(store::Intent intent) {
  return std::make_unique<WatchedUnit>(real_.begin(intent),
                                       intent == store::Intent::write ? &open_writes : nullptr);
}

// The test's clock, counting the readings taken outside a write unit.
class WatchedClock final : public Clock {
 public:
  WatchedClock(const Clock& real, const WatchedStore& store) : real_(real), store_(store) {}
  Instant now() const override {
    if (store_.open_writes == 0) ++outside;
    return real_.now();
  }
  bool pinned() const override { return real_.pinned(); }
  TimerId at(Instant, std::function<void()>) override { return {}; }
  TimerId every(std::chrono::seconds, std::function<void()>) override { return {}; }
  void cancel(TimerId) override {}
  mutable int outside = 0;

 private:
  const Clock& real_;
  const WatchedStore& store_;
};

TEST_F(Engine, WriteUseCasesReadTheTimeOnlyOnceTheyMayWrite) {
  WatchedStore store(*store_);
  WatchedClock clock(clock_, store);
  app::Services watched{store, config_, clock, post_commit_};
  auto outside = [&](const char* what, const std::function<void()>& work) {
    clock.outside = 0;
    work();
    EXPECT_EQ(clock.outside, 0) << what << " read the clock before its write unit";
  };
  std::int64_t id = 0;
  outside("add_item", [&] {
    id = app::add_item(watched, {"office", "", "国家", "精准识别", "未整户识别", "", "longtan"}).id;
  });
  outside("change_item", [&] {
    app::ChangeItem assign;
    assign.actor = "office";
    assign.id = id;
    assign.event = ItemEventKind::assign;
    assign.owner = "赵某七";
    assign.measures = "逐户核查";
    assign.due = "2020-06-30";
    app::change_item(watched, assign);
  });
  outside("start_round", [&] { app::start_round(watched, {"office", "2020-H1", "2020-06-20"}); });
  outside("change_step", [&] {
    app::change_step(watched, {"office", "2020-H1", "1", StepEventKind::open, "", ""});
  });
  outside("submit", [&] { app::submit(watched, {"longtan", "2020-H1", "1", "longtan", ""}); });
  outside("add_problem", [&] {
    app::AddProblem p;
    p.actor = "evaluator";
    p.round = "2020-H1";
    p.unit = "longtan";
    p.title = "帮扶台账不全";
    app::add_problem(watched, p);
  });
  outside("set_password", [&] {
    app::set_password(watched, {"office", "longtan", "longtan-pw", audit::HashCost::minimal});
  });
}

}  // namespace
}  // namespace duban::testing
