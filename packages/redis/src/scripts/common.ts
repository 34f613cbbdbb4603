// Lua helpers every script starts with. Scripts read the time from Redis (TIME), never from the
// caller: leases then mean the same on every machine, whatever their clocks say. Redis 7
// replicates a script's effects, so reading TIME before writing is allowed.

/** Defines `now_ms()` and `first_pending(key)`, and `P` (the key prefix, ARGV[1]). */
export const LUA_PRELUDE = `
local P = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function queue_of(key) return P .. 'q:' .. key end
local function first_pending(key)
  local first = redis.call('ZRANGE', queue_of(key), 0, 0, 'WITHSCORES')
  if #first == 0 then return nil end
  return tonumber(first[2])
end
-- Puts a key with pending updates and no claim on the ready list, scored by its first update id
-- (oldest work first); takes it off when nothing is pending.
local function requeue(key)
  local first = first_pending(key)
  if first == nil then
    redis.call('ZREM', P .. 'ready', key)
  else
    redis.call('ZADD', P .. 'ready', first, key)
  end
end
`;
