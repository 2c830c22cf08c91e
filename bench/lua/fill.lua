-- wrk script for ./bench.sh's invalidation scenario: fills the cache with distinct entries of the driver list,
-- GET /api/v1/admin/drivers?limit=1&search=zzN with N unique across threads and runs (BENCH_FILL_FROM is where this
-- run starts; each thread takes every BENCH_FILL_THREADS-th N). Every request is a miss that stores one entry. A search
-- that matches no driver keeps the miss cheap; a large skip would not: PostgreSQL computes the per-driver subqueries of
-- every skipped row, so skip=2000 costs as much as the whole list.
local token = os.getenv("BENCH_TOKEN")
local from = tonumber(os.getenv("BENCH_FILL_FROM") or "0")
local stride = tonumber(os.getenv("BENCH_FILL_THREADS") or "1")
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local next_n
function init(args)
  next_n = from + (id or 0)
  wrk.headers["Authorization"] = "Bearer " .. (token or "")
  wrk.headers["Accept"] = "application/json"
end

function request()
  local path = "/api/v1/admin/drivers?limit=1&search=zz" .. next_n
  next_n = next_n + stride
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  io.write(string.format("WRK_RESULT requests=%d seconds=%.3f rps=%.1f non2xx=%d\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.errors.status))
end
