--- @include "includes/match"
-- KEYS: agent hash, agent skills hash, set of agents.
-- ARGV: base, now, agent, chat capacity, presence, reason, then queue/level pairs.
local a = ARGV[3]
for i = 7, #ARGV, 2 do
  if rcall('EXISTS', queueKey(ARGV[i])) == 0 then
    return redis.error_reply('ACD:UNKNOWN_QUEUE ' .. ARGV[i])
  end
end
-- Leave the indexes of the previous skill set before replacing it.
local old = rcall('HGETALL', KEYS[2])
for i = 1, #old, 2 do
  rcall('ZREM', B .. 'r:' .. old[i], a)
  rcall('SREM', B .. 's:' .. old[i], a)
end
rcall('DEL', KEYS[2])
if #ARGV >= 7 then
  local pairs_ = {}
  for i = 7, #ARGV do pairs_[#pairs_ + 1] = ARGV[i] end
  rcall('HSET', KEYS[2], unpack(pairs_))
end
local k = KEYS[1]
for _, counter in ipairs({'nOff', 'nBusy', 'nWrap', 'nChat', 'handled', 'handleMs', 'missed', 'rejected'}) do
  rcall('HSETNX', k, counter, 0)
end
rcall('HSETNX', k, 'vix', '')
rcall('HSETNX', k, 'lastChat', 0)
local set = {cap = ARGV[4], p = ARGV[5], rsn = ARGV[6], ps = NOW, sk = buildSkills(a)}
if rcall('HGET', k, 'p') ~= 'ready' then set.idle = NOW end
rcall('SADD', KEYS[3], a)
updateAgent(a, nil, set, true)
if ARGV[5] == 'ready' then matchAgent(a) end
return rcall('HGET', k, 'ds')
