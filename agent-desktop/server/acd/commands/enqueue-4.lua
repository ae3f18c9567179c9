--- @include "includes/match"
-- KEYS: interaction hash, queue config, waiting set of the queue, timers.
-- ARGV: base, now, id, queue, channel, priority, original enqueue time, callback (0/1), topics
-- (comma separated), chat first-answer due (0 = none), chat appeal due (0 = none), version,
-- restore (1 = rebuilt from PostgreSQL), started at, service that watches it (ivr, chatbot).
-- Returns {'offered', agent} or {'queued', position} or {'exists', state}.
local ixId, q = ARGV[3], ARGV[4]
local ik = KEYS[1]
local conf = rcall('HMGET', KEYS[2], 'media', 'prealertMs', 'alertMs', 'overflowTo', 'overflowAfterMs')
if not conf[1] then return redis.error_reply('ACD:UNKNOWN_QUEUE ' .. q) end
if (conf[1] == 'voice') ~= (ARGV[5] == 'phone') then
  return redis.error_reply('ACD:INVALID_ARGUMENT channel ' .. ARGV[5] .. ' does not fit the ' .. conf[1] .. ' queue ' .. q)
end
local old = rcall('HMGET', ik, 'st', 'v')
local st = old[1]
if st and st ~= 'closed' and st ~= 'abandoned' then return {'exists', st} end
local enq, cb, restore = tonumber(ARGV[7]), ARGV[8], ARGV[13] == '1'
-- A re-enqueued finished interaction keeps counting versions, so PostgreSQL keeps taking its updates.
-- This enqueue is one more version.
local v = math.max(num(old[2]), tonumber(ARGV[12])) + 1
if st or old[2] then rcall('DEL', ik) end
rcall('HSET', ik, 'q', q, 'media', conf[1], 'ch', ARGV[5], 'pr', ARGV[6], 'enq', enq, 'qat', NOWS,
  'st', 'queued', 'ag', '', 'cb', cb, 'tp', ARGV[9], 'v', v, 'svc', ARGV[15] or '')
rcall('ZADD', KEYS[3], ixScore(ARGV[6], enq), ixId)
-- Every timer of the interaction in one ZADD.
local timers = {}
local function timer(due, kind)
  timers[#timers + 1] = due
  timers[#timers + 1] = kind .. '|' .. ixId
end
if conf[1] == 'voice' and cb ~= '1' then
  timer(enq + num(conf[2]), 'p')
  timer(enq + num(conf[3]) + 1, 'a')
end
if conf[4] and conf[4] ~= '' then timer(NOW + num(conf[5]), 'v') end
if conf[1] == 'chat' and tonumber(ARGV[10]) > 0 then timer(tonumber(ARGV[10]), 'f') end
if conf[1] == 'chat' and tonumber(ARGV[11]) > 0 then timer(tonumber(ARGV[11]), 'd') end
if #timers > 0 then rcall('ZADD', KEYS[4], unpack(timers)) end
if not restore then stat(q, 'arrived') end
emit({'type', 'queued', 'ix', ixId, 'queue', q, 'priority', ARGV[6], 'callback', cb, 'service', ARGV[15] or ''})
record(restore and 'restored' or 'enqueued', ixId, q, nil, v, {channel = ARGV[5], priority = tonumber(ARGV[6]),
  enqueuedAt = enq, startedAt = tonumber(ARGV[14]), topics = ARGV[9], callback = cb == '1', media = conf[1]})
local offeredTo = matchQueue(q, ixId)
if offeredTo then return {'offered', offeredTo} end
return {'queued', rcall('ZRANK', KEYS[3], ixId) + 1}
