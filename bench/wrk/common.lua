-- Shared by the scripts of bench/api_bench.sh: the token, and a thread-numbered id sequence for
-- writes (each thread takes ids FIRST+k, FIRST+k+THREADS, …, so no item is changed twice).
local M = {}
M.token = os.getenv("BENCH_TOKEN")
M.first = tonumber(os.getenv("BENCH_FIRST_ID") or "1")
M.threads = tonumber(os.getenv("BENCH_THREADS") or "2")
M.units = {}
for u in string.gmatch(os.getenv("BENCH_UNITS") or "longtan", "[^,]+") do
  table.insert(M.units, u)
end
M.delay = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

-- The pause before a connection's next request: exponential with mean BENCH_DELAY_MS, so that the
-- connections together make arrivals at random (as many users do), not in lockstep bursts.
function M.pause()
  return math.floor(-math.log(1 - math.random()) * M.delay + 0.5)
end

local counter = 0
-- wrk's setup(thread): number the threads so that each has its own slice of ids.
function M.setup(thread)
  thread:set("index", counter)
  thread:set("seed", os.time() * 100 + counter)
  counter = counter + 1
end

function M.headers(body)
  local h = {["Authorization"] = "Bearer " .. M.token}
  if body then h["Content-Type"] = "application/json" end
  return h
end

function M.overdue_page(n)
  local unit = M.units[(n % #M.units) + 1]
  return wrk.format("GET", "/api/v1/items?overdue=true&unit=" .. unit .. "&limit=100",
                    M.headers(false))
end

function M.assign(id)
  local body = '{"event":"assign","owner":"压测","due":"2027-06-30","measures":"按期整改"}'
  return wrk.format("POST", "/api/v1/items/" .. id .. "/events", M.headers(true), body)
end

-- Any answer other than the expected one counts as an error in wrk's summary.
function M.expect(status, want, body)
  if status ~= want then
    M.bad = (M.bad or 0) + 1
    if M.bad <= 3 then
      io.stderr:write("unexpected status " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

-- wrk's done(): the figures, and the latency distribution as 1,000 quantiles (µs), so that
-- bench/api_bench.sh can merge the reads' and the writes' into one overall percentile.
function M.done(summary, latency, requests)
  local path = os.getenv("BENCH_OUT")
  if not path then return end
  local f = io.open(path, "w")
  local e = summary.errors
  f:write(string.format("requests %d\nseconds %.3f\nerrors %d\n", summary.requests,
                        summary.duration / 1e6,
                        e.connect + e.read + e.write + e.timeout + e.status))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    f:write(string.format("p%s %d\n", p, latency:percentile(p)))
  end
  for i = 1, 1000 do
    f:write(string.format("q %d\n", latency:percentile(i / 10 - 0.05)))
  end
  f:close()
end

-- Makes a script of `request` (a function returning the next request) that expects `want`: wrk's
-- setup, request, delay (when BENCH_DELAY_MS is set), response and done.
function M.wire(request_fn, want)
  setup = M.setup
  request = request_fn
  if M.delay > 0 then
    delay = function()
      if seed then
        math.randomseed(seed)
        seed = nil
      end
      return M.pause()
    end
  end
  response = function(status, headers, body) M.expect(status, want, body) end
  done = M.done
end

return M
