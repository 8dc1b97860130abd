// LiveChainTable: the option chain `strikeline tail --chain` keeps from the stream's chain channel
// (API.md "WebSocket /fo/stream"): a chain_snapshot replaces the table; a chain_update replaces
// the header, puts its rows by strike and removes the strikes it lists. Two ways to show it:
//  - json(): the table as one line of JSON, /fo/option-chain's body (without "status"): the
//    header's members and "rows" ascending by strike;
//  - text(): a fixed-width table for a terminal, calls left, strike in the middle, puts right
//    (mirrored: each side's OI outermost), the ATM row marked "> strike <", OI, its change and
//    volume in lakh/crore (app/indian_quantity.h), prices and IV with 2 decimals, and two header
//    lines (contract, label, days to expiry, lot, as_of in IST; spot, ATM, PCR, max pain, totals).
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>

namespace strikeline::app {

class LiveChainTable {
 public:
  // Applies a chain_snapshot or chain_update; false (the table unchanged) for any other message.
  bool apply(const boost::json::object& message);

  bool has_snapshot() const { return has_snapshot_; }
  std::size_t rows() const { return rows_.size(); }
  const boost::json::object& header() const { return header_; }

  std::string json() const;
  std::string text() const;

 private:
  bool has_snapshot_ = false;
  boost::json::object header_;
  std::map<double, boost::json::object> rows_;
};

}  // namespace strikeline::app
