--- @include "includes/lifecycle"
-- KEYS: interaction hash, agent hash. ARGV: base, now, interaction, agent, not-ready reason.
-- The operator declines an offer: same as a missed offer but counted as rejected.
local ixId, a = ARGV[3], ARGV[4]
local f = rcall('HMGET', KEYS[1], 'st', 'ag')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'offered' or f[2] ~= a then return {'not_offered', f[1]} end
withdraw(ixId, 'rejected', ARGV[5])
return {'rejected'}
