#include "api/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>

using namespace strikeline;

TEST(JsonWriter, NestedDocumentWithCommas) {
  std::string out;
  JsonWriter json(out);
  json.begin_object().field("status", "ok").key("series").begin_array();
  json.begin_object().field("a", 1).field("b", true).end_object();
  json.begin_object().field("c", std::optional<double>{}).end_object();
  json.end_array().key("empty").begin_object().end_object().end_object();
  EXPECT_EQ(out, R"({"status":"ok","series":[{"a":1,"b":true},{"c":null}],"empty":{}})");
}

TEST(JsonWriter, ShortestRoundTripNumbers) {
  std::string out;
  JsonWriter json(out);
  json.begin_array()
      .number(18.5)
      .number(24300.0)
      .number(0.001235)
      .number(0.1 + 0.2)
      .number(std::int64_t{-5123400})
      .number(1e21)
      .end_array();
  EXPECT_EQ(out, "[18.5,24300,0.001235,0.30000000000000004,-5123400,1e+21]");
  // Every number reads back to the same double.
  auto parsed = boost::json::parse(out).as_array();
  EXPECT_EQ(parsed[3].as_double(), 0.1 + 0.2);
}

TEST(JsonWriter, NonFiniteBecomesNull) {
  std::string out;
  JsonWriter json(out);
  json.begin_array()
      .number(std::nan(""))
      .number(std::numeric_limits<double>::infinity())
      .number(-std::numeric_limits<double>::infinity())
      .optional(std::optional<double>{std::nan("")})
      .end_array();
  EXPECT_EQ(out, "[null,null,null,null]");
}

TEST(JsonWriter, EscapesStrings) {
  std::string out;
  JsonWriter(out).string("a\"b\\c\nd\te\x01 rupee \xe2\x82\xb9");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\te\\u0001 rupee \xe2\x82\xb9\"");
  EXPECT_EQ(boost::json::parse(out).as_string(), "a\"b\\c\nd\te\x01 rupee \xe2\x82\xb9");
}

TEST(JsonWriter, AppendsToTheBuffer) {
  std::string out = "prefix:";
  JsonWriter(out).begin_object().field("k", std::string_view("v")).end_object();
  EXPECT_EQ(out, R"(prefix:{"k":"v"})");
}
