// A channel and observer plugin that does what its settings say: succeed, throw, hang, fail for
// now or for good; every message it is given is appended to `record` (one line each), every
// change it observes to `record`.observed (after hanging observer_hang_ms, if set).
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "duban_plugin.hpp"

namespace {

class Misbehaving final : public duban::plugin::Plugin,
                          public duban::plugin::Channel,
                          public duban::plugin::Observer {
 public:
  explicit Misbehaving(duban::plugin::Host& host) : host_(host) {}
  void configure(duban::plugin::Section& s) override {
    mode_ = s.string("mode", true).value_or("ok");
    if (mode_ != "ok" && mode_ != "throw" && mode_ != "hang" && mode_ != "retry" &&
        mode_ != "permanent") {
      s.error("mode", "未知的模式", "unknown mode");
    }
    record_ = s.string("record").value_or("");
    hang_ms_ = s.integer("hang_ms", 1, 600000).value_or(2000);
    observer_throws_ = s.boolean("observer_throws").value_or(false);
    observer_hang_ms_ = s.integer("observer_hang_ms", 0, 600000).value_or(0);
  }
  duban::plugin::Channel* channel() override { return this; }
  duban::plugin::Observer* observer() override { return this; }

  duban::plugin::SendResult send(const duban::plugin::Message& m) override {
    if (!record_.empty()) {
      std::ofstream(record_, std::ios::app)
          << m.id << "\t" << m.to_address << "\t" << m.attempt << "\t" << mode_ << "\n";
    }
    if (mode_ == "throw") throw std::runtime_error("the peer exploded");
    if (mode_ == "hang") {
      // Hangs, but not for ever: the process can still end.
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::milliseconds(hang_ms_));
      return {duban::plugin::SendStatus::sent, "late", std::nullopt};
    }
    if (mode_ == "retry") return {duban::plugin::SendStatus::retry, "try later", 120};
    if (mode_ == "permanent") return {duban::plugin::SendStatus::permanent, "no such user", {}};
    host_.log("sent " + m.id);
    return {duban::plugin::SendStatus::sent, "250 ok", std::nullopt};
  }
  void on_committed(const std::vector<duban::plugin::Change>& changes) override {
    if (observer_throws_) throw std::runtime_error("observer exploded");
    if (observer_hang_ms_ > 0) {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::milliseconds(observer_hang_ms_));
    }
    if (!record_.empty()) {
      std::ofstream out(record_ + ".observed", std::ios::app);
      for (const auto& c : changes) out << c.subject << " " << c.event << "\n";
    }
  }

 private:
  duban::plugin::Host& host_;
  std::string mode_, record_;
  long long hang_ms_ = 2000;
  bool observer_throws_ = false;
  long long observer_hang_ms_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace

DUBAN_PLUGIN(Misbehaving)
