import { LUA_PRELUDE } from "./common.js";

/**
 * Flood control for a whole bot, on Redis time. ARGV: prefix, mode, then per mode:
 * - 'admit': chat, is group (1/0), sends per second, chat interval ms, group sends per minute,
 *   ticket, in-flight timeout ms. Returns 0 and records the send, or the ms to wait first (never
 *   shorter than the earliest moment the answer could differ, so waiters do not poll Redis).
 *   A send goes only while fewer than `per second` sends are in flight or were answered within
 *   the last second (Telegram had counted a send by the time it answered, so however late
 *   requests arrive no server window holds one too many), at least `chat interval` after the
 *   chat's previous send started and completed, and while its group had fewer than `per minute`
 *   sends in the last minute. In-flight tickets of a crashed worker count until their timeout.
 * - 'done': chat, ticket. Marks the send answered now.
 * - 'pause': ms. Holds every send that long (after a 429).
 */
export const FLOOD_LUA = `${LUA_PRELUDE}
local SLACK = 2
local STALE = 3000
local now = now_ms()
local all = P .. 'flood:all'
local mode = ARGV[2]
if mode == 'pause' then
  local until_ms = now + tonumber(ARGV[3])
  local old = tonumber(redis.call('GET', P .. 'flood:pause') or '0')
  if until_ms > old then redis.call('SET', P .. 'flood:pause', until_ms, 'PX', tonumber(ARGV[3])) end
  return 0
end
local chat_key = P .. 'flood:chat:' .. ARGV[3]
if mode == 'done' then
  redis.call('ZADD', all, 'XX', now, ARGV[4])
  redis.call('SET', chat_key, now, 'PX', 60000)
  return 0
end
local is_group, per_second, interval, per_minute = ARGV[4] == '1', tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ticket, in_flight_ms = ARGV[8], tonumber(ARGV[9])
local wait = 0
local paused = tonumber(redis.call('GET', P .. 'flood:pause') or '0')
if paused > now then wait = paused - now end
local last = tonumber(redis.call('GET', chat_key) or '-1')
if last >= 0 and last + interval > now then wait = math.max(wait, last + interval - now) end
local group_key = P .. 'flood:group:' .. ARGV[3]
if is_group then
  redis.call('ZREMRANGEBYSCORE', group_key, '-inf', now - 60000 - SLACK)
  if redis.call('ZCARD', group_key) >= per_minute then
    local oldest = redis.call('ZRANGE', group_key, 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + 60000 + SLACK - now)
  end
end
if wait > 0 then return wait end
-- Only the global window is left: senders queue in arrival order (a ticket asking for the first
-- time joins at the back), and each waiter is told when its own turn can come, so waiters do not
-- all wake for each freed slot. A ticket that stops asking (its process died) leaves the queue
-- after STALE ms.
local queue, seen = P .. 'flood:queue', P .. 'flood:seen'
redis.call('ZADD', queue, 'NX', now, ticket)
redis.call('HSET', seen, ticket, now)
for _, t in ipairs(redis.call('ZRANGE', queue, 0, per_second - 1)) do
  if tonumber(redis.call('HGET', seen, t) or '0') < now - STALE then
    redis.call('ZREM', queue, t)
    redis.call('HDEL', seen, t)
  end
end
redis.call('ZREMRANGEBYSCORE', all, '-inf', now - 1000 - SLACK)
local rank = redis.call('ZRANK', queue, ticket)
local count = redis.call('ZCARD', all)
if count + rank >= per_second then
  -- The (count - per_second + rank)-th oldest send must leave the window first.
  local index = count - per_second + rank
  local entry = redis.call('ZRANGE', all, index, index, 'WITHSCORES')
  local at = entry[2] and tonumber(entry[2]) or now + 1000
  if at > now then
    -- Still in flight: it leaves no sooner than a second after its answer.
    return 1000 + SLACK
  end
  return math.max(1, at + 1000 + SLACK - now)
end
redis.call('ZREM', queue, ticket)
redis.call('HDEL', seen, ticket)
redis.call('ZADD', all, now + in_flight_ms, ticket)
redis.call('SET', chat_key, now, 'PX', 60000)
if is_group then
  redis.call('ZADD', group_key, now, ticket)
  redis.call('PEXPIRE', group_key, 61000)
end
return 0
`;
