-- GET /api/v1/items?overdue=true&unit=U&limit=100, the units taken in turn.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA") or ".") .. "/?.lua"
local c = require("common")
local n = 0
setup = c.setup
request = function()
  n = n + 1
  return c.overdue_page(n)
end
if c.delay > 0 then
  delay = function()
    if seed then math.randomseed(seed); seed = nil end
    return c.pause()
  end
end
done = c.done
response = function(status, headers, body) c.expect(status, 200, body) end
