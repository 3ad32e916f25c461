#include "store/units.hpp"

#include <set>
#include <utility>

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

namespace {

// A unit from its columns (kUnitColumns), as one row or one entry of a batch gives them.
Unit unit_from(std::string id, std::string name, const std::string& kind_text, std::string parent,
               bool key) {
  Unit u;
  u.id = std::move(id);
  u.name = std::move(name);
  auto kind = unit_kind_from(kind_text);
  if (!kind) undecodable("units", u.id, "kind", kind_text);
  u.kind = *kind;
  u.parent = std::move(parent);
  u.key = key;
  return u;
}

Unit unit_from_row(const soci::row& r) {
  return unit_from(r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2),
                   r.get<std::string>(3), int_at(r, 4) != 0);
}

User user_from_row(const soci::row& r) {
  User u;
  u.id = r.get<std::string>(0);
  u.name = r.get<std::string>(1);
  u.unit = r.get<std::string>(2);
  auto access = access_from(r.get<std::string>(3));
  if (!access) undecodable("users", u.id, "access", r.get<std::string>(3));
  u.access = *access;
  return u;
}

const char* kUnitColumns = "SELECT id, name, kind, parent_id, key_township FROM units";
const char* kUserColumns = "SELECT id, name, unit_id, access FROM users";

// Users: the configured ones only (those made through the API are not the configuration's).
std::set<std::string> ids(soci::session& s, const long long& county, const std::string& table,
                          bool active_only) {
  std::set<std::string> out;
  std::string where =
      active_only ? " WHERE county_id = :c AND active = 1" : " WHERE county_id = :c";
  if (table == "users") where += " AND origin = 'config'";
  soci::rowset<std::string> rows =
      (s.prepare << "SELECT id FROM " + table + where, soci::use(county));
  for (const auto& id : rows) out.insert(id);
  return out;
}

}  // namespace

struct SociDirectory::Prepared {
  std::string key, id, name, unit, access;
  soci::statement find;
  // The county's active units, read in batches of kBatch by one statement prepared for the
  // session's life: a change finds its actor's sub-units, and PostgreSQL would otherwise prepare
  // and deallocate the statement each time (three round trips, not one).
  static constexpr std::size_t kBatch = 256;
  std::vector<std::string> unit_ids, names, kinds, parents;
  std::vector<int> keys;
  soci::statement units;
  void size_batch() {
    for (auto* v : {&unit_ids, &names, &kinds, &parents}) v->resize(kBatch);
    keys.resize(kBatch);
  }
  Prepared(soci::session& s, const long long& county)
      : find((s.prepare << std::string(kUserColumns) +
                               " WHERE county_id = :c AND id = :id AND active = 1"
                               " AND disabled_at = ''",
              soci::use(county), soci::use(key), soci::into(id), soci::into(name), soci::into(unit),
              soci::into(access))),
        unit_ids(kBatch),
        names(kBatch),
        kinds(kBatch),
        parents(kBatch),
        keys(kBatch),
        units((s.prepare << std::string(kUnitColumns) +
                                " WHERE county_id = :c AND active = 1 ORDER BY kind, id",
               soci::use(county), soci::into(unit_ids), soci::into(names), soci::into(kinds),
               soci::into(parents), soci::into(keys))) {}
};

SociDirectory::SociDirectory(soci::session& session, const long long& county)
    : session_(session), county_(county) {}
SociDirectory::~SociDirectory() = default;

void SociDirectory::begin(bool cached, bool write) {
  units_.reset();
  if (!cached) users_.clear();
  use_cache_ = write;
}

std::optional<User> SociDirectory::find_user(const std::string& user_id) {
  if (use_cache_) {
    if (auto it = users_.find(user_id); it != users_.end()) return it->second;
  }
  return guarded("users.find", [&] {
    if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, county_);
    auto& p = *prepared_;
    p.key = user_id;
    std::optional<User> found;
    execute_single(p.find, [&] {
      auto access = access_from(p.access);
      if (!access) undecodable("users", p.id, "access", p.access);
      found = User{p.id, p.name, p.unit, *access};
    });
    if (found && use_cache_) users_[user_id] = *found;
    return found;
  });
}

std::vector<Unit> SociDirectory::list_units() {
  if (units_) return *units_;
  return guarded("units.list", [&] {
    std::vector<Unit> out;
    if (!prepared_) prepared_ = std::make_unique<Prepared>(session_, county_);
    auto& p = *prepared_;
    p.size_batch();
    p.units.execute(false);
    while (p.units.fetch()) {
      for (std::size_t i = 0; i < p.unit_ids.size(); ++i) {
        out.push_back(unit_from(std::move(p.unit_ids[i]), std::move(p.names[i]), p.kinds[i],
                                std::move(p.parents[i]), p.keys[i] != 0));
      }
      p.size_batch();
    }
    units_ = out;
    return out;
  });
}

std::optional<Unit> SociDirectory::find_unit(const std::string& id) {
  return guarded("units.find", [&]() -> std::optional<Unit> {
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string(kUnitColumns) +
                                 " WHERE county_id = :c AND id = :id AND active = 1",
         soci::use(county_), soci::use(id));
    for (const auto& r : rows) return unit_from_row(r);
    return std::nullopt;
  });
}

std::vector<User> SociDirectory::users_of_unit(const std::string& unit) {
  return guarded("users.of_unit", [&] {
    std::vector<User> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << std::string(kUserColumns) +
                                 " WHERE county_id = :c AND unit_id = :u AND active = 1"
                                 " AND disabled_at = ''",
         soci::use(county_), soci::use(unit));
    for (const auto& r : rows) out.push_back(user_from_row(r));
    return out;
  });
}

SyncCounts SociDirectory::sync(const std::vector<Unit>& units) {
  users_.clear();  // this session's own writes leave data_version as it was
  units_.reset();
  return guarded("units.sync", [&] {
    SyncCounts counts;
    auto units_before = ids(session_, county_, "units", true);
    auto users_before = ids(session_, county_, "users", true);
    auto units_known = ids(session_, county_, "units", false);
    auto users_known = ids(session_, county_, "users", false);
    std::set<std::string> units_now, users_now;
    session_ << "UPDATE units SET active = 0 WHERE county_id = :c", soci::use(county_);
    session_ << "UPDATE users SET active = 0 WHERE county_id = :c AND origin = 'config'",
        soci::use(county_);
    for (const auto& u : units) {
      std::string kind(to_string(u.kind));
      int key = u.key ? 1 : 0;
      session_ << "INSERT INTO units (county_id, id, name, kind, parent_id, key_township, active)"
                  " VALUES (:c, :id, :name, :kind, :parent, :key, 1)"
                  " ON CONFLICT (county_id, id) DO UPDATE SET name = excluded.name,"
                  " kind = excluded.kind,"
                  " parent_id = excluded.parent_id, key_township = excluded.key_township,"
                  " active = 1",
          soci::use(county_), soci::use(u.id), soci::use(u.name), soci::use(kind),
          soci::use(u.parent), soci::use(key);
      ++counts.units;
      units_now.insert(u.id);
      for (const auto& c : u.contacts) {
        if (c.user.empty()) continue;
        std::string access(to_string(c.access));
        session_ << "INSERT INTO users (county_id, id, name, unit_id, access, role, email, phone,"
                    " active) VALUES (:c, :id, :name, :unit, :access, :role, :email, :phone, 1)"
                    " ON CONFLICT (county_id, id) DO UPDATE SET name = excluded.name,"
                    " unit_id = excluded.unit_id, access = excluded.access, role = excluded.role,"
                    " email = excluded.email, phone = excluded.phone, active = 1,"
                    " origin = 'config'",
            soci::use(county_), soci::use(c.user), soci::use(c.name), soci::use(u.id),
            soci::use(access), soci::use(c.role), soci::use(c.email), soci::use(c.phone);
        ++counts.users;
        users_now.insert(c.user);
      }
    }
    for (const auto& id : units_before)
      if (!units_now.count(id)) counts.deactivated_ids.push_back("unit:" + id);
    for (const auto& id : users_before)
      if (!users_now.count(id)) counts.deactivated_ids.push_back("user:" + id);
    // Known before but inactive, and configured again.
    for (const auto& id : units_now)
      if (units_known.count(id) && !units_before.count(id))
        counts.reactivated_ids.push_back("unit:" + id);
    for (const auto& id : users_now)
      if (users_known.count(id) && !users_before.count(id))
        counts.reactivated_ids.push_back("user:" + id);
    int inactive = 0;
    session_ << "SELECT COUNT(*) FROM units WHERE county_id = :c AND active = 0",
        soci::use(county_), soci::into(inactive);
    counts.deactivated = inactive;
    return counts;
  });
}

std::vector<UserRecord> SociDirectory::list_users() {
  return guarded("users.list", [&] {
    std::vector<UserRecord> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, name, unit_id, access, role, email, phone, origin,"
                             " active, disabled_at FROM users WHERE county_id = :c ORDER BY id",
         soci::use(county_));
    for (const auto& r : rows) {
      UserRecord u;
      u.user = user_from_row(r);
      u.role = r.get<std::string>(4);
      u.email = r.get<std::string>(5);
      u.phone = r.get<std::string>(6);
      u.origin = r.get<std::string>(7);
      u.active = int64_at(r, 8) != 0;
      u.disabled_at = r.get<std::string>(9);
      out.push_back(std::move(u));
    }
    return out;
  });
}

bool SociDirectory::add_user(const UserRecord& u) {
  users_.clear();
  return guarded("users.add", [&] {
    int taken = 0;
    session_ << "SELECT COUNT(*) FROM users WHERE county_id = :c AND id = :id", soci::use(county_),
        soci::use(u.user.id), soci::into(taken);
    if (taken) return false;
    std::string access(to_string(u.user.access));
    session_ << "INSERT INTO users (county_id, id, name, unit_id, access, role, email, phone,"
                " active, origin) VALUES (:c, :id, :name, :unit, :access, :role, :email, :phone,"
                " 1, 'api')",
        soci::use(county_), soci::use(u.user.id), soci::use(u.user.name), soci::use(u.user.unit),
        soci::use(access), soci::use(u.role), soci::use(u.email), soci::use(u.phone);
    return true;
  });
}

void SociDirectory::set_user_disabled(const std::string& id, const std::string& at) {
  users_.clear();  // this session's own writes leave data_version as it was
  guarded("users.disable", [&] {
    session_ << "UPDATE users SET disabled_at = :at WHERE county_id = :c AND id = :id",
        soci::use(at), soci::use(county_), soci::use(id);
  });
}

std::string SociDirectory::synced_hash() {
  return guarded("meta.read", [&] {
    std::string value;
    soci::indicator ind = soci::i_null;
    session_ << "SELECT value FROM meta WHERE county_id = :c AND key = 'config_hash'",
        soci::use(county_), soci::into(value, ind);
    return session_.got_data() && ind == soci::i_ok ? value : std::string();
  });
}

void SociDirectory::set_synced_hash(const std::string& hash) {
  guarded("meta.write", [&] {
    session_ << "INSERT INTO meta (county_id, key, value) VALUES (:c, 'config_hash', :v)"
                " ON CONFLICT (county_id, key) DO UPDATE SET value = excluded.value",
        soci::use(county_), soci::use(hash);
  });
}

}  // namespace duban::store
