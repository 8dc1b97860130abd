// NSE's F&O bhavcopy readers on rows written here in NSE's exact layouts (nse-files.md): UDiFF
// and legacy told apart by the header, every field of a row read as hand-checked below, rows that
// break a rule rejected with their line and reason, other texts refused; the index close file.
#include <gtest/gtest.h>

#include "feed/nse/bhavcopy_reader.h"
#include "feed/nse/underlying_close_reader.h"

using namespace strikeline;

namespace {

constexpr std::string_view kUdiffHeader =
    "TradDt,BizDt,Sgmt,Src,FinInstrmTp,FinInstrmId,ISIN,TckrSymb,SctySrs,XpryDt,"
    "FininstrmActlXpryDt,StrkPric,OptnTp,FinInstrmNm,OpnPric,HghPric,LwPric,ClsPric,LastPric,"
    "PrvsClsgPric,UndrlygPric,SttlmPric,OpnIntrst,ChngInOpnIntrst,TtlTradgVol,TtlTrfVal,"
    "TtlNbOfTxsExctd,SsnId,NewBrdLotQty,Rmks,Rsvd1,Rsvd2,Rsvd3,Rsvd4\r\n";

Date nse_test_day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

}  // namespace

TEST(UdiffBhavcopy, ReadsOptionsAndFuturesAsNseWritesThem) {
  const std::string text =
      std::string(kUdiffHeader) +
      "2025-01-03,2025-01-03,FO,NSE,IDO,57001,,NIFTY,,2025-01-30,2025-01-30,24000.00,CE,"
      "NIFTY25JAN24000CE,250.00,271.20,198.40,220.35,220.00,240.10,24004.75,220.35,5443125,812400,"
      "92831,5612771223.75,21553,F1,25,,,,,\r\n"
      "2025-01-03,2025-01-03,FO,NSE,IDF,35001,,NIFTY,,2025-03-27,2025-03-27,,,NIFTY25MARFUT,"
      "24500.00,24510.00,24350.00,24380.50,24371.00,24550.00,24004.75,24380.50,180000,-12000,1700,"
      "3110000000.00,1300,F1,75,,,,,\r\n"
      "2025-01-03,2025-01-03,FO,NSE,STO,60001,,M&M,,2025-01-30,2025-01-30,2.50,PE,X,0.00,0.00,0.00,"
      "1.10,1.10,1.10,3.05,0.95,7000,0,0,0.00,0,F1,7000,,,,,\r\n"
      "2025-01-03,2025-01-03,FO,NSE,IDO,57002,,NIFTY,,2025-01-30,2025-01-30,24100.00,XE,X,1,1,1,1,"
      "1,"
      "1,1,1,1,1,1,1,1,F1,25,,,,,\r\n";
  ASSERT_EQ(detect_bhavcopy(text), BhavcopyFormat::udiff);
  BhavcopyReadResult r = read_bhavcopy(text, BhavcopyFormat::udiff);
  ASSERT_FALSE(r.refused);
  ASSERT_EQ(r.records.size(), 3u);
  const EndOfDayRecord& call = r.records[0];
  EXPECT_EQ(call.day, nse_test_day(2025, 1, 3));
  EXPECT_EQ(call.symbol, "NIFTY");
  EXPECT_EQ(call.kind, UnderlyingKind::index);
  EXPECT_FALSE(call.future);
  EXPECT_EQ(call.expiry, nse_test_day(2025, 1, 30));
  EXPECT_EQ(call.strike, strike_rupees(24000));
  EXPECT_EQ(call.side, Side::call);
  EXPECT_EQ(call.open, 250.0);
  EXPECT_EQ(call.high, 271.2);
  EXPECT_EQ(call.low, 198.4);
  EXPECT_EQ(call.close, 220.35);
  EXPECT_EQ(call.settle, 220.35);
  EXPECT_EQ(call.oi, 5443125);
  EXPECT_EQ(call.oi_change, 812400);
  EXPECT_EQ(call.volume_contracts, 92831);
  EXPECT_EQ(call.lot, 25);
  EXPECT_EQ(call.underlying, 24004.75);
  const EndOfDayRecord& future = r.records[1];
  EXPECT_TRUE(future.future);
  EXPECT_EQ(future.expiry, nse_test_day(2025, 3, 27));
  EXPECT_EQ(future.lot, 75);  // the same day lists NIFTY at two lots
  EXPECT_EQ(future.oi_change, -12000);
  const EndOfDayRecord& stock = r.records[2];
  EXPECT_EQ(stock.symbol, "M&M");
  EXPECT_EQ(stock.kind, UnderlyingKind::stock);
  EXPECT_EQ(stock.strike, Strike::from_hundredths(250));  // a fractional stock strike
  EXPECT_EQ(stock.side, Side::put);
  EXPECT_EQ(stock.volume_contracts, 0);
  EXPECT_EQ(stock.open, 0.0);  // untraded
  ASSERT_EQ(r.rejected_count, 1u);
  EXPECT_EQ(r.rejected[0].line, 5u);
  EXPECT_EQ(r.rejected[0].detail, "invalid OptnTp 'XE': CE or PE (CA or PA)");
}

TEST(LegacyBhavcopy, ReadsTrailingCommasNseDatesAndOldOptionTypes) {
  const std::string text =
      "INSTRUMENT,SYMBOL,EXPIRY_DT,STRIKE_PR,OPTION_TYP,OPEN,HIGH,LOW,CLOSE,SETTLE_PR,CONTRACTS,"
      "VAL_INLAKH,OPEN_INT,CHG_IN_OI,TIMESTAMP,\n"
      "OPTSTK,SBIN,27-Jan-2011,280,CA,8,9,7.5,8.4,8.4,300,10,3000000,30000,03-JAN-2011,\n"
      "FUTIDX,NIFTY,30-Jan-2020,0,XX,12300,12330,12280,12310.4,12312,12000,110000,11000000,100000,"
      "02-JAN-2020,\n"
      "OPTIDX,NIFTY,30-Jan-2020,12200,PE,80,90,70,75,75,20000,18000.25,-5,-15000,02-JAN-2020,\n"
      "OPTIDX,NIFTY,30-Jan-2020,12200,PE,80,90,70,75,75,20000,18000.25,5,-15000,02-JAN-2020\n"
      "OPTIDX,NIFTY,2020-01-30,12200,PE,80,90,70,75,75,20000,18000.25,5,-15000,02-JAN-2020,\n";
  ASSERT_EQ(detect_bhavcopy(text), BhavcopyFormat::legacy);
  BhavcopyReadResult r = read_bhavcopy(text, BhavcopyFormat::legacy);
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].side, Side::call);  // CA: the American-style call of old files
  EXPECT_EQ(r.records[0].kind, UnderlyingKind::stock);
  EXPECT_EQ(r.records[0].day, nse_test_day(2011, 1, 3));
  EXPECT_FALSE(r.records[0].lot);  // the legacy file has no lot
  EXPECT_FALSE(r.records[0].underlying);
  EXPECT_TRUE(r.records[1].future);
  EXPECT_EQ(r.records[1].settle, 12312.0);
  EXPECT_EQ(r.records[2].oi, 5);  // a row without the trailing comma reads the same
  ASSERT_EQ(r.rejected_count, 2u);
  EXPECT_EQ(r.rejected[0].line, 4u);
  EXPECT_EQ(r.rejected[0].detail,
            "invalid OPEN_INT '-5': open interest in units, a whole number 0 or more");
  EXPECT_EQ(r.rejected[1].detail, "invalid EXPIRY_DT '2020-01-30': a date like 30-Jan-2020");
}

TEST(Bhavcopy, OtherTextsAreRefusedWhole) {
  EXPECT_FALSE(detect_bhavcopy("bucket_time,symbol,expiry,strike\n1,NIFTY,2025-01-30,24000\n"));
  BhavcopyReadResult r = read_bhavcopy("a,b,c\n1,2,3\n", BhavcopyFormat::udiff);
  ASSERT_TRUE(r.refused);
  EXPECT_EQ(*r.refused, "not an NSE UDiFF F&O bhavcopy: its header has no column TradDt");
  EXPECT_TRUE(r.records.empty());
  EXPECT_EQ(read_bhavcopy(kUdiffHeader, BhavcopyFormat::udiff).refused,
            std::optional<std::string>("no rows after the header"));
}

TEST(IndexCloseFile, MapsNseIndexNamesToFnoSymbols) {
  UnderlyingCloseResult r = read_underlying_closes(
      "Index Name,Index Date,Open Index Value,High Index Value,Low Index Value,Closing Index "
      "Value,Points Change,Change(%),Volume,Turnover (Rs. Cr.),P/E,P/B,Div Yield\n"
      "Nifty 50,03-01-2025,24100.1,24200.2,23950.3,24004.75,-.76,-.01,1,2,3,4,5\n"
      "Nifty Bank,03-01-2025,1,2,3,50988.80,1,1,1,1,1,1,1\n"
      "Nifty 100,03-01-2025,1,2,3,25000.5,1,1,1,1,1,1,1\n"
      "Nifty Financial Services,2025-01-03,1,2,3,23000,1,1,1,1,1,1,1\n");
  ASSERT_FALSE(r.refused);
  ASSERT_EQ(r.closes.size(), 2u);
  EXPECT_EQ(r.closes[0].symbol, "NIFTY");
  EXPECT_EQ(r.closes[0].day, nse_test_day(2025, 1, 3));
  EXPECT_EQ(r.closes[0].close, 24004.75);
  EXPECT_EQ(r.closes[1].symbol, "BANKNIFTY");
  EXPECT_EQ(r.skipped, 1u);  // Nifty 100 has no F&O
  ASSERT_EQ(r.rejected_count, 1u);
  EXPECT_EQ(r.rejected[0].detail, "invalid date '2025-01-03': accepted DD-MM-YYYY");
  UnderlyingCloseResult plain =
      read_underlying_closes("symbol,date,close\nRELIANCE,03-Jan-2025,1220.5\n");
  ASSERT_EQ(plain.closes.size(), 1u);
  EXPECT_EQ(plain.closes[0].symbol, "RELIANCE");
  EXPECT_EQ(plain.closes[0].close, 1220.5);
}
