import { LUA_PRELUDE } from "./common.js";

/**
 * Appends updates, idempotent on update_id: an id pending, handled, or at or below the pruned
 * floor is left out. ARGV: prefix, offset ('' for none), leader id ('' for none), then triples
 * (conversation key, update id, update JSON). The offset is stored only while `leader id` holds
 * the polling lease, and only forwards. Returns the ids that were new.
 */
export const APPEND_LUA = `${LUA_PRELUDE}
local floor = tonumber(redis.call('GET', P .. 'floor') or '-1')
local added = {}
for i = 4, #ARGV, 3 do
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
if #added > 0 then redis.call('PUBLISH', P .. 'wake', #added) end
return added
`;
