#include "cli/output.hpp"

#include "domain/text.hpp"
#include "machines/item_machine.hpp"

namespace duban::cli {

namespace {
const std::string& tr(const Text& t) { return t.str(); }

std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    width += len >= 3 ? 2 : 1;  // CJK characters are three bytes and two columns wide
    i += len;
  }
  return width;
}
}  // namespace

std::string pad(const std::string& text, std::size_t width) {
  auto w = display_width(text);
  return w >= width ? text + " " : text + std::string(width - w, ' ');
}

std::string status_label(std::optional<Status> status) {
  if (!status) return "-";
  switch (*status) {
    case Status::green:
      return tr({"绿", "green"});
    case Status::yellow:
      return tr({"黄", "yellow"});
    case Status::red:
      return tr({"红(逾期)", "red (overdue)"});
  }
  return "-";
}

void print_items(std::ostream& out, const std::vector<app::ItemView>& items) {
  out << pad(tr({"编号", "id"}), 6) << pad(tr({"状态", "state"}), 11)
      << pad(tr({"时限", "due"}), 12) << pad(tr({"提示", "status"}), 10)
      << pad(tr({"责任单位", "unit"}), 22) << tr({"问题", "problem"}) << "\n";
  for (const auto& v : items) {
    const auto& it = v.item;
    out << pad(std::to_string(it.id), 6)
        << pad(current_lang() == Lang::en ? std::string(to_string(it.state))
                                          : std::string(label_zh(it.state)),
               11)
        << pad(it.due ? format_date(*it.due) : "-", 12)
        << pad(it.is_suspended() ? tr({"暂停", "suspended"}) : status_label(v.status), 10)
        << pad(v.unit_name, 22) << it.title << "\n";
  }
  out << tr({"共 ", "total "}) << items.size() << tr({" 项", ""}) << "\n";
}

namespace {
// Acknowledgement, suspension, a pending extension request and the deadline history.
void print_ledger(std::ostream& out, const app::ItemView& v, ZoneOffset zone) {
  const auto& it = v.item;
  auto row = [&](const Text& label, const std::string& value) {
    out << pad(tr(label), 14) << value << "\n";
  };
  if (it.standing) {
    row({"长期坚持", "standing"},
        tr({"无整改时限;下次进展报告 ", "no deadline; next progress report by "}) +
            (it.report_due ? format_date(*it.report_due) : "-"));
  }
  for (const auto& [name, value] : it.extra) out << pad(name, 14) << value << "\n";
  if (!it.acknowledged_by.empty()) {
    row({"签收", "acknowledged"},
        it.acknowledged_by +
            (it.acknowledged_at ? "  " + format_instant(*it.acknowledged_at, zone) : ""));
  } else if (it.awaits_acknowledgement()) {
    row({"签收", "acknowledged"},
        tr({"待签收", "not yet"}) +
            (v.acknowledge_by ? tr({"(签收时限 ", " (due by "}) +
                                    format_instant(*v.acknowledge_by, zone) + tr({")", ")"})
                              : ""));
  }
  if (it.suspended_on) {
    row({"暂停", "suspended"}, tr({"自 ", "since "}) + format_date(*it.suspended_on) +
                                   tr({" 起暂停,时限停止计算", ": the clock stands still"}));
  }
  if (it.extension_due) {
    row({"延期申请", "extension"}, format_date(*it.extension_due) + "  " + it.extension_by + ":" +
                                       it.extension_reason + tr({"(待审批)", " (pending)"}));
  }
  if (v.deadline_history.empty()) return;
  out << tr({"时限变更记录:", "deadline history:"}) << "\n";
  for (const auto& d : v.deadline_history) {
    auto kind = item_event_from(d.event);
    std::string event = d.event == "rearm"                   ? tr({"重排提醒", "rearm"})
                        : d.event == "import"                ? tr({"导入", "import"})
                        : kind && current_lang() != Lang::en ? std::string(label_zh(*kind))
                                                             : d.event;
    out << "  " << format_instant(d.at, zone) << "  " << pad(d.actor, 10)
        << pad(event, current_lang() == Lang::en ? 18 : 10)
        << (d.due_before.empty() ? "-" : d.due_before) << " → "
        << (d.due_after.empty() ? "-" : d.due_after);
    if (!d.note.empty()) out << "  " << d.note;
    out << "\n";
  }
}
}  // namespace

void print_item(std::ostream& out, const app::ItemView& v, ZoneOffset zone) {
  const auto& it = v.item;
  auto row = [&](const Text& label, const std::string& value) {
    out << pad(tr(label), 14) << value << "\n";
  };
  row({"编号", "id"}, std::to_string(it.id));
  row({"问题", "problem"}, it.title);
  row({"状态", "state"},
      std::string(label_zh(it.state)) + " (" + std::string(to_string(it.state)) + ")");
  row({"来源", "source"}, std::string(label_zh(it.source)));
  if (!it.round.empty()) row({"轮次", "round"}, it.round);
  if (!it.category.empty()) row({"类别", "category"}, it.category);
  row({"具体表现", "manifestation"}, it.manifestation);
  row({"整改措施", "measures"}, it.measures);
  row({"牵头单位", "unit"}, v.unit_name + " (" + it.unit + ")");
  row({"责任人", "owner"}, it.owner);
  row({"整改时限", "due"}, it.due ? format_date(*it.due) + "  " + status_label(v.status) : "-");
  row({"整改结果", "result"}, it.result);
  std::string evidence;
  for (const auto& e : it.evidence) evidence += (evidence.empty() ? "" : ", ") + e;
  row({"佐证材料", "evidence"}, evidence);
  row({"返工次数", "rework"}, std::to_string(it.rework_count));
  print_ledger(out, v, zone);
}

void print_journal(std::ostream& out, const std::vector<JournalEntry>& entries, ZoneOffset zone) {
  for (const auto& e : entries) {
    out << "#" << e.seq << "  " << format_instant(e.at, zone) << "  " << e.actor << "  " << e.event
        << "  " << (e.state_before.empty() ? "-" : e.state_before) << " → " << e.state_after;
    if (!e.reason.empty()) out << "  " << tr({"理由:", "reason: "}) << e.reason;
    out << "\n";
    for (const auto& [field, change] : e.changes) {
      out << "      " << field << ": " << (change.first.empty() ? "∅" : change.first) << " → "
          << (change.second.empty() ? "∅" : change.second) << "\n";
    }
  }
}

void print_round(std::ostream& out, const app::RoundView& v) {
  out << tr({"轮次 ", "round "}) << v.record.id.str() << "  " << tr({"启动于 ", "started "})
      << v.record.started_at << tr({",启动人 ", " by "}) << v.record.started_by << "\n";
  if (!v.record.observation_date.empty()) {
    out << tr({"季度观摩日期 ", "observation tour "}) << v.record.observation_date
        << tr({",观摩村名单截止 ", "; village lists due "}) << v.observation_list_due << "\n";
  }
  out << tr({"问题清单 ", "problems recorded: "}) << v.problems << tr({" 条", ""}) << "\n\n";
  for (const auto& s : v.steps) {
    const auto& r = s.record;
    out << number(r.step) << ". " << pad(std::string(label_zh(r.step)), 16)
        << pad(current_lang() == Lang::en ? std::string(to_string(r.state))
                                          : std::string(label_zh(r.state)),
               11)
        << pad(r.due_date.empty() ? "-" : r.due_date, 12) << pad(status_label(s.status), 10);
    if (!s.submitted.empty() || !s.missing.empty()) {
      out << tr({"已报送 ", "submitted "}) << s.submitted.size() << "/"
          << s.submitted.size() + s.missing.size();
    }
    if (!r.override_reason.empty()) out << tr({"  强制完成:", "  override: "}) << r.override_reason;
    if (!r.approved_by.empty()) out << tr({"  已审定:", "  approved by "}) << r.approved_by;
    out << "\n";
  }
}

}  // namespace duban::cli
