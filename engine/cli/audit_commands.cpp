// duban audit verify / keygen / checkpoint: the journal checked, and anchored by signatures.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/denials.hpp"
#include "app/json_views.hpp"
#include "app/queries.hpp"
#include "audit/checkpoint.hpp"
#include "audit/signing.hpp"
#include "cli/cli.hpp"
#include "cli/safe_files.hpp"
#include "domain/errors.hpp"

namespace duban::cli {

namespace {

namespace fs = std::filesystem;

const std::string& tr(const Text& t) { return t.str(); }

std::string read_small_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec) || fs::file_size(file, ec) > 64 * 1024) {
    throw Error(Errc::io_error, {"无法读取 " + file.string() + "(不是检查点文件)",
                                 "cannot read " + file.string() + " (not a checkpoint file)"});
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Checkpoint files named on the command line, or every *.checkpoint file in a folder.
std::vector<Checkpoint> kept_checkpoints(const std::vector<std::string>& paths) {
  std::vector<Checkpoint> out;
  for (const auto& p : paths) {
    std::vector<fs::path> files;
    if (fs::is_directory(p)) {
      for (const auto& e : fs::directory_iterator(p))
        if (e.path().extension() == ".checkpoint") files.push_back(e.path());
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(p);
    }
    for (const auto& f : files)
      out.push_back(audit::parse_checkpoint_file(read_small_file(f), f.string()));
  }
  return out;
}

int verify(Invocation& inv) {
  app::AuditOptions options;
  const auto& cfg = inv.services().config;
  auto key_file = inv.value("public-key", cfg.public_key.string());
  if (!key_file.empty() && (inv.has("public-key") || fs::exists(key_file))) {
    options.public_key = audit::load_public_key(key_file);
  }
  options.kept = kept_checkpoints(inv.values("checkpoint"));
  if (!options.kept.empty() && !options.public_key) {
    throw Error(Errc::invalid_argument,
                {"检查签名检查点需要公钥:--public-key 或配置 audit.public_key",
                 "checking signed checkpoints needs the public key: --public-key or "
                 "audit.public_key in the configuration"});
  }
  auto r = app::audit_verify(inv.services(), options);
  if (inv.global.json) {
    inv.out << app::dump_json(app::to_json(r), 2) << "\n";
    return r.ok ? 0 : 3;
  }
  if (r.ok) {
    inv.out << tr({"日志完整:共 ", "journal intact: "}) << r.entries
            << tr({" 条记录,哈希链校验通过,各记录与日志一致",
                   " entries, hash chain verified, "
                   "every record agrees with it"})
            << "\n";
  } else {
    inv.out << tr({"日志校验失败:", "journal verification FAILED: "})
            << tr({r.problem_zh, r.problem_en}) << "\n";
    auto total = r.findings.size() + r.more;
    if (total > 1) {
      inv.out << tr({"共发现 ", "problems found: "}) << total << tr({" 处问题:", ""}) << "\n";
      for (const auto& f : r.findings) inv.out << "  " << tr({f.problem_zh, f.problem_en}) << "\n";
      if (r.more > 0) {
        inv.out << tr({"  ……另有 ", "  ... and "}) << r.more << tr({" 处", " more"}) << "\n";
      }
    }
  }
  if (!options.public_key) {
    inv.out << tr({"注意:未配置公钥(audit.public_key),无法发现整条日志被重新计算",
                   "note: no public key configured (audit.public_key): a recomputed chain "
                   "cannot be told"})
            << "\n";
  } else if (r.checkpoints == 0) {
    inv.out << tr({"注意:没有签名检查点(duban audit checkpoint),无法发现整条日志被重新计算",
                   "note: no signed checkpoint (duban audit checkpoint): a recomputed chain "
                   "cannot be told"})
            << "\n";
  } else {
    inv.out << tr({"已核对签名检查点 ", "signed checkpoints checked: "}) << r.checkpoints
            << tr({" 个,日志至第 ", ", the journal is vouched for up to entry #"}) << r.anchored_seq
            << tr({" 条有签名为证", ""}) << "\n";
  }
  return r.ok ? 0 : 3;
}

int keygen(Invocation& inv) {
  const auto& cfg = inv.services().config;
  auto file = inv.value("output", cfg.signing_key.string());
  if (file.empty()) {
    throw Error(Errc::invalid_argument,
                {"请用 --output 指定密钥文件,或在配置中设置 audit.signing_key",
                 "name the key file with --output, or set audit.signing_key in the configuration"});
  }
  auto key = audit::generate_key(file);
  inv.out << tr({"已生成签名密钥:", "signing key written: "}) << file
          << tr({"(仅本人可读,请备份到数据库以外的地方)",
                 " (readable by its owner alone; keep a copy away from the database)"})
          << "\n"
          << tr({"公钥:", "public key: "}) << file << ".pub  " << key.base64 << "\n";
  return 0;
}

int checkpoint(Invocation& inv) {
  const auto& cfg = inv.services().config;
  if (cfg.signing_key.empty()) {
    throw Error(Errc::invalid_argument,
                {"配置中没有 audit.signing_key:先执行 duban audit keygen 并配置它",
                 "no audit.signing_key in the configuration: run duban audit keygen and set it"});
  }
  auto key = audit::SigningKey::load(cfg.signing_key);
  auto c = app::make_checkpoint(inv.services(), key);
  auto text = audit::checkpoint_file_text(c);
  if (inv.has("output")) {
    auto target = inv.value("output");
    if (fs::is_directory(target)) {
      target = (fs::path(target) / ("duban-" + std::to_string(c.seq) + ".checkpoint")).string();
    }
    write_atomically(target, cfg, [&](std::ostream& out) {
      out << text;
      return std::size_t{1};
    });
    inv.err << tr({"检查点已写入 ", "checkpoint written to "}) << target << "\n";
  }
  if (inv.global.json) {
    inv.out << app::dump_json({{"seq", c.seq},
                               {"hash", c.hash},
                               {"at", c.at},
                               {"statement", c.statement},
                               {"signature", c.signature},
                               {"public_key", c.public_key}},
                              2)
            << "\n";
  } else if (!inv.has("output")) {
    inv.out << text;
  }
  return 0;
}

int denials(Invocation& inv) {
  auto list = app::list_denials(inv.services(), inv.value("since"));
  if (inv.global.json) {
    auto arr = nlohmann::json::array();
    for (const auto& d : list) {
      arr.push_back({{"id", d.id},
                     {"at", d.at},
                     {"actor", d.actor},
                     {"action", d.action},
                     {"subject", d.subject},
                     {"code", d.code},
                     {"reason", tr({d.reason_zh, d.reason_en})}});
    }
    inv.out << app::dump_json(arr, 2) << "\n";
    return 0;
  }
  if (list.empty()) {
    inv.out << tr({"没有被拒绝的操作", "no refused actions"}) << "\n";
    return 0;
  }
  const auto zone = inv.services().config.zone;
  for (const auto& d : list) {
    auto at = parse_utc(d.at);
    inv.out << (at ? format_instant(*at, zone) : d.at) << "  " << d.actor << "  " << d.action
            << (d.subject.empty() ? "" : " " + d.subject) << "  [" << d.code << "] "
            << tr({d.reason_zh, d.reason_en}) << "\n";
  }
  return 0;
}

}  // namespace

std::vector<CommandSpec> audit_commands() {
  std::vector<CommandSpec> v;
  v.push_back({"audit verify",
               {},
               {{"public-key", "FILE", {"本县公钥文件(覆盖配置)", "the county's public key file"}},
                {"checkpoint",
                 "FILE|DIR",
                 {"另外保存的签名检查点文件或文件夹(可重复)",
                  "signed checkpoint files kept elsewhere, or a folder of them (repeatable)"}}},
               {"校验日志与各记录,报告全部问题",
                "verify the journal and every record against it, reporting every problem"},
               verify});
  v.push_back({"audit denials",
               {},
               {{"since", "YYYY-MM-DD", {"只列出这一天及以后的", "only from this day on"}}},
               {"列出被拒绝的操作(安全日志)", "list refused actions (the security log)"},
               denials});
  v.push_back({"audit keygen",
               {},
               {{"output",
                 "FILE",
                 {"密钥文件(默认为配置的 audit.signing_key)",
                  "the key file (default: audit.signing_key)"}}},
               {"生成签名检查点用的 Ed25519 密钥", "create the Ed25519 key that signs checkpoints"},
               keygen});
  v.push_back({"audit checkpoint",
               {},
               {{"output",
                 "FILE|DIR",
                 {"另存检查点文件(可寄给上级保存)",
                  "also write the checkpoint to a file (to keep or mail)"}}},
               {"签名日志当前的末尾,存入数据库", "sign the journal's head and keep it"},
               checkpoint});
  return v;
}

}  // namespace duban::cli
