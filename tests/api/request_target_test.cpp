#include "api/request_target.h"

#include <gtest/gtest.h>

using namespace strikeline;

TEST(RequestTarget, PathAndDecodedParameters) {
  auto t = parse_request_target("/fo/expiries?symbol=NIFTY%2050&expiry[]=2025-11-04&flag&x=a+b");
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().path, "/fo/expiries");
  EXPECT_EQ(t.value().params.last("symbol"), "NIFTY 50");
  EXPECT_EQ(t.value().params.last("expiry[]"), "2025-11-04");
  EXPECT_EQ(t.value().params.last("flag"), "");
  EXPECT_EQ(t.value().params.last("x"), "a b");
}

TEST(RequestTarget, EncodedPlusStaysPlus) {
  auto t = parse_request_target("/fo/strike-distribution?expiry=NWeek%2B0");
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().params.last("expiry"), "NWeek+0");
}

TEST(RequestTarget, CommonUnescapedQueryCharactersAreAccepted) {
  auto t = parse_request_target("/x?expiry[]=2025-11-04&q=a|b&s=\"q\"&u=\xe2\x82\xb9");
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().params.last("expiry[]"), "2025-11-04");
  EXPECT_EQ(t.value().params.last("q"), "a|b");
  EXPECT_EQ(t.value().params.last("s"), "\"q\"");
  EXPECT_EQ(t.value().params.last("u"), "\xe2\x82\xb9");
}

TEST(RequestTarget, NoQuery) {
  auto t = parse_request_target("/health");
  ASSERT_TRUE(t);
  EXPECT_EQ(t.value().path, "/health");
  EXPECT_TRUE(t.value().params.entries().empty());
}

TEST(RequestTarget, MalformedTargetsAreRejected) {
  for (const char* bad :
       {"", "health", "http://example.com/health", "/a?x=%zz", "/a b", "*", "/a[b]?x=1"}) {
    auto t = parse_request_target(bad);
    EXPECT_FALSE(t) << bad;
    if (!t) {
      EXPECT_NE(t.error().detail.find("malformed request target"), std::string::npos);
    }
  }
}
