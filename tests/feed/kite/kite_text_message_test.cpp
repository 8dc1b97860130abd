// Ticker text messages: order updates, errors, messages; anything else is not one.
#include "feed/kite/kite_text_message.h"

#include <gtest/gtest.h>

using namespace strikeline::kite;

TEST(KiteTextMessage, OrderErrorAndMessage) {
  auto order = parse_text_message(
      R"({"type":"order","data":{"order_id":"151220000000000","status":"COMPLETE",)"
      R"("tradingsymbol":"NIFTY25N1124500CE","quantity":75}})");
  ASSERT_TRUE(order);
  EXPECT_EQ(order->type, KiteTextMessage::Type::order);
  EXPECT_EQ(order->order_id, "151220000000000");
  EXPECT_EQ(order->order_status, "COMPLETE");
  EXPECT_EQ(order->tradingsymbol, "NIFTY25N1124500CE");
  auto error = parse_text_message(R"({"type":"error","data":"Invalid access token"})");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->type, KiteTextMessage::Type::error);
  EXPECT_EQ(error->data, "Invalid access token");
  auto message = parse_text_message(R"({"type":"message","data":"Market closes in 5 min"})");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->type, KiteTextMessage::Type::message);
  auto other = parse_text_message(R"({"type":"instruments_meta","data":{"count":2}})");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->type, KiteTextMessage::Type::other);
  EXPECT_EQ(other->type_name, "instruments_meta");
  EXPECT_EQ(other->data, R"({"count":2})");
}

TEST(KiteTextMessage, NotATickerMessage) {
  EXPECT_FALSE(parse_text_message(""));
  EXPECT_FALSE(parse_text_message("not json"));
  EXPECT_FALSE(parse_text_message("[1,2]"));
  EXPECT_FALSE(parse_text_message(R"({"data":"x"})"));
  EXPECT_FALSE(parse_text_message(R"({"type":7})"));
  EXPECT_FALSE(parse_text_message(R"({"type":"error")"));
}
