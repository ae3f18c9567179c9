--- @include "includes/lifecycle"
-- KEYS: interaction hash, agent hash. ARGV: base, now, interaction, agent.
-- Talk (or chat) over: wrap-up starts, ended by the operator or automatically at its limit.
local ixId, a = ARGV[3], ARGV[4]
local f = rcall('HMGET', KEYS[1], 'st', 'ag', 'q', 'v')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'connected' or f[2] ~= a then return {'not_connected', f[1]} end
local v = num(f[4]) + 1
rcall('HSET', KEYS[1], 'st', 'wrap_up', 'tend', NOWS, 'v', v)
local due = NOW + num(queueConf(f[3], 'wrapUpMs'))
rcall('ZADD', B .. 't', due, 'w|' .. ixId)
updateAgent(a, {nBusy = -1, nWrap = 1})
emit({'type', 'wrap_up', 'ix', ixId, 'agent', a, 'queue', f[3], 'deadline', due})
record('wrap_up', ixId, f[3], a, v, nil)
return {'wrap_up', tostring(due)}
