#include "feed/simulator/market_simulator.h"

#include <algorithm>
#include <cmath>

#include "feed/simulator/expiry_schedule.h"
#include "feed/simulator/volatility_surface.h"
#include "pricing/normalised_black.h"

namespace strikeline::sim {

using namespace std::chrono;

namespace {

constexpr double kTick = 0.05;  // NSE option price tick

Timestamp event_time(const MarketEvent& e) {
  return std::visit([](const auto& x) { return x.ts; }, e);
}

double round_to_tick(double price) {
  return std::round(price / kTick) * kTick;
}

// Undiscounted Black price of an option on a forward.
double black_price(Side side, double forward, double strike, double vol, double years) {
  const double s = vol * std::sqrt(years);
  return std::sqrt(forward * strike) *
         pricing::normalised_black(std::log(forward / strike), s, side);
}

double expiry_weight(std::size_t rank, bool monthly) {
  static constexpr double kByRank[] = {1.0, 0.55, 0.35, 0.25, 0.2};
  const double w = kByRank[std::min<std::size_t>(rank, 4)];
  return monthly ? w * 1.6 : w;
}

}  // namespace

MarketSimulator::MarketSimulator(SimulatorConfig config) : config_(std::move(config)) {}

std::optional<std::pair<UtcSeconds, UtcSeconds>> MarketSimulator::session_at(UtcSeconds t) const {
  const Date day = floor<days>(t + kIstOffset);
  if (config_.around_the_clock)
    return std::pair{ist_time_on(day, 0min), ist_time_on(day + days{1}, 0min)};
  if (!config_.calendar.is_trading_day(day)) return std::nullopt;
  const UtcSeconds open = config_.calendar.session_open(day),
                   close = config_.calendar.session_close(day);
  if (t < open || t >= close) return std::nullopt;
  return std::pair{open, close};
}

UtcSeconds MarketSimulator::next_session_start(UtcSeconds t) const {
  if (auto s = session_at(t)) return s->first == t ? t : (config_.around_the_clock ? s->second : t);
  Date day = floor<days>(t + kIstOffset);
  if (config_.calendar.is_trading_day(day) && t < config_.calendar.session_open(day)) {
    return config_.calendar.session_open(day);
  }
  return config_.calendar.session_open(config_.calendar.next_trading_day(day));
}

double MarketSimulator::years_left(Expiry e, Timestamp at) const {
  return years_to_expiry(e, at);
}

int MarketSimulator::strikes_each_side(const SimulatedSymbol& symbol) const {
  return symbol.strikes_each_side > 0 ? symbol.strikes_each_side : config_.strikes_each_side;
}

void MarketSimulator::begin_session(UtcSeconds start) {
  session_ = session_at(start);
  clock_ = start;
  session_day_ = floor<days>(start + kIstOffset);
  contracts_.clear();
  contract_index_.clear();
  futures_.clear();
  due_ = {};
  symbols_.clear();
  for (const SimulatedSymbol& s : config_.symbols) {
    SymbolState state;
    state.process = std::make_unique<UnderlyingProcess>(s, config_.seed, session_day_,
                                                        config_.around_the_clock);
    symbols_.push_back(std::move(state));
  }
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    refresh_chain(i);
    list_futures(i);
  }
}

void MarketSimulator::list_futures(std::size_t i) {
  const SimulatedSymbol& sym = config_.symbols[i];
  const Timestamp now{*clock_};
  const std::vector<Expiry> monthlies = live_monthly_expiries(now, 3, config_.calendar);
  // Open interest in lots by month: the near month holds most of it until its last week, when it
  // rolls into the next; the far month holds little.
  const double days_to_near =
      std::max(0.0, static_cast<double>((monthlies.front() - session_day_).count()));
  const double roll = std::clamp(days_to_near / 7.0, 0.0, 1.0);  // 1: no roll yet, 0: expiry day
  const double weights[] = {0.12 + 0.88 * roll, 0.18 + 0.82 * (1.0 - roll), 0.03};
  for (std::size_t rank = 0; rank < monthlies.size(); ++rank) {
    Future f{i,
             monthlies[rank],
             rank,
             RandomStream{config_.seed, RandomStream::hash(sym.symbol.c_str()),
                          static_cast<std::uint64_t>(session_day_.time_since_epoch().count()),
                          static_cast<std::uint64_t>(monthlies[rank].time_since_epoch().count()),
                          RandomStream::hash("FUT")},
             0.0,
             0,
             0};
    f.basis = 0.0002 * f.random.normal();
    const double lots =
        2.0 * sym.open_interest_lots * weights[rank] * (1.0 + 0.05 * f.random.normal());
    f.oi = std::max<std::int64_t>(0, static_cast<std::int64_t>(lots)) * sym.lot_size;
    futures_.push_back(f);
  }
}

FutureTick MarketSimulator::future_tick(Future& f, Timestamp at) {
  const SimulatedSymbol& sym = config_.symbols[f.symbol_index];
  const UnderlyingProcess& u = *symbols_[f.symbol_index].process;
  // The basis noise mean-reverts (an AR(1) step per tick), about 0.02 % of the price.
  f.basis = 0.97 * f.basis + 0.00005 * f.random.normal();
  const double carry = u.price() * std::exp(config_.rate * std::max(0.0, years_left(f.expiry, at)));
  const double price = std::max(kTick, round_to_tick(carry * (1.0 + f.basis)));
  const double busy = intraday_activity(floor<seconds>(at)) * (f.rank == 0 ? 1.0 : 0.3);
  const auto traded_lots = 1 + static_cast<std::int64_t>(f.random.exponential(40.0 * busy));
  f.cumulative_volume += traded_lots * sym.lot_size;
  // Open interest moves by whole lots, a fraction of what trades.
  const auto change_lots = static_cast<std::int64_t>(
      std::llround(0.3 * static_cast<double>(traded_lots) * f.random.normal()));
  f.oi = std::max<std::int64_t>(0, f.oi + change_lots * sym.lot_size);
  FutureTick tick;
  tick.ts = at;
  tick.symbol = sym.symbol;
  tick.expiry = f.expiry;
  tick.price = price;
  tick.cumulative_volume = f.cumulative_volume;
  tick.oi = f.oi;
  return tick;
}

void MarketSimulator::refresh_chain(std::size_t i) {
  SymbolState& state = symbols_[i];
  const SimulatedSymbol& sym = config_.symbols[i];
  const Timestamp now{*clock_};
  const std::int64_t step = sym.strike_step.hundredths();
  const auto atm = Strike::from_hundredths(
      static_cast<std::int64_t>(std::llround(state.process->price() * Strike::kScale / step)) *
      step);
  std::vector<Expiry> expiries =
      live_expiries(sym, now, sym.expiries > 0 ? sym.expiries : config_.expiries, config_.calendar);
  if (atm == state.atm && expiries == state.expiries) return;
  state.atm = atm;
  state.expiries = std::move(expiries);
  for (std::size_t rank = 0; rank < state.expiries.size(); ++rank) {
    for (int k = -strikes_each_side(sym); k <= strikes_each_side(sym); ++k) {
      const Strike strike = Strike::from_hundredths(atm.hundredths() + k * step);
      if (strike.hundredths() <= 0) continue;
      for (Side side : kBothSides) add_contract(i, state.expiries[rank], rank, strike, side);
    }
  }
}

void MarketSimulator::add_contract(std::size_t i, Expiry expiry, std::size_t rank, Strike strike,
                                   Side side) {
  auto key = std::tuple{i, expiry, strike, side};
  if (contract_index_.contains(key)) return;
  const SimulatedSymbol& sym = config_.symbols[i];
  RandomStream random{config_.seed,
                      RandomStream::hash(sym.symbol.c_str()),
                      static_cast<std::uint64_t>(session_day_.time_since_epoch().count()),
                      static_cast<std::uint64_t>(expiry.time_since_epoch().count()),
                      static_cast<std::uint64_t>(strike.hundredths()),
                      static_cast<std::uint64_t>(side)};
  const double spot = symbols_[i].process->price();
  const double m = (strike.to_double() - spot) / sym.strike_step.to_double();
  const double near = 0.9 * std::exp(-std::fabs(m) / 10.0) + 0.1 * std::exp(-std::fabs(m) / 25.0);
  const std::int64_t round = sym.round_strike.hundredths();
  const double round_bonus =
      strike.hundredths() % round == 0 ? 2.2 : (strike.hundredths() % (round / 5) == 0 ? 1.3 : 1.0);
  const bool out_of_money = side == Side::call ? m > 0 : m < 0;
  const double side_bias = out_of_money ? 1.25 : 0.6;
  std::vector<Expiry> listed = symbols_[i].expiries;
  const double lots = sym.open_interest_lots *
                      expiry_weight(rank, is_monthly_expiry(expiry, listed)) * near * round_bonus *
                      side_bias * std::exp(0.25 * random.normal());
  Contract c{i, expiry, strike, side, random, 0, 0, 0, Timestamp{*clock_}};
  c.oi = static_cast<std::int64_t>(lots) * sym.lot_size;
  c.activity = (std::exp(-std::fabs(m) / sym.liquidity_decay) + sym.liquidity_floor) *
               sym.liquidity * std::pow(sym.next_expiry_liquidity, static_cast<double>(rank));
  if (config_.highest_activity > 0) c.activity = std::min(c.activity, config_.highest_activity);
  if (c.random.chance(0.05)) c.activity *= 0.1;  // a quiet instrument
  contracts_.push_back(c);
  contract_index_.emplace(key, contracts_.size() - 1);
  schedule(contracts_.size() - 1, Timestamp{*clock_});
}

void MarketSimulator::schedule(std::size_t index, Timestamp after) {
  Contract& c = contracts_[index];
  const UtcSeconds second = floor<seconds>(after);
  const double busy =
      c.activity * (config_.open_heavy ? open_heavy_activity(second) : intraday_activity(second));
  const double mean = std::min(config_.option_tick_interval / busy,
                               config_.option_tick_interval * config_.quietest_interval_factor);
  const auto gap = microseconds{static_cast<std::int64_t>(c.random.exponential(mean) * 1e6) + 1000};
  due_.push({after + gap, index});
}

OptionTick MarketSimulator::trade(Contract& c, Timestamp at) {
  const SimulatedSymbol& sym = config_.symbols[c.symbol_index];
  const UnderlyingProcess& u = *symbols_[c.symbol_index].process;
  const double years = years_left(c.expiry, at);
  const double forward = u.price() * std::exp(config_.rate * years);
  const double discount = std::exp(-config_.rate * years);
  const double k = c.strike.to_double();
  const double vol = surface_volatility(u.volatility_level(), forward, k, years);
  const double theo = discount * black_price(c.side, forward, k, vol, years);
  // Spreads widen for cheap and quiet options.
  const double half_spread = std::max(kTick, 0.0015 * theo + 0.05 / std::sqrt(c.activity)) / 2.0;
  double bid = std::max(0.0, std::floor((theo - half_spread) / kTick) * kTick);
  double ask = std::max(kTick, std::ceil((theo + half_spread) / kTick) * kTick);
  const double price =
      std::clamp(round_to_tick(theo + (c.random.uniform() - 0.5) * half_spread), kTick, ask);
  // Open interest: writers build out of the money, in-the-money positions unwind; whole lots.
  const double m = (k - u.price()) / sym.strike_step.to_double();
  const bool out_of_money = c.side == Side::call ? m > 0 : m < 0;
  // Per hour: +3 % out of the money, -2 % in the money, with 1 % noise.
  const double hours = std::max(0.0, duration<double>(at - c.last_trade).count() / 3600.0);
  const double growth =
      (out_of_money ? 0.03 : -0.02) * hours + 0.01 * std::sqrt(hours) * c.random.normal();
  c.last_trade = at;
  const auto lots_now = c.oi / sym.lot_size;
  const auto lots_next =
      std::max<std::int64_t>(0, std::llround(static_cast<double>(lots_now) * (1.0 + growth)));
  c.oi = lots_next * sym.lot_size;
  const auto traded_lots = 1 + static_cast<std::int64_t>(c.random.exponential(30.0 * c.activity));
  c.cumulative_volume += traded_lots * sym.lot_size;

  OptionTick tick;
  tick.ts = at;
  tick.symbol = sym.symbol;
  tick.expiry = c.expiry;
  tick.strike = c.strike;
  tick.side = c.side;
  tick.price = price;
  tick.cumulative_volume = c.cumulative_volume;
  tick.oi = c.oi;
  // The top of the book: a bid of 0 (a far option nobody bids for) is an empty side; the sizes
  // are whole lots, deeper where the option is busier.
  if (round_to_tick(bid) > 0) {
    tick.bid = round_to_tick(bid);
    tick.bid_qty =
        (1 + static_cast<std::int64_t>(c.random.exponential(25.0 * c.activity))) * sym.lot_size;
  }
  tick.ask = round_to_tick(ask);
  tick.ask_qty =
      (1 + static_cast<std::int64_t>(c.random.exponential(25.0 * c.activity))) * sym.lot_size;
  return tick;
}

void MarketSimulator::step_second(const Sink* sink, Timestamp emit_from, Timestamp emit_to) {
  const UtcSeconds t = *clock_;
  const Timestamp second_end{t + 1s};
  std::vector<MarketEvent> events;
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    symbols_[i].process->step(t);
    if (epoch_seconds(t) % config_.underlying_interval.count() == 0) {
      const double price = std::round(symbols_[i].process->price() * 100.0) / 100.0;
      events.emplace_back(UnderlyingTick{Timestamp{t}, config_.symbols[i].symbol, price});
      for (Future& f : futures_) {
        if (f.symbol_index != i || Timestamp{expiry_close(f.expiry)} <= Timestamp{t}) continue;
        events.emplace_back(future_tick(f, Timestamp{t}));
      }
    }
    if (epoch_seconds(t) % 60 == 0) refresh_chain(i);
  }
  while (!due_.empty() && due_.top().at < second_end) {
    const Due due = due_.top();
    due_.pop();
    Contract& c = contracts_[due.contract];
    if (Timestamp{expiry_close(c.expiry)} <= due.at) continue;  // expired: trades no more
    const SymbolState& state = symbols_[c.symbol_index];
    const std::int64_t distance = std::llabs(c.strike.hundredths() - state.atm.hundredths()) /
                                  config_.symbols[c.symbol_index].strike_step.hundredths();
    const bool in_chain = distance <= strikes_each_side(config_.symbols[c.symbol_index]);
    if (in_chain) events.emplace_back(trade(c, due.at));
    schedule(due.contract, due.at);
  }
  clock_ = t + 1s;
  if (!sink) return;
  std::stable_sort(events.begin(), events.end(), [](const MarketEvent& a, const MarketEvent& b) {
    return event_time(a) < event_time(b);
  });
  for (MarketEvent& e : events) {
    const Timestamp ts = event_time(e);
    if (ts < emit_from) continue;
    if (ts < emit_to) {
      (*sink)(e);
    } else {
      held_.push_back(std::move(e));  // this second's rest: the next call's, when it continues
    }
  }
}

void MarketSimulator::run(Timestamp from, Timestamp to, const Sink& sink) {
  if (handed_until_ && *handed_until_ == from) {
    // The previous call's continuation: first the rest of the second it ended in.
    std::size_t emitted = 0;
    while (emitted < held_.size() && event_time(held_[emitted]) < to) sink(held_[emitted++]);
    held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(emitted));
  } else {
    held_.clear();
    const UtcSeconds from_second = floor<seconds>(from);
    if (!clock_ || *clock_ != from_second) {
      // Start over at the session containing `from` (or the next one) and replay up to it
      // silently.
      const auto session = session_at(from_second);
      begin_session(session ? session->first : next_session_start(from_second));
      while (*clock_ < from_second && session_ && *clock_ < session_->second)
        step_second(nullptr, from, to);
    }
  }
  handed_until_ = std::max(from, to);
  while (Timestamp{*clock_} < to) {
    if (!session_ || *clock_ >= session_->second) {
      const UtcSeconds next = next_session_start(*clock_);
      if (Timestamp{next} >= to) {
        clock_ = floor<seconds>(to);
        session_.reset();
        return;
      }
      begin_session(next);
    }
    step_second(&sink, from, to);
  }
}

std::optional<double> MarketSimulator::model_volatility(std::string_view symbol, Expiry expiry,
                                                        Strike strike) const {
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    if (config_.symbols[i].symbol != symbol) continue;
    const UnderlyingProcess& u = *symbols_[i].process;
    const double years = years_left(expiry, Timestamp{*clock_});
    if (years <= 0) return std::nullopt;
    const double forward = u.price() * std::exp(config_.rate * years);
    return surface_volatility(u.volatility_level(), forward, strike.to_double(), years);
  }
  return std::nullopt;
}

std::optional<double> MarketSimulator::spot(std::string_view symbol) const {
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    if (config_.symbols[i].symbol == symbol) return symbols_[i].process->price();
  }
  return std::nullopt;
}

std::vector<MarketSimulator::ListedOption> MarketSimulator::listed_options() const {
  std::vector<ListedOption> out;
  out.reserve(contracts_.size());
  for (const Contract& c : contracts_)
    out.push_back({config_.symbols[c.symbol_index].symbol, c.expiry, c.strike, c.side});
  return out;
}

}  // namespace strikeline::sim
