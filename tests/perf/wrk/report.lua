-- Used by every wrk run of `make bench` (one wrk thread): cycles through the
-- request lines of the file BENCH_REQUESTS, one "METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY"
-- per line; with BENCH_ONCE=1 each line is sent once and the run then stops
-- (orders: each prepared basket can be checked out only once). Counts the
-- page cache's answers (X-Page-Cache: hit or miss). Prints the summary as one
-- JSON line for tests/perf/bench.py.
local lines = {}
for line in io.lines(os.getenv("BENCH_REQUESTS")) do
  local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  lines[#lines + 1] = {method, path, cookie, body}
end
local once = os.getenv("BENCH_ONCE") == "1"
local sent = 0
local threads = {}
hits, misses = 0, 0

function setup(thread)
  threads[#threads + 1] = thread
end

function request()
  sent = sent + 1
  if once and sent > #lines then
    wrk.thread:stop()
  end
  local method, path, cookie, body = unpack(lines[(sent - 1) % #lines + 1])
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  local answer = headers["X-Page-Cache"]
  if answer == "hit" then
    hits = hits + 1
  elseif answer == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local hit, miss = 0, 0
  for _, thread in ipairs(threads) do
    hit = hit + thread:get("hits")
    miss = miss + thread:get("misses")
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "cache_hits": %d, "cache_misses": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    hit, miss))
end
