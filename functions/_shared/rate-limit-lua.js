// GCRA in Lua, shared by functions/_shared/rate-limit.ts and scripts/bench/coordination.mjs (a
// plain .js module so Node can import it too). Same integer-microsecond arithmetic as
// ops.rate_limit_gcra; both pass functions/_shared/rate-limit-conformance.json.
//   KEYS[1] the key   ARGV limit, period_us, cost[, now_us]
// now_us defaults to the Redis server clock (TIME); the override exists for the conformance cases.
// Returns {allowed 0|1, remaining, retry_after_us, reset_after_us}. One key per call, so the
// script is Redis-Cluster-safe whatever slot the key hashes to.
export const GCRA_LUA = `
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
if not limit or limit < 1 or limit ~= math.floor(limit) then return redis.error_reply('ERR limit must be a positive integer') end
if not period or period < 1 then return redis.error_reply('ERR period must be positive') end
if not cost or cost < 0 or cost > limit or cost ~= math.floor(cost) then return redis.error_reply('ERR cost must be between 0 and limit') end
local t = math.floor(period / limit)
if t < 1 then return redis.error_reply('ERR limit is finer than 1 microsecond per request') end
local tau = t * limit
local now
if ARGV[4] and ARGV[4] ~= '' then
  now = tonumber(ARGV[4])
else
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
end
local tat = tonumber(redis.call('GET', KEYS[1]) or '') or now
if tat < now then tat = now end
local nxt = tat + t * cost
local allowed, newtat, retry
if nxt - tau <= now then
  allowed = 1; newtat = nxt; retry = 0
  if newtat > now then
    -- the state matters only until the bucket is full again
    redis.call('SET', KEYS[1], string.format('%.0f', newtat), 'PX', math.ceil((newtat - now) / 1000))
  end
else
  allowed = 0; newtat = tat; retry = nxt - tau - now
end
local remaining = math.floor((tau - (newtat - now)) / t)
if remaining < 0 then remaining = 0 end
return {allowed, remaining, retry, newtat - now}
`;
