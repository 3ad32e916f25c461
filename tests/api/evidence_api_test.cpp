// Evidence files through the API: upload (type recognised by content, size-limited), stored by
// SHA-256 under the data folder and journaled; listed and downloaded by those who see the item;
// a file changed on disk is found by the download and by audit verify.
#include <filesystem>
#include <fstream>

#include "api/api_fixture.hpp"
#include "app/json_views.hpp"

namespace duban {
namespace {

using testing::Answer;
using testing::Api;

const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

class Evidence : public Api {
 protected:
  void SetUp() override {
    Api::SetUp();
    config_.data_dir = dir_.path() / "data";
    office_ = login("office");
    longtan_ = login("longtan");
    item_ = assigned_item("longtan", "饮水安全不达标", "2020-06-30", office_);
  }
  Answer upload(const std::string& name, const std::string& bytes, const std::string& token,
                const std::string& type = "application/pdf") {
    return send("POST", base() + "?name=" + name, bytes, token, {{"content-type", type}});
  }
  std::string base() const { return "/api/v1/items/" + std::to_string(item_) + "/evidence"; }
  std::string office_, longtan_;
  std::int64_t item_ = 0;
};

TEST_F(Evidence, UploadedListedDownloadedAndJournaled) {
  auto up = upload("%E5%8F%B0%E8%B4%A6.pdf", kPdf, longtan_);  // 台账.pdf
  ASSERT_EQ(up.status, 201) << up.body;
  auto e = up.json();
  EXPECT_EQ(e["name"], "台账.pdf");
  EXPECT_EQ(e["type"], "application/pdf");
  EXPECT_EQ(e["size"], kPdf.size());
  EXPECT_EQ(e["by"], "longtan");
  auto sha = e["sha256"].get<std::string>();
  EXPECT_TRUE(std::filesystem::exists(config_.data_dir / "evidence" / sha.substr(0, 2) / sha));

  auto listed = get(base(), office_).json()["evidence"];
  ASSERT_EQ(listed.size(), 1u);
  auto down = get(e["href"].get<std::string>(), longtan_);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, kPdf);
  EXPECT_EQ(down.content_type, "application/pdf");
  EXPECT_EQ(down.headers["Content-Disposition"],
            "attachment; filename=\"evidence\"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6.pdf");
  EXPECT_EQ(down.headers["X-Content-Type-Options"], "nosniff");

  // The same content again is stored once, recorded twice.
  EXPECT_EQ(upload("copy.pdf", kPdf, longtan_).json()["sha256"], sha);
  EXPECT_EQ(get(base(), office_).json()["evidence"].size(), 2u);
  auto audit = app::audit_verify(services());
  EXPECT_TRUE(audit.ok) << app::to_json(audit).dump(2);

  // Rectifying names the evidence.
  auto rectified =
      post("/api/v1/items/" + std::to_string(item_) + "/events",
           {{"event", "rectify"}, {"result", "已完成"}, {"evidence", {e["href"]}}}, longtan_);
  ASSERT_EQ(rectified.status, 200) << rectified.body;
  EXPECT_EQ(rectified.json()["evidence"][0], e["href"]);
}

TEST_F(Evidence, OnlyKnownTypesWithinTheLimitFromThoseWhoMayAct) {
  EXPECT_EQ(upload("a.exe", "MZ\x90\x00 binary", longtan_, "application/octet-stream").code(),
            "invalid_argument");
  EXPECT_EQ(upload("a.pdf", "\x89PNG\r\n\x1A\n....", longtan_).code(), "invalid_argument")
      << "a PNG declared as a PDF";
  EXPECT_EQ(upload("a.png", "\x89PNG\r\n\x1A\n....", longtan_, "image/png").status, 201);
  EXPECT_EQ(upload("", kPdf, longtan_).code(), "missing_field");
  EXPECT_EQ(upload("a.pdf", "", longtan_).code(), "invalid_argument");
  api::ApiOptions small;
  small.upload_bytes = 16;
  with_options(small);
  EXPECT_EQ(upload("a.pdf", kPdf, longtan_).code(), "invalid_argument") << "over the limit";
  with_options({});
  EXPECT_EQ(upload("a.pdf", kPdf, login("xinmin")).status, 404) << "another unit's item";
  EXPECT_EQ(upload("a.pdf", kPdf, login("viewer")).status, 403);
  EXPECT_EQ(get(base() + "/1", login("xinmin")).status, 404);
  EXPECT_EQ(get(base() + "/99", longtan_).status, 404);
  EXPECT_EQ(get(base(), office_).json()["evidence"].size(), 1u) << "only the PNG was kept";
}

TEST_F(Evidence, AFileChangedOnDiskIsFound) {
  auto e = upload("a.pdf", kPdf, longtan_).json();
  auto sha = e["sha256"].get<std::string>();
  {
    std::ofstream out(config_.data_dir / "evidence" / sha.substr(0, 2) / sha, std::ios::trunc);
    out << "%PDF- forged";
  }
  auto down = get(e["href"].get<std::string>(), office_);
  EXPECT_EQ(down.status, 500);
  EXPECT_EQ(down.code(), "audit_broken");
  EXPECT_FALSE(app::audit_verify(services()).ok);
}

}  // namespace
}  // namespace duban
