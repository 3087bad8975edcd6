-- B1: POST /api/v1/dossiers/ with a unique Idempotency-Key and three unique small PDF scans per request.
-- Env: B1_TARGETS (lines "token<TAB>body JSON with __SCAN1__.. placeholders", one per desk; requests go
-- round-robin over them), B1_REST (base64 of the fixed PDF part), B1_RUN (run id), BENCH_DIR (for report.lua).
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function b64(data)  -- len(data) is a multiple of 3 here
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + b * 256 + c
    out[#out + 1] = chars:sub(math.floor(n / 262144) + 1, math.floor(n / 262144) + 1)
      .. chars:sub(math.floor(n / 4096) % 64 + 1, math.floor(n / 4096) % 64 + 1)
      .. chars:sub(math.floor(n / 64) % 64 + 1, math.floor(n / 64) % 64 + 1)
      .. chars:sub(n % 64 + 1, n % 64 + 1)
  end
  return table.concat(out)
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local targets, rest, run, counter, headers
function init(args)
  targets = {}
  for line in slurp(os.getenv("B1_TARGETS")):gmatch("[^\n]+") do
    local tab = line:find("\t", 1, true)
    table.insert(targets, {token = line:sub(1, tab - 1), body = line:sub(tab + 1)})
  end
  rest = slurp(os.getenv("B1_REST"))
  run = os.getenv("B1_RUN")
  counter = 0
  headers = {["Content-Type"] = "application/json", ["Accept"] = "application/json"}
end

function request()
  counter = counter + 1
  local unique = string.format("%02d%03d%010d", tonumber(run) % 100, tid, counter)  -- 15 characters
  local target = targets[(counter + tid) % #targets + 1]
  headers["Authorization"] = "Token " .. target.token
  local filled = target.body:gsub("__SCAN(%d)__", function(k)
    return b64("%PDF-1.4\n%" .. unique .. k .. "\n") .. rest  -- 27 bytes, then the fixed part
  end)
  headers["Idempotency-Key"] = string.format("b1-%s-%d-%d", run, tid, counter)
  return wrk.format("POST", "/api/v1/dossiers/", headers, filled)
end
