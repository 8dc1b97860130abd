// PipelineIngestSink: HTTP ingest's IngestSink (api/ingest/ingest_sink.h) on the server's one write
// path, the IngestPipeline. The pipeline serialises its callers, so requests from several HTTP
// workers and the running feed (simulator, Kite) take turns; each call returns a receipt of what
// became of its data (IngestPipeline::receive_events).
#pragma once

#include "api/ingest/ingest_sink.h"
#include "app/ingest_pipeline.h"

namespace strikeline::app {

class PipelineIngestSink final : public IngestSink {
 public:
  explicit PipelineIngestSink(IngestPipeline& pipeline) : pipeline_(pipeline) {}
  IngestReceipt ingest_events(std::span<const MarketEvent> events) override {
    return pipeline_.receive_events(events);
  }
  IngestReceipt ingest_bars(std::span<const StrikeBar> bars) override {
    return pipeline_.receive_bars(bars);
  }

 private:
  IngestPipeline& pipeline_;
};

}  // namespace strikeline::app
