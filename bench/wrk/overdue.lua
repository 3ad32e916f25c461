-- GET /api/v1/items?overdue=true&unit=U&limit=100, the units taken in turn.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or ".") .. "/?.lua"
local c = require("common")
local n = 0
c.wire(function()
  n = n + 1
  return c.overdue_page(n)
end, 200)
