// The dashboard's static file handler: path safety (traversal, hidden files, symlinks out of the
// root), content types, ETag / 304, cache headers, 404 and the unbuilt-root 503 page.
#include "api/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace strikeline {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("strikeline-static-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "web";
    write_file(root_ / "index.html", "<!doctype html><title>dash</title>");
    write_file(root_ / "assets" / "main-ABC123.js", "console.log(1)");
    write_file(root_ / "assets" / "main-ABC123.css", "body{}");
    write_file(root_ / "docs" / "index.html", "<p>docs</p>");
    write_file(root_ / ".hidden", "secret");
    write_file(base_ / "secret.txt", "outside the root");
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    handler_ = static_files_handler(root_);
  }
  void TearDown() override { fs::remove_all(base_); }

  HttpResponse get(std::string_view path, std::string_view if_none_match = {}) {
    HttpRequest req{http::verb::get, std::string(path), 11};
    if (!if_none_match.empty()) req.set(http::field::if_none_match, if_none_match);
    QueryParams params;
    RequestContext ctx{req, path, params, Timestamp{}, {}};
    HttpResponse res;
    res.result(http::status::ok);
    res.set(http::field::content_type, "application/json");
    handler_(ctx, res);
    return res;
  }

  fs::path base_;
  fs::path root_;
  Handler handler_;
};

TEST(StaticRelativePath, MapsDirectoriesToIndex) {
  EXPECT_EQ(static_relative_path("/"), "index.html");
  EXPECT_EQ(static_relative_path("/docs/"), "docs/index.html");
  EXPECT_EQ(static_relative_path("/assets/main-1.js"), "assets/main-1.js");
}

TEST(StaticRelativePath, RejectsTraversalAndOddSegments) {
  for (std::string_view bad :
       {"", "relative", "/..", "/../secret.txt", "/assets/../../secret.txt", "/a/./b", "/a//b",
        "/.hidden", "/.git/config", "/a\\..\\b", "/c:/windows", "/a/..", "/..%2f"}) {
    EXPECT_FALSE(static_relative_path(bad).has_value()) << bad;
  }
  EXPECT_FALSE(static_relative_path(std::string_view("/a\0b", 4)).has_value());
}

TEST(StaticContentType, ByExtension) {
  EXPECT_EQ(static_content_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(static_content_type("assets/main-X.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(static_content_type("a/b.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(static_content_type("logo.svg"), "image/svg+xml");
  EXPECT_EQ(static_content_type("x.json"), "application/json");
  EXPECT_EQ(static_content_type("README"), "application/octet-stream");
  EXPECT_EQ(static_content_type("dir.js/file"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesIndexAtRootWithRevalidation) {
  const HttpResponse res = get("/");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "<!doctype html><title>dash</title>");
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res[http::field::cache_control], "no-cache");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_FALSE(res[http::field::etag].empty());
  EXPECT_EQ(get("/docs/").body(), "<p>docs</p>");
}

TEST_F(StaticFilesTest, AssetsAreImmutableWithTheirTypes) {
  HttpResponse js = get("/assets/main-ABC123.js");
  EXPECT_EQ(js.result(), http::status::ok);
  EXPECT_EQ(js.body(), "console.log(1)");
  EXPECT_EQ(js[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js[http::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/assets/main-ABC123.css")[http::field::content_type], "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, EtagAnswers304) {
  const HttpResponse first = get("/assets/main-ABC123.js");
  const std::string etag(first[http::field::etag]);
  ASSERT_EQ(etag.front(), '"');
  const HttpResponse again = get("/assets/main-ABC123.js", etag);
  EXPECT_EQ(again.result(), http::status::not_modified);
  EXPECT_TRUE(again.body().empty());
  EXPECT_EQ(again[http::field::etag], etag);
  EXPECT_EQ(get("/assets/main-ABC123.js", "\"other\", W/" + etag).result(),
            http::status::not_modified);
  EXPECT_EQ(get("/assets/main-ABC123.js", "\"other\"").result(), http::status::ok);
  // Another file has another tag.
  EXPECT_NE(get("/assets/main-ABC123.css")[http::field::etag], etag);
}

TEST_F(StaticFilesTest, TraversalHiddenAndEscapingLinksAre404) {
  for (std::string_view path : {"/../secret.txt", "/assets/../../secret.txt", "/.hidden",
                                "/escape.txt", "/missing.js", "/assets", "/assets/nope.js"}) {
    const HttpResponse res = get(path);
    EXPECT_EQ(res.result(), http::status::not_found) << path;
    EXPECT_EQ(res[http::field::content_type], "application/json") << path;
    EXPECT_NE(res.body().find("\"detail\""), std::string::npos) << path;
    EXPECT_EQ(res.body().find("outside the root"), std::string::npos) << path;
    EXPECT_EQ(res.body().find("secret"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, UnbuiltRootAnswers503WithHowToBuild) {
  fs::remove_all(root_);
  const HttpResponse page = get("/");
  EXPECT_EQ(page.result(), http::status::service_unavailable);
  EXPECT_EQ(page[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(page.body().find("scripts/build-web.sh"), std::string::npos);
  EXPECT_EQ(get("/index.html").result(), http::status::service_unavailable);
  const HttpResponse asset = get("/assets/main-ABC123.js");
  EXPECT_EQ(asset.result(), http::status::not_found);
  EXPECT_NE(asset.body().find("\"detail\""), std::string::npos);
  EXPECT_NE(asset.body().find("scripts/build-web.sh"), std::string::npos);
}

}  // namespace
}  // namespace strikeline
