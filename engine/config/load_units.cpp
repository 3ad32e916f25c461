// Reading and checking the units file (config/units.yaml or config/demo/units.yaml).
#include <map>
#include <set>

#include "config/loaders.hpp"

namespace duban::config {

namespace {

const std::vector<std::string> kKinds = {"township", "department", "village", "work_team",
                                         "office"};
const std::vector<std::string> kAccess = {"leading_group", "supervision", "evaluator",
                                          "member",        "admin",       "viewer"};

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

Contact read_contact(const YAML::Node& node, const std::string& path, const Source& src) {
  MapReader r(node, path, src);
  Contact c;
  c.name = r.string("name", Need::required).value_or("");
  c.role = r.string("role").value_or("");
  c.email = r.string("email").value_or("");
  if (!c.email.empty() && c.email.find('@') == std::string::npos) {
    src.error(node["email"].Mark(), r.path_of("email"),
              {"邮箱地址无效:" + c.email, "invalid email address: " + c.email});
  }
  c.phone = r.string("phone").value_or("");
  if (!c.phone.empty()) {
    // A mobile or office number as people write it: digits, with +, -, spaces and brackets.
    int digits = 0;
    bool ok = true;
    for (char ch : c.phone) {
      if (ch >= '0' && ch <= '9')
        ++digits;
      else if (ch != '+' && ch != '-' && ch != ' ' && ch != '(' && ch != ')')
        ok = false;
    }
    if (!ok || digits < 5 || digits > 20) {
      src.error(node["phone"].Mark(), r.path_of("phone"),
                {"电话号码无效:" + c.phone, "invalid phone number: " + c.phone});
    }
  }
  c.head = r.boolean("head").value_or(false);
  c.user = r.string("user").value_or("");
  if (!c.user.empty() && !valid_id(c.user)) {
    src.error(
        node["user"].Mark(), r.path_of("user"),
        {"用户名只能含字母、数字、_ 和 -", "user ids may contain only letters, digits, _ and -"});
  }
  if (auto a = r.choice("access", Need::optional, kAccess)) c.access = *access_from(*a);
  r.finish();
  return c;
}

// The county's levels: the office over all; townships and departments; villages; work teams.
// A parent is on a higher level than its unit, so the hierarchy can have no cycle.
int level(UnitKind kind) {
  switch (kind) {
    case UnitKind::office:
      return 0;
    case UnitKind::township:
    case UnitKind::department:
      return 1;
    case UnitKind::village:
      return 2;
    case UnitKind::work_team:
      return 3;
  }
  return 0;
}

void check_parent(const Unit& unit, const std::string& parent, UnitKind parent_kind,
                  const YAML::Mark& mark, const std::string& path, const Source& src) {
  if (parent == unit.id) {
    src.error(mark, path,
              {"单位不能是自己的上级:" + parent, "a unit cannot be its own parent: " + parent});
    return;
  }
  // A village belongs to a township (乡镇), not to a department.
  bool village_under_department =
      unit.kind == UnitKind::village && parent_kind == UnitKind::department;
  if (level(parent_kind) >= level(unit.kind) || village_under_department) {
    auto kinds_zh =
        std::string(label_zh(unit.kind)) + "不能隶属于" + std::string(label_zh(parent_kind));
    auto kinds_en = "a " + std::string(to_string(unit.kind)) + " cannot be under a " +
                    std::string(to_string(parent_kind));
    src.error(mark, path, {kinds_zh + ":" + parent, kinds_en + ": " + parent});
  }
}

}  // namespace

std::vector<Unit> load_units(const std::filesystem::path& file, const std::string& shown,
                             Diagnostics& diagnostics) {
  Source src{shown, diagnostics, {}};
  auto root = parse_yaml_file(src, file.string());
  if (!root.IsDefined() || root.IsNull()) {
    if (diagnostics.empty()) src.error(YAML::Mark::null_mark(), "", {"文件为空", "file is empty"});
    return {};
  }
  MapReader top(root, "", src);
  std::vector<Unit> units;
  std::map<std::string, YAML::Mark> parents_to_check;  // unit path -> mark of its parent field
  struct ParentRef {
    std::string path, parent;
    YAML::Mark mark;
    std::size_t unit = 0;  ///< the index in `units` of the unit that names it
  };
  std::vector<ParentRef> parent_refs;
  std::map<std::string, std::string> user_paths;
  std::set<std::string> ids;

  for_each_element(top, "units", Need::required, [&](const YAML::Node& n, const std::string& path) {
    MapReader r(n, path, src);
    Unit u;
    u.id = r.string("id", Need::required).value_or("");
    if (!u.id.empty() && !valid_id(u.id)) {
      src.error(n["id"].Mark(), r.path_of("id"),
                {"单位编号只能含字母、数字、_ 和 -:" + u.id,
                 "unit ids may contain only letters, digits, _ and -: " + u.id});
    } else if (!u.id.empty() && !ids.insert(u.id).second) {
      src.error(n["id"].Mark(), r.path_of("id"),
                {"单位编号重复:" + u.id, "duplicate unit id: " + u.id});
    }
    u.name = r.string("name", Need::required).value_or("");
    if (auto k = r.choice("kind", Need::required, kKinds)) u.kind = *unit_kind_from(*k);
    u.parent = r.string("parent").value_or("");
    if (!u.parent.empty()) {
      parent_refs.push_back({r.path_of("parent"), u.parent, n["parent"].Mark(), units.size()});
    }
    u.key = r.boolean("key").value_or(false);
    for_each_element(
        r, "contacts", Need::optional, [&](const YAML::Node& cn, const std::string& cpath) {
          auto c = read_contact(cn, cpath, src);
          if (!c.user.empty()) {
            auto [it, fresh] = user_paths.emplace(c.user, cpath);
            if (!fresh) {
              src.error(cn["user"].Mark(), cpath + ".user",
                        {"用户名重复:" + c.user + "(已见于 " + it->second + ")",
                         "duplicate user id: " + c.user + " (also at " + it->second + ")"});
            }
          }
          u.contacts.push_back(std::move(c));
        });
    r.finish();
    units.push_back(std::move(u));
  });
  top.finish();

  std::vector<std::string> all_ids(ids.begin(), ids.end());
  std::map<std::string, UnitKind> kind_of;
  for (const auto& u : units) kind_of.emplace(u.id, u.kind);
  for (const auto& [path, parent, mark, unit] : parent_refs) {
    if (auto it = kind_of.find(parent); it != kind_of.end()) {
      check_parent(units[unit], parent, it->second, mark, path, src);
      continue;
    }
    auto hint = did_you_mean(parent, all_ids);
    src.error(mark, path,
              {"上级单位不存在:" + parent + (hint.empty() ? "" : "(是否想写 " + hint + "?)"),
               "parent unit does not exist: " + parent +
                   (hint.empty() ? "" : " (did you mean " + hint + "?)")});
  }
  return units;
}

}  // namespace duban::config
