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
