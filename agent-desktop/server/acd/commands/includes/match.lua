--- @include "agent"
-- Offering work. Invariant kept by every command: after it, no queue has a waiting interaction
-- and a ready operator at the same time (work-conserving), so routing is part of the change
-- that makes a match possible, never a separate racy step.

local function offer(ixId, a, q)
  local ik = ixKey(ixId)
  local f = rcall('HMGET', ik, 'media', 'cb', 'svc', 'v')
  rcall('ZREM', B .. 'w:' .. q, ixId)
  local v = num(f[4]) + 1
  rcall('HSET', ik, 'st', 'offered', 'ag', a, 'off', NOWS, 'v', v)
  local agent
  if f[1] == 'voice' then
    agent = updateAgent(a, {nOff = 1}, {vix = ixId})
  else
    agent = updateAgent(a, {nOff = 1, nChat = 1}, {lastChat = NOWS})
  end
  rcall('SADD', B .. 'aw:' .. a, ixId)
  local timeout = num(queueConf(q, 'offerTimeoutMs'))
  -- A limit L is breached when more than L has passed: the timer fires at the first ms beyond.
  rcall('ZADD', B .. 't', NOW + timeout + 1, 'o|' .. ixId)
  stat(q, 'offers')
  emit({'type', 'offered', 'ix', ixId, 'agent', a, 'queue', q, 'media', f[1], 'callback', f[2] or '0',
    'deadline', NOW + timeout, 'service', f[3] or ''})
  record('offered', ixId, q, a, v, nil)
  return agent
end

-- Pairs the queue's head with its best ready operator until one side runs out. Returns the
-- operator offered the interaction `watch`, if it was one of those offered.
local function matchQueue(q, watch)
  local watched = nil
  while true do
    -- The ready index first: under load it is usually empty, and then one read is enough.
    local a = rcall('ZRANGE', B .. 'r:' .. q, 0, 0)[1]
    if not a then break end
    local head = rcall('ZRANGE', B .. 'w:' .. q, 0, 0)[1]
    if not head then break end
    offer(head, a, q)
    if head == watch then watched = a end
  end
  return watched
end

-- An operator became available: offer the best waiting interaction (priority, then original
-- enqueue time) across the queues where the operator is ready, while capacity remains. agent is
-- the operator as updateAgent just left it (saves reading it again; possibly deferred), or nil.
local function matchAgent(a, agent)
  local offered = 0
  while true do
    -- rv / rc say whether the operator is ready for voice / chat right now (see updateAgent).
    local sk, rv, rc
    if agent then sk, rv, rc = agent.sk, agent.rv, agent.rc end
    if agent and rv == '' and rc == '' then break end
    if not agent or sk == nil then
      local f = rcall('HMGET', agentKey(a), 'sk', 'rv', 'rc')
      sk, rv, rc = f[1], f[2] or '', f[3] or ''
    end
    local bestIx, bestQ, bestScore = nil, nil, nil
    eachSkill(sk, function(q, _, media)
      local ready = (media == 'chat' and rc ~= '') or (media ~= 'chat' and rv ~= '')
      if ready then
        local head = rcall('ZRANGE', B .. 'w:' .. q, 0, 0, 'WITHSCORES')
        if head[1] and (not bestScore or tonumber(head[2]) < bestScore) then
          bestIx, bestQ, bestScore = head[1], q, tonumber(head[2])
        end
      end
    end)
    if not bestIx then break end
    agent = offer(bestIx, a, bestQ)
    offered = offered + 1
  end
  -- Nothing offered after a deferred update: now enter the ready indexes and show the state.
  if agent and agent.deferred then updateAgent(a) end
  return offered
end
