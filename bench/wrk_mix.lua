-- wrk script for bench/http_load.py: requests rotate over BENCH_PATHS (space-separated), the
-- responses whose Cache-Status says "hit" are counted.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
    table.insert(paths, path)
  end
  n, hits, seen = id, 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  seen = seen + 1
  local state = headers["Cache-Status"] or headers["cache-status"]
  if state and string.find(state, "; hit") then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local total_hits, total_seen = 0, 0
  for _, thread in ipairs(threads) do
    total_hits = total_hits + thread:get("hits")
    total_seen = total_seen + thread:get("seen")
  end
  io.write(string.format("cache hits: %d of %d\n", total_hits, total_seen))
end
