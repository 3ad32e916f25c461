#pragma once
// 整改成效 from duban's own records: per unit and round, what the journal says about its
// rectification work. Pure: an item's history in, figures out.
//
// The period of a round: 2020-H1 is 1 January to 30 June 2020, 2020-Y the whole of 2020, local
// days, and never later than `as_of` (the moment of the computation, or of publication).
//
//   items due      items of the unit (and its sub-units) whose due date, as the item has it now,
//                  falls in the period and has passed by as_of, or that were rectified already;
//                  standing items (长期坚持) and items suspended now are left out
//   on time        of those, rectified by the end of the due day in force when rectified (an
//                  approved extension moves it); "rectified" is the last move into `rectified`
//                  that still stands (an item sent back for rework and not yet rectified again is
//                  not rectified)
//   on_time_rate   on time / items due × 100; 100 when nothing was due
//   overdue_items  items due − on time
//   overdue_days   Σ over those of (the day rectified, else as_of's day) − the due day
//   rework, extensions_requested, extensions_approved
//                  reject, extend and approve-extension entries dated in the period
//   ack_hours      mean hours from an assignment (assign, reassign) to its ack entry, over the
//                  acks dated in the period
//
// And the round's field evaluation (第三篇), from its sample and its confirmed problems:
//   sampled_villages, field_problems (confirmed), households_surveyed (households with answers),
//   households_unsatisfied (of those, with a confirmed problem of a satisfaction category),
//   misidentified (confirmed problems of a 错评/漏评 category; evaluation-plan.yaml feedback)
//   field_problems_per_village  field_problems / sampled_villages; 0 when none was sampled
//   satisfaction_rate           (surveyed − unsatisfied) / surveyed × 100; 100 when none surveyed
#include <vector>

#include "domain/calendar.hpp"
#include "domain/journal.hpp"
#include "domain/round.hpp"
#include "domain/scoring.hpp"

namespace duban {

struct Period {
  Date from{}, to{};  ///< inclusive local days
};

/// The days a round covers (H1: January to June; Y: the year).
Period period_of(const RoundId& round);

struct RecordFigures {
  int items_due = 0, on_time = 0;
  long long overdue_days = 0;
  int rework = 0, extensions_requested = 0, extensions_approved = 0;
  int acknowledged = 0;
  double ack_hours_total = 0;
  int sampled_villages = 0, field_problems = 0;
  int households_surveyed = 0, households_unsatisfied = 0, misidentified = 0;

  int overdue_items() const { return items_due - on_time; }
  double on_time_rate() const;
  double ack_hours() const;  ///< 0 when nothing was acknowledged
  double problems_per_village() const;
  double satisfaction_rate() const;
  double value(RecordMeasure measure) const;
  void add(const RecordFigures& other);
};

/// One item's history read entry by entry (in journal order), so that a scan of the whole
/// journal can keep one small fold per item instead of every entry.
class ItemHistoryFold {
 public:
  ItemHistoryFold(const Period& period, Instant as_of, ZoneOffset zone)
      : period_(period), as_of_(as_of), zone_(zone) {}
  void add(const JournalEntry& entry);
  /// Adds what the history says to `figures`.
  void finish(RecordFigures& figures) const;

 private:
  Period period_;
  Instant as_of_;
  ZoneOffset zone_;
  RecordFigures events_;  ///< rework, extensions, acknowledgements in the period
  std::string due_, due_when_rectified_, suspended_;
  bool standing_ = false;
  // Plain values with flags: GCC 12 misreads optional<Instant> here as maybe-uninitialized.
  Instant rectified_at_{}, assigned_since_{};
  bool rectified_ = false, assigned_ = false;
};

/// Adds one item's history (its journal entries in order) to `figures`.
void add_item_history(RecordFigures& figures, const std::vector<JournalEntry>& history,
                      const Period& period, Instant as_of, ZoneOffset zone);

/// A record indicator's score from the figures: a rate max × rate / 100; a count (or problems
/// per village) max − deduct × count, not below 0.
double record_score(const Indicator& indicator, const RecordFigures& figures);

}  // namespace duban
