#include "app/writer_failover.h"

#include <spdlog/spdlog.h>

#include <cassert>

namespace strikeline::app {

using namespace std::chrono;

namespace {

// The newest committed minute may have been cut short, and a late tick reaches back a minute.
constexpr minutes kRewrittenBefore{1};

}  // namespace

WriterFailover::WriterFailover(std::shared_ptr<PostgresBarRepository> repository,
                               IngestPipeline& pipeline, WriterFailoverOptions options,
                               std::string id)
    : repository_(std::move(repository)),
      pipeline_(pipeline),
      options_(std::move(options)),
      lease_(repository_->conninfo(), id, options_.lease) {
  assert(repository_ && !repository_->read_only());
  role_.id = std::move(id);
  // Until it takes the lease, the repository refuses this writer's bar writes and DDL (term 0).
  repository_->fence_writes(role_.id, 0);
  pipeline_.follow("this writer is a follower: another writer holds the writer lease");
  pipeline_.on_fenced([this](const std::string& why) { stepped_down(why); });
}

WriterFailover::~WriterFailover() {
  worker_.stop();
}

void WriterFailover::try_lead_now() {
  follow_step();
}

void WriterFailover::start() {
  worker_.start([this](std::stop_token) { return tick(); });
}

void WriterFailover::stop() {
  worker_.stop();
  const WriterRole role = status();
  if (!role.leader) return;
  try {
    lease_.release(role.term);
    spdlog::info("writer lease: term {} released for a follower", role.term);
  } catch (const std::exception& e) {
    spdlog::warn("writer lease: term {} not released ({}); it expires in {} ms", role.term,
                 e.what(), options_.lease.duration.count());
  }
}

WriterRole WriterFailover::status() const {
  MutexLock lock(mutex_);
  return role_;
}

std::optional<UtcSeconds> WriterFailover::rewrite_from() const {
  const std::optional<UtcSeconds> newest = repository_->newest_bucket(options_.symbols);
  if (!newest) return std::nullopt;
  return *newest - kRewrittenBefore;
}

PeriodicWorker::Delay WriterFailover::tick() {
  const WriterRole role = status();
  if (!role.leader) {
    follow_step();
    return options_.lease.renew_interval;
  }
  const auto attempted = steady_clock::now();
  try {
    const bool renewed = lease_.renew(role.term);
    if (storage_failing_) spdlog::info("writer lease: term {} renewed again", role.term);
    storage_failing_ = false;
    if (!renewed) {
      const std::string why =
          "term " + std::to_string(role.term) + " was taken over by another writer";
      pipeline_.follow("this writer lost the writer lease (" + why +
                       "); send writes to the leader");
      stepped_down(why);
    } else {
      renewed_at_ = attempted;
    }
  } catch (const std::exception& e) {
    if (!storage_failing_) {
      spdlog::error("writer lease: cannot renew term {}: {} (writes are fenced meanwhile)",
                    role.term, e.what());
    }
    storage_failing_ = true;
    // Its lease has run out by this server's own clock (renewals failing for a whole lease: the
    // database or the way to it is down): a follower may have taken over, so this writer stops
    // saying it leads; when the database answers again it takes the lease anew if nobody did.
    if (attempted - renewed_at_ >= options_.lease.duration) {
      const std::string why =
          "term " + std::to_string(role.term) + "'s lease ran out: no renewal for " +
          std::to_string(duration_cast<milliseconds>(attempted - renewed_at_).count()) + " ms (" +
          e.what() + ")";
      pipeline_.follow("this writer lost the writer lease (" + why +
                       "); send writes to the leader");
      stepped_down(why);
    }
  }
  return options_.lease.renew_interval;
}

void WriterFailover::follow_step() {
  try {
    if (auto from = rewrite_from()) pipeline_.forget_withheld_before(*from);
    const std::optional<pg::Takeover> taken = lease_.try_take();
    if (taken) {
      take_over(*taken);
    } else {
      const pg::LeaseView seen = lease_.read();
      MutexLock lock(mutex_);
      role_.term = seen.term;
      role_.leader_id = seen.holder;
    }
    storage_failing_ = false;
  } catch (const std::exception& e) {
    if (!storage_failing_) spdlog::error("writer lease: {} (still following)", e.what());
    storage_failing_ = true;
  }
}

void WriterFailover::take_over(const pg::Takeover& takeover) {
  const auto started = steady_clock::now();
  renewed_at_ = started;  // the lease runs from the take (renewals extend it)
  repository_->fence_writes(lease_.holder(), takeover.term);
  std::optional<UtcSeconds> from;
  try {
    from = rewrite_from();  // final: no other writer writes from now on
  } catch (const std::exception& e) {
    spdlog::warn("writer lease: the newest stored minute is unknown ({}); writing every bar held",
                 e.what());
  }
  {
    MutexLock lock(mutex_);
    role_.leader = true;
    role_.term = takeover.term;
    role_.leader_id = lease_.holder();
    ++role_.takeovers;
  }
  std::size_t written = 0;
  std::string failure;
  try {
    written = pipeline_.lead(from);
  } catch (const std::exception& e) {
    failure = e.what();  // the bars stay pending: the feed's next write retries them
  }
  spdlog::warn(
      "writer lease: this writer leads term {} (after {}); {} bars written from {} on in {:.3f} "
      "s{}",
      takeover.term,
      takeover.previous_holder.empty() ? std::string("no earlier leader")
                                       : takeover.previous_holder + "'s lease expired",
      written, from ? format_iso_utc(*from) : std::string("the first held minute"),
      duration<double>(steady_clock::now() - started).count(),
      failure.empty() ? "" : " (the write failed and is retried: " + failure + ")");
}

void WriterFailover::stepped_down(const std::string& why) {
  {
    MutexLock lock(mutex_);
    if (!role_.leader) return;
    role_.leader = false;
    role_.leader_id.clear();
  }
  spdlog::warn("writer lease: this writer steps down and follows ({}); its aggregators stay warm",
               why);
}

}  // namespace strikeline::app
