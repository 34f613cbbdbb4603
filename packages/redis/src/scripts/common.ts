// Lua helpers every script starts with. Scripts read the time from Redis (TIME), never from the
// caller: leases then mean the same on every machine, whatever their clocks say. Redis 7
// replicates a script's effects, so reading TIME before writing is allowed.

/**
 * Defines `P` (the key prefix, ARGV[1]), `now_ms()`, `queue_of(key)`, `first_pending(key)`,
 * `requeue(key)` and `holds(key, token)` (the claim fence every fenced script checks).
 */
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
-- The claim fence: whether 'token' still holds 'key', i.e. it is the key's latest fencing token
-- (a later claim bumped it) and the claim was neither released nor reaped. Answers the claim's
-- lease expiry in ms (a string) when it holds, else false.
-- A claim whose lease ran out still holds until a claim script reaps it: scripts run one at a
-- time, and any other worker takes the key only through a claim, which reaps the expired claim
-- and bumps the token in the same step. So until then nobody else can have handled the key or
-- written for it, and a late commit (or journal record) of its holder writes what it would have
-- written a moment earlier; once reaped, the old token holds nothing. Refusing it would only
-- throw finished work away for another worker to redo.
local function holds(key, token)
  if redis.call('HGET', P .. 'fence', key) ~= token then return false end
  return redis.call('ZSCORE', P .. 'claims', key)
end
`;
