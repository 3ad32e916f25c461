// Anchoring: the chain's head signed with an Ed25519 key kept outside the database.
// Whoever recomputes the whole chain, cuts it short or resets it cannot make the signed
// checkpoints agree, and the public key alone tells.
#include <soci/soci.h>
#include <sys/stat.h>

#include <regex>

#include "store/journal_hash.hpp"
#include "store/row.hpp"
#include "support/cli_fixture.hpp"

namespace duban::testing {
namespace {

namespace fs = std::filesystem;

class AuditSignCli : public DubanCli {
 protected:
  void SetUp() override {
    // The demo configuration, with a signing key beside it.
    use_config_copy("audit:\n  signing_key: keys/county.key\n");
    fs::create_directories(dir_ / "conf" / "keys");
    ASSERT_EQ(duban("init").exit_code, 0);
    ASSERT_EQ(duban("import '" + (source_dir() / "config" / "demo" / "items.csv").string() + "'")
                  .exit_code,
              0);
    ASSERT_EQ(duban("round start 2020-H1").exit_code, 0);
  }

  // The attack a careful tamperer makes: change a title, then recompute every hash of the chain
  // from the start, and the anchors the rows and the head keep, so that the chain verifies.
  void recompute_chain_after_editing_item(int id) {
    soci::session db;
    store::open_session(db, database_.options());
    db << "UPDATE items SET title = '篡改过的标题' WHERE id = " + std::to_string(id);
    soci::rowset<soci::row> rows =
        (db.prepare << "SELECT seq, at, actor, subject, event, state_before, state_after,"
                       " changes, reason, pinned_clock FROM journal ORDER BY seq");
    std::vector<JournalEntry> entries;
    std::vector<std::string> ats, changes;
    for (const auto& r : rows) {
      JournalEntry e;
      e.seq = store::int64_at(r, 0);
      ats.push_back(r.get<std::string>(1));
      e.actor = r.get<std::string>(2);
      e.subject = r.get<std::string>(3);
      e.event = r.get<std::string>(4);
      e.state_before = r.get<std::string>(5);
      e.state_after = r.get<std::string>(6);
      changes.push_back(r.get<std::string>(7));
      e.reason = r.get<std::string>(8);
      e.pinned_clock = store::int64_at(r, 9) != 0;
      entries.push_back(e);
    }
    std::string prev(64, '0');
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto& e = entries[i];
      if (e.subject == "item:" + std::to_string(id)) {
        e.changes = store::parse_changes(changes[i]);
        if (e.changes.count("title")) e.changes["title"].second = "篡改过的标题";
        changes[i] = store::changes_text(e);
      }
      auto hash = store::chain_hash(prev, e, ats[i], changes[i]);
      db << "UPDATE journal SET changes = :c, prev_hash = :p, hash = :h WHERE seq = :s",
          soci::use(changes[i]), soci::use(prev), soci::use(hash), soci::use(e.seq);
      db << "UPDATE items SET journal_hash = :h WHERE journal_seq = :s", soci::use(hash),
          soci::use(e.seq);
      prev = hash;
    }
    db << "UPDATE journal_head SET hash = (SELECT hash FROM journal WHERE seq = journal_head.seq)";
  }
};

TEST_F(AuditSignCli, KeygenWritesAPrivateKeyAndNeverReplacesOne) {
  auto r = duban("audit keygen");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "conf" / "keys" / "county.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(fs::exists(dir_ / "conf" / "keys" / "county.key.pub"));
  auto key = read_file(dir_ / "conf" / "keys" / "county.key");
  auto again = duban("audit keygen");
  EXPECT_EQ(again.exit_code, 1) << again.out;
  EXPECT_NE(again.out.find("an existing key is never replaced"), std::string::npos) << again.out;
  EXPECT_EQ(read_file(dir_ / "conf" / "keys" / "county.key"), key);
  // A key others may read is refused before it signs anything.
  ::chmod((dir_ / "conf" / "keys" / "county.key").c_str(), 0644);
  auto loose = duban("audit checkpoint");
  EXPECT_EQ(loose.exit_code, 1) << loose.out;
  EXPECT_NE(loose.out.find("may be read by others: chmod 600 it"), std::string::npos) << loose.out;
}

TEST_F(AuditSignCli, ARecomputedChainPassesTheHashesButNotTheSignedCheckpoint) {
  ASSERT_EQ(duban("audit keygen").exit_code, 0);
  auto signed_ = duban("audit checkpoint --output kept.checkpoint");
  ASSERT_EQ(signed_.exit_code, 0) << signed_.out;
  auto ok = duban("audit verify --checkpoint kept.checkpoint");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("signed checkpoints checked: 2, the journal is vouched for up to entry "
                        "#14"),
            std::string::npos)
      << ok.out;

  recompute_chain_after_editing_item(5);
  // Without the key the recomputed chain is consistent: this is what the signature is for.
  auto hashes_only = duban("audit verify --public-key /dev/null");
  EXPECT_NE(hashes_only.out.find("is not a duban signing key file"), std::string::npos);
  fs::remove(dir_ / "conf" / "keys" / "county.key.pub");
  auto unkeyed = duban("audit verify");
  EXPECT_EQ(unkeyed.exit_code, 0) << unkeyed.out;
  EXPECT_NE(unkeyed.out.find("no public key configured"), std::string::npos) << unkeyed.out;
  // The public key alone (here from the kept checkpoint's office) tells.
  auto key_line = read_file(dir_ / "kept.checkpoint");
  auto b64 = key_line.substr(key_line.find("public_key: ") + 12);
  b64.pop_back();
  write_file(dir_ / "county.pub", "duban-ed25519-public-key 1\n" + b64 + "\n");
  auto keyed = duban("audit verify --public-key county.pub --checkpoint kept.checkpoint");
  EXPECT_EQ(keyed.exit_code, 3) << keyed.out;
  EXPECT_NE(keyed.out.find("journal entry #14 differs from the signed checkpoint"),
            std::string::npos)
      << keyed.out;
}

TEST_F(AuditSignCli, ACutOrResetJournalIsToldByAKeptCheckpoint) {
  ASSERT_EQ(duban("audit keygen").exit_code, 0);
  ASSERT_EQ(duban("audit checkpoint --output kept.checkpoint").exit_code, 0);
  // Reset: every entry, every checkpoint and the head gone, the records too.
  soci::session db;
  store::open_session(db, database_.options());
  db << "DELETE FROM journal";
  db << "DELETE FROM checkpoints";
  db << "DELETE FROM items";
  db << "DELETE FROM round_steps";
  db << "DELETE FROM rounds";
  db << "UPDATE journal_head SET seq = 0, hash = '" + std::string(64, '0') + "'";
  auto plain = duban("audit verify");
  EXPECT_EQ(plain.exit_code, 0) << "an empty database is consistent on its own\n" << plain.out;
  auto kept = duban("audit verify --checkpoint kept.checkpoint");
  EXPECT_EQ(kept.exit_code, 3) << kept.out;
  EXPECT_NE(kept.out.find("vouches for journal entry #14, which is gone: the journal was cut short "
                          "or reset"),
            std::string::npos)
      << kept.out;
}

TEST_F(AuditSignCli, ACheckpointSignedWithAnotherKeyIsRefused) {
  ASSERT_EQ(duban("audit keygen").exit_code, 0);
  ASSERT_EQ(duban("audit keygen --output other.key").exit_code, 0);
  // A forger signs a checkpoint with a key of their own and stores it.
  fs::rename(dir_ / "conf" / "keys" / "county.key", dir_ / "real.key");
  fs::copy_file(dir_ / "other.key", dir_ / "conf" / "keys" / "county.key");
  ::chmod((dir_ / "conf" / "keys" / "county.key").c_str(), 0600);
  ASSERT_EQ(duban("audit checkpoint").exit_code, 0);
  auto r = duban("audit verify");  // with the county's real public key, county.key.pub
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("does not verify with the county's public key"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace duban::testing
