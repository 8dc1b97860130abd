// Reconnection backoff: exponential growth, cap, jitter bounds, reset; credentials and masking.
#include "feed/kite/reconnect_backoff.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "feed/kite/kite_credentials.h"

using namespace strikeline::kite;
using namespace std::chrono_literals;

TEST(ReconnectBackoff, GrowsExponentiallyUpToTheCapWithoutJitter) {
  ReconnectBackoff b({.initial = 100ms, .max = 1000ms, .multiplier = 2.0, .jitter = 0.0}, 1);
  EXPECT_EQ(b.next(), 100ms);
  EXPECT_EQ(b.next(), 200ms);
  EXPECT_EQ(b.next(), 400ms);
  EXPECT_EQ(b.next(), 800ms);
  EXPECT_EQ(b.next(), 1000ms);
  EXPECT_EQ(b.next(), 1000ms);
  EXPECT_EQ(b.attempts(), 6);
  b.reset();
  EXPECT_EQ(b.next(), 100ms);
}

TEST(ReconnectBackoff, JitterStaysWithinItsBandAndSpreads) {
  ReconnectBackoff b({.initial = 1000ms, .max = 1000ms, .multiplier = 2.0, .jitter = 0.5}, 7);
  std::set<long> seen;
  for (int i = 0; i < 200; ++i) {
    const auto d = b.next();
    EXPECT_GE(d, 500ms);
    EXPECT_LE(d, 1000ms);
    seen.insert(static_cast<long>(d.count()));
  }
  EXPECT_GT(seen.size(), 50u);  // not lockstep
  // The same seed gives the same delays.
  ReconnectBackoff x({.initial = 100ms, .max = 5000ms, .multiplier = 2.0, .jitter = 1.0}, 42);
  ReconnectBackoff y({.initial = 100ms, .max = 5000ms, .multiplier = 2.0, .jitter = 1.0}, 42);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(x.next(), y.next());
}

TEST(ReconnectBackoff, NeverOverflowsAfterManyAttempts) {
  ReconnectBackoff b({.initial = 250ms, .max = 30'000ms, .multiplier = 3.0, .jitter = 0.0}, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_LE(b.next(), 30'000ms);
  EXPECT_EQ(b.next(), 30'000ms);
}

TEST(KiteCredentials, FileFormatAndMasking) {
  std::string error;
  auto c = parse_credentials("# kite\napi_key = abc123xyz\naccess_token=\"tok_0123456789abcdef\"\n",
                             &error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->api_key, "abc123xyz");
  EXPECT_EQ(c->access_token, "tok_0123456789abcdef");
  EXPECT_EQ(mask(c->access_token), "****cdef");
  EXPECT_EQ(mask(c->api_key), "****");
  EXPECT_FALSE(parse_credentials("api_key=only\n", &error));
  EXPECT_NE(error.find("access_token"), std::string::npos);
  EXPECT_FALSE(
      parse_credentials("api_key=k\naccess_token=SECRETVALUE\npassword=hunter2\n", &error));
  EXPECT_EQ(error.find("hunter2"), std::string::npos);
  EXPECT_EQ(error.find("SECRETVALUE"), std::string::npos);
  EXPECT_FALSE(parse_credentials("api_key k\n", &error));
  EXPECT_FALSE(load_credentials("/nonexistent/kite.env", &error));
}

TEST(KiteCredentials, SeveralFilesOneKeyEach) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("strikeline-kitecred-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const std::string a = write("a.cred", "api_key = key_a\naccess_token = token_a_0123456789\n");
  const std::string b = write("b.cred", "api_key = key_b\naccess_token = token_b_0123456789\n");
  const std::string a2 = write("a2.cred", "api_key = key_a\naccess_token = token_c_0123456789\n");
  std::string error;
  auto keys = load_credentials_list(a + ", " + b, &error);
  ASSERT_TRUE(keys) << error;
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].api_key, "key_a");
  EXPECT_EQ((*keys)[1].access_token, "token_b_0123456789");
  // The same key twice: refused, naming both files, never a token.
  EXPECT_FALSE(load_credentials_list(a + "," + a2, &error));
  EXPECT_NE(error.find("a.cred and "), std::string::npos) << error;
  EXPECT_NE(error.find("same api_key"), std::string::npos) << error;
  EXPECT_EQ(error.find("token_"), std::string::npos) << error;
  EXPECT_FALSE(load_credentials_list(a + ",/nonexistent/kite.cred", &error));
  EXPECT_NE(error.find("/nonexistent/kite.cred"), std::string::npos) << error;
  std::filesystem::remove_all(dir);
}
