-- wrk script for bench/web/soak.sh: a mixed load. Of every 10 requests, 8 are quick-check GETs
-- (12 CN codes over every sector, electricity and a good out of scope, 9 origins, 2026-2034,
-- varying quantities) and 2 are POST /api/v1/emissions of the five example firm files in turn.
-- wrk ... -s soak.lua URL -- EXAMPLES_DIR
local cns = {"72142000","72083900","25232900","76011000","31021010","28041000","73081000","72071111","76042100","31052000","27160000","84011000"}
local origins = {"TR","CN","IN","UA","RS","EG","US","BR","CH"}
local firms = {"cement-plant.xml","eaf-rebar-mill.xml","aluminium-extruder.xml","nitrogen-fertiliser-plant.xml","wind-tower-fabricator.xml"}
local gets, posts = {}, {}
local n = 0

function init(args)
  local dir = args[1] or "examples"
  local i = 0
  for _, cn in ipairs(cns) do
    for _, o in ipairs(origins) do
      for y = 2026, 2034 do
        i = i + 1
        gets[#gets + 1] = wrk.format("GET", string.format("/api/v1/quick-check?cn=%s&origin=%s&quantity=%d&year=%d", cn, o, 50 + (i * 37) % 5000, y))
      end
    end
  end
  for _, f in ipairs(firms) do
    local h = assert(io.open(dir .. "/" .. f, "rb"))
    local body = h:read("*a")
    h:close()
    posts[#posts + 1] = wrk.format("POST", "/api/v1/emissions?year=2026", {["Content-Type"] = "application/xml"}, body)
  end
end

function request()
  n = n + 1
  if n % 10 < 2 then return posts[math.floor(n / 10) % #posts + 1] end
  return gets[n % #gets + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("soak: requests %d, errors connect %d read %d write %d timeout %d status(non-2xx/3xx) %d\n",
    summary.requests, e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("soak: latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
