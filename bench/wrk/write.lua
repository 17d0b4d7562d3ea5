-- wrk: POST /me/requests, each with its own Idempotency-Key (so every request files a new record).
local report = dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local token = os.getenv("BENCH_TOKEN")
local run = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local body = '{"type": "bonus_malus_certificate", "contract_number": "'
    .. (os.getenv("BENCH_CONTRACT") or "ZL-200001") .. '", "payload": {}}'
local threads, counter = 0, 0
thread_id = 0 -- set per thread by setup()

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

request = function()
  counter = counter + 1
  return wrk.format("POST", "/me/requests", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_id, counter),
  }, body)
end

done = report
