-- wrk: authenticated GET of the calling customer (GET /me) with the bearer token in BENCH_TOKEN.
local report = dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

wrk.method = "GET"
wrk.path = "/me"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Accept"] = "application/json"

done = report
