// Loading plugins from the configuration and calling them safely: missing, not a plugin, wrong
// version, bad settings (file:line:column), and plugins that throw or hang.
#include "plugin/registry.hpp"

#include <gtest/gtest.h>

#include "config/config.hpp"
#include "domain/errors.hpp"
#include "support/test_support.hpp"

namespace duban::testing {
namespace {

using plugin::SendStatus;

class Plugins : public ::testing::Test {
 protected:
  void SetUp() override { set_current_lang(Lang::en); }
  // A duban.yaml with the shipped units and workflows and the given `plugins:` list.
  config::Config load(const std::string& plugins, const std::string& extra = "") {
    auto src = source_dir();
    write_file(dir_ / "duban.yaml",
               "county: 测试县\nunits: " + (src / "config/demo/units.yaml").string() +
                   "\nworkflows: " + (src / "workflows").string() + "\nplugin_dir: " +
                   DUBAN_TEST_PLUGIN_DIR + "\n" + extra + "plugins:\n" + plugins);
    return config::load_config(dir_ / "duban.yaml");
  }
  std::unique_ptr<plugin::Registry> registry(const config::Config& cfg) {
    return std::make_unique<plugin::Registry>(cfg, clock_, [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    });
  }
  std::string log_text() {
    std::lock_guard lock(log_mutex_);
    std::string out;
    for (const auto& l : log_) out += l + "\n";
    return out;
  }
  plugin::Message message(const std::string& id) {
    return plugin::Message{id, "misbehaving", "赵某七", "z@example.cn", "主题", "正文", 1, {}};
  }
  TempDir dir_;
  ManualClock clock_{*parse_utc("2026-09-01T00:00:00Z")};
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

TEST_F(Plugins, AWellBehavedPluginLoadsAndDelivers) {
  auto record = (dir_ / "sent.txt").string();
  auto cfg = load("  - name: misbehaving\n    settings: {mode: ok, record: " + record + "}\n");
  auto reg = registry(cfg);
  auto st = reg->status();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_TRUE(st[0].loaded);
  EXPECT_EQ(st[0].kinds, (std::vector<std::string>{"channel", "observer"}));
  EXPECT_EQ(st[0].path, std::string(DUBAN_TEST_PLUGIN_DIR) + "/libmisbehaving.so");
  EXPECT_TRUE(reg->has_channel("misbehaving"));
  auto r = reg->send("misbehaving", message("m-1"), std::chrono::milliseconds(5000));
  EXPECT_EQ(r.status, SendStatus::sent);
  EXPECT_EQ(r.detail, "250 ok");
  EXPECT_EQ(read_file(record), "m-1\tz@example.cn\t1\tok\n");
  EXPECT_NE(log_text().find("[misbehaving] sent m-1"), std::string::npos) << log_text();
}

TEST_F(Plugins, BrokenPluginsAreReportedByNamePathAndReasonAndLeftOut) {
  set_current_lang(Lang::en);
  write_file(dir_ / "garbage.so", "not an ELF file");
  auto cfg = load(
      "  - {name: missing}\n"
      "  - {name: not_a_plugin}\n"
      "  - {name: wrong_version}\n"
      "  - {name: garbage, path: garbage.so}\n"
      "  - name: misbehaving\n"
      "    settings: {mode: explode, colour: red}\n");
  auto reg = registry(cfg);
  auto st = reg->status();
  ASSERT_EQ(st.size(), 5u);
  for (const auto& s : st) EXPECT_FALSE(s.loaded) << s.name;
  auto log = log_text();
  auto dir = std::string(DUBAN_TEST_PLUGIN_DIR);
  EXPECT_NE(log.find("plugin missing (" + dir +
                     "/libmissing.so): the plugin file does not exist; "
                     "not loaded, running without it"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("plugin not_a_plugin (" + dir + "/libnot_a_plugin.so): not a duban plugin"),
            std::string::npos);
  EXPECT_NE(log.find("plugin wrong_version (" + dir +
                     "/libwrong_version.so): wrong interface version: the plugin has 999, the "
                     "engine " +
                     std::to_string(DUBAN_PLUGIN_API_VERSION)),
            std::string::npos);
  EXPECT_NE(log.find("plugin garbage (" + (dir_ / "garbage.so").string() + "): cannot be loaded"),
            std::string::npos);
  // The plugin's own section is checked like the rest: its line and column, unknown keys.
  auto yaml = (dir_ / "duban.yaml").string();
  EXPECT_NE(log.find(yaml + ":11:22: plugins[4].settings.mode: unknown mode"), std::string::npos)
      << log;
  EXPECT_NE(log.find(yaml + ":11:31: plugins[4].settings.colour: unknown key colour"),
            std::string::npos)
      << log;
}

TEST_F(Plugins, ARequiredPluginThatCannotLoadStopsTheStartListingEveryFailure) {
  auto cfg = load(
      "  - {name: missing, required: true}\n  - {name: wrong_version, required: true}\n"
      "  - {name: not_a_plugin}\n");
  try {
    registry(cfg);
    FAIL() << "started without its required plugins";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::plugin_failed);
    std::string what = e.text().en;
    EXPECT_NE(what.find("plugin missing ("), std::string::npos) << what;
    EXPECT_NE(what.find("plugin wrong_version ("), std::string::npos) << what;
    EXPECT_EQ(what.find("not_a_plugin"), std::string::npos) << "not required: only logged";
  }
}

TEST_F(Plugins, ASendThatThrowsIsARetryAndTheEngineCarriesOn) {
  auto cfg = load("  - name: misbehaving\n    settings: {mode: throw}\n");
  auto reg = registry(cfg);
  auto r = reg->send("misbehaving", message("m-1"), std::chrono::milliseconds(5000));
  EXPECT_EQ(r.status, SendStatus::retry);
  EXPECT_EQ(r.detail, "the plugin threw: the peer exploded");
  EXPECT_TRUE(reg->has_channel("misbehaving"));
}

TEST_F(Plugins, ASendThatHangsTimesOutAndAPluginStuckRepeatedlyIsDisabledWithAnAlert) {
  auto cfg = load("  - name: misbehaving\n    settings: {mode: hang, hang_ms: 3000}\n",
                  "dispatch: {max_stuck: 3}\n");
  auto reg = registry(cfg);
  for (int i = 1; i <= 3; ++i) {
    auto r =
        reg->send("misbehaving", message("m-" + std::to_string(i)), std::chrono::milliseconds(30));
    EXPECT_EQ(r.status, SendStatus::retry) << i;
    EXPECT_EQ(r.detail.rfind("timed out after", 0), 0u) << r.detail;
    EXPECT_EQ(reg->has_channel("misbehaving"), i < 3) << i;
  }
  auto st = reg->status();
  EXPECT_TRUE(st[0].disabled);
  EXPECT_EQ(st[0].hangs, 3);
  EXPECT_NE(log_text().find("plugin misbehaving"), std::string::npos);
  EXPECT_NE(log_text().find("3"), std::string::npos);
  // A disabled channel is not called again: the message waits for it, nothing is lost.
  auto r = reg->send("misbehaving", message("m-4"), std::chrono::milliseconds(30));
  EXPECT_EQ(r.status, SendStatus::retry);
  EXPECT_EQ(r.detail, "channel misbehaving is not available");
}

TEST_F(Plugins, ObserversSeeCommittedChangesOnTheirOwnThreadAndTheirThrowsAreLogged) {
  auto record = (dir_ / "rec").string();
  auto cfg = load("  - name: misbehaving\n    settings: {mode: ok, record: " + record +
                  "}\n  - name: second\n    path: " + DUBAN_TEST_PLUGIN_DIR +
                  "/libmisbehaving.so\n    settings: {mode: ok, observer_throws: true}\n");
  auto reg = registry(cfg);
  plugin::Change c;
  c.subject = "item:1";
  c.event = "assign";
  for (const auto& name : reg->observer_names()) reg->observe(name, {c}, std::chrono::seconds(10));
  EXPECT_EQ(read_file(record + ".observed"), "item:1 assign\n");
  EXPECT_NE(log_text().find("plugin second: on_committed threw: observer exploded"),
            std::string::npos)
      << log_text();
}

}  // namespace
}  // namespace duban::testing
