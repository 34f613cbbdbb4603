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
redis.call('ZREMRANGEBYSCORE', all, '-inf', now - 1000 - SLACK)
if redis.call('ZCARD', all) >= per_second then
  local oldest = tonumber(redis.call('ZRANGE', all, 0, 0, 'WITHSCORES')[2])
  if oldest > now then
    -- Every send of the window is still in flight: none can leave it sooner than a second after
    -- its answer, so asking again before then would only load Redis (hundreds of waiters).
    wait = math.max(wait, 1000 + SLACK)
  else
    wait = math.max(wait, oldest + 1000 + SLACK - now)
  end
end
if wait > 0 then return wait end
redis.call('ZADD', all, now + in_flight_ms, ticket)
redis.call('SET', chat_key, now, 'PX', 60000)
if is_group then
  redis.call('ZADD', group_key, now, ticket)
  redis.call('PEXPIRE', group_key, 61000)
end
return 0
`;
