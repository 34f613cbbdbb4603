import { LUA_PRELUDE } from "./common.js";

/**
 * Marks updates done (dropping their call journal) and applies their conversations' state
 * changes in one atomic step, for one or more groups of completions (a worker commits the
 * updates its claims handled meanwhile together).
 * ARGV: prefix, tombstones to keep, lease ms, then per group: fenced key ('' for none), fencing
 * token, release ('1' or ''), number of completions, then per completion: update id ('' for
 * none), number of state changes, then per change: conversation key, its stored record as JSON
 * ('' removes it), and its idle deadline in ms ('' for none).
 * A group with a fenced key writes nothing unless that key's claim is still held with this token
 * (`holds`: a worker that lost its claim while stalled cannot commit); it then renews the lease
 * (also one that ran out but was not reaped yet: see `holds` on why that is safe), or with release
 * gives the key up (back to ready if work is left). A group with no completions only renews or
 * releases.
 * Returns, per group, 1 when committed, 0 when fenced off.
 */
export const COMPLETE_LUA = `${LUA_PRELUDE}
local keep = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local i = 4
local touched = {}
local results = {}
local now
while i <= #ARGV do
  local fenced, token, release, count = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3])
  i = i + 4
  local ok = fenced == '' or holds(fenced, token)
  for _ = 1, count do
    local id = ARGV[i]
    local changes = tonumber(ARGV[i + 1])
    i = i + 2
    if ok and id ~= '' then
      redis.call('DEL', P .. 'j:' .. id)
      if redis.call('ZREM', P .. 'pending', id) == 1 then
        local key = redis.call('HGET', P .. 'keyof', id)
        redis.call('HDEL', P .. 'updates', id)
        redis.call('HDEL', P .. 'keyof', id)
        redis.call('ZADD', P .. 'done', tonumber(id), id)
        if key then
          redis.call('ZREM', queue_of(key), id)
          touched[key] = true
        end
      end
    end
    for _ = 1, changes do
      local key, record, idle = ARGV[i], ARGV[i + 1], ARGV[i + 2]
      i = i + 3
      if ok then
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
  end
  if ok and fenced ~= '' then
    if release == '1' then
      redis.call('ZREM', P .. 'claims', fenced)
      touched[fenced] = true
    else
      now = now or now_ms()
      redis.call('ZADD', P .. 'claims', 'XX', now + lease, fenced)
    end
  end
  results[#results + 1] = ok and 1 or 0
end
-- A key under a claim goes back to ready when its claim is released, not now.
for key in pairs(touched) do
  if not redis.call('ZSCORE', P .. 'claims', key) then requeue(key) end
end
local excess = redis.call('ZCARD', P .. 'done') - keep
if excess > 0 then
  local pruned = redis.call('ZPOPMIN', P .. 'done', excess)
  redis.call('SET', P .. 'floor', pruned[#pruned])
end
return results
`;
