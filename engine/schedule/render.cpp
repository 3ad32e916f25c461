#include "schedule/render.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/base64.hpp"

namespace duban::schedule {

namespace {
std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// Cuts UTF-8 text to at most `n` characters, adding "…".
std::string shorten(const std::string& text, std::size_t n) {
  std::size_t chars = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == n) return text.substr(0, i) + "…";
      ++chars;
    }
  }
  return text;
}
}  // namespace

std::string rung_text(const QueuedReminder& r, ZoneOffset zone) {
  auto due_day = local_date(r.due_at - std::chrono::seconds{1}, zone);
  auto fire_day = local_date(r.fire_at, zone);
  auto days = (std::chrono::sys_days{fire_day} - std::chrono::sys_days{due_day}).count();
  if (days < 0) return "距整改时限还有 " + std::to_string(-days) + " 天";
  if (days == 0) return "今天到期";
  return "已逾期 " + std::to_string(days) + " 天" + (r.escalation ? ",升级督办" : "");
}

plugin::Message render_message(const std::string& id, const Delivery& to,
                               const std::vector<QueuedReminder>& reminders,
                               const config::Config& config) {
  const auto& t = config.workflow.messages;
  // Several rungs of one subject in one message (after downtime: 7, 3 and 1 days before, and
  // today) say one thing: where the subject stands now, from its latest rung.
  std::vector<QueuedReminder> latest;
  for (const auto& r : reminders) {
    auto same = std::find_if(latest.begin(), latest.end(),
                             [&](const QueuedReminder& l) { return l.subject == r.subject; });
    if (same == latest.end()) {
      latest.push_back(r);
    } else if (r.fire_at > same->fire_at) {
      *same = r;
    }
  }
  std::string items, items_short, digests, digest_subject;
  std::size_t item_count = 0;
  std::vector<plugin::Attachment> files;
  for (const auto& r : latest) {
    auto summary = nlohmann::json::parse(r.summary, nullptr, false);
    if (summary.is_discarded()) summary = nlohmann::json::object();
    // Built with append(): GCC 12 at -O3 reports a false -Wrestrict on `"literal" + std::string`
    // temporaries (GCC bug 105651).
    auto sep = [](std::string& to, const char* s) {
      if (!to.empty()) to.append(s);
    };
    if (field(summary, "kind") == "digest") {
      // A digest is its own section, written out in full.
      sep(digests, "\n");
      digests.append(field(summary, "title")).append("\n").append(field(summary, "text"));
      digest_subject = field(summary, "title");
      // Files (the day's 问题清单) go by e-mail only; the text names them.
      auto attached = summary.find("attachments");
      if (to.channel == "email" && attached != summary.end() && attached->is_array()) {
        for (const auto& f : *attached) {
          files.push_back({f.value("name", "attachment"),
                           f.value("type", "application/octet-stream"),
                           from_base64(f.value("base64", ""))});
        }
      }
      sep(items_short, ";");
      items_short.append(field(summary, "title"));
      continue;
    }
    ++item_count;
    auto text = rung_text(r, config.zone);
    if (summary.value("unacknowledged", false)) text.append(",交办后未按时签收");
    sep(items, "\n");
    items.append(fill_template(t.item_line, {{"id", field(summary, "id")},
                                             {"title", field(summary, "title")},
                                             {"unit_name", field(summary, "unit_name")},
                                             {"due", field(summary, "due")},
                                             {"owner", field(summary, "owner")},
                                             {"rung_text", text}}));
    sep(items_short, ";");
    items_short.append("#")
        .append(field(summary, "id"))
        .append(shorten(field(summary, "title"), 12))
        .append("(")
        .append(text)
        .append(")");
  }
  std::vector<std::pair<std::string, std::string>> values{
      {"county", config.county},
      {"name", to.recipient},
      {"count", std::to_string(item_count)},
      {"items", items},
      {"items_short", shorten(items_short, 200)}};
  plugin::Message m;
  m.id = id;
  m.channel = to.channel;
  m.to_name = to.recipient;
  m.to_address = to.address;
  if (item_count == 0 && !digests.empty()) {
    // Only digests: their own subject and text.
    m.subject = digest_subject;
    m.body = to.recipient + ":\n\n" + digests + "\n" + config.county +
             "脱贫攻坚领导小组办公室(督办系统自动发送)";
  } else if (to.channel == "email") {
    m.subject = fill_template(t.email_subject, values);
    m.body = fill_template(t.email_body, values);
    if (!digests.empty()) m.body += "\n\n" + digests;
  } else if (to.channel == "sms") {
    m.body = fill_template(t.sms_text, values);
  } else {
    m.subject = fill_template(t.email_subject, values);
    m.body = fill_template(t.email_body, values);
  }
  m.attempt = to.attempts + 1;
  m.attachments = std::move(files);
  return m;
}

}  // namespace duban::schedule
