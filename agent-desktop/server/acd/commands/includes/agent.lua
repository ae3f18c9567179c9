--- @include "util"
-- Operator state. Presence (p) is what the operator chose: ready, not_ready (+ reason), offline.
-- Work counters: nOff pending offers, nBusy connected, nWrap in wrap-up, vix the voice interaction
-- (voice capacity is one), nChat chats offered or connected (up to cap). The displayed state
-- (AGENT_STATES) is derived, so it can never disagree with the counters.

local function displayedState(p, nOff, nBusy, nWrap)
  if p == 'offline' then return 'offline' end
  if nOff > 0 then return 'offered' end
  if nBusy > 0 then return 'busy' end
  if nWrap > 0 then return 'wrap_up' end
  return p
end

-- Pluggable strategy: the ready index score decides who is offered first (lowest score wins).
-- longest_idle: longest idle first (chat: fewest chats, then longest since the last chat).
-- skill_level: highest skill level in the queue first, then as longest_idle.
local function agentScore(strategy, media, level, idle, nChat, lastChat)
  local base
  if media == 'chat' then base = nChat * SCORE_SPAN + lastChat else base = idle end
  if strategy == 'skill_level' then
    -- Levels 1..10; one tier (2.5e14) exceeds any base (20 chats max), the total stays < 2^53.
    return (10 - level) * SCORE_SPAN * 25 + base
  end
  return base
end

-- Recomputes the displayed state and the ready index of every queue the operator serves; the
-- staffed sets change only with presence (presenceChanged), which saves two calls per queue on
-- the hot path. Called after any change to the operator's presence or work.
local function refreshAgent(a, presenceChanged)
  local k = agentKey(a)
  local f = rcall('HMGET', k, 'p', 'rsn', 'nOff', 'nBusy', 'nWrap', 'vix', 'nChat', 'cap', 'idle',
    'lastChat', 'ds')
  local p = f[1] or 'offline'
  local nOff, nBusy, nWrap, nChat = num(f[3]), num(f[4]), num(f[5]), num(f[7])
  local ds = displayedState(p, nOff, nBusy, nWrap)
  if ds ~= f[11] then
    rcall('HSET', k, 'ds', ds, 'ss', NOW)
    emit({'type', 'agent_state', 'agent', a, 'state', ds, 'reason', ds == 'not_ready' and (f[2] or '') or ''})
  end
  local voiceOk = p == 'ready' and (f[6] or '') == '' and nWrap == 0
  local chatOk = p == 'ready' and nWrap == 0 and nChat < num(f[8])
  local skills = rcall('HGETALL', B .. 'ak:' .. a)
  for i = 1, #skills, 2 do
    local q = skills[i]
    local qf = rcall('HMGET', queueKey(q), 'media', 'strategy')
    local ok = voiceOk
    if qf[1] == 'chat' then ok = chatOk end
    if ok then
      rcall('ZADD', B .. 'r:' .. q, agentScore(qf[2], qf[1], tonumber(skills[i + 1]), num(f[9]), nChat,
        num(f[10])), a)
    else
      rcall('ZREM', B .. 'r:' .. q, a)
    end
    if presenceChanged then
      if p == 'ready' then rcall('SADD', B .. 's:' .. q, a) else rcall('SREM', B .. 's:' .. q, a) end
    end
  end
end
