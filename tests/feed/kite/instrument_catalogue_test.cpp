// The instrument dump loader: contracts by token (options, futures, indices), canonical symbols,
// rejected rows with reasons, refused files.
#include "feed/kite/instrument_catalogue.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace strikeline::kite;
using namespace std::chrono;

namespace {

constexpr const char* kDump =
    "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,"
    "lot_size,instrument_type,segment,exchange\n"
    "256265,1001,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE\n"
    "260105,1016,NIFTY BANK,NIFTY BANK,0,,0,0,0,EQ,INDICES,NSE\n"
    "288009,1125,NIFTY MID SELECT,NIFTY MID SELECT,0,,0,0,0,EQ,INDICES,NSE\n"
    "13368834,52222,NIFTY25NOVFUT,\"NIFTY\",0,2025-11-25,0,0.1,75,FUT,NFO-FUT,NFO\n"
    "12170498,47541,NIFTY25N1124500CE,\"NIFTY\",0,2025-11-11,24500,0.05,75,CE,NFO-OPT,NFO\n"
    "12170754,47542,NIFTY25N1124500PE,\"NIFTY\",0,2025-11-11,24500,0.05,75,PE,NFO-OPT,NFO\n"
    "12171010,47543,NIFTY25N1124550CE,\"NIFTY\",0,2025-11-11,24550.0,0.05,75,CE,NFO-OPT,NFO\n"
    "12171266,47544,BANKNIFTY25NOV52000.5CE,\"BANKNIFTY\",0,2025-11-25,52000.5,0.05,35,CE,"
    "NFO-OPT,NFO\n"
    "408065,1594,INFY,INFOSYS,0,,0,0.1,1,EQ,NSE,NSE\n"
    "12171522,47545,NIFTYBAD,\"NIFTY\",0,25-11-2025,24600,0.05,75,CE,NFO-OPT,NFO\n"
    "12171778,47546,NIFTYBAD2,\"NIFTY\",0,2025-11-11,-5,0.05,75,PE,NFO-OPT,NFO\n"
    "x,47547,NIFTYBAD3,\"NIFTY\",0,2025-11-11,24600,0.05,75,PE,NFO-OPT,NFO\n"
    "12172034,47548,SHORT\n"
    "128053508,500209,INFY,INFOSYS,0,,0,0.05,1,EQ,BSE,BSE\n";

}  // namespace

TEST(InstrumentCatalogue, MapsTokensToContracts) {
  std::string error;
  auto catalogue = InstrumentCatalogue::parse(kDump, &error);
  ASSERT_TRUE(catalogue) << error;
  EXPECT_EQ(catalogue->size(), 9u);
  EXPECT_EQ(catalogue->skipped_rows(), 1u);  // INFY's BSE equity

  const KiteInstrument* call = catalogue->find(12170498);
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->kind, KiteInstrument::Kind::option);
  EXPECT_EQ(call->symbol, "NIFTY");
  EXPECT_EQ(call->expiry, sys_days{2025y / November / 11});
  EXPECT_EQ(call->strike, strike_rupees(24500));
  EXPECT_EQ(call->side, Side::call);
  EXPECT_EQ(call->lot_size, 75);
  EXPECT_DOUBLE_EQ(call->tick_size, 0.05);
  EXPECT_EQ(call->tradingsymbol, "NIFTY25N1124500CE");
  EXPECT_EQ(catalogue->find(12170754)->side, Side::put);
  EXPECT_EQ(catalogue->find(12171266)->strike, Strike::from_hundredths(5200050));
  EXPECT_EQ(catalogue->find(12171266)->lot_size, 35);

  const KiteInstrument* index = catalogue->find(256265);
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->kind, KiteInstrument::Kind::index);
  EXPECT_EQ(index->symbol, "NIFTY");
  EXPECT_EQ(catalogue->find(260105)->symbol, "BANKNIFTY");
  EXPECT_EQ(catalogue->find(288009)->symbol, "MIDCPNIFTY");
  EXPECT_EQ(catalogue->index_of("BANKNIFTY")->token, 260105u);

  const KiteInstrument* future = catalogue->future_of("NIFTY", sys_days{2025y / November / 25});
  ASSERT_NE(future, nullptr);
  EXPECT_EQ(future->token, 13368834u);
  EXPECT_EQ(future->kind, KiteInstrument::Kind::future);
  EXPECT_EQ(catalogue->find(1), nullptr);

  // A stock's spot is its NSE cash equity (the tradingsymbol is the underlying); an index's spot
  // is the index.
  const KiteInstrument* infy = catalogue->find(408065);
  ASSERT_NE(infy, nullptr);
  EXPECT_EQ(infy->kind, KiteInstrument::Kind::equity);
  EXPECT_EQ(infy->symbol, "INFY");
  EXPECT_EQ(catalogue->spot_of("INFY"), infy);
  EXPECT_EQ(catalogue->index_of("INFY"), nullptr);
  EXPECT_EQ(catalogue->spot_of("NIFTY")->token, 256265u);
  EXPECT_EQ(catalogue->spot_of("TCS"), nullptr);
  EXPECT_EQ(catalogue->option_underlyings(), (std::vector<std::string>{"BANKNIFTY", "NIFTY"}));

  EXPECT_EQ(catalogue->option_expiries("NIFTY"),
            std::vector<Expiry>{sys_days{2025y / November / 11}});
  const auto options = catalogue->options("NIFTY", sys_days{2025y / November / 11});
  ASSERT_EQ(options.size(), 3u);
  EXPECT_EQ(options[0]->token, 12170498u);  // 24500 CE
  EXPECT_EQ(options[1]->token, 12170754u);  // 24500 PE
  EXPECT_EQ(options[2]->token, 12171010u);  // 24550 CE
}

TEST(InstrumentCatalogue, RejectsBadRowsWithLineAndReason) {
  std::string error;
  auto catalogue = InstrumentCatalogue::parse(kDump, &error);
  ASSERT_TRUE(catalogue);
  const auto& r = catalogue->rejections();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].line, 11u);
  EXPECT_NE(r[0].reason.find("expiry"), std::string::npos);
  EXPECT_EQ(r[1].line, 12u);
  EXPECT_NE(r[1].reason.find("strike"), std::string::npos);
  EXPECT_EQ(r[2].line, 13u);
  EXPECT_NE(r[2].reason.find("instrument_token"), std::string::npos);
  EXPECT_EQ(r[3].line, 14u);
  EXPECT_NE(r[3].reason.find("fields"), std::string::npos);
}

TEST(InstrumentCatalogue, ColumnsInAnyOrder) {
  std::string error;
  auto catalogue = InstrumentCatalogue::parse(
      "exchange,segment,instrument_type,lot_size,tick_size,strike,expiry,last_price,name,"
      "tradingsymbol,exchange_token,instrument_token\r\n"
      "BFO,BFO-OPT,PE,20,0.05,81000,2025-11-13,0,SENSEX,SENSEX25N1381000PE,1,2048005\r\n",
      &error);
  ASSERT_TRUE(catalogue) << error;
  const KiteInstrument* put = catalogue->find(2048005);
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->symbol, "SENSEX");
  EXPECT_EQ(put->strike, strike_rupees(81000));
  EXPECT_EQ(put->side, Side::put);
  EXPECT_EQ(put->lot_size, 20);
  EXPECT_EQ(put->exchange, "BFO");
}

TEST(InstrumentCatalogue, RefusesWhatIsNotAnInstrumentDump) {
  std::string error;
  EXPECT_FALSE(InstrumentCatalogue::parse("", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(InstrumentCatalogue::parse(std::string("\x00\x01\x02", 3), &error));
  EXPECT_FALSE(InstrumentCatalogue::parse("instrument_token,tradingsymbol\n1,X\n", &error));
  EXPECT_NE(error.find("'name'"), std::string::npos) << error;
  EXPECT_FALSE(InstrumentCatalogue::load_file("/nonexistent/instruments.csv", &error));
  EXPECT_NE(error.find("cannot read"), std::string::npos);
}
