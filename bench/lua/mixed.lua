-- wrk script for ./bench.sh's mixed workload: 95 % reads over all seven cached routes, 5 % driver merge-patches.
-- Reads pick among a few hundred query strings, popular ones more often; drivers follow a Zipf-like spread over
-- DRV-0001..DRV-<BENCH_DRIVERS> (rank r chosen with weight 1/r, ranks mapped to ids by a fixed shuffle). Prints one
-- WRK_RESULT line; non2xx counts every answer outside 200-299 (wrk's own count starts at 400).
local token = os.getenv("BENCH_TOKEN")
local drivers = tonumber(os.getenv("BENCH_DRIVERS") or "2000")
local patch_share = tonumber(os.getenv("BENCH_MIXED_PATCH_SHARE") or "0.05")

local threads = {}
local counter = 1
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

-- Zipf-like choice: cumulative weights 1/r^s, binary search.
local function zipf_table(n, s)
  local cdf, total = {}, 0
  for r = 1, n do
    total = total + 1 / (r ^ s)
    cdf[r] = total
  end
  for r = 1, n do cdf[r] = cdf[r] / total end
  return cdf
end

local function pick(cdf)
  local u, lo, hi = math.random(), 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

local driver_cdf, driver_of_rank, list_cdf, lists = nil, {}, nil, {}
local routes = {}          -- {weight, kind}
local days_trip = { 7, 7, 7, 14, 30, 30, 90 }
local days_events = { 30, 30, 30, 7, 90, 365 }
-- Globals, not locals: done() reads them from each thread with thread:get().
non2xx, patches = 0, 0
local patch_headers = {}

function init(args)
  -- The same shuffle and query list in every thread (fixed seed), then a per-thread stream of choices.
  math.randomseed(20261124)
  for i = 1, drivers do driver_of_rank[i] = i end
  for i = drivers, 2, -1 do
    local j = math.random(i)
    driver_of_rank[i], driver_of_rank[j] = driver_of_rank[j], driver_of_rank[i]
  end
  driver_cdf = zipf_table(drivers, 1.0)

  local sorts = { "", "name", "-name", "risk_score", "-risk_score", "last_trip_at", "-last_trip_at" }
  local statuses = { "", "", "active", "inactive", "suspended" }
  local searches = { "", "", "", "smith", "son", "an", "lee", "DRV-00", "DRV-01", "mar", "ali", "chen" }
  local limits = { 100, 100, 50, 25, 10 }
  for _ = 1, 300 do
    local limit = limits[math.random(#limits)]
    local q = { "limit=" .. limit }
    local page = math.random(0, 9)
    if page > 0 and math.random() < 0.5 then table.insert(q, "skip=" .. page * limit) end
    local sort = sorts[math.random(#sorts)]
    if sort ~= "" then table.insert(q, "sort=" .. sort) end
    local status = statuses[math.random(#statuses)]
    if status ~= "" then table.insert(q, "status=" .. status) end
    local search = searches[math.random(#searches)]
    if search ~= "" then table.insert(q, "search=" .. search) end
    table.insert(lists, "/api/v1/admin/drivers?" .. table.concat(q, "&"))
  end
  lists[1] = "/api/v1/admin/drivers?limit=100"
  list_cdf = zipf_table(#lists, 1.0)

  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  if token ~= nil and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  wrk.headers["Accept"] = "application/json"
  -- wrk.format uses the table it is given instead of wrk.headers, so the PATCH headers repeat the token.
  for name, value in pairs(wrk.headers) do patch_headers[name] = value end
  patch_headers["Content-Type"] = "application/merge-patch+json"
end

local function driver_id()
  return string.format("DRV-%04d", driver_of_rank[pick(driver_cdf)])
end

-- Read shares within the 95 %: stats, summary, trip activity, risk, safety events, list, details.
local read_mix = {
  { 0.10, function() return "/api/v1/admin/dashboard/stats" end },
  { 0.15, function() return "/api/v1/admin/dashboard/summary" end },
  { 0.08, function() return "/api/v1/admin/dashboard/trip-activity?days=" .. days_trip[math.random(#days_trip)] end },
  { 0.07, function() return "/api/v1/admin/dashboard/risk-distribution" end },
  { 0.08, function() return "/api/v1/admin/dashboard/safety-events-breakdown?days=" .. days_events[math.random(#days_events)] end },
  { 0.30, function() return lists[pick(list_cdf)] end },
  { 0.22, function() return "/api/v1/admin/drivers/" .. driver_id() .. "/details" end },
}

function request()
  if math.random() < patch_share then
    patches = patches + 1
    local body = string.format('{"phone":"+1 555 %04d"}', math.random(0, 9999))
    return wrk.format("PATCH", "/api/v1/admin/drivers/" .. driver_id(), patch_headers, body)
  end
  local u, acc = math.random(), 0
  for _, entry in ipairs(read_mix) do
    acc = acc + entry[1]
    if u <= acc then return wrk.format("GET", entry[2]()) end
  end
  return wrk.format("GET", read_mix[#read_mix][2]())
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad, sent_patches = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
    sent_patches = sent_patches + (thread:get("patches") or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f mean_ms=%.3f non2xx=%d socket_errors=%d patches=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, bad, e.connect + e.read + e.write + e.timeout, sent_patches))
end
