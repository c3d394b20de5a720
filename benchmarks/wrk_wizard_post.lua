-- POST one wizard step for many referrers: each request carries the next referrer's cookies
-- and CSRF token, read from the file named after `--`: one "cookie<TAB>csrf" line each.
-- wrk's threads split the referrers between them, so no two threads share a referrer.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local referrers = {}
local n = 0

function init(args)
  local all = {}
  for line in io.lines(args[1]) do
    local cookie, csrf = line:match("^(.-)\t(.*)$")
    table.insert(all, {cookie = cookie, csrf = csrf})
  end
  local count = tonumber(args[3]) or 2
  for i, referrer in ipairs(all) do
    if (i - 1) % count == id - 1 then
      table.insert(referrers, referrer)
    end
  end
  body_template = args[2]
end

function request()
  n = n + 1
  local referrer = referrers[(n % #referrers) + 1]
  local body = body_template .. "&csrfmiddlewaretoken=" .. referrer.csrf
  return wrk.format("POST", nil, {
    ["Cookie"] = referrer.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("PCT mean %.1f\n", latency.mean))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("PCT %d %.1f\n", p, latency:percentile(p)))
  end
end
