import { LUA_PRELUDE } from "./common.js";

/**
 * Marks updates done (dropping their call journal) and applies their conversations' state
 * changes in one atomic step.
 * ARGV: prefix, tombstones to keep, fenced key ('' for none), fencing token, lease ms, release
 * ('1' or ''), then per completion: update id ('' for none), number of state changes, then per
 * change: conversation key, its stored record as JSON ('' removes it), and its idle deadline in ms
 * ('' for none).
 * With a fenced key, nothing is written unless that key's claim is still held with this token
 * (a worker that lost its claim while stalled cannot commit); the commit then renews the lease,
 * or with release gives the key up (as LEASE_LUA's 'release': back to ready if work is left).
 * Returns 1 when committed, 0 when fenced off.
 */
export const COMPLETE_LUA = `${LUA_PRELUDE}
local keep = tonumber(ARGV[2])
local fenced = ARGV[3]
if fenced ~= '' then
  if redis.call('HGET', P .. 'fence', fenced) ~= ARGV[4] or not redis.call('ZSCORE', P .. 'claims', fenced) then
    return 0
  end
end
local i = 7
local touched = {}
while i <= #ARGV do
  local id = ARGV[i]
  local changes = tonumber(ARGV[i + 1])
  i = i + 2
  if id ~= '' then redis.call('DEL', P .. 'j:' .. id) end
  if id ~= '' and redis.call('ZREM', P .. 'pending', id) == 1 then
    local key = redis.call('HGET', P .. 'keyof', id)
    redis.call('HDEL', P .. 'updates', id)
    redis.call('HDEL', P .. 'keyof', id)
    redis.call('ZADD', P .. 'done', tonumber(id), id)
    if key then
      redis.call('ZREM', queue_of(key), id)
      touched[key] = true
    end
  end
  for _ = 1, changes do
    local key, record, idle = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    i = i + 3
    if record == '' then
      redis.call('HDEL', P .. 'state', key)
    else
      redis.call('HSET', P .. 'state', key, record)
    end
    if record ~= '' and idle ~= '' then
      redis.call('ZADD', P .. 'idle', tonumber(idle), key)
    else
      redis.call('ZREM', P .. 'idle', key)
    end
  end
end
-- A key under a claim goes back to ready when its claim is released, not now (the fenced key is
-- known to be claimed: checked above).
for key in pairs(touched) do
  if key ~= fenced and not redis.call('ZSCORE', P .. 'claims', key) then requeue(key) end
end
local excess = redis.call('ZCARD', P .. 'done') - keep
if excess > 0 then
  local pruned = redis.call('ZPOPMIN', P .. 'done', excess)
  redis.call('SET', P .. 'floor', pruned[#pruned])
end
if fenced ~= '' and ARGV[6] == '1' then
  redis.call('ZREM', P .. 'claims', fenced)
  requeue(fenced)
elseif fenced ~= '' then
  redis.call('ZADD', P .. 'claims', 'XX', now_ms() + tonumber(ARGV[5]), fenced)
end
return 1
`;
