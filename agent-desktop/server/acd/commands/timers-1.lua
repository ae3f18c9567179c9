--- @include "includes/lifecycle"
-- KEYS: timers sorted set (member "<kind>|<interaction>", score = due ms).
-- ARGV: base, now, max timers to handle. Any router instance may run it; each handler checks
-- the interaction's current state, so a stale timer (already answered, re-offered) does nothing.
-- Kinds: o offer timeout, p wait pre-alert, a wait alert, v overflow, w wrap-up limit,
-- f chat first answer, d chat appeal (1 working day). Returns how many timers were handled.
local due = rcall('ZRANGEBYSCORE', KEYS[1], '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[3]))
local waiting = {queued = true, offered = true}
local open = {queued = true, offered = true, connected = true, wrap_up = true}

local function overflow(ixId, ik)
  local f = rcall('HMGET', ik, 'st', 'q', 'qat', 'off')
  local conf = rcall('HMGET', queueKey(f[2]), 'overflowTo', 'overflowAfterMs', 'offerTimeoutMs')
  if f[1] == 'offered' then
    -- Ringing now: look again once this offer is accepted (timer cleared) or withdrawn.
    rcall('ZADD', KEYS[1], num(f[4]) + num(conf[3]) + 2, 'v|' .. ixId)
    return
  end
  if f[1] ~= 'queued' or not conf[1] or conf[1] == '' then return end
  if NOW - num(f[3]) < num(conf[2]) then return end
  local to = conf[1]
  local score = rcall('ZSCORE', B .. 'w:' .. f[2], ixId)
  rcall('ZREM', B .. 'w:' .. f[2], ixId)
  rcall('ZADD', B .. 'w:' .. to, score, ixId)
  local v = bump(ixId)
  rcall('HSET', ik, 'q', to, 'qat', NOW)
  local next = rcall('HMGET', queueKey(to), 'overflowTo', 'overflowAfterMs')
  if next[1] and next[1] ~= '' then rcall('ZADD', KEYS[1], NOW + num(next[2]), 'v|' .. ixId) end
  stat(f[2], 'overflowed')
  emit({'type', 'overflowed', 'ix', ixId, 'from', f[2], 'queue', to})
  record('overflowed', ixId, to, nil, v, {from = f[2]})
  matchQueue(to)
end

for _, member in ipairs(due) do
  rcall('ZREM', KEYS[1], member)
  local kind, ixId = string.sub(member, 1, 1), string.sub(member, 3)
  local ik = ixKey(ixId)
  local f = rcall('HMGET', ik, 'st', 'q', 'off', 'enq', 'fa', 'cb')
  local st, q = f[1], f[2]
  if kind == 'o' then
    if st == 'offered' and NOW - num(f[3]) > num(queueConf(q, 'offerTimeoutMs')) then
      withdraw(ixId, 'missed', 'missed_offer')
    end
  elseif kind == 'p' or kind == 'a' then
    if st and waiting[st] and f[6] ~= '1' then
      local name = kind == 'p' and 'wait_prealert' or 'wait_alert'
      stat(q, kind == 'p' and 'prealerts' or 'alerts')
      alert(name, ixId, q, {'waited_ms', NOW - num(f[4])})
    end
  elseif kind == 'v' then
    if st then overflow(ixId, ik) end
  elseif kind == 'w' then
    if st == 'wrap_up' then endWrapUp(ixId, true) end
  elseif kind == 'f' then
    if st and open[st] and not f[5] then
      stat(q, 'firstAnswerOverdue')
      alert('chat_first_answer_overdue', ixId, q, {'waited_ms', NOW - num(f[4])})
    end
  elseif kind == 'd' then
    if st and open[st] then
      stat(q, 'appealOverdue')
      alert('chat_appeal_overdue', ixId, q, {'waited_ms', NOW - num(f[4])})
    end
  end
end
return #due
