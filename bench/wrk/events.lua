-- POST /api/v1/items/{id}/events: assign, each item once (ids from BENCH_FIRST_ID).
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or ".") .. "/?.lua"
local c = require("common")
local n = 0
c.wire(function()
  local id = c.first + index + n * c.threads
  n = n + 1
  return c.assign(id)
end, 200)
