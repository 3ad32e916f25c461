-- POST /api/v1/items/{id}/events: assign, each item once (ids from BENCH_FIRST_ID).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or ".") .. "/?.lua"
local c = require("common")
local n = 0
setup = c.setup
request = function()
  local id = c.first + index + n * c.threads
  n = n + 1
  return c.assign(id)
end
if c.delay > 0 then
  delay = function()
    if seed then math.randomseed(seed); seed = nil end
    return c.pause()
  end
end
done = c.done
response = function(status, headers, body) c.expect(status, 200, body) end
