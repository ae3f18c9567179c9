--- @include "includes/lifecycle"
-- KEYS: interaction hash, agent hash. ARGV: base, now, interaction, agent.
-- Returns {'closed', the call now offered to the operator or ''} or {'not_in_wrap_up', state}.
local ixId, a = ARGV[3], ARGV[4]
local f = rcall('HMGET', KEYS[1], 'st', 'ag')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'wrap_up' or f[2] ~= a then return {'not_in_wrap_up', f[1]} end
endWrapUp(ixId, false)
return {'closed', rcall('HGET', KEYS[2], 'vix') or ''}
