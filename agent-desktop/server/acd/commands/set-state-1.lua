--- @include "includes/lifecycle"
-- KEYS: agent hash. ARGV: base, now, agent, presence, reason, protect (1 = the break rule applies
-- now, i.e. ЕКЦ working hours), minimum ready operators a queue keeps.
-- Returns {'ok', state} or {'refused', queue} or {'busy', state}.
local a, presence, reason = ARGV[3], ARGV[4], ARGV[5]
local k = KEYS[1]
if rcall('EXISTS', k) == 0 then return redis.error_reply('ACD:UNKNOWN_AGENT ' .. a) end
if presence == 'not_ready' and ARGV[6] == '1' and reason ~= 'missed_offer' then
  local minReady = tonumber(ARGV[7])
  local skills = rcall('HGETALL', B .. 'ak:' .. a)
  for i = 1, #skills, 2 do
    local staffed = B .. 's:' .. skills[i]
    if rcall('SISMEMBER', staffed, a) == 1 and rcall('SCARD', staffed) <= minReady then
      return {'refused', skills[i]}
    end
  end
end
if presence == 'offline' then
  local f = rcall('HMGET', k, 'nBusy', 'nWrap', 'ds')
  if num(f[1]) + num(f[2]) > 0 then return {'busy', f[3]} end
end
local set = {p = presence, rsn = reason, ps = NOWS}
if presence == 'ready' and rcall('HGET', k, 'p') ~= 'ready' then set.idle = NOWS end
updateAgent(a, nil, set, true)
if presence == 'offline' then
  -- Offers still ringing go back to their place (to someone else) without a miss.
  for _, ixId in ipairs(rcall('SMEMBERS', B .. 'aw:' .. a)) do
    if rcall('HGET', ixKey(ixId), 'st') == 'offered' then withdraw(ixId, 'released', '') end
  end
end
if presence == 'ready' then matchAgent(a) end
return {'ok', rcall('HGET', k, 'ds')}
