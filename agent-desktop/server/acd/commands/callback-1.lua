--- @include "includes/lifecycle"
-- KEYS: interaction hash. ARGV: base, now, interaction.
-- The caller chose a callback instead of waiting: the interaction keeps its place (same score)
-- and is dialled when an operator is offered it; the on-line wait watch stops.
local ixId = ARGV[3]
local f = rcall('HMGET', KEYS[1], 'st', 'q', 'cb')
if not f[1] then return redis.error_reply('ACD:UNKNOWN_INTERACTION ' .. ixId) end
if f[1] ~= 'queued' then return {'not_queued', f[1]} end
if f[3] ~= '1' then
  local v = bump(ixId)
  rcall('HSET', KEYS[1], 'cb', '1')
  rcall('ZREM', B .. 't', 'p|' .. ixId, 'a|' .. ixId)
  emit({'type', 'callback', 'ix', ixId, 'queue', f[2]})
  record('callback', ixId, f[2], nil, v, nil)
end
return {'callback', rcall('ZRANK', B .. 'w:' .. f[2], ixId) + 1}
