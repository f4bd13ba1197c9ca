-- wrk script for `make bench-serve`: POSTs one image to /v1/check with a bearer token.
-- Environment: BENCH_BODY (the image file), BENCH_TOKEN (a token the server accepts).
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*all")
file:close()
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "image/jpeg"

-- Machine-readable lines after wrk's own summary.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("bench requests %d\n", summary.requests))
  io.write(string.format("bench seconds %.3f\n", summary.duration / 1e6))
  io.write(string.format("bench throughput %.2f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("bench p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("bench p90_ms %.2f\n", latency:percentile(90) / 1000))
  io.write(string.format("bench p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("bench max_ms %.2f\n", latency.max / 1000))
  io.write(string.format("bench errors %d\n",
    errors.connect + errors.read + errors.write + errors.timeout + errors.status))
end
