--- @include "includes/lifecycle"
-- KEYS: interaction hash, agent hash. ARGV: base, now, interaction, agent.
-- The operator's first message in a chat (R-ACD-5 measures it, not the accept click).
local ixId, a = ARGV[3], ARGV[4]
local f = rcall('HMGET', KEYS[1], 'st', 'ag', 'q', 'fa', 'enq')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'connected' or f[2] ~= a then return {'not_connected', f[1]} end
if f[4] then return {'already', f[4]} end
local v = bump(ixId)
rcall('HSET', KEYS[1], 'fa', NOW)
rcall('ZREM', B .. 't', 'f|' .. ixId)
stat(f[3], 'firstAnswers')
stat(f[3], 'firstAnswerMs', NOW - num(f[5]))
record('first_answer', ixId, f[3], a, v, {afterMs = NOW - num(f[5])})
return {'first_answer', tostring(NOW)}
