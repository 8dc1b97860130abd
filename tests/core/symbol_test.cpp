#include "core/symbol.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace std::chrono;

TEST(CanonicalSymbol, AliasesOfApiMd) {
  const std::pair<const char*, const char*> cases[] = {
      {"NIFTY", "NIFTY"},
      {"nifty", "NIFTY"},
      {"  Nifty50 ", "NIFTY"},
      {"NIFTY 50", "NIFTY"},
      {"nifty   50", "NIFTY"},
      {"NSEI", "NIFTY"},
      {"^NSEI", "NIFTY"},
      {"NSE:NIFTY50", "NIFTY"},
      {"NIFTY.NS", "NIFTY"},
      {"NIFTY BANK", "BANKNIFTY"},
      {"bank nifty", "BANKNIFTY"},
      {"NSE:BANKNIFTY", "BANKNIFTY"},
      {"NIFTY FIN SERVICE", "FINNIFTY"},
      {"FIN NIFTY", "FINNIFTY"},
      {"NIFTY MIDCAP SELECT", "MIDCPNIFTY"},
      {"MIDCAP NIFTY", "MIDCPNIFTY"},
      {"BSE SENSEX", "SENSEX"},
      {"SENSEX", "SENSEX"},
      {"RELIANCE.NS", "RELIANCE"},
      {"M&M", "M&M"},
  };
  for (auto [raw, expected] : cases) {
    auto got = canonical_symbol(raw);
    ASSERT_TRUE(got.has_value()) << raw;
    EXPECT_EQ(*got, expected) << raw;
  }
}

TEST(CanonicalSymbol, RejectsImplausibleInput) {
  for (const char* raw : {"", "   ", "NSE:", "NIFTY;DROP", "NI FTY", "<script>",
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}) {
    EXPECT_FALSE(canonical_symbol(raw).has_value()) << raw;
  }
}

TEST(ContractSpec, ExchangeDefaults) {
  EXPECT_EQ(default_contract_spec("NIFTY"), (ContractSpec{strike_rupees(50), 65}));
  EXPECT_EQ(default_contract_spec("BANKNIFTY"), (ContractSpec{strike_rupees(100), 30}));
  EXPECT_EQ(default_contract_spec("FINNIFTY"), (ContractSpec{strike_rupees(50), 60}));
  EXPECT_EQ(default_contract_spec("MIDCPNIFTY"), (ContractSpec{strike_rupees(25), 120}));
  EXPECT_EQ(default_contract_spec("SENSEX"), (ContractSpec{strike_rupees(100), 20}));
  EXPECT_FALSE(default_contract_spec("RELIANCE").has_value());
}

TEST(ContractSpec, OverridesAreMostSpecificFirst) {
  ContractSpecs specs;
  const sys_days expiry = 2025y / November / 4;
  EXPECT_EQ(specs.spec_for("NIFTY", expiry).lot_size, 65);
  specs.set_symbol("NIFTY", {strike_rupees(100), 75});
  EXPECT_EQ(specs.spec_for("NIFTY", expiry), (ContractSpec{strike_rupees(100), 75}));
  specs.set_contract("NIFTY", expiry, {strike_rupees(50), 25});
  EXPECT_EQ(specs.spec_for("NIFTY", expiry), (ContractSpec{strike_rupees(50), 25}));
  EXPECT_EQ(specs.spec_for("NIFTY", expiry + days{7}).lot_size, 75);
  EXPECT_EQ(specs.spec_for("RELIANCE", expiry), (ContractSpec{strike_rupees(50), 1}));
}

// Lots are data per contract and day (issue 20): one day lists NIFTY's January monthly at 25 and
// the February expiry at 75; the January contract moves to 75 from 2025-01-10. The oracle is the
// rule written out: the lot of the latest recorded day on or before the day asked, else the
// earliest recorded, else the symbol's default.
TEST(ContractSpec, LotsPerContractAndDay) {
  ContractSpecs specs;
  const sys_days january = 2025y / January / 30, february = 2025y / February / 27;
  const sys_days day1 = 2025y / January / 3, change = 2025y / January / 10;
  EXPECT_FALSE(specs.recorded_lot("NIFTY", january, day1));
  EXPECT_EQ(specs.lot_on("NIFTY", january, day1), 65);  // nothing recorded: the default
  specs.set_lot({"NIFTY", january, day1, 25});
  specs.set_lot({"NIFTY", february, day1, 75});
  specs.set_lot({"NIFTY", january, change, 75});
  EXPECT_EQ(specs.lot_on("NIFTY", january, day1), 25);
  EXPECT_EQ(specs.lot_on("NIFTY", february, day1), 75);             // two lots on one day
  EXPECT_EQ(specs.lot_on("NIFTY", january, day1 - days{30}), 25);   // before any: the earliest
  EXPECT_EQ(specs.lot_on("NIFTY", january, change - days{1}), 25);  // carried to the change
  EXPECT_EQ(specs.lot_on("NIFTY", january, change), 75);
  EXPECT_EQ(specs.lot_on("NIFTY", january, change + days{100}), 75);
  EXPECT_EQ(specs.recorded_lot("NIFTY", february, change), 75);
  // Another contract of the symbol, and a stock without a default, recorded or not.
  EXPECT_EQ(specs.lot_on("NIFTY", february + days{7}, day1), 65);
  EXPECT_EQ(specs.lot_on("RELIANCE", january, day1), 1);
  specs.set_lot({"RELIANCE", january, day1, 500});
  EXPECT_EQ(specs.lot_on("RELIANCE", january, day1), 500);
  // A later record of the same day replaces the earlier.
  specs.set_lot({"RELIANCE", january, day1, 250});
  EXPECT_EQ(specs.lot_on("RELIANCE", january, day1 + days{1}), 250);
}
