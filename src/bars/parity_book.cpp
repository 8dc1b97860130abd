#include "bars/parity_book.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace strikeline {

namespace {

bool usable(const std::optional<double>& price) {
  return price && std::isfinite(*price) && *price > 0;
}

}  // namespace

void ParityBook::observe(double strike, Side side, Timestamp ts, std::optional<double> last,
                         std::optional<double> bid, std::optional<double> ask) {
  const bool has_quote = bid.has_value() || ask.has_value();
  if (!usable(last) && !has_quote) return;
  auto it = std::lower_bound(
      quotes_.begin(), quotes_.end(), strike,
      [](const pricing::ParityQuote& q, double value) { return q.strike < value; });
  const auto index = static_cast<std::size_t>(it - quotes_.begin());
  if (it == quotes_.end() || it->strike != strike) {
    quotes_.insert(it, pricing::ParityQuote{strike, 0, 0});
    marks_.insert(marks_.begin() + static_cast<std::ptrdiff_t>(index), Marks{});
  }
  SideMarks& m = side == Side::call ? marks_[index].call : marks_[index].put;
  if (ts < m.ts) return;  // a late tick: the book keeps the newest
  m.ts = ts;
  if (usable(last)) m.last = *last;
  if (has_quote) {
    m.mid = usable(bid) && usable(ask) && *ask >= *bid ? (*bid + *ask) / 2 : 0;
  }
  (side == Side::call ? quotes_[index].call : quotes_[index].put) = m.mid > 0 ? m.mid : m.last;
  assert(quotes_.size() == marks_.size());
}

std::optional<double> ParityBook::forward(double spot, double years, double rate) const {
  const pricing::ImpliedForward f = pricing::implied_forward(quotes_, spot, years, rate);
  if (!f.found) return std::nullopt;
  return f.forward;
}

}  // namespace strikeline
