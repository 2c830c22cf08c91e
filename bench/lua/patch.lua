-- wrk script for ./bench.sh's invalidation scenario: merge-patches a driver's phone, a different driver and number
-- each time (run with -t1 -c1, so the patches are sequential). Each 200 invalidates that driver's details, the driver
-- list, the dashboards and the risk distribution. Prints one WRK_RESULT line (non2xx: answers outside 200-299).
local token = os.getenv("BENCH_TOKEN")
local drivers = tonumber(os.getenv("BENCH_DRIVERS") or "2000")
local threads = {}
function setup(thread) table.insert(threads, thread) end

non2xx = 0 -- a global: done() reads it from the thread with thread:get()
function init(args)
  math.randomseed(os.time())
  wrk.headers["Authorization"] = "Bearer " .. (token or "")
  wrk.headers["Content-Type"] = "application/merge-patch+json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  local path = string.format("/api/v1/admin/drivers/DRV-%04d", math.random(drivers))
  return wrk.format("PATCH", path, nil, string.format('{"phone":"+1 555 %04d"}', math.random(0, 9999)))
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, bad, e.connect + e.read + e.write + e.timeout))
end
