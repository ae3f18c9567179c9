--- @include "includes/lifecycle"
-- KEYS: interaction hash. ARGV: base, now, interaction.
-- The client left before being answered (hung up, closed the chat): abandoned. An operator
-- holding the offer gets the slot back without a miss.
local ixId = ARGV[3]
local ik = KEYS[1]
local f = rcall('HMGET', ik, 'st', 'ag', 'q', 'media', 'enq')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'queued' and f[1] ~= 'offered' then return {'not_waiting', f[1]} end
local q, a = f[3], f[2]
rcall('ZREM', B .. 'w:' .. q, ixId)
clearWaitTimers(ixId)
rcall('ZREM', B .. 't', 'f|' .. ixId, 'd|' .. ixId)
local v = bump(ixId)
rcall('HSET', ik, 'st', 'abandoned', 'ab', NOWS)
rcall('EXPIRE', ik, FINISHED_TTL_S)
local waited = NOW - num(f[5])
local conf = rcall('HMGET', queueKey(q), 'shortAbandonMs', 'alertMs')
stat(q, 'abandoned')
if waited < num(conf[1]) then stat(q, 'abandonedShort')
elseif waited <= num(conf[2]) then stat(q, 'abandonedInSl') end
emit({'type', 'abandoned', 'ix', ixId, 'queue', q, 'waited_ms', waited})
record('abandoned', ixId, q, a, v, {waitedMs = waited})
if f[1] == 'offered' then
  detachFromAgent(ixId, a, f[4], 'nOff')
  matchAgent(a)
end
return {'abandoned'}
