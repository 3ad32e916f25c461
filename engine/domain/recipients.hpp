#pragma once
// Who a reminder goes to: the roles of a reminder policy resolved to people of the configured
// units (config/units.yaml contacts).
#include <string>
#include <vector>

#include "domain/reminder_policy.hpp"
#include "domain/unit.hpp"

namespace duban {

struct Person {
  std::string name, unit, email, phone, user;
};

class RecipientDirectory {
 public:
  /// `office_unit`: the leading-group office's unit id (its head is the leader); when empty, the
  /// unit with id "office", else the first unit of kind office.
  explicit RecipientDirectory(const std::vector<Unit>& units, std::string office_unit = {});
  /// The people `role` names for a subject of `unit` whose owner (责任人) is `owner`:
  /// - owner: the unit's contact named (or with the login) `owner`; else the unit's duban users;
  /// - unit_head: the unit's contacts marked `head: true`;
  /// - unit_staff: the unit's contacts who use duban;
  /// - office: the office unit's contacts other than its head; leader: the office unit's head.
  /// Empty when nobody fits (the reminder notes it).
  std::vector<Person> resolve(RecipientRole role, const std::string& unit,
                              const std::string& owner) const;
  const std::string& office_unit() const { return office_; }

 private:
  const Unit* find(const std::string& id) const;
  const std::vector<Unit>& units_;
  std::string office_;
};

}  // namespace duban
