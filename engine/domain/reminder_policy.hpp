#pragma once
// Reminder policy (催办规则): rungs at offsets before and after a deadline, each naming who is told
// and by which channels. Items take theirs from workflows/rectification-lifecycle.yaml, step
// deadlines and per-unit submissions from workflows/evaluation-procedure.yaml. Everything here is
// a pure function of the deadline, the policy and the working-day calendar: the scheduler derives
// reminders from the database and these rules, never from memory.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/work_calendar.hpp"

namespace duban {

/// "7 days", "3 working days" (also 7天, 3个工作日).
struct DayOffset {
  int days = 0;
  bool working = false;  ///< counted in working days (工作日) of the WorkCalendar
  static std::optional<DayOffset> parse(std::string_view text);
  std::string str() const;
  std::string zh() const;  ///< "3个工作日", "7天"
  /// `from` moved by this offset, forwards (sign +1) or backwards (sign -1).
  Date apply(Date from, int sign, const WorkCalendar& calendar) const;
};

/// How often a standing item (长期坚持) reports its progress: every N months ("1 month", "3个月",
/// "每季度") or every N days/working days ("30 days", "20个工作日").
struct ReportPeriod {
  int months = 1;                 ///< when `days` is not set
  std::optional<DayOffset> days;  ///< instead of months
  static std::optional<ReportPeriod> parse(std::string_view text);
  std::string str() const;  ///< "1 month", "30 days"
  std::string zh() const;   ///< "1个月", "30天"
  /// The end of the period that starts on `from`.
  Date after(Date from, const WorkCalendar& calendar) const;
};

/// Who a rung tells. owner: the item's 责任人 (or the unit's duban users when the owner is not a
/// contact); unit_head: the unit's head (单位负责人); unit_staff: the unit's contacts who use
/// duban; office: the leading-group office (领导小组办公室); leader: the leading group's leader.
enum class RecipientRole { owner, unit_head, unit_staff, office, leader };
std::string_view to_string(RecipientRole role);
std::string_view label_zh(RecipientRole role);
std::optional<RecipientRole> recipient_role_from(std::string_view text);

struct ReminderRung {
  std::string id;  ///< stable name, part of each reminder's unique key: before_7, due, overdue
  int sign = -1;   ///< -1 before the deadline, 0 on the due date, +1 after it
  DayOffset offset;
  std::optional<DayOffset> repeat;  ///< after the first time, again every so often
  bool escalation = false;          ///< 升级: the leading group is told
  std::vector<RecipientRole> to;
  std::vector<std::string> channels;  ///< channel plugins it is sent through, each of them
};

/// How a person's reminders become one message (lifecycle.messages in the workflow). Placeholders:
/// {county} {name} {count} {items} (the item lines) {items_short} (for SMS); in item_line: {id}
/// {title} {unit_name} {due} {rung_text} {owner}.
struct MessageTemplates {
  std::string email_subject = "【{county}督办提醒】{name},您有 {count} 项整改事项需要关注";
  std::string email_body =
      "{name},您好:\n\n以下整改事项需要您关注:\n\n{items}\n\n请登录督办系统办理。\n"
      "{county}脱贫攻坚领导小组办公室(督办系统自动发送)";
  std::string item_line = "· {rung_text}:#{id} {title}(牵头单位:{unit_name};整改时限:{due})";
  std::string sms_text =
      "【{county}督办】{name}:您有{count}项整改事项需关注:{items_short}。详见邮件或督办系统。";
};

/// Fills {key} placeholders from `values`; unknown keys are left as written.
std::string fill_template(const std::string& text,
                          const std::vector<std::pair<std::string, std::string>>& values);

/// How long an assignment may wait for acknowledgement (签收时限): "24 hours" (24小时), "1 day",
/// "2 working days" (2个工作日). Days keep the time of day of the assignment.
struct AcknowledgeWithin {
  std::optional<DayOffset> days;  ///< days or working days; otherwise `hours`
  std::chrono::hours hours{0};
  static std::optional<AcknowledgeWithin> parse(std::string_view text);
  std::string str() const;  ///< "2 working days"
  std::string zh() const;   ///< "2个工作日"

  /// When an assignment made at `assigned` should have been acknowledged by.
  Instant deadline(Instant assigned, ZoneOffset zone, const WorkCalendar& calendar) const;
};

struct ReminderPolicy {
  std::vector<ReminderRung> rungs;
  std::chrono::minutes send_time{9 * 60};  ///< local time of day a rung falls due (09:00)
  /// An assignment not acknowledged within this escalates one rung early: the next rung of the
  /// ladder is sent when the time runs out, instead of at its own time (nullopt: never).
  std::optional<AcknowledgeWithin> acknowledge_within;
  bool uses_working_days() const;
};

/// The default ladder: 7, 3 and 1 days before to the owner; on the due date to the
/// owner and unit head; overdue (from the next working day) to the unit head and the office,
/// every 3 working days; escalation to the leader after 10 working days overdue, every 5.
ReminderPolicy default_item_policy();

/// One occurrence of a rung: the reminder that falls due at `at`.
struct Firing {
  std::size_t rung = 0;  ///< index into the policy's rungs
  int occurrence = 0;    ///< 0 the first time; repeats count up
  Instant at{};
  /// The rung's part of the reminder's unique key: "before_7", or "overdue#2" for a repeat.
  std::string key(const ReminderPolicy& policy) const;
};

/// The instant occurrence `k` of `rung` falls due for a deadline on `due` (local day).
Instant firing_time(const ReminderRung& rung, int k, Date due, std::chrono::minutes send_time,
                    ZoneOffset zone, const WorkCalendar& calendar);

/// The reminders falling due in [from, upto]: each rung once, and a repeating rung only its latest
/// occurrence in the window (after downtime, one catch-up per rung, not a burst). In time order.
std::vector<Firing> firings_between(const ReminderPolicy& policy, Date due, Instant from,
                                    Instant upto, ZoneOffset zone, const WorkCalendar& calendar);

/// The first firing after `after`, if any (the earliest of each rung's next occurrence).
std::optional<Firing> next_firing(const ReminderPolicy& policy, Date due, Instant after,
                                  ZoneOffset zone, const WorkCalendar& calendar);

/// The first instant after `after` at which a rung falls due, if any.
std::optional<Instant> next_firing_after(const ReminderPolicy& policy, Date due, Instant after,
                                         ZoneOffset zone, const WorkCalendar& calendar);

/// An item's next reminder after `after`: the next rung of the ladder or, sooner, the end of its
/// acknowledgement time when its assignment made at `awaiting_ack_since` awaits acknowledgement.
std::optional<Instant> next_item_reminder(const ReminderPolicy& policy, Date due,
                                          std::optional<Instant> awaiting_ack_since, Instant after,
                                          ZoneOffset zone, const WorkCalendar& calendar);

}  // namespace duban
