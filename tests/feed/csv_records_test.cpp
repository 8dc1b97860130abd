#include "feed/csv_records.h"

#include <gtest/gtest.h>

using namespace strikeline;
using Status = CsvRecordReader::Status;
using Fields = std::vector<std::string_view>;

TEST(CsvRecords, PlainQuotedEscapedAndMultilineFields) {
  CsvRecordReader r("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n,,\nlast,row,\"end\"");
  Fields f;
  std::string error;
  ASSERT_EQ(r.next(f, error), Status::record);
  EXPECT_EQ(f, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r.record_line(), 1u);
  ASSERT_EQ(r.next(f, error), Status::record);
  EXPECT_EQ(f, (Fields{"x,1", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(r.record_line(), 2u);
  ASSERT_EQ(r.next(f, error), Status::record);  // the blank line 4 is skipped
  EXPECT_EQ(f, (Fields{"", "", ""}));
  EXPECT_EQ(r.record_line(), 5u);
  ASSERT_EQ(r.next(f, error), Status::record);
  EXPECT_EQ(f, (Fields{"last", "row", "end"}));
  EXPECT_EQ(r.record_line(), 6u);
  EXPECT_EQ(r.next(f, error), Status::end);
}

TEST(CsvRecords, MalformedRecordsAreSkippedToTheEndOfTheirLine) {
  CsvRecordReader r("a,b\nx\"y,1\n\"q\"z,2\nok,3\n\"open,4\nmore\n");
  Fields f;
  std::string error;
  EXPECT_EQ(r.next(f, error), Status::record);
  EXPECT_EQ(r.next(f, error), Status::malformed);
  EXPECT_EQ(r.record_line(), 2u);
  EXPECT_NE(error.find("quote inside an unquoted field"), std::string::npos);
  EXPECT_EQ(r.next(f, error), Status::malformed);
  EXPECT_EQ(r.record_line(), 3u);
  EXPECT_NE(error.find("after a closing quote"), std::string::npos);
  ASSERT_EQ(r.next(f, error), Status::record);
  EXPECT_EQ(f, (Fields{"ok", "3"}));
  EXPECT_EQ(r.record_line(), 4u);
  EXPECT_EQ(r.next(f, error), Status::malformed);
  EXPECT_EQ(r.record_line(), 5u);
  EXPECT_NE(error.find("unterminated"), std::string::npos);
  EXPECT_EQ(r.next(f, error), Status::end);
}
