-- Prints one machine-readable line after a wrk run: requests/s, latency percentiles (ms), errors.
-- Used alone (GET with headers given by -H) or loaded by another script for its done().
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT rps=%.1f p50=%.1fms p90=%.1fms p95=%.1fms p99=%.1fms max=%.1fms requests=%d errors=%d non2xx=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, errors, summary.errors.status))
end
