import { LUA_PRELUDE } from "./common.js";

/**
 * Appends updates, idempotent on update_id: an id pending, handled, or at or below the pruned
 * floor is left out. ARGV: prefix, offset ('' for none), leader id ('' for none), the silence (ms)
 * after which a known id starts a new sequence, then triples (conversation key, update id, update
 * JSON). The offset is stored only while `leader id` holds the polling lease, and only forwards.
 * Returns the ids that were new.
 *
 * A new sequence: Telegram picks the first update id after a week without updates at random, so
 * it may be at or below the handled ones. When nothing was appended for the given silence (by
 * Redis's clock), nothing is pending, and the batch has such an id, the handled ids and the floor
 * are forgotten first. (A stored offset above the new ids does no harm: the Bot API server answers
 * an offset outside its queue from the queue's head.)
 */
export const APPEND_LUA = `${LUA_PRELUDE}
local floor = tonumber(redis.call('GET', P .. 'floor') or '-1')
local now = now_ms()
local last = redis.call('GET', P .. 'last_append')
if last and now - tonumber(last) >= tonumber(ARGV[4]) and redis.call('ZCARD', P .. 'pending') == 0 then
  local known = floor
  local top = redis.call('ZRANGE', P .. 'done', -1, -1, 'WITHSCORES')
  if #top > 0 and tonumber(top[2]) > known then known = tonumber(top[2]) end
  for i = 5, #ARGV, 3 do
    if tonumber(ARGV[i + 1]) <= known then
      redis.call('DEL', P .. 'done', P .. 'floor')
      floor = -1
      break
    end
  end
end
local added = {}
for i = 5, #ARGV, 3 do
  local key, id, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local n = tonumber(id)
  if n > floor and not redis.call('ZSCORE', P .. 'pending', id) and not redis.call('ZSCORE', P .. 'done', id) then
    redis.call('ZADD', P .. 'pending', n, id)
    redis.call('HSET', P .. 'updates', id, json)
    redis.call('HSET', P .. 'keyof', id, key)
    redis.call('ZADD', queue_of(key), n, id)
    if not redis.call('ZSCORE', P .. 'claims', key) then
      redis.call('ZADD', P .. 'ready', 'LT', n, key)
    end
    added[#added + 1] = id
  end
end
if ARGV[2] ~= '' and redis.call('GET', P .. 'leader') == ARGV[3] then
  local old = tonumber(redis.call('GET', P .. 'offset') or '0')
  if tonumber(ARGV[2]) > old then redis.call('SET', P .. 'offset', ARGV[2]) end
end
if #added > 0 then
  redis.call('SET', P .. 'last_append', now)
  redis.call('PUBLISH', P .. 'wake', #added)
end
return added
`;
