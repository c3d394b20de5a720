-- Print latency figures in microseconds on lines the benchmark harness reads: "PCT <name> <us>".
done = function(summary, latency, requests)
  io.write(string.format("PCT mean %.1f\n", latency.mean))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("PCT %d %.1f\n", p, latency:percentile(p)))
  end
end
