import { LUA_PRELUDE } from "./common.js";

/**
 * Flood control for a whole bot, on Redis time. The global limit is kept as `per second` lanes:
 * a send takes a lane, and the lane's next send may start no sooner than a second after this one
 * was answered (Telegram had counted a send by the time it answered, so however late requests
 * arrive, no second at Telegram holds more than one send per lane). A send is given a lane and a
 * start time at once (a reservation: its process sleeps until then and sends without asking
 * again); when every lane is in use it queues, and the answer that frees a lane hands it to the
 * first queued send whose chat may send then (PUBLISH on `flood:go`: "<ticket> <start> <now>").
 * A chat's next send starts at least `chat interval` after its previous one completed (one in
 * flight or reserved holds the chat), and a group's only once fewer than `per minute` of its
 * sends were in flight or answered within the last minute. A lane whose send nobody reported (its process died) is free again after the in-flight
 * timeout; a queued send that stops asking leaves the queue after STALE ms.
 * ARGV: prefix, mode, then per mode:
 * - 'admit': chat, is group (1/0), sends per second, chat interval ms, group sends per minute,
 *   ticket, in-flight timeout ms. Returns { 1, start, now } (admitted: a lane is reserved from
 *   'start'), or { 0, when, now } (not yet: ask again at 'when', or sooner when handed a lane);
 *   times in Redis ms, with the script's 'now' so the caller can map them onto its own clock.
 * - 'done': chat, ticket, chat interval ms, group sends per minute, in-flight timeout ms. Marks
 *   the send answered now (also for a send given up before it went: its lane is freed).
 * - 'pause': ms. Holds every send that long (after a 429).
 */
export const FLOOD_LUA = `${LUA_PRELUDE}
local SLACK = 2
local STALE = 6000
local POLL = 2000
local SCAN = 8
local now = now_ms()
local mode = ARGV[2]
local pause_key = P .. 'flood:pause'
if mode == 'pause' then
  local until_ms = now + tonumber(ARGV[3])
  local old = tonumber(redis.call('GET', pause_key) or '0')
  if until_ms > old then redis.call('SET', pause_key, until_ms, 'PX', tonumber(ARGV[3])) end
  return 0
end
-- Until when every send is held (after a 429). Read at most once per call, when first needed: no
-- mode below writes it, and a hand-over asks chat_wait about each queued send it scans.
local paused
local function paused_until()
  if paused == nil then paused = tonumber(redis.call('GET', pause_key) or '0') end
  return paused
end
local lanes, busy, held = P .. 'flood:lanes', P .. 'flood:busy', P .. 'flood:held'
local queue, waiting = P .. 'flood:queue', P .. 'flood:waiting'
local function chat_key(chat) return P .. 'flood:chat:' .. chat end
local function group_key(chat) return P .. 'flood:group:' .. chat end
local function words(s)
  local out = {}
  for w in string.gmatch(s, '%S+') do out[#out + 1] = w end
  return out
end

-- How long from 'at' until a send to 'chat' may start (0: it may).
local function chat_wait(chat, is_group, at, interval, per_minute, in_flight_ms)
  local wait = 0
  if paused_until() > at then wait = paused_until() - at end
  local last = redis.call('GET', chat_key(chat))
  if last and string.sub(last, 1, 1) == 'f' then
    -- A send in flight (or reserved) holds the chat: its answer decides, so ask again later.
    if tonumber(string.sub(last, 2)) + in_flight_ms > at then wait = math.max(wait, math.max(interval, 1)) end
  elseif last and tonumber(last) + interval + SLACK > at then
    wait = math.max(wait, tonumber(last) + interval + SLACK - at)
  end
  if is_group then
    local key = group_key(chat)
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 60000 - SLACK)
    local recent = redis.call('ZRANGEBYSCORE', key, '(' .. (at - 60000 - SLACK), '+inf', 'WITHSCORES')
    if #recent / 2 >= per_minute then
      local index = (#recent / 2 - per_minute) * 2 + 2
      wait = math.max(wait, tonumber(recent[index]) + 60000 + SLACK - at)
    end
  end
  return wait
end

-- Reserves 'lane' for 'ticket', whose send starts at 'at'.
local function take(ticket, lane, at, chat, is_group, in_flight_ms)
  redis.call('ZADD', busy, at + in_flight_ms, ticket)
  redis.call('HSET', held, ticket, lane .. ' ' .. at)
  redis.call('SET', chat_key(chat), 'f' .. at, 'PX', at - now + in_flight_ms + 60000)
  if is_group then
    redis.call('ZADD', group_key(chat), at, ticket)
    redis.call('PEXPIRE', group_key(chat), at - now + 61000)
  end
end

-- Hands a lane, free from 'free_at', to the first queued send whose chat may send then, or
-- keeps it among the free lanes.
local function hand_over(lane, free_at, interval, per_minute, in_flight_ms)
  for _, ticket in ipairs(redis.call('ZRANGE', queue, 0, SCAN - 1)) do
    local entry = redis.call('HGET', waiting, ticket)
    local w = entry and words(entry) or {}
    if not entry or tonumber(w[1]) < now - STALE then
      redis.call('ZREM', queue, ticket)
      redis.call('HDEL', waiting, ticket)
    else
      local start = math.max(free_at, now)
      if chat_wait(w[2], w[3] == '1', start, interval, per_minute, in_flight_ms) == 0 then
        redis.call('ZREM', queue, ticket)
        redis.call('HDEL', waiting, ticket)
        take(ticket, lane, start, w[2], w[3] == '1', in_flight_ms)
        redis.call('PUBLISH', P .. 'flood:go', ticket .. ' ' .. start .. ' ' .. now)
        return
      end
    end
  end
  redis.call('ZADD', lanes, free_at, lane)
end

-- Frees the lanes of sends nobody reported within the in-flight timeout.
local function reap(interval, per_minute, in_flight_ms)
  for _, ticket in ipairs(redis.call('ZRANGEBYSCORE', busy, '-inf', now)) do
    local entry = redis.call('HGET', held, ticket)
    redis.call('ZREM', busy, ticket)
    redis.call('HDEL', held, ticket)
    if entry then hand_over(words(entry)[1], now, interval, per_minute, in_flight_ms) end
  end
end

if mode == 'done' then
  local chat, ticket = ARGV[3], ARGV[4]
  local interval, per_minute, in_flight_ms = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
  redis.call('ZREM', queue, ticket)
  redis.call('HDEL', waiting, ticket)
  local entry = redis.call('HGET', held, ticket)
  if not entry then return 0 end
  redis.call('HDEL', held, ticket)
  redis.call('ZREM', busy, ticket)
  redis.call('SET', chat_key(chat), now, 'PX', math.max(60000, interval + 1000))
  -- A group's minute counts from the answer too.
  if string.sub(chat, 1, 1) == '-' then redis.call('ZADD', group_key(chat), 'XX', now, ticket) end
  hand_over(words(entry)[1], now + 1000 + SLACK, interval, per_minute, in_flight_ms)
  return 0
end

local chat, is_group = ARGV[3], ARGV[4] == '1'
local per_second, interval, per_minute = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ticket, in_flight_ms = ARGV[8], tonumber(ARGV[9])
-- Handed a lane while it waited (its notice may have been missed): go at the reserved time.
local mine = redis.call('HGET', held, ticket)
if mine then return { 1, tonumber(words(mine)[2]), now } end
reap(interval, per_minute, in_flight_ms)
local wait = chat_wait(chat, is_group, now, interval, per_minute, in_flight_ms)
if wait > 0 then
  redis.call('ZREM', queue, ticket)
  redis.call('HDEL', waiting, ticket)
  return { 0, now + wait, now }
end
local count = redis.call('ZCARD', lanes) + redis.call('ZCARD', busy)
for i = count + 1, per_second do redis.call('ZADD', lanes, 0, 'l' .. i) end
local free = redis.call('ZRANGE', lanes, 0, 0, 'WITHSCORES')
if #free > 0 then
  local start = math.max(now, tonumber(free[2]))
  redis.call('ZREM', lanes, free[1])
  redis.call('ZREM', queue, ticket)
  redis.call('HDEL', waiting, ticket)
  take(ticket, free[1], start, chat, is_group, in_flight_ms)
  return { 1, start, now }
end
redis.call('ZADD', queue, 'NX', now, ticket)
redis.call('HSET', waiting, ticket, now .. ' ' .. chat .. ' ' .. (is_group and '1' or '0'))
return { 0, now + POLL, now }
`;
