#include "domain/recipients.hpp"

#include <algorithm>

namespace duban {

RecipientDirectory::RecipientDirectory(const std::vector<Unit>& units, std::string office_unit)
    : units_(units), office_(std::move(office_unit)) {
  if (office_.empty()) {
    if (find("office")) {
      office_ = "office";
    } else {
      auto it = std::find_if(units_.begin(), units_.end(),
                             [](const Unit& u) { return u.kind == UnitKind::office; });
      if (it != units_.end()) office_ = it->id;
    }
  }
}

const Unit* RecipientDirectory::find(const std::string& id) const {
  auto it = std::find_if(units_.begin(), units_.end(), [&](const Unit& u) { return u.id == id; });
  return it == units_.end() ? nullptr : &*it;
}

namespace {
Person person(const Contact& c, const Unit& u) {
  return Person{c.name, u.id, c.email, c.phone, c.user};
}

template <class Pred>
std::vector<Person> pick(const Unit* u, Pred pred) {
  std::vector<Person> out;
  if (!u) return out;
  for (const auto& c : u->contacts)
    if (pred(c)) out.push_back(person(c, *u));
  return out;
}
}  // namespace

std::vector<Person> RecipientDirectory::resolve(RecipientRole role, const std::string& unit,
                                                const std::string& owner) const {
  const Unit* u = find(unit);
  switch (role) {
    case RecipientRole::owner: {
      if (!owner.empty()) {
        auto named = pick(u, [&](const Contact& c) { return c.name == owner || c.user == owner; });
        if (!named.empty()) return named;
      }
      return pick(u, [](const Contact& c) { return !c.user.empty(); });
    }
    case RecipientRole::unit_head:
      return pick(u, [](const Contact& c) { return c.head; });
    case RecipientRole::unit_staff:
      return pick(u, [](const Contact& c) { return !c.user.empty(); });
    case RecipientRole::office:
      return pick(find(office_), [](const Contact& c) { return !c.head; });
    case RecipientRole::leader:
      return pick(find(office_), [](const Contact& c) { return c.head; });
  }
  return {};
}

}  // namespace duban
