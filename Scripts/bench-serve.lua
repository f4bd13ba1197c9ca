-- wrk script for `make bench-serve`: POSTs images to /v1/check with a bearer token, in turn.
-- Environment: BENCH_BODIES (JPEG files separated by ':'), BENCH_TOKEN (a token the server
-- accepts). Each thread starts at another image, so the connections do not send the same one.
-- Every body gets a comment segment of its own after the JPEG's start marker: the same pixels
-- in a file the ledger has not seen, as a stream of distinct uploads would be (the ledger keeps
-- each distinct file's facts and local features once, and the service stores each upload).
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local bodies = {}
for path in string.gmatch(os.getenv("BENCH_BODIES"), "[^:]+") do
  local file = assert(io.open(path, "rb"))
  bodies[#bodies + 1] = file:read("*all")
  file:close()
end
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "image/jpeg"

local sent = 0
function request()
  sent = sent + 1
  local body = bodies[((sent + (offset or 0) * 3) % #bodies) + 1]
  local tag = string.format("palimpsest bench-serve %d.%d", offset or 0, sent)
  local length = #tag + 2
  local comment = "\255\254" .. string.char(math.floor(length / 256), length % 256) .. tag
  return wrk.format(nil, nil, nil, body:sub(1, 2) .. comment .. body:sub(3))
end

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
