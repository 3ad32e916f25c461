#include "app/denials.hpp"
#include "app/evidence_cases.hpp"
#include "app/journal_entry.hpp"
#include "app/permissions.hpp"
#include "app/transaction.hpp"
#include "app/visibility.hpp"
#include "audit/credentials.hpp"
#include "domain/text_check.hpp"
#include "store/evidence_files.hpp"

namespace duban::app {

namespace {

bool starts(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

bool ends_with(const std::string& name, const char* ext) {
  std::string lower = name;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.ends_with(ext);
}

store::EvidenceFiles files(const Services& services) {
  return store::EvidenceFiles(services.config.data_dir / "evidence");
}

RectificationItem visible_item(Transaction& tx, const User& actor, std::int64_t id,
                               const Text& action) {
  auto item = tx.items().find(id);
  if (!item) throw no_such_item(id);
  require_sight(tx.directory(), actor, *item, action);
  return *item;
}

}  // namespace

std::string evidence_type(std::string_view b, const std::string& name) {
  if (starts(b, "%PDF-")) return "application/pdf";
  if (starts(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(b, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return "image/webp";
  if (starts(b, std::string_view("PK\x03\x04", 4))) {
    if (ends_with(name, ".docx"))
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (ends_with(name, ".xlsx"))
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "";
}

EvidenceRecord attach_evidence(Services& services, const AttachEvidence& r) {
  const auto subject = "item:" + std::to_string(r.item);
  return recording_refusals(services, {r.actor, "evidence upload", subject}, [&] {
    auto name = clean_text({"文件名", "file name"}, r.name, TextShape::line);
    if (name.empty() || name.size() > 255 || name.find('/') != std::string::npos) {
      throw Error(Errc::missing_field, {"请给出文件名(不含 /,至多 255 字节)",
                                        "give the file's name (no /, at most 255 bytes)"});
    }
    if (r.bytes.empty()) {
      throw Error(Errc::invalid_argument, {"文件为空", "the file is empty"});
    }
    if (r.bytes.size() > r.max_bytes) {
      throw Error(Errc::invalid_argument,
                  {"文件超过 " + std::to_string(r.max_bytes >> 20) + " MiB",
                   "the file is over " + std::to_string(r.max_bytes >> 20) + " MiB"});
    }
    auto type = evidence_type(r.bytes, name);
    if (type.empty()) {
      throw Error(Errc::invalid_argument,
                  {"不支持的文件类型:" + name + "(可上传 PDF、JPEG、PNG、WebP、DOCX、XLSX)",
                   "unsupported file type: " + name + " (PDF, JPEG, PNG, WebP, DOCX, XLSX)"});
    }
    auto declared = r.declared_type.substr(0, r.declared_type.find(';'));
    if (!declared.empty() && declared != type && declared != "application/octet-stream") {
      throw Error(Errc::invalid_argument,
                  {"文件内容为 " + type + ",与声明的 " + printable(declared) + " 不符",
                   "the content is " + type + ", not the declared " + printable(declared)});
    }
    {
      // Checked before the file is written: a refused upload stores nothing.
      Transaction tx(services, store::Intent::read);
      auto actor = require_actor(tx.directory(), r.actor);
      auto item = visible_item(tx, actor, r.item, {"上传佐证材料", "upload evidence"});
      if (actor.access != Access::leading_group && actor.access != Access::supervision &&
          actor.access != Access::evaluator) {
        require_member_of(actor, item.unit, false, {"上传佐证材料", "upload evidence"});
      }
    }
    auto hash = files(services).put(r.bytes);
    Transaction tx(services, store::Intent::write);
    auto now = services.clock.now();
    auto actor = require_actor(tx.directory(), r.actor);
    visible_item(tx, actor, r.item, {"上传佐证材料", "upload evidence"});
    EvidenceRecord e{
        0,    r.item,          name,    type, static_cast<std::int64_t>(r.bytes.size()),
        hash, format_utc(now), actor.id};
    tx.evidence().add(e);
    auto entry = journal_entry(now, actor.id, "evidence:" + std::to_string(e.id), "attach", "", "");
    entry.changes["item"] = {"", std::to_string(e.item)};
    entry.changes["name"] = {"", e.name};
    entry.changes["type"] = {"", e.type};
    entry.changes["size"] = {"", std::to_string(e.size)};
    entry.changes["sha256"] = {"", e.sha256};
    tx.record(std::move(entry));
    tx.commit();
    return e;
  });
}

std::vector<EvidenceRecord> list_evidence(Services& services, const std::string& actor_id,
                                          std::int64_t item) {
  Transaction tx(services, store::Intent::read);
  auto actor = require_actor(tx.directory(), actor_id);
  visible_item(tx, actor, item, {"查看佐证材料", "see evidence"});
  return tx.evidence().of_item(item);
}

EvidenceFile read_evidence(Services& services, const std::string& actor_id, std::int64_t item,
                           std::int64_t id) {
  EvidenceFile out;
  {
    Transaction tx(services, store::Intent::read);
    auto actor = require_actor(tx.directory(), actor_id);
    visible_item(tx, actor, item, {"查看佐证材料", "see evidence"});
    auto e = tx.evidence().find(id);
    if (!e || e->item != item) {
      throw Error(Errc::not_found, {"佐证材料不存在:" + std::to_string(id),
                                    "no such evidence: " + std::to_string(id)});
    }
    out.record = *e;
  }
  auto bytes = files(services).get(out.record.sha256);
  if (!bytes || audit::sha256_hex(*bytes) != out.record.sha256) {
    throw Error(Errc::audit_broken,
                {"佐证材料 " + std::to_string(id) + " 的文件缺失或已被改动",
                 "evidence " + std::to_string(id) + ": the file is missing or was changed"});
  }
  out.bytes = std::move(*bytes);
  return out;
}

}  // namespace duban::app
