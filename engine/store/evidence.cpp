#include "store/evidence.hpp"

#include "store/guard.hpp"
#include "store/row.hpp"

namespace duban::store {

void SociEvidence::add(EvidenceRecord& e) {
  guarded("evidence.add", [&] {
    long long id = 0, item = e.item, size = e.size;
    session_ << "INSERT INTO evidence (county_id, item_id, name, media_type, size, sha256,"
                " added_at, added_by) VALUES (:c, :i, :n, :t, :s, :h, :at, :by) RETURNING id",
        soci::use(county_), soci::use(item), soci::use(e.name), soci::use(e.type), soci::use(size),
        soci::use(e.sha256), soci::use(e.at), soci::use(e.by), soci::into(id);
    e.id = id;
  });
}

std::vector<EvidenceRecord> SociEvidence::select(const std::string& where, long long key) {
  return guarded("evidence.select", [&] {
    std::vector<EvidenceRecord> out;
    soci::rowset<soci::row> rows =
        (session_.prepare << "SELECT id, item_id, name, media_type, size, sha256, added_at,"
                             " added_by FROM evidence WHERE county_id = :c AND" +
                                 where + " ORDER BY id",
         soci::use(county_), soci::use(key));
    for (const auto& r : rows) {
      EvidenceRecord e;
      e.id = int64_at(r, 0);
      e.item = int64_at(r, 1);
      e.name = r.get<std::string>(2);
      e.type = r.get<std::string>(3);
      e.size = int64_at(r, 4);
      e.sha256 = r.get<std::string>(5);
      e.at = r.get<std::string>(6);
      e.by = r.get<std::string>(7);
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::optional<EvidenceRecord> SociEvidence::find(std::int64_t id) {
  auto found = select(" id = :k", id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<EvidenceRecord> SociEvidence::of_item(std::int64_t item) {
  return select(" item_id = :k", item);
}

std::vector<EvidenceRecord> SociEvidence::all() { return select(" id > :k", 0); }

}  // namespace duban::store
