-- Script wrk du banc de charge : cookie de session (variable BENCH_COOKIE) et résultats
-- sur une ligne (latences en microsecondes).
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULTAT %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout
  ))
end
