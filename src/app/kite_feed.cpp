#include "app/kite_feed.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

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
                  "files with api_key = ... and access_token = ... lines, comma-separated, one "
                  "API key each (else the STRIKELINE_KITE_API_KEY and STRIKELINE_KITE_ACCESS_TOKEN "
                  "variables)");
  cmd->add_option("--kite-connections-per-key", a.connections_per_key,
                  "ticker connections per API key, 3,000 instruments each (Kite allows 3 per key, "
                  "other applications of the key included)")
      ->capture_default_str()
      ->check(CLI::Range(1, kite::kKiteConnectionsPerKey));
  cmd->add_option("--kite-url", a.url, "Kite ticker WebSocket URL")->capture_default_str();
  cmd->add_flag("--insecure-kite-url", a.insecure_url,
                "allow a ws:// --kite-url (API key and access token in clear): for a local test "
                "ticker only");
  cmd->add_option("--kite-symbols", a.symbols,
                  "underlyings to subscribe, or 'all': every underlying with options in the dump")
      ->capture_default_str();
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
  o.all_underlyings = iequals(trim(a.symbols), "all");
  for (std::string_view item : split_list(o.all_underlyings ? "" : a.symbols)) {
    auto symbol = canonical_symbol(item);
    if (!symbol) {
      *error = "--kite-symbols: '" + std::string(item) + "' is not a symbol";
      return std::nullopt;
    }
    o.subscriptions.underlyings.push_back(*symbol);
  }
  if (o.subscriptions.underlyings.empty() && !o.all_underlyings) {
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
  if (a.connections_per_key < 1 || a.connections_per_key > kite::kKiteConnectionsPerKey) {
    *error = "--kite-connections-per-key must be 1 to 3 (Kite's limit per API key)";
    return std::nullopt;
  }
  o.connections_per_key = a.connections_per_key;
  auto keys = kite::load_credentials_list(a.credentials, error);
  if (!keys) return std::nullopt;
  o.keys = std::move(*keys);
  o.client.credentials = o.keys.front();
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
  if (options.all_underlyings) options.subscriptions.underlyings = catalogue->option_underlyings();
  if (options.subscriptions.underlyings.empty()) {
    *error = options.instruments_path + ": --kite-symbols all, but the dump lists no option";
    return nullptr;
  }
  // The widest plan of today must fit the connections the keys give.
  kite::SubscriptionPlanner probe(*catalogue, options.subscriptions);
  (void)probe.start(ist_date(now_utc()));
  const std::size_t keys = std::max<std::size_t>(1, options.keys.size());
  const std::size_t capacity = keys * static_cast<std::size_t>(options.connections_per_key) *
                               options.instruments_per_connection;
  if (const std::size_t most = probe.most_tokens(); most > capacity) {
    std::size_t expiries = 0;
    for (const std::string& symbol : options.subscriptions.underlyings) {
      expiries += probe.expiries(symbol).size();
    }
    *error = fmt::format(
        "the requested universe needs up to {} instruments today (the spots and futures and ATM "
        "+- {} strikes of {} expiries of {} underlyings), more than {} API key{} x {} "
        "connection{} x {} instruments = {} can subscribe: give more --kite-credentials files "
        "(one API key each), or fewer --kite-symbols, --kite-expiries or --kite-strikes",
        most, options.subscriptions.strikes_each_side, expiries,
        options.subscriptions.underlyings.size(), keys, keys == 1 ? "" : "s",
        options.connections_per_key, options.connections_per_key == 1 ? "" : "s",
        options.instruments_per_connection, capacity);
    return nullptr;
  }
  return std::unique_ptr<KiteFeed>(new KiteFeed(std::move(options), std::move(*catalogue)));
}

std::size_t KiteFeed::key_count() const {
  return std::max<std::size_t>(1, options_.keys.size());
}

KiteFeed::KiteFeed(KiteFeedOptions options, kite::InstrumentCatalogue catalogue)
    : options_(std::move(options)),
      catalogue_(std::move(catalogue)),
      mapper_(catalogue_, LiveWindow{}),
      planner_(catalogue_, options_.subscriptions),
      shards_(1, options_.instruments_per_connection) {
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
  const std::size_t connections =
      key_count() * static_cast<std::size_t>(options_.connections_per_key);
  for (std::size_t i = 0; i < connections; ++i) {
    kite::KiteClientOptions client = options_.client;
    if (!options_.keys.empty()) client.credentials = options_.keys[i % options_.keys.size()];
    clients_.push_back(std::make_unique<kite::KiteTickerClient>(std::move(client), handlers));
  }
}

KiteFeed::~KiteFeed() {
  stop();
}

void KiteFeed::start() {
  if (running_.exchange(true)) return;
  std::size_t planned = 0;
  {
    MutexLock lock(plan_mutex_);
    plan_day(ist_date(now_utc()));
    planned = planner_.tokens().size();
    start_new_connections();
  }
  std::string keys;
  for (std::size_t k = 0; k < key_count(); ++k) {
    const kite::KiteCredentials& c =
        k < options_.keys.size() ? options_.keys[k] : options_.client.credentials;
    keys += (keys.empty() ? "" : ", ") + kite::mask(c.api_key);
  }
  spdlog::info(
      "kite: {} instruments loaded; subscribing {} from {} over {} connection{} (api key{} {}; "
      "access tokens {})",
      catalogue_.size(), planned, kite::redacted_url(options_.client.url), started_.load(),
      started_.load() == 1 ? "" : "s", key_count() == 1 ? "" : "s", keys,
      kite::mask(options_.client.credentials.access_token));
}

void KiteFeed::start_new_connections() {
  if (!running_.load()) return;
  for (std::size_t i = started_.load(); i < shards_.connections(); ++i) {
    clients_[i]->start();
    started_.store(i + 1);
  }
}

void KiteFeed::stop() {
  if (!running_.exchange(false)) return;
  for (auto& client : clients_) client->stop();
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

void KiteFeed::plan_day(Date day) {
  if (day == planned_day_) return;
  planned_day_ = day;
  const kite::SubscriptionChange change = planner_.start(day);
  // As many connections as the day's widest plan needs (create() checked the first day fits).
  const std::size_t per = options_.instruments_per_connection;
  const std::size_t needed =
      std::min(clients_.size(), std::max<std::size_t>(1, (planner_.most_tokens() + per - 1) / per));
  if (needed > shards_.connections()) shards_.add_connections(needed - shards_.connections());
  apply(change);
  list_planned_strikes();
}

void KiteFeed::apply(const kite::SubscriptionChange& change) {
  if (change.empty()) return;
  const std::vector<kite::SubscriptionChange> parts = shards_.apply(change);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].unsubscribe.empty()) clients_[i]->unsubscribe(parts[i].unsubscribe);
    if (!parts[i].subscribe.empty()) clients_[i]->subscribe(parts[i].subscribe);
  }
  if (const std::size_t waiting = shards_.waiting(); waiting != reported_waiting_) {
    if (waiting > reported_waiting_) {
      spdlog::error(
          "kite: {} planned instruments found no room on the {} ticker connections ({} "
          "instruments each): give more --kite-credentials files or fewer strikes",
          waiting, shards_.connections(), options_.instruments_per_connection);
    } else if (waiting == 0) {
      spdlog::info("kite: every planned instrument is subscribed again");
    }
    reported_waiting_ = waiting;
  }
}

void KiteFeed::on_frame(const kite::KiteFrame& frame, Timestamp received) {
  MutexLock plan(plan_mutex_);
  plan_day(ist_date(received));
  start_new_connections();
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
  kite::KiteClientStats sum;
  sum.connected = true;
  const std::size_t started = started_.load();
  for (std::size_t i = 0; i < started; ++i) {
    const kite::KiteClientStats s = clients_[i]->stats();
    sum.connects += s.connects;
    sum.reconnects += s.reconnects;
    sum.disconnects += s.disconnects;
    sum.frames += s.frames;
    sum.packets += s.packets;
    sum.heartbeats += s.heartbeats;
    sum.failed_attempts += s.failed_attempts;
    sum.malformed_frames += s.malformed_frames;
    sum.text_messages += s.text_messages;
    sum.connected = sum.connected && s.connected;
    if (!s.connected && sum.last_error.empty()) sum.last_error = s.last_error;
  }
  return sum;
}

KiteFeed::Connections KiteFeed::connections() const {
  Connections c;
  c.total = started_.load();
  for (std::size_t i = 0; i < c.total; ++i) c.open += clients_[i]->stats().connected ? 1 : 0;
  MutexLock lock(plan_mutex_);
  for (const std::size_t load : shards_.loads()) c.subscribed += load;
  c.waiting = shards_.waiting();
  return c;
}

Feed::Condition KiteFeed::condition() const {
  if (!running_.load()) return {"stopped", false, {}};
  const kite::KiteClientStats s = client_stats();
  const Connections c = connections();
  if (s.connected) {
    if (c.waiting == 0) return {"running", true, {}};
    return {"running", false,
            fmt::format("{} planned instruments found no room on the {} ticker connections",
                        c.waiting, c.total)};
  }
  std::string detail = s.last_error.empty() ? std::string{} : "ticker: " + s.last_error;
  if (c.total > 1) {
    detail += fmt::format("{}{} of {} ticker connections up", detail.empty() ? "" : "; ", c.open,
                          c.total);
  }
  return {s.failed_attempts == 0 ? "connecting" : "reconnecting", false, std::move(detail)};
}

}  // namespace strikeline::app
