import { LUA_PRELUDE } from "./common.js";

/**
 * Takes or renews the polling lease for a candidate (or gives it up: ARGV[4] = 'resign').
 * ARGV: prefix, candidate id, lease ms, mode. Returns { 1 or 0 (leader now), stored offset }.
 */
export const LEADER_LUA = `${LUA_PRELUDE}
local me, lease = ARGV[2], tonumber(ARGV[3])
local holder = redis.call('GET', P .. 'leader')
local leading = 0
if ARGV[4] == 'resign' then
  if holder == me then redis.call('DEL', P .. 'leader') end
elseif holder == false or holder == me then
  redis.call('SET', P .. 'leader', me, 'PX', lease)
  leading = 1
end
return { leading, redis.call('GET', P .. 'offset') or '0' }
`;
