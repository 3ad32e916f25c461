#include "store/units.hpp"

#include "store/row.hpp"

namespace duban::store {

SyncCounts sync_units(soci::session& session, const std::vector<Unit>& units) {
  SyncCounts counts;
  session << "UPDATE units SET active = 0";
  session << "UPDATE users SET active = 0";
  for (const auto& u : units) {
    std::string kind(to_string(u.kind));
    int key = u.key ? 1 : 0;
    session << "INSERT INTO units (id, name, kind, parent_id, key_township, active)"
               " VALUES (:id, :name, :kind, :parent, :key, 1)"
               " ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
               " parent_id = excluded.parent_id, key_township = excluded.key_township, active = 1",
        soci::use(u.id), soci::use(u.name), soci::use(kind), soci::use(u.parent), soci::use(key);
    ++counts.units;
    for (const auto& c : u.contacts) {
      if (c.user.empty()) continue;
      std::string access(to_string(c.access));
      session << "INSERT INTO users (id, name, unit_id, access, role, email, phone, active)"
                 " VALUES (:id, :name, :unit, :access, :role, :email, :phone, 1)"
                 " ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit_id = excluded.unit_id,"
                 " access = excluded.access, role = excluded.role, email = excluded.email,"
                 " phone = excluded.phone, active = 1",
          soci::use(c.user), soci::use(c.name), soci::use(u.id), soci::use(access),
          soci::use(c.role), soci::use(c.email), soci::use(c.phone);
      ++counts.users;
    }
  }
  int inactive = 0;
  session << "SELECT COUNT(*) FROM units WHERE active = 0", soci::into(inactive);
  counts.deactivated = inactive;
  return counts;
}

namespace {
Unit unit_from_row(const soci::row& r) {
  Unit u;
  u.id = r.get<std::string>(0);
  u.name = r.get<std::string>(1);
  u.kind = unit_kind_from(r.get<std::string>(2)).value_or(UnitKind::township);
  u.parent = r.get<std::string>(3);
  u.key = int_at(r, 4) != 0;
  return u;
}
User user_from_row(const soci::row& r) {
  User u;
  u.id = r.get<std::string>(0);
  u.name = r.get<std::string>(1);
  u.unit = r.get<std::string>(2);
  u.access = access_from(r.get<std::string>(3)).value_or(Access::member);
  return u;
}
const char* kUnitColumns = "SELECT id, name, kind, parent_id, key_township FROM units";
const char* kUserColumns = "SELECT id, name, unit_id, access FROM users";
}  // namespace

std::vector<Unit> list_units(soci::session& session) {
  std::vector<Unit> out;
  soci::rowset<soci::row> rows =
      session.prepare << std::string(kUnitColumns) + " WHERE active = 1 ORDER BY kind, id";
  for (const auto& r : rows) out.push_back(unit_from_row(r));
  return out;
}

std::optional<Unit> find_unit(soci::session& session, const std::string& id) {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kUnitColumns) + " WHERE id = :id AND active = 1",
       soci::use(id));
  for (const auto& r : rows) return unit_from_row(r);
  return std::nullopt;
}

std::optional<User> find_user(soci::session& session, const std::string& id) {
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kUserColumns) + " WHERE id = :id AND active = 1",
       soci::use(id));
  for (const auto& r : rows) return user_from_row(r);
  return std::nullopt;
}

std::vector<User> users_of_unit(soci::session& session, const std::string& unit) {
  std::vector<User> out;
  soci::rowset<soci::row> rows =
      (session.prepare << std::string(kUserColumns) + " WHERE unit_id = :u AND active = 1",
       soci::use(unit));
  for (const auto& r : rows) out.push_back(user_from_row(r));
  return out;
}

}  // namespace duban::store

namespace duban::store {

struct UserDirectory::Prepared {
  std::string key, id, name, unit, access;
  soci::statement find;
  explicit Prepared(soci::session& s)
      : find((s.prepare
                  << "SELECT id, name, unit_id, access FROM users WHERE id = :id AND active = 1",
              soci::use(key), soci::into(id), soci::into(name), soci::into(unit),
              soci::into(access))) {}
};

UserDirectory::UserDirectory(soci::session& session) : session_(session) {}
UserDirectory::~UserDirectory() = default;

std::optional<User> UserDirectory::find(const std::string& id) {
  if (!prepared_) prepared_ = std::make_unique<Prepared>(session_);
  auto& p = *prepared_;
  p.key = id;
  std::optional<User> found;
  execute_single(p.find, [&] {
    found = User{p.id, p.name, p.unit, access_from(p.access).value_or(Access::member)};
  });
  return found;
}

}  // namespace duban::store
