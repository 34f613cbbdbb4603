import { LUA_PRELUDE } from "./common.js";

/**
 * Claims up to `max keys` conversation keys with pending updates, oldest first, then (with room
 * left) idle ones: keys whose stored idle deadline has passed, with nothing pending. First reaps
 * claims whose lease has run out, so their keys (and the updates their worker did not commit)
 * become ready again. Each claim gets a fresh fencing token (HINCRBY), so the worker that held
 * the key before cannot commit any more. ARGV: prefix, lease ms, max keys, updates per claim.
 * Returns, per claimed key: { key, token, state record or false, 'u' or 'i' (idle), then per update
 * its id and its JSON (false when the record is gone) }.
 */
export const CLAIM_LUA = `${LUA_PRELUDE}
local lease, max_keys, batch = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_ms()
-- Takes the key under a fresh fencing token, its lease running from now; answers the token.
local function take(key)
  local token = redis.call('HINCRBY', P .. 'fence', key, 1)
  redis.call('ZADD', P .. 'claims', now + lease, key)
  return tostring(token)
end
for _, key in ipairs(redis.call('ZRANGEBYSCORE', P .. 'claims', '-inf', now)) do
  redis.call('ZREM', P .. 'claims', key)
  requeue(key)
end
local out = {}
while #out < max_keys do
  local popped = redis.call('ZPOPMIN', P .. 'ready')
  if #popped == 0 then break end
  local key = popped[1]
  local ids = redis.call('ZRANGE', queue_of(key), 0, batch - 1)
  if #ids > 0 then
    local entry = { key, take(key), redis.call('HGET', P .. 'state', key), 'u' }
    local updates = redis.call('HMGET', P .. 'updates', unpack(ids))
    for n, id in ipairs(ids) do
      entry[#entry + 1] = id
      entry[#entry + 1] = updates[n]
    end
    out[#out + 1] = entry
  end
end
if #out < max_keys then
  -- A claimed idle key keeps its deadline until the holder commits; a lost claim leaves it due.
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', P .. 'idle', '-inf', now, 'LIMIT', 0, max_keys - #out)) do
    if not redis.call('ZSCORE', P .. 'claims', key) and first_pending(key) == nil then
      out[#out + 1] = { key, take(key), redis.call('HGET', P .. 'state', key), 'i' }
    end
  end
end
return out
`;

/**
 * Renews a claim's lease if the token still holds it (a handler running longer than a third of
 * the lease). A lease that has run out is not renewed, even before another worker took the key:
 * its holder may have stalled, and starts nothing more (a policy, not needed for safety: see
 * `holds` in common.ts on why its commit still counts). Giving a key up is a commit's job
 * (COMPLETE_LUA's release), also for a claim with nothing to commit.
 * ARGV: prefix, key, token, lease ms. Returns 1, or 0 when the claim was lost or ran out.
 */
export const RENEW_LUA = `${LUA_PRELUDE}
local key, token = ARGV[2], ARGV[3]
local expiry = holds(key, token)
if not expiry then return 0 end
local now = now_ms()
if tonumber(expiry) <= now then return 0 end
redis.call('ZADD', P .. 'claims', 'XX', now + tonumber(ARGV[4]), key)
return 1
`;
