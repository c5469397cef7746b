-- wrk script for bench/web/run.sh: quick-check requests over 12 CN codes (every sector, electricity,
-- one good out of scope), 9 origins (one outside CBAM), the years 2026-2034 and varying
-- quantities: 972 different queries, taken in turn by each wrk thread.
local cns = {"72142000","72083900","25232900","76011000","31021010","28041000","73081000","72071111","76042100","31052000","27160000","84011000"}
local origins = {"TR","CN","IN","UA","RS","EG","US","BR","CH"}
local paths = {}
local i = 0
for _, cn in ipairs(cns) do
  for _, o in ipairs(origins) do
    for y = 2026, 2034 do
      i = i + 1
      paths[#paths + 1] = string.format("/api/v1/quick-check?cn=%s&origin=%s&quantity=%d&year=%d", cn, o, 50 + (i * 37) % 5000, y)
    end
  end
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
