#include "feed/simulator/nse_fo_universe.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "feed/simulator/random_stream.h"

namespace strikeline::sim {

namespace {

struct ListedStock {
  const char* symbol;
  double price;  // rupees, about the 2025 level
};

// NSE F&O stock underlyings, roughly busiest first (the order sets their liquidity).
constexpr ListedStock kStocks[] = {
    {"RELIANCE", 1400},   {"HDFCBANK", 1950},   {"ICICIBANK", 1400},   {"SBIN", 800},
    {"INFY", 1550},       {"TCS", 3400},        {"BHARTIARTL", 1900},  {"AXISBANK", 1150},
    {"KOTAKBANK", 2000},  {"TATAMOTORS", 700},  {"BAJFINANCE", 900},   {"ITC", 410},
    {"LT", 3600},         {"TATASTEEL", 160},   {"ADANIENT", 2400},    {"M&M", 3200},
    {"MARUTI", 12500},    {"SUNPHARMA", 1700},  {"HINDUNILVR", 2400},  {"ETERNAL", 300},
    {"INDUSINDBK", 800},  {"NTPC", 340},        {"POWERGRID", 290},    {"ONGC", 240},
    {"COALINDIA", 390},   {"ADANIPORTS", 1400}, {"ULTRACEMCO", 12000}, {"ASIANPAINT", 2400},
    {"TITAN", 3400},      {"BEL", 400},         {"HAL", 4600},         {"TRENT", 5000},
    {"JIOFIN", 300},      {"WIPRO", 250},       {"HCLTECH", 1500},     {"TECHM", 1500},
    {"BAJAJFINSV", 2000}, {"BAJAJ-AUTO", 8500}, {"EICHERMOT", 5500},   {"HEROMOTOCO", 4500},
    {"GRASIM", 2700},     {"JSWSTEEL", 1000},   {"HINDALCO", 700},     {"VEDL", 450},
    {"CIPLA", 1500},      {"DRREDDY", 1250},    {"DIVISLAB", 6000},    {"APOLLOHOSP", 7200},
    {"BRITANNIA", 5500},  {"NESTLEIND", 1200},  {"TATACONSUM", 1100},  {"SBILIFE", 1800},
    {"HDFCLIFE", 750},    {"BPCL", 320},        {"IOC", 145},          {"HINDPETRO", 420},
    {"GAIL", 180},        {"SHRIRAMFIN", 650},  {"BANKBARODA", 240},   {"PNB", 105},
    {"CANBK", 110},       {"UNIONBANK", 135},   {"INDIANB", 600},      {"BANKINDIA", 115},
    {"IDFCFIRSTB", 70},   {"FEDERALBNK", 200},  {"BANDHANBNK", 170},   {"AUBANK", 700},
    {"RBLBANK", 250},     {"YESBANK", 20},      {"IDEA", 7.5},         {"SAIL", 130},
    {"NMDC", 70},         {"NATIONALUM", 190},  {"HINDZINC", 450},     {"JINDALSTEL", 950},
    {"HINDCOPPER", 260},  {"TATAPOWER", 390},   {"ADANIGREEN", 1000},  {"ADANIENSOL", 850},
    {"JSWENERGY", 520},   {"TORNTPOWER", 1400}, {"NHPC", 80},          {"SJVN", 95},
    {"CESC", 160},        {"PFC", 420},         {"RECLTD", 400},       {"IREDA", 160},
    {"IRFC", 130},        {"RVNL", 350},        {"IRCTC", 750},        {"CONCOR", 600},
    {"BHEL", 240},        {"SUZLON", 60},       {"INOXWIND", 160},     {"LICHSGFIN", 600},
    {"CHOLAFIN", 1500},   {"MUTHOOTFIN", 2500}, {"MANAPPURAM", 260},   {"SBICARD", 900},
    {"PAYTM", 1000},      {"POLICYBZR", 1800},  {"NYKAA", 200},        {"DELHIVERY", 400},
    {"ANGELONE", 2500},   {"BSE", 2400},        {"CDSL", 1600},        {"MCX", 7500},
    {"CAMS", 4000},       {"KFINTECH", 1100},   {"HDFCAMC", 5000},     {"NAUKRI", 1400},
    {"IEX", 190},         {"LTIM", 5200},       {"PERSISTENT", 5500},  {"COFORGE", 1700},
    {"MPHASIS", 2800},    {"OFSS", 8500},       {"KPITTECH", 1300},    {"TATAELXSI", 6000},
    {"LTTS", 4400},       {"TATATECH", 700},    {"BIOCON", 350},       {"LUPIN", 2000},
    {"AUROPHARMA", 1150}, {"ALKEM", 5000},      {"TORNTPHARM", 3300},  {"ZYDUSLIFE", 950},
    {"GLENMARK", 1800},   {"LAURUSLABS", 800},  {"MANKIND", 2500},     {"SYNGENE", 650},
    {"MAXHEALTH", 1200},  {"FORTIS", 850},      {"PAGEIND", 45000},    {"BOSCHLTD", 38000},
    {"SHREECEM", 29000},  {"AMBUJACEM", 560},   {"DALBHARAT", 2100},   {"ASHOKLEY", 240},
    {"TVSMOTOR", 2900},   {"BHARATFORG", 1200}, {"MOTHERSON", 100},    {"EXIDEIND", 380},
    {"SONACOMS", 480},    {"TIINDIA", 3000},    {"APOLLOTYRE", 480},   {"BALKRISIND", 2500},
    {"CUMMINSIND", 3500}, {"SIEMENS", 3200},    {"ABB", 5500},         {"POLYCAB", 6500},
    {"KEI", 4000},        {"DIXON", 15000},     {"VOLTAS", 1300},      {"BLUESTARCO", 1800},
    {"CROMPTON", 350},    {"HAVELLS", 1550},    {"KALYANKJIL", 550},   {"JUBLFOOD", 650},
    {"UNITDSPR", 1400},   {"VBL", 480},         {"GODREJCP", 1200},    {"DABUR", 500},
    {"MARICO", 700},      {"COLPAL", 2300},     {"BERGEPAINT", 550},   {"PIDILITIND", 3000},
    {"ICICIGI", 1900},    {"ICICIPRULI", 620},  {"LICI", 900},         {"PETRONET", 300},
    {"IGL", 200},         {"MGL", 1400},        {"UPL", 650},          {"PIIND", 3700},
    {"SRF", 3000},        {"ASTRAL", 1450},     {"SUPREMEIND", 4300},  {"CGPOWER", 700},
    {"APLAPOLLO", 1700},  {"INDHOTEL", 750},    {"INDIGO", 5700},      {"ABCAPITAL", 250},
    {"LTF", 200},         {"M&MFIN", 270},      {"PNBHOUSING", 1000},  {"HUDCO", 230},
    {"POONAWALLA", 450},  {"DLF", 800},         {"GODREJPROP", 2200},  {"OBEROIRLTY", 1700},
    {"PRESTIGE", 1600},   {"LODHA", 1300},      {"PHOENIXLTD", 1600},  {"NCC", 220},
    {"NBCC", 110},        {"BDL", 1800},        {"MAZDOCK", 3000},     {"SOLARINDS", 15000},
    {"OIL", 430},         {"PATANJALI", 1800},  {"HFCL", 80},          {"TATACOMM", 1650},
    {"INDUSTOWER", 400},  {"KAYNES", 6000},     {"AMBER", 7000},       {"PGEL", 700},
    {"360ONE", 1100},     {"TITAGARH", 900},    {"MFSL", 1500},        {"UNOMINDA", 1100},
    {"GMRAIRPORT", 85},   {"DMART", 4200},
};

constexpr double kMinimumContractValue = 5'00'000;   // Rs 5 lakh
constexpr double kMaximumContractValue = 10'00'000;  // Rs 10 lakh

// The smallest multiple of `multiple` whose contract value at `price` reaches the minimum.
int smallest_lot(double price, int multiple) {
  const double units = std::ceil(kMinimumContractValue / price / multiple - 1e-9);
  return static_cast<int>(std::max(1.0, units)) * multiple;
}

}  // namespace

std::optional<SimulatedUniverse> parse_simulated_universe(std::string_view name) {
  if (name == "indices") return SimulatedUniverse::indices;
  if (name == "nse-fo") return SimulatedUniverse::nse_fo;
  return std::nullopt;
}

double default_option_tick_interval(SimulatedUniverse universe) {
  return universe == SimulatedUniverse::nse_fo ? 1.0 : 60.0;
}

Strike nse_stock_strike_step(double price) {
  struct Band {
    double up_to;
    int step;
  };
  static constexpr Band kBands[] = {{250, 1},    {500, 5},      {1'000, 10},  {2'500, 20},
                                    {5'000, 50}, {20'000, 100}, {40'000, 250}};
  for (const Band& b : kBands) {
    if (price <= b.up_to) return strike_rupees(b.step);
  }
  return strike_rupees(500);
}

int nse_stock_lot_size(double price) {
  assert(price > 0);
  const int by_25 = smallest_lot(price, 25);
  if (by_25 * price <= kMaximumContractValue) return by_25;
  return std::max(10, smallest_lot(price, 5));
}

std::vector<SimulatedSymbol> nse_fo_symbols(std::uint64_t seed) {
  std::vector<SimulatedSymbol> out;
  // The indices as the project models them, their trade rates set against the stocks'.
  struct IndexRate {
    const char* symbol;
    double liquidity;
  };
  for (const IndexRate& r :
       {IndexRate{"NIFTY", 10}, IndexRate{"SENSEX", 6}, IndexRate{"BANKNIFTY", 4.8},
        IndexRate{"FINNIFTY", 1.2}, IndexRate{"MIDCPNIFTY", 1.2}}) {
    SimulatedSymbol s = *default_simulated_symbol(r.symbol);
    s.liquidity = r.liquidity;
    s.liquidity_decay = 4.0;
    s.liquidity_floor = 0.0005;
    s.next_expiry_liquidity = 0.45;
    out.push_back(std::move(s));
  }
  std::size_t rank = 0;
  for (const ListedStock& listed : kStocks) {
    RandomStream random{seed, RandomStream::hash(listed.symbol), RandomStream::hash("UNIVERSE")};
    SimulatedSymbol s;
    s.symbol = listed.symbol;
    s.reference_spot = std::clamp(listed.price * std::exp(0.1 * random.normal()), 5.0, 50'000.0);
    s.base_volatility = 0.22 + 0.18 * random.uniform();
    s.strike_step = nse_stock_strike_step(s.reference_spot);
    s.round_strike = Strike::from_hundredths(s.strike_step.hundredths() * 10);
    s.lot_size = nse_stock_lot_size(s.reference_spot);
    s.weekly_expiries = false;
    s.expiries = kStockExpiries;
    s.strikes_each_side = kStockStrikesEachSide;
    s.liquidity = 40.0 * std::pow(1.0 + static_cast<double>(rank) / 20.0, -1.5);
    s.liquidity_decay = 0.8;
    s.liquidity_floor = 0.0005;
    s.next_expiry_liquidity = 0.1;
    s.open_interest_lots = 200.0 + 500.0 * std::sqrt(s.liquidity);
    out.push_back(std::move(s));
    ++rank;
  }
  return out;
}

void use_nse_fo_universe(SimulatorConfig& config) {
  config.symbols = nse_fo_symbols(config.seed);
  config.open_heavy = true;
  config.highest_activity = 1.0;
  config.quietest_interval_factor = 3600.0;
}

}  // namespace strikeline::sim
