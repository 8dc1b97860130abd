#include "app/kite_feed.h"

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "core/symbol.h"
#include "core/text.h"

namespace strikeline::app {

using namespace std::chrono;

namespace {

Timestamp now_utc() {
  return time_point_cast<microseconds>(system_clock::now());
}

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    auto item = trim(text.substr(0, comma));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

void add_kite_options(CLI::App* cmd, KiteFeedArgs& a) {
  cmd->add_option("--kite-instruments", a.instruments,
                  "Kite instrument dump (instruments.csv) for --feed kite");
  cmd->add_option("--kite-credentials", a.credentials,
                  "file with api_key = ... and access_token = ... lines (else the "
                  "STRIKELINE_KITE_API_KEY and STRIKELINE_KITE_ACCESS_TOKEN variables)");
  cmd->add_option("--kite-url", a.url, "Kite ticker WebSocket URL")->capture_default_str();
  cmd->add_flag("--insecure-kite-url", a.insecure_url,
                "allow a ws:// --kite-url (API key and access token in clear): for a local test "
                "ticker only");
  cmd->add_option("--kite-symbols", a.symbols, "underlyings to subscribe")->capture_default_str();
  cmd->add_option("--kite-expiries", a.expiries,
                  "expiries to subscribe (dates or NWeek+k / NMonth+k labels)")
      ->capture_default_str();
  cmd->add_option("--kite-strikes", a.strikes, "strikes each side of the ATM strike")
      ->capture_default_str()
      ->check(CLI::Range(0, 200));
  cmd->add_option("--kite-mode", a.mode, "ltp | quote | full")->capture_default_str();
}

std::optional<KiteFeedOptions> kite_feed_options(const KiteFeedArgs& a, std::string* error) {
  KiteFeedOptions o;
  if (a.instruments.empty()) {
    *error = "--feed kite needs --kite-instruments FILE (Kite's instruments.csv)";
    return std::nullopt;
  }
  o.instruments_path = a.instruments;
  if (auto bad = kite::check_ticker_url(a.url)) {
    *error = "--kite-url " + kite::redacted_url(a.url) + ": " + *bad;
    return std::nullopt;
  }
  if (a.url.starts_with("ws://") && !a.insecure_url) {
    *error = "--kite-url " + kite::redacted_url(a.url) +
             ": ws:// would send the API key and access token in clear; use wss:// (or add "
             "--insecure-kite-url for a local test ticker)";
    return std::nullopt;
  }
  o.client.url = a.url;
  if (a.mode == "full") {
    o.client.mode = kite::PacketMode::full;
  } else if (a.mode == "quote") {
    o.client.mode = kite::PacketMode::quote;
  } else if (a.mode == "ltp") {
    o.client.mode = kite::PacketMode::ltp;
  } else {
    *error = "--kite-mode must be ltp, quote or full (got '" + a.mode + "')";
    return std::nullopt;
  }
  o.subscriptions.underlyings.clear();
  for (std::string_view item : split_list(a.symbols)) {
    auto symbol = canonical_symbol(item);
    if (!symbol) {
      *error = "--kite-symbols: '" + std::string(item) + "' is not a symbol";
      return std::nullopt;
    }
    o.subscriptions.underlyings.push_back(*symbol);
  }
  if (o.subscriptions.underlyings.empty()) {
    *error = "--kite-symbols: no symbol given";
    return std::nullopt;
  }
  o.subscriptions.expiries.clear();
  for (std::string_view item : split_list(a.expiries)) {
    auto spec = parse_expiry_spec(item);
    if (!spec) {
      *error = "--kite-expiries: '" + std::string(item) +
               "' is neither YYYY-MM-DD nor NWeek+k / NMonth+k";
      return std::nullopt;
    }
    o.subscriptions.expiries.push_back(*spec);
  }
  if (o.subscriptions.expiries.empty()) {
    *error = "--kite-expiries: no expiry given";
    return std::nullopt;
  }
  o.subscriptions.strikes_each_side = a.strikes;
  auto credentials = kite::load_credentials(a.credentials, error);
  if (!credentials) return std::nullopt;
  o.client.credentials = std::move(*credentials);
  return o;
}

std::unique_ptr<KiteFeed> KiteFeed::create(KiteFeedOptions options, std::string* error) {
  auto catalogue = kite::InstrumentCatalogue::load_file(options.instruments_path, error);
  if (!catalogue) return nullptr;
  if (catalogue->size() == 0) {
    *error = options.instruments_path + ": no option, future or index in the instrument dump";
    return nullptr;
  }
  if (!catalogue->rejections().empty()) {
    const auto& first = catalogue->rejections().front();
    spdlog::warn("kite: {} rows of {} rejected (first: line {}: {})",
                 catalogue->rejections().size(), options.instruments_path, first.line,
                 first.reason);
  }
  return std::unique_ptr<KiteFeed>(new KiteFeed(std::move(options), std::move(*catalogue)));
}

KiteFeed::KiteFeed(KiteFeedOptions options, kite::InstrumentCatalogue catalogue)
    : options_(std::move(options)),
      catalogue_(std::move(catalogue)),
      mapper_(catalogue_, LiveWindow{}),
      planner_(catalogue_, options_.subscriptions) {
  kite::KiteClientHandlers handlers;
  handlers.on_frame = [this](const kite::KiteFrame& f, Timestamp received) {
    on_frame(f, received);
  };
  handlers.on_text = [](const kite::KiteTextMessage& m) {
    if (m.type == kite::KiteTextMessage::Type::order) {
      spdlog::info("kite: order {} {} {}", m.order_id, m.tradingsymbol, m.order_status);
    } else if (m.type == kite::KiteTextMessage::Type::message) {
      spdlog::info("kite: message: {}", m.data);
    }
  };
  client_ = std::make_unique<kite::KiteTickerClient>(options_.client, std::move(handlers));
}

KiteFeed::~KiteFeed() {
  stop();
}

void KiteFeed::start() {
  if (running_.exchange(true)) return;
  planned_day_ = ist_date(now_utc());
  apply(planner_.start(planned_day_));
  list_planned_strikes();
  spdlog::info("kite: {} instruments loaded; subscribing {} from {} (api key {}, token {})",
               catalogue_.size(), planner_.tokens().size(), kite::redacted_url(options_.client.url),
               kite::mask(options_.client.credentials.api_key),
               kite::mask(options_.client.credentials.access_token));
  client_->start();
}

void KiteFeed::stop() {
  if (!running_.exchange(false)) return;
  client_->stop();
}

std::vector<ContractLot> KiteFeed::contract_lots(Date day) const {
  std::vector<ContractLot> out;
  for (const std::string& symbol : options_.subscriptions.underlyings) {
    for (Expiry expiry : catalogue_.option_expiries(symbol)) {
      for (const kite::KiteInstrument* option : catalogue_.options(symbol, expiry)) {
        if (!valid_lot(option->lot_size)) continue;
        out.push_back({symbol, expiry, day, option->lot_size});
        break;
      }
    }
  }
  return out;
}

void KiteFeed::list_planned_strikes() {
  // Every strike the dump lists for a planned expiry, whether or not its window subscribes it: the
  // chain's grid (ATM, strike_range and moneyness positions) is the exchange's.
  for (const std::string& symbol : options_.subscriptions.underlyings) {
    for (Expiry expiry : planner_.expiries(symbol)) {
      std::vector<Strike> strikes;
      for (const kite::KiteInstrument* option : catalogue_.options(symbol, expiry)) {
        if (strikes.empty() || strikes.back() != option->strike) strikes.push_back(option->strike);
      }
      if (strikes.empty()) continue;
      MutexLock lock(mutex_);
      listings_.push_back({symbol, expiry, std::move(strikes), planned_day_});
    }
  }
}

void KiteFeed::apply(const kite::SubscriptionChange& change) {
  if (!change.unsubscribe.empty()) client_->unsubscribe(change.unsubscribe);
  if (!change.subscribe.empty()) client_->subscribe(change.subscribe);
}

void KiteFeed::on_frame(const kite::KiteFrame& frame, Timestamp received) {
  if (const Date today = ist_date(received); today != planned_day_) {
    planned_day_ = today;
    apply(planner_.start(today));
    list_planned_strikes();
  }
  std::vector<MarketEvent> events;
  const std::uint64_t refused = mapper_.stats().out_of_bounds;
  mapper_.map(frame.packets, received, events);
  if (const std::uint64_t now_refused = mapper_.stats().out_of_bounds; now_refused != refused) {
    // The first and then every 1000th: a ticker sending nonsense does not flood the log.
    if (refused == 0 || now_refused / 1000 != refused / 1000) {
      spdlog::warn("kite: {} ticks out of bounds dropped (last: {})", now_refused,
                   mapper_.last_out_of_bounds());
    }
  }
  for (const MarketEvent& e : events) {
    if (const auto* spot = std::get_if<UnderlyingTick>(&e)) {
      apply(planner_.on_spot(spot->symbol, spot->price));
    }
  }
  if (events.empty()) return;
  MutexLock lock(mutex_);
  pending_.insert(pending_.end(), std::make_move_iterator(events.begin()),
                  std::make_move_iterator(events.end()));
}

void KiteFeed::take(std::vector<MarketEvent>& out) {
  MutexLock lock(mutex_);
  if (out.empty()) {
    out.swap(pending_);
  } else {
    out.insert(out.end(), std::make_move_iterator(pending_.begin()),
               std::make_move_iterator(pending_.end()));
  }
  pending_.clear();
}

void KiteFeed::take_listings(std::vector<StrikeListing>& out) {
  MutexLock lock(mutex_);
  out.insert(out.end(), std::make_move_iterator(listings_.begin()),
             std::make_move_iterator(listings_.end()));
  listings_.clear();
}

kite::KiteClientStats KiteFeed::client_stats() const {
  return client_->stats();
}

Feed::Condition KiteFeed::condition() const {
  if (!running_.load()) return {"stopped", false, {}};
  const auto s = client_->stats();
  if (s.connected) return {"running", true, {}};
  return {s.failed_attempts == 0 ? "connecting" : "reconnecting", false,
          s.last_error.empty() ? std::string{} : "ticker: " + s.last_error};
}

}  // namespace strikeline::app
