#include "api/metrics_registry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace strikeline {

namespace {

enum Type { kCounter, kGauge, kHistogram, kGaugeFunction };

constexpr std::array kLatencyBuckets{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                     0.005,   0.01,   0.025,   0.05,   0.1,   0.25,
                                     0.5,     1.0,    2.5,     5.0,    10.0};

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string_view type_name(int type) {
  switch (type) {
    case kCounter:
      return "counter";
    case kHistogram:
      return "histogram";
    default:
      return "gauge";
  }
}

void append_escaped(std::string& out, std::string_view text, bool quote_escape) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote_escape) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, ec == std::errc{} ? end : buffer);
  }
}

void append_number(std::string& out, std::uint64_t v) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  out.append(buffer, ec == std::errc{} ? end : buffer);
}

// Bucket bounds in plain decimal ("0.00005", "10") as Prometheus client libraries print them.
std::string bound_text(double bound) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, bound, std::chars_format::fixed);
  return std::string(buffer, ec == std::errc{} ? end : buffer);
}

void append_labels(std::string& out, const MetricLabels& labels, std::string_view extra_key = {},
                   std::string_view extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return;
  out += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += key;
    out += "=\"";
    append_escaped(out, value, true);
    out += '"';
  }
  if (!extra_key.empty()) {
    if (!first) out += ',';
    out += extra_key;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

}  // namespace

Histogram::Histogram(std::span<const double> upper_bounds)
    : bounds_(upper_bounds.begin(), upper_bounds.end()),
      counts_(new std::atomic<std::uint64_t>[upper_bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double value) {
  if (std::isnan(value)) return;
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);  // le: value <= bound
  counts_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::bucket_counts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = counts_[i].load(std::memory_order_relaxed);
  return out;
}

std::span<const double> latency_buckets_seconds() {
  return kLatencyBuckets;
}

struct MetricsRegistry::Series {
  MetricLabels labels;
  std::unique_ptr<Counter> counter;
  std::unique_ptr<Gauge> gauge;
  std::unique_ptr<Histogram> histogram;
  std::function<double()> function;
};

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  int type = kCounter;
  std::vector<std::unique_ptr<Series>> series;
  std::function<SampledSeries()> sampler;  // a family read when scraped (no fixed series)
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, std::string_view help,
                                                 int type) {
  if (!valid_name(name)) throw std::logic_error("invalid metric name: " + std::string(name));
  Family* found = nullptr;
  for (auto& f : families_) {
    if (f->name == name) found = f.get();
  }
  // A gauge read by function renders as a gauge: the two may share a family.
  auto same_kind = [](int a, int b) {
    return a == b || (a != kCounter && a != kHistogram && b != kCounter && b != kHistogram);
  };
  if (found && !same_kind(found->type, type)) {
    throw std::logic_error("metric registered with two types: " + std::string(name));
  }
  if (!found) {
    families_.push_back(std::make_unique<Family>());
    found = families_.back().get();
    found->name = std::string(name);
    found->help = std::string(help);
    found->type = type;
  }
  return *found;
}

MetricsRegistry::Series& MetricsRegistry::series(std::string_view name, std::string_view help,
                                                 int type, MetricLabels labels) {
  for (const auto& [key, value] : labels) {
    if (!valid_name(key) || key.find(':') != std::string::npos || key == "le") {
      throw std::logic_error("invalid label name: " + key);
    }
  }
  Family& family = this->family(name, help, type);
  if (family.sampler) throw std::logic_error("metric read as a family: " + std::string(name));
  for (auto& s : family.series) {
    if (s->labels == labels) return *s;
  }
  family.series.push_back(std::make_unique<Series>());
  family.series.back()->labels = std::move(labels);
  return *family.series.back();
}

void MetricsRegistry::sampled_family(std::string_view name, std::string_view help, int type,
                                     std::function<SampledSeries()> fn) {
  std::lock_guard lock(mutex_);
  Family& family = this->family(name, help, type);
  if (family.type != type || !family.series.empty()) {
    throw std::logic_error("metric has series of its own: " + std::string(name));
  }
  family.sampler = std::move(fn);
}

void MetricsRegistry::counter_family(std::string_view name, std::string_view help,
                                     std::function<SampledSeries()> fn) {
  sampled_family(name, help, kCounter, std::move(fn));
}

void MetricsRegistry::gauge_family(std::string_view name, std::string_view help,
                                   std::function<SampledSeries()> fn) {
  sampled_family(name, help, kGauge, std::move(fn));
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  MetricLabels labels) {
  std::lock_guard lock(mutex_);
  Series& s = series(name, help, kCounter, std::move(labels));
  if (!s.counter) s.counter = std::make_unique<Counter>();
  return *s.counter;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, MetricLabels labels) {
  std::lock_guard lock(mutex_);
  Series& s = series(name, help, kGauge, std::move(labels));
  if (s.function) throw std::logic_error("gauge already read by function: " + std::string(name));
  if (!s.gauge) s.gauge = std::make_unique<Gauge>();
  return *s.gauge;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::span<const double> upper_bounds, MetricLabels labels) {
  if (!std::is_sorted(upper_bounds.begin(), upper_bounds.end())) {
    throw std::logic_error("histogram bounds must ascend: " + std::string(name));
  }
  std::lock_guard lock(mutex_);
  Series& s = series(name, help, kHistogram, std::move(labels));
  if (!s.histogram) s.histogram = std::make_unique<Histogram>(upper_bounds);
  return *s.histogram;
}

void MetricsRegistry::gauge_function(std::string_view name, std::string_view help,
                                     std::function<double()> fn, MetricLabels labels) {
  std::lock_guard lock(mutex_);
  Series& s = series(name, help, kGaugeFunction, std::move(labels));
  if (s.gauge) throw std::logic_error("gauge already registered: " + std::string(name));
  s.function = std::move(fn);
}

void MetricsRegistry::render(std::string& out) const {
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) {
    out += "# HELP ";
    out += family->name;
    out += ' ';
    append_escaped(out, family->help, false);
    out += "\n# TYPE ";
    out += family->name;
    out += ' ';
    out += type_name(family->type);
    out += '\n';
    if (family->sampler) {
      for (const auto& [labels, value] : family->sampler()) {
        out += family->name;
        append_labels(out, labels);
        out += ' ';
        append_number(out, value);
        out += '\n';
      }
    }
    for (const auto& s : family->series) {
      if (s->counter) {
        out += family->name;
        append_labels(out, s->labels);
        out += ' ';
        append_number(out, s->counter->value());
        out += '\n';
      } else if (s->gauge || s->function) {
        out += family->name;
        append_labels(out, s->labels);
        out += ' ';
        append_number(out, s->gauge ? s->gauge->value() : s->function());
        out += '\n';
      } else if (s->histogram) {
        const std::vector<std::uint64_t> counts = s->histogram->bucket_counts();
        const auto bounds = s->histogram->upper_bounds();
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
          cumulative += counts[i];
          out += family->name;
          out += "_bucket";
          append_labels(out, s->labels, "le", i < bounds.size() ? bound_text(bounds[i]) : "+Inf");
          out += ' ';
          append_number(out, cumulative);
          out += '\n';
        }
        out += family->name;
        out += "_sum";
        append_labels(out, s->labels);
        out += ' ';
        append_number(out, s->histogram->sum());
        out += '\n';
        out += family->name;
        out += "_count";
        append_labels(out, s->labels);
        out += ' ';
        append_number(out, cumulative);
        out += '\n';
      }
    }
  }
}

}  // namespace strikeline
