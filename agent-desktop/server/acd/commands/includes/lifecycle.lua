--- @include "match"
-- Transitions shared by several commands and by the timer sweep.

local function clearWaitTimers(ixId)
  rcall('ZREM', B .. 't', 'o|' .. ixId, 'p|' .. ixId, 'a|' .. ixId, 'v|' .. ixId)
end

-- Takes an interaction away from its operator: the slot and `counter` go down, plus any other
-- changes (inc / set) in the same single agent update.
local function detachFromAgent(ixId, a, media, counter, inc, set, reindex, defer)
  inc = inc or {}
  set = set or {}
  inc[counter] = -1
  if media == 'voice' then set.vix = '' else inc.nChat = -1 end
  rcall('SREM', B .. 'aw:' .. a, ixId)
  return updateAgent(a, inc, set, reindex, defer)
end

-- An offer not taken (kind 'missed' on timeout, 'rejected' by the operator): the interaction goes
-- back to its ORIGINAL place, the operator becomes not_ready (no more work offered to someone who
-- is not answering), the miss is counted and supervisors get an alert; then the interaction is
-- offered to someone else. Kind 'released' (operator logged off) skips the penalty.
local function withdraw(ixId, kind, reason)
  local ik = ixKey(ixId)
  local f = rcall('HMGET', ik, 'ag', 'q', 'media', 'pr', 'enq', 'off')
  local a, q = f[1], f[2]
  local v = bump(ixId)
  rcall('HSET', ik, 'st', 'queued', 'ag', '')
  rcall('ZADD', B .. 'w:' .. q, ixScore(f[4], f[5]), ixId)
  rcall('ZREM', B .. 't', 'o|' .. ixId)
  if kind ~= 'released' then
    detachFromAgent(ixId, a, f[3], 'nOff', {[kind] = 1}, {p = 'not_ready', rsn = reason, ps = NOWS}, true)
    stat(q, kind)
  else
    detachFromAgent(ixId, a, f[3], 'nOff')
  end
  emit({'type', 'offer_withdrawn', 'ix', ixId, 'agent', a, 'queue', q, 'reason', kind})
  if kind == 'missed' then
    alert('missed_offer', ixId, q, {'agent', a, 'offered_at', f[6]})
  end
  record('withdrawn', ixId, q, a, v, {reason = kind})
  matchQueue(q)
end

-- Wrap-up over (by the operator or automatically at its limit): the interaction closes, the
-- operator's slot frees and, if ready, the operator is offered the next interaction at once.
local function endWrapUp(ixId, auto)
  local ik = ixKey(ixId)
  local f = rcall('HMGET', ik, 'ag', 'q', 'media', 'ans', 'tend', 'v')
  local a, q = f[1], f[2]
  local v = num(f[6]) + 1
  rcall('HSET', ik, 'st', 'closed', 'wend', NOWS, 'v', v)
  rcall('EXPIRE', ik, FINISHED_TTL_S)
  rcall('ZREM', B .. 't', 'w|' .. ixId)
  local handleMs = NOW - num(f[4])
  local set = nil
  if f[3] == 'voice' then set = {idle = NOWS} end
  -- Deferred: the operator is offered the next interaction below before entering a ready index.
  local agent = detachFromAgent(ixId, a, f[3], 'nWrap', {handled = 1, handleMs = handleMs}, set, false, true)
  stat(q, 'handled')
  stat(q, 'handleMs', handleMs)
  emit({'type', 'closed', 'ix', ixId, 'agent', a, 'queue', q, 'auto', auto and '1' or '0'})
  if auto then alert('wrap_up_auto_ended', ixId, q, {'agent', a}) end
  record('closed', ixId, q, a, v, {auto = auto, talkMs = num(f[5]) - num(f[4]), wrapMs = NOW - num(f[5])})
  matchAgent(a, agent)
end
