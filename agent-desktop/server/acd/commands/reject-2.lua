--- @include "includes/lifecycle"
-- KEYS: interaction hash, agent hash. ARGV: base, now, interaction, agent, not-ready reason,
-- kind ('rejected' when the operator declined, 'missed' when the ring timed out or failed).
-- Returns {'rejected', position} (0 = already offered to someone else) or {'not_offered', state}.
local ixId, a = ARGV[3], ARGV[4]
local f = rcall('HMGET', KEYS[1], 'st', 'ag', 'q')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'offered' or f[2] ~= a then return {'not_offered', f[1]} end
local kind = 'rejected'
if ARGV[6] == 'missed' then kind = 'missed' end
withdraw(ixId, kind, ARGV[5])
local rank = rcall('ZRANK', B .. 'w:' .. f[3], ixId)
return {'rejected', rank and (rank + 1) or 0}
