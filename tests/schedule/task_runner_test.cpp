// Observer tasks: written in the transaction of the change they are about, run after the commit
// by the task runner with the real plugin loader and a plugin that observes, throws or hangs;
// retried with backoff, dead with an alert, taken over when their process stopped.
#include "schedule/task_runner.hpp"

#include <mutex>

#include "app/item_cases.hpp"
#include "support/engine_fixture.hpp"

namespace duban::testing {
namespace {

class Tasks : public Engine {
 protected:
  void SetUp() override {
    Engine::SetUp();
    post_commit_.record_tasks(true);
    post_commit_.set_error_sink([this](const std::string& line) { log(line); });
  }
  /// Loads the given `plugins:` (the test plugin, by path) with `tasks:` settings.
  void load(const std::string& plugins, const std::string& tasks) {
    auto src = source_dir();
    write_file(dir_ / "plugins.yaml",
               "county: 示范县\nunits: " + (src / "config/demo/units.yaml").string() +
                   "\nworkflows: " + (src / "workflows").string() + "\nplugin_dir: " +
                   DUBAN_TEST_PLUGIN_DIR + "\ntasks: " + tasks + "\nplugins:\n" + plugins);
    auto loaded = config::load_config(dir_ / "plugins.yaml");
    config_.plugins = loaded.plugins;
    config_.tasks = loaded.tasks;
    registry_ = std::make_unique<plugin::Registry>(config_, clock_,
                                                   [this](const std::string& l) { log(l); });
    runner_ = std::make_unique<schedule::TaskRunner>(
        *store_, config_, clock_, *registry_,
        [this](const std::string& m) { post_commit_.report(m); });
  }
  std::string observer(const std::string& name, const std::string& settings) {
    return "  - name: " + name + "\n    path: " + DUBAN_TEST_PLUGIN_DIR +
           "/libmisbehaving.so\n    settings: {mode: ok, record: " + (dir_ / name).string() +
           (settings.empty() ? "" : ", " + settings) + "}\n";
  }
  std::string observed(const std::string& name) {
    auto path = dir_ / (name + ".observed");
    return std::filesystem::exists(path) ? read_file(path) : "";
  }
  std::int64_t new_item(const std::string& title) {
    app::AddItem a;
    a.actor = "office";
    a.title = title;
    a.unit = "longtan";
    return app::add_item(services(), a).id;
  }
  std::vector<ObserverTask> tasks() {
    auto uow = store_->begin(store::Intent::read);
    return uow->tasks().list({});
  }
  void log(const std::string& line) {
    std::lock_guard lock(log_mutex_);
    log_ += line + "\n";
  }
  std::string log_text() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }
  std::unique_ptr<plugin::Registry> registry_;
  std::unique_ptr<schedule::TaskRunner> runner_;
  std::mutex log_mutex_;
  std::string log_;
};

TEST_F(Tasks, ACommitWritesItsTaskInItsOwnTransactionAndARefusalWritesNone) {
  new_item("饮水安全不达标");
  auto written = tasks();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].status, TaskStatus::pending);
  EXPECT_EQ(written[0].observers, "*");
  auto entries = [&] {
    auto uow = store_->begin(store::Intent::read);
    return uow->journal().entries(written[0].first_seq, written[0].last_seq);
  }();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].subject, "item:1");
  EXPECT_EQ(entries[0].event, "create");

  EXPECT_EQ(refusal([&] {
              app::AddItem a;
              a.actor = "longtan";  // a unit cannot create items
              a.title = "x";
              a.unit = "longtan";
              app::add_item(services(), a);
            }),
            Errc::permission_denied);
  EXPECT_EQ(tasks().size(), 1u) << "nothing committed, no task";
}

TEST_F(Tasks, EachObserverSeesTheChangeWithItsEffectsOnceAndTheTaskIsDone) {
  load(observer("first", "") + observer("second", ""), "{}");
  auto id = std::to_string(new_item("饮水安全不达标"));
  app::ChangeItem assign;
  assign.actor = "office";
  assign.id = std::stoll(id);
  assign.event = ItemEventKind::assign;
  assign.owner = "赵某七";
  assign.measures = "逐户核查";
  assign.due = "2020-06-30";
  app::change_item(services(), assign);
  auto report = runner_->run_once();
  EXPECT_EQ(report.tasks, 2);
  EXPECT_EQ(report.done, 2);
  EXPECT_EQ(observed("first"), "item:" + id + " create\nitem:" + id + " assign\n");
  EXPECT_EQ(observed("second"), observed("first"));
  for (const auto& t : tasks()) EXPECT_EQ(t.status, TaskStatus::done) << t.id;
  EXPECT_EQ(runner_->run_once().tasks, 0) << "done is done";
  auto changes = [&] {
    auto t = tasks().front();  // newest: the assignment
    auto uow = store_->begin(store::Intent::read);
    return schedule::plugin_changes(uow->journal().entries(t.first_seq, t.last_seq), t.effects);
  }();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].effects, (std::vector<std::string>{"assignment_set"}));
}

TEST_F(Tasks, AHungObserverTimesOutWithoutHoldingUpTheOthersIsRetriedThenDeadWithAnAlert) {
  load(observer("hung", "observer_hang_ms: 3000") + observer("well", ""),
       "{timeout_seconds: 1, max_attempts: 2, backoff_seconds: 60}");
  new_item("饮水安全不达标");
  auto first = runner_->run_once();
  EXPECT_EQ(first.retrying, 1);
  EXPECT_EQ(observed("well"), "item:1 create\n") << "not held up by the hung one";
  auto t = tasks().front();
  EXPECT_EQ(t.status, TaskStatus::retrying);
  EXPECT_EQ(t.observers, "[\"hung\"]") << "only the one that failed runs again";
  EXPECT_NE(t.last_error.find("hung: timed out after 1"), std::string::npos) << t.last_error;
  EXPECT_EQ(t.next_attempt_at, clock_.now() + std::chrono::seconds(60));
  EXPECT_EQ(post_commit_.failures(), 1);

  EXPECT_EQ(runner_->run_once().tasks, 0) << "not before its backoff";
  clock_.advance(std::chrono::seconds(60));
  auto second = runner_->run_once();
  EXPECT_EQ(second.dead, 1);
  t = tasks().front();
  EXPECT_EQ(t.status, TaskStatus::dead);
  EXPECT_EQ(t.attempts, 2);
  EXPECT_NE(t.last_error.find("still busy with an earlier call"), std::string::npos)
      << "a hung observer is not called again while its call runs: " << t.last_error;
  EXPECT_EQ(observed("well"), "item:1 create\n") << "the one that succeeded is not called again";
  EXPECT_NE(log_text().find("ALERT: observer task #" + std::to_string(t.id)), std::string::npos)
      << log_text();
  EXPECT_EQ(post_commit_.failures(), 2);

  // Retried by hand: pending again, run again by the failed observer only.
  {
    auto uow = store_->begin(store::Intent::write);
    ASSERT_TRUE(uow->tasks().retry(t.id, clock_.now()));
    uow->commit();
  }
  EXPECT_EQ(tasks().front().status, TaskStatus::pending);
}

TEST_F(Tasks, ATaskHeldByAStoppedProcessIsTakenOverOnlyWhenItsLeaseRunsOut) {
  load(observer("well", ""), "{timeout_seconds: 5}");
  new_item("饮水安全不达标");
  {
    // Another process claimed it and was killed before running it.
    auto uow = store_->begin(store::Intent::write);
    auto claimed =
        uow->tasks().claim(clock_.now(), {"gone:1:x", clock_.now() + std::chrono::seconds(70)}, 10);
    ASSERT_EQ(claimed.size(), 1u);
    uow->commit();
  }
  EXPECT_EQ(runner_->run_once().tasks, 0) << "its lease holds";
  EXPECT_EQ(observed("well"), "");
  clock_.advance(std::chrono::seconds(70));
  EXPECT_EQ(runner_->run_once().done, 1);
  EXPECT_EQ(observed("well"), "item:1 create\n") << "run once, by the process that took it over";
  auto t = tasks().front();
  EXPECT_EQ(t.status, TaskStatus::done);
  EXPECT_EQ(t.attempts, 2);
}

TEST_F(Tasks, AThrowingObserverIsRetriedAndOthersStillSeeTheChange) {
  load(observer("thrower", "observer_throws: true") + observer("well", ""),
       "{max_attempts: 3, backoff_seconds: 10}");
  new_item("饮水安全不达标");
  runner_->run_once();
  auto t = tasks().front();
  EXPECT_EQ(t.status, TaskStatus::retrying);
  EXPECT_NE(t.last_error.find("thrower: on_committed threw: observer exploded"), std::string::npos)
      << t.last_error;
  EXPECT_EQ(observed("well"), "item:1 create\n");
  EXPECT_NE(log_text().find("observer task #" + std::to_string(t.id) + " failed (attempt 1)"),
            std::string::npos)
      << log_text();
}

}  // namespace
}  // namespace duban::testing
