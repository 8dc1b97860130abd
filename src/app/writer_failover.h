// WriterFailover: one of several `serve --role writer` servers on one PostgreSQL database leads,
// the others follow (README "Writer fail-over"). Leadership is the database's writer lease
// (store/postgres/writer_lease.h). On a worker of its own, every renewal interval:
//   - a leader renews its lease; when another writer has taken it, the leader steps down;
//   - a follower reads the newest stored bucket of its symbols (the ingest pipeline forgets the
//     withheld bars before the minute ahead of it) and tries to take the lease; once it has it, it
//     fences the repository's writes with its term, reads the newest stored bucket again (no
//     other writer can write from then on) and lets the pipeline write every bar its warm
//     aggregator holds from the minute before that bucket on (the newest committed minute may
//     have been cut short by the leader's death, and a tick a little late reaches back a minute),
//     then writes as usual.
// A write the database refuses (WriteFenced) makes the pipeline a follower at once (the pipeline's
// fenced listener), the same as a failed renewal: the server steps down, logs it, and keeps its
// aggregators. A failing database changes no role until the leader's renewals have failed for a
// whole lease (by its own clock: then its lease has run out, and it steps down, its bars withheld
// as a follower's, to take the lease anew when the database answers and nobody else took it); a
// follower keeps trying. try_lead_now() makes one attempt at once (a
// lone writer writes its backfill as leader); stop() ends the worker and a leader releases its
// lease for a follower to take over at once. status() (WriterRole, api/service_context.h) is for
// /metrics and /health.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/service_context.h"
#include "app/ingest_pipeline.h"
#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "store/postgres/postgres_bar_repository.h"
#include "store/postgres/writer_lease.h"

namespace strikeline::app {

struct WriterFailoverOptions {
  pg::WriterLeaseOptions lease;
  std::vector<std::string> symbols;  // the feed's underlyings (empty: every stored symbol)
};

class WriterFailover {
 public:
  // Starts as a follower: the pipeline follows until the lease is taken.
  WriterFailover(std::shared_ptr<PostgresBarRepository> repository, IngestPipeline& pipeline,
                 WriterFailoverOptions options, std::string id = pg::make_writer_id());
  ~WriterFailover();
  WriterFailover(const WriterFailover&) = delete;
  WriterFailover& operator=(const WriterFailover&) = delete;

  void try_lead_now() EXCLUDES(mutex_);
  void start();
  void stop() EXCLUDES(mutex_);
  WriterRole status() const EXCLUDES(mutex_);

 private:
  PeriodicWorker::Delay tick() EXCLUDES(mutex_);
  void follow_step() EXCLUDES(mutex_);
  void take_over(const pg::Takeover& takeover) EXCLUDES(mutex_);
  void stepped_down(const std::string& why) EXCLUDES(mutex_);
  // The bucket from which a takeover writes and a follower keeps bars (see above).
  std::optional<UtcSeconds> rewrite_from() const;

  std::shared_ptr<PostgresBarRepository> repository_;
  IngestPipeline& pipeline_;
  const WriterFailoverOptions options_;
  pg::WriterLease lease_;  // the worker's (and try_lead_now's, before it starts; stop's, after)
  bool storage_failing_ = false;  // the worker's: logged once per outage
  // The worker's (and try_lead_now's): when the lease was last taken or renewed (its start).
  std::chrono::steady_clock::time_point renewed_at_{};
  mutable Mutex mutex_;
  WriterRole role_ GUARDED_BY(mutex_);
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline::app
