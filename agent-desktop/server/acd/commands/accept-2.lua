--- @include "includes/lifecycle"
-- KEYS: interaction hash, agent hash. ARGV: base, now, interaction, agent.
-- Returns {'accepted'}, {'expired'} (more than the offer timeout passed: withdrawn right here,
-- whether or not a timer sweep ran yet) or {'not_offered', state}.
local ixId, a = ARGV[3], ARGV[4]
local f = rcall('HMGET', KEYS[1], 'st', 'ag', 'off', 'q', 'enq', 'v')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'offered' or f[2] ~= a then return {'not_offered', f[1]} end
local q = f[4]
local conf = rcall('HMGET', queueKey(q), 'offerTimeoutMs', 'alertMs')
if NOW - num(f[3]) > num(conf[1]) then
  withdraw(ixId, 'missed', 'missed_offer')
  return {'expired'}
end
local v = num(f[6]) + 1
rcall('HSET', KEYS[1], 'st', 'connected', 'ans', NOWS, 'v', v)
clearWaitTimers(ixId)
local waited = NOW - num(f[5])
stat(q, 'answered')
stat(q, 'waitMs', waited)
if waited <= num(conf[2]) then stat(q, 'answeredInSl') end
updateAgent(a, {nOff = -1, nBusy = 1})
emit({'type', 'answered', 'ix', ixId, 'agent', a, 'queue', q, 'waited_ms', waited})
record('answered', ixId, q, a, v, {waitedMs = waited, offerMs = NOW - num(f[3])})
return {'accepted'}
