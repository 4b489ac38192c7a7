-- wrk script for scripts/soak: rotates over the paths listed in a file (one per line) and
-- counts answers per status and per second, and 503s sent without Retry-After.
-- wrk -t2 -c64 -d60s -s scripts/soak.lua http://127.0.0.1:PORT -- paths.txt
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    table.insert(paths, line)
  end
  index = math.random(#paths)
  statuses = {}
  seconds = {}
  no_retry_after = 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local key = os.time() .. ":" .. status
  seconds[key] = (seconds[key] or 0) + 1
  if status == 503 and headers["Retry-After"] == nil then
    no_retry_after = no_retry_after + 1
  end
end

function done(summary, latency, requests)
  local parts = {}
  local function add(key, value)
    table.insert(parts, string.format('["%s", %d]', key, value))
  end
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      add("status:" .. status, count)
    end
    for key, count in pairs(thread:get("seconds")) do
      add("second:" .. key, count)
    end
    add("no_retry_after", thread:get("no_retry_after"))
  end
  add("requests", summary.requests)
  add("socket_errors", summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout)
  add("p50_us", latency:percentile(50))
  add("p99_us", latency:percentile(99))
  add("max_us", latency.max)
  io.write("WRK-JSON [" .. table.concat(parts, ", ") .. "]\n")
end
