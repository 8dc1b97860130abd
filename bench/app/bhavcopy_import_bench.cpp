// `strikeline import` of NSE's UDiFF F&O bhavcopy, the whole path (parse, daily bars with IV from
// the settlement price, durable SQLite writes with the contract states), on a generated year: 250
// trading days of 40,200 rows each (200 underlyings x 3 expiries x 33 strikes x 2 sides, plus
// 600 futures), about 10 million rows. Target (issue 20): a year in under 60 s on this machine.
// BM_BhavcopyDay: rows/s of one day into a fresh file; BM_BhavcopyYear: the year, once, into one
// file (minute-precedence scans included). Run on a quiet machine:
//   build/bench/app/strikeline_import_bench
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

#include "app/bar_storage.h"
#include "app/daily_import.h"

using namespace strikeline;
using namespace strikeline::app;

namespace {

constexpr int kUnderlyings = 200, kExpiries = 3, kStrikes = 33;

std::string header() {
  return "TradDt,BizDt,Sgmt,Src,FinInstrmTp,FinInstrmId,ISIN,TckrSymb,SctySrs,XpryDt,"
         "FininstrmActlXpryDt,StrkPric,OptnTp,FinInstrmNm,OpnPric,HghPric,LwPric,ClsPric,"
         "LastPric,PrvsClsgPric,UndrlygPric,SttlmPric,OpnIntrst,ChngInOpnIntrst,TtlTradgVol,"
         "TtlTrfVal,TtlNbOfTxsExctd,SsnId,NewBrdLotQty,Rmks,Rsvd1,Rsvd2,Rsvd3,Rsvd4\n";
}

// One trading day's file in NSE's layout: each underlying around its own level, strikes 1 % apart,
// premiums from a 20 % volatility's rough shape (time value ~ 0.4 sigma S sqrt(T), plus intrinsic).
std::string day_file(Date day, std::size_t* rows) {
  std::string text = header();
  text.reserve(40200 * 190);
  const std::string d = format_date(day);
  char line[512];
  *rows = 0;
  for (int u = 0; u < kUnderlyings; ++u) {
    const std::string symbol = u == 0 ? "NIFTY" : "STK" + std::to_string(u);
    const double spot = u == 0 ? 24000.0 : 100.0 + 37.0 * u;
    const double step = std::round(spot * 0.01 * 100) / 100;
    const int lot = u == 0 ? 75 : 500 + 25 * (u % 40);
    for (int e = 0; e < kExpiries; ++e) {
      const Date expiry = day + std::chrono::days{7 + 28 * e};
      const std::string x = format_date(expiry);
      const double years = (7.0 + 28.0 * e) / 365.0;
      for (int k = -kStrikes / 2; k <= kStrikes / 2; ++k) {
        const double strike = std::round((spot + k * step) * 100) / 100;
        for (int side = 0; side < 2; ++side) {
          const double intrinsic =
              side == 0 ? std::max(0.0, spot - strike) : std::max(0.0, strike - spot);
          const double price =
              std::round((intrinsic +
                          0.08 * spot * std::sqrt(years) * std::exp(-0.5 * k * k / 64.0) + 0.05) *
                         20) /
              20;
          std::snprintf(line, sizeof line,
                        "%s,%s,FO,NSE,%s,1,,%s,,%s,%s,%.2f,%s,X,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,"
                        "%.2f,%d,%d,%d,1.00,10,F1,%d,,,,,\n",
                        d.c_str(), d.c_str(), u == 0 ? "IDO" : "STO", symbol.c_str(), x.c_str(),
                        x.c_str(), strike, side == 0 ? "CE" : "PE", price, price * 1.1, price * 0.9,
                        price, price, price, spot, price, lot * (1000 + 7 * k * k), lot * 10,
                        100 + k * k, lot);
          text += line;
          ++*rows;
        }
      }
      std::snprintf(line, sizeof line,
                    "%s,%s,FO,NSE,%s,1,,%s,,%s,%s,,,X,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%d,0,"
                    "1000,1.00,10,F1,%d,,,,,\n",
                    d.c_str(), d.c_str(), u == 0 ? "IDF" : "STF", symbol.c_str(), x.c_str(),
                    x.c_str(), spot * 1.005, spot * 1.01, spot, spot * 1.005, spot * 1.005, spot,
                    spot, spot * 1.005, lot * 5000, lot);
      text += line;
      ++*rows;
    }
  }
  return text;
}

std::vector<Date> trading_days(int n) {
  std::vector<Date> days;
  Date d = std::chrono::sys_days{std::chrono::year{2025} / 1 / 1};
  while (static_cast<int>(days.size()) < n) {
    const std::chrono::weekday w{d};
    if (w != std::chrono::Saturday && w != std::chrono::Sunday) days.push_back(d);
    d += std::chrono::days{1};
  }
  return days;
}

std::filesystem::path fresh_file(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("strikeline_import_bench_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm", ".lock"})
    std::filesystem::remove(path.string() + suffix);
  return path;
}

DatabaseUrl database(const std::filesystem::path& path) {
  std::string error;
  return *parse_database_url("sqlite:" + path.string(), &error);
}

void BM_BhavcopyDay(benchmark::State& state) {
  std::size_t rows = 0;
  const std::string text = day_file(trading_days(1)[0], &rows);
  std::size_t total = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto path = fresh_file("day.db");
    BarStorage storage = open_bar_storage(database(path), DatabaseRole::writer);
    DailyImport import(*storage.repository, {});
    std::ostringstream err;
    state.ResumeTiming();
    if (!import.import_text("day", text, BhavcopyFormat::udiff, err))
      state.SkipWithError("refused");
    total += rows;
  }
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_BhavcopyDay)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_BhavcopyYear(benchmark::State& state) {
  const std::vector<Date> days = trading_days(static_cast<int>(state.range(0)));
  std::size_t total = 0;
  for (auto _ : state) {
    const auto path = fresh_file("year.db");
    BarStorage storage = open_bar_storage(database(path), DatabaseRole::writer);
    DailyImport import(*storage.repository, {});
    std::ostringstream err;
    for (Date day : days) {
      state.PauseTiming();  // generating the file is not importing it
      std::size_t rows = 0;
      const std::string text = day_file(day, &rows);
      state.ResumeTiming();
      if (!import.import_text(format_date(day), text, BhavcopyFormat::udiff, err))
        state.SkipWithError("refused");
      total += rows;
    }
    state.counters["bars"] = static_cast<double>(import.totals().bars);
    std::filesystem::remove_all(path.parent_path());
  }
  state.counters["rows"] = static_cast<double>(total);
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BhavcopyYear)->Arg(250)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
