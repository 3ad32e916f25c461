// Reading a reminder policy (催办规则) from a workflow file: send_time and its rungs.
#include <algorithm>
#include <regex>
#include <set>

#include "config/loaders.hpp"

namespace duban::config {

namespace {

std::optional<DayOffset> read_offset(MapReader& r, const std::string& key, const Source& src) {
  auto text = r.string(key);
  if (!text) return std::nullopt;
  auto offset = DayOffset::parse(*text);
  if (!offset) {
    src.error(r.node(key).Mark(), r.path_of(key),
              {"应写成 \"7 days\"、\"3 working days\"、\"7天\" 或 \"3个工作日\":" + *text,
               "expected \"7 days\", \"3 working days\", \"7天\" or \"3个工作日\": " + *text});
  }
  return offset;
}

std::vector<std::string> role_names() {
  std::vector<std::string> names;
  for (auto r : {RecipientRole::owner, RecipientRole::unit_head, RecipientRole::unit_staff,
                 RecipientRole::office, RecipientRole::leader}) {
    names.emplace_back(to_string(r));
  }
  return names;
}

std::optional<ReminderRung> read_rung(const YAML::Node& n, const std::string& path,
                                      const Source& src, std::set<std::string>& ids) {
  MapReader r(n, path, src);
  if (!r.is_map()) return std::nullopt;
  ReminderRung rung;
  bool ok = true;
  auto id = r.string("id", Need::required);
  if (id) {
    static const std::regex kId("[a-z][a-z0-9_]{0,39}");
    if (!std::regex_match(*id, kId)) {
      src.error(
          r.node("id").Mark(), r.path_of("id"),
          {"编号只能用小写字母、数字和下划线(以字母开头):" + *id,
           "an id is lowercase letters, digits and underscores, starting with a letter: " + *id});
      ok = false;
    } else if (!ids.insert(*id).second) {
      src.error(r.node("id").Mark(), r.path_of("id"),
                {"编号重复:" + *id, "id listed twice: " + *id});
      ok = false;
    }
    rung.id = *id;
  } else {
    ok = false;
  }
  auto before = read_offset(r, "before", src);
  auto after = read_offset(r, "after", src);
  auto on_due = r.boolean("on_due_date").value_or(false);
  int given =
      (present(r.node("before")) ? 1 : 0) + (present(r.node("after")) ? 1 : 0) + (on_due ? 1 : 0);
  if (given != 1) {
    src.error(n.Mark(), path,
              {"须且只能写 before、after、on_due_date: true 之一",
               "give exactly one of before, after, on_due_date: true"});
    ok = false;
  }
  if (before) rung = ReminderRung{rung.id, -1, *before, {}, false, {}, {}};
  if (after) rung = ReminderRung{rung.id, +1, *after, {}, false, {}, {}};
  if (on_due) rung.sign = 0;
  if (present(r.node("repeat"))) {
    rung.repeat = read_offset(r, "repeat", src);
    if (rung.repeat && rung.repeat->days < 1) {
      src.error(r.node("repeat").Mark(), r.path_of("repeat"),
                {"重复间隔至少 1 天", "a repeat is at least 1 day"});
      ok = false;
    }
    if (before) {
      src.error(r.node("repeat").Mark(), r.path_of("repeat"),
                {"只有到期当天或逾期后的提醒可以重复",
                 "only a rung on or after the due date may repeat"});
      ok = false;
    }
  }
  rung.escalation = r.boolean("escalation").value_or(false);
  for_each_element(r, "to", Need::required, [&](const YAML::Node& e, const std::string& p) {
    auto text = scalar_string(e, p, src);
    if (!text) return;
    if (auto role = recipient_role_from(*text)) {
      rung.to.push_back(*role);
    } else {
      auto hint = did_you_mean(*text, role_names());
      src.error(
          e.Mark(), p,
          {"未知的接收人:" + *text + (hint.empty() ? "" : "(是否想写 " + hint + "?)"),
           "unknown recipient: " + *text + (hint.empty() ? "" : " (did you mean " + hint + "?)")});
      ok = false;
    }
  });
  for_each_element(r, "channels", Need::required, [&](const YAML::Node& e, const std::string& p) {
    if (auto text = scalar_string(e, p, src)) rung.channels.push_back(*text);
  });
  r.finish();
  if (!ok || rung.to.empty() || rung.channels.empty()) return std::nullopt;
  return rung;
}

}  // namespace

ReminderPolicy read_reminder_policy(const YAML::Node& node, const std::string& path,
                                    const Source& src, bool items) {
  ReminderPolicy policy;
  MapReader r(node, path, src);
  if (!r.is_map()) return policy;
  if (auto t = r.time_of_day("send_time")) policy.send_time = *t;
  // Only items are assigned, and so acknowledged (签收).
  if (auto t = items ? r.string("acknowledge_within") : std::nullopt) {
    policy.acknowledge_within = AcknowledgeWithin::parse(*t);
    if (!policy.acknowledge_within) {
      src.error(r.node("acknowledge_within").Mark(), r.path_of("acknowledge_within"),
                {"签收时限应写成 \"24小时\"、\"1天\" 或 \"2个工作日\":" + *t,
                 "expected \"24 hours\", \"1 day\" or \"2 working days\": " + *t});
    }
  }
  std::set<std::string> ids;
  for_each_element(r, "rungs", Need::required, [&](const YAML::Node& n, const std::string& p) {
    if (auto rung = read_rung(n, p, src, ids)) policy.rungs.push_back(std::move(*rung));
  });
  r.finish();
  return policy;
}

MessageTemplates read_messages(const YAML::Node& node, const std::string& path, const Source& src) {
  MessageTemplates t;
  MapReader r(node, path, src);
  if (!r.is_map()) return t;
  const std::vector<std::string> message_keys{"county", "name", "count", "items", "items_short"};
  const std::vector<std::string> line_keys{"id", "title", "unit_name", "due", "rung_text", "owner"};
  auto read = [&](const std::string& key, std::string& into, const std::vector<std::string>& ok) {
    auto text = r.string(key);
    if (!text) return;
    static const std::regex kPlaceholder("\\{([A-Za-z_]+)\\}");
    for (std::sregex_iterator it(text->begin(), text->end(), kPlaceholder), end; it != end; ++it) {
      auto name = (*it)[1].str();
      if (std::find(ok.begin(), ok.end(), name) != ok.end()) continue;
      auto hint = did_you_mean(name, ok);
      src.error(r.node(key).Mark(), r.path_of(key),
                {"未知的占位符 {" + name + "}" + (hint.empty() ? "" : "(是否想写 {" + hint + "}?)"),
                 "unknown placeholder {" + name + "}" +
                     (hint.empty() ? "" : " (did you mean {" + hint + "}?)")});
    }
    into = *text;
  };
  read("email_subject", t.email_subject, message_keys);
  read("email_body", t.email_body, message_keys);
  read("item_line", t.item_line, line_keys);
  read("sms_text", t.sms_text, message_keys);
  r.finish();
  return t;
}

void read_roles_and_mailbox(MapReader& r, const Source& src, std::vector<RecipientRole>& to,
                            std::string& mailbox) {
  if (present(r.node("to"))) to.clear();
  for_each_element(r, "to", Need::optional, [&](const YAML::Node& e, const std::string& p) {
    auto text = scalar_string(e, p, src);
    if (!text) return;
    if (auto role = recipient_role_from(*text)) {
      to.push_back(*role);
    } else {
      src.error(e.Mark(), p, {"未知的接收人:" + *text, "unknown recipient: " + *text});
    }
  });
  mailbox = r.string("mailbox").value_or("");
  if (!mailbox.empty() && mailbox.find('@') == std::string::npos) {
    src.error(r.node("mailbox").Mark(), r.path_of("mailbox"),
              {"邮箱地址无效:" + mailbox, "invalid e-mail address: " + mailbox});
  }
}

Workflow::DailyDigest read_daily_digest(const YAML::Node& node, const std::string& path,
                                        const Source& src) {
  Workflow::DailyDigest d;
  MapReader r(node, path, src);
  if (!r.is_map()) return d;
  d.enabled = true;
  if (auto t = r.time_of_day("time")) d.time = *t;
  read_roles_and_mailbox(r, src, d.to, d.mailbox);
  if (d.to.empty() && d.mailbox.empty()) {
    src.error(node.Mark(), path, {"须写 to 或 mailbox", "give `to` or `mailbox`"});
  }
  r.finish();
  return d;
}

}  // namespace duban::config
