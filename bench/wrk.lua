-- One request, repeated: wrk -s bench/wrk.lua URL, set up by bench/run.py through
-- the environment:
--   BENCH_METHOD  GET (default) or POST
--   BENCH_BODY    a JSON body, sent with Content-Type: application/json
--   BENCH_TOKEN   a login token, sent as Authorization: Bearer <token>
-- At the end it prints one line of JSON with the figures run.py reads.

wrk.method = os.getenv("BENCH_METHOD") or "GET"

local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "non_2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, errors.status, errors.connect, errors.read, errors.write, errors.timeout
  ))
end
