-- POST /api/v1/items: a new item each time, in the units taken in turn.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or ".") .. "/?.lua"
local c = require("common")
local n = 0
c.wire(function()
  n = n + 1
  local unit = c.units[(n % #c.units) + 1]
  local body = string.format('{"title":"压测新增问题 %d-%d","manifestation":"压测","unit":"%s",' ..
                             '"category":"精准帮扶","source":"self_inspection"}', index, n, unit)
  return wrk.format("POST", "/api/v1/items", c.headers(true), body)
end, 201)
