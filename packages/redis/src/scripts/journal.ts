import { LUA_PRELUDE } from "./common.js";

/**
 * Writes one call journal record of a pending update (HASH `j:<update id>`, field: the call's
 * identity, value "s" while started, "f" + the result's JSON once finished).
 * ARGV: prefix, fenced conversation key ('' for none), fencing token, update id, call, value,
 * mode ('start': only if absent; 'finish': always).
 * Nothing is written for an update no longer pending (done: its records are gone with it), nor,
 * with a fenced key, unless that key's claim is still held with this token (`holds`): a worker
 * that lost its claim records nothing (and so sends nothing). Returns 0 when refused so, the
 * existing value when 'start' found one, else 1 (written).
 */
export const JOURNAL_LUA = `${LUA_PRELUDE}
local fenced = ARGV[2]
if fenced ~= '' and not holds(fenced, ARGV[3]) then return 0 end
local id = ARGV[4]
if not redis.call('ZSCORE', P .. 'pending', id) then return 0 end
if ARGV[7] == 'start' then
  local existing = redis.call('HGET', P .. 'j:' .. id, ARGV[5])
  if existing then return existing end
end
redis.call('HSET', P .. 'j:' .. id, ARGV[5], ARGV[6])
return 1
`;
