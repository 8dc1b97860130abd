// Secrets stay out of logs and can stay out of the process list: database URLs are logged without
// their password, a secret flag is recognised on the command line (for its warning), secret files
// are read without their line break, and the access log masks credentials in URLs.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "api/access_log.h"
#include "app/secrets.h"

namespace strikeline::app {
namespace {

TEST(Secrets, UrlsAreLoggedWithoutPasswords) {
  EXPECT_EQ(redact_url("postgres://trader:pa55@db:5432/strikeline"),
            "postgres://trader:***@db:5432/strikeline");
  EXPECT_EQ(redact_url("postgresql://trader:p%40ss:word@db/s?sslmode=require"),
            "postgresql://trader:***@db/s?sslmode=require");
  EXPECT_EQ(redact_url("postgres://db/s?user=t&password=pa55&sslmode=require"),
            "postgres://db/s?user=t&password=***&sslmode=require");
  EXPECT_EQ(redact_url("postgres://trader@db/s"), "postgres://trader@db/s");
  EXPECT_EQ(redact_url("sqlite:./data/strikeline.db"), "sqlite:./data/strikeline.db");
  EXPECT_TRUE(url_has_password("postgres://a:b@c/d"));
  EXPECT_FALSE(url_has_password("postgres://a@c/d?sslpassword_hint=1"));
}

TEST(Secrets, FlagsOnTheCommandLineAreRecognised) {
  const char* argv[] = {"strikeline", "serve", "--ingest-token=abc", "--db", "postgres://x"};
  remember_command_line(5, const_cast<char**>(argv));
  EXPECT_TRUE(given_on_command_line("--ingest-token"));
  EXPECT_TRUE(given_on_command_line("--db"));
  EXPECT_FALSE(given_on_command_line("--ingest-token-file"));
  EXPECT_FALSE(given_on_command_line("--listen"));
  remember_command_line(0, nullptr);
}

TEST(Secrets, SecretFilesLoseTheirLineBreak) {
  const auto path =
      std::filesystem::temp_directory_path() / ("strikeline-secret-" + std::to_string(::getpid()));
  std::ofstream(path) << "t0ken\r\n";
  std::string error;
  EXPECT_EQ(read_secret_file(path.string(), "--ingest-token-file", &error), "t0ken");
  std::ofstream(path) << "\n";
  EXPECT_FALSE(read_secret_file(path.string(), "--ingest-token-file", &error));
  EXPECT_EQ(error, "--ingest-token-file: " + path.string() + " is empty");
  std::filesystem::remove(path);
  EXPECT_FALSE(read_secret_file(path.string(), "--ingest-token-file", &error));
}

TEST(AccessLog, CredentialsInUrlsAreMasked) {
  EXPECT_EQ(redact_target("/fo/expiries?symbol=NIFTY&token=abc&API_KEY=k"),
            "/fo/expiries?symbol=NIFTY&token=***&API_KEY=***");
  EXPECT_EQ(redact_target("/health?access_token=x"), "/health?access_token=***");
  EXPECT_EQ(redact_target("/health?tokens=x&monkey=y"), "/health?tokens=x&monkey=y");
  EXPECT_EQ(redact_target("/health"), "/health");
}

}  // namespace
}  // namespace strikeline::app
