--- @include "util"
-- Operator state. Presence (p) is what the operator chose: ready, not_ready (+ reason), offline.
-- Work counters: nOff pending offers, nBusy connected, nWrap in wrap-up, vix the voice interaction
-- (voice capacity is one), nChat chats offered or connected (up to cap). The displayed state
-- (AGENT_STATES) is derived, so it can never disagree with the counters.
-- sk caches the operator's queues as "queue|level|media|strategy;" (no per-queue lookups on the
-- hot path); rv / rc remember the last ready-index position for voice / chat ('' = not ready),
-- so the per-queue indexes are only touched when that changes.

-- Read on every change: small fields only. sk (the longest value) is read only when a ready
-- index has to be touched; other fields are read only when they change (HMGET cost grows with
-- the number of fields).
local AGENT_FIELDS = {'p', 'rsn', 'nOff', 'nBusy', 'nWrap', 'vix', 'nChat', 'cap', 'idle', 'lastChat', 'ds', 'rv', 'rc'}
local IS_AGENT_FIELD = {p = true, rsn = true, nOff = true, nBusy = true, nWrap = true, vix = true, nChat = true,
  cap = true, idle = true, lastChat = true, ds = true, rv = true, rc = true}

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

local function eachSkill(sk, fn)
  for q, level, media, strategy in string.gmatch(sk or '', '([^|;]+)|(%d+)|(%a+)|([%a_]+);') do
    fn(q, tonumber(level), media, strategy)
  end
end

-- Rebuilds the cached skill list from the skills hash and the queue definitions.
local function buildSkills(a)
  local skills = rcall('HGETALL', B .. 'ak:' .. a)
  local parts = {}
  for i = 1, #skills, 2 do
    local conf = rcall('HMGET', queueKey(skills[i]), 'media', 'strategy')
    parts[#parts + 1] = skills[i] .. '|' .. skills[i + 1] .. '|' .. (conf[1] or 'voice') .. '|' ..
      (conf[2] or 'longest_idle') .. ';'
  end
  return table.concat(parts)
end

-- Applies changes to an operator in one read and one write: inc = {field = delta}, set =
-- {field = value}; then re-derives the displayed state and the ready indexes. reindex (presence
-- or skills changed) also rewrites the staffed sets and every ready index.
-- defer: write the changes but leave the displayed state and the ready indexes as they were;
-- the caller offers work at once (the operator goes from wrap-up straight to offered, without
-- entering and leaving the ready indexes) and, if there is none, finishes with updateAgent(a).
local function updateAgent(a, inc, set, reindex, defer)
  local k = agentKey(a)
  -- One read: the small fields, the counters about to change and, when deferring (an offer of
  -- the next interaction follows at once), the skills.
  local names = AGENT_FIELDS
  if inc or defer then
    names = {unpack(AGENT_FIELDS)}
    if inc then
      for name in pairs(inc) do
        if not IS_AGENT_FIELD[name] then names[#names + 1] = name end
      end
    end
    if defer then names[#names + 1] = 'sk' end
  end
  local f = rcall('HMGET', k, unpack(names))
  local cur = {}
  for i, name in ipairs(names) do cur[name] = f[i] or '' end
  local out = {}
  if inc then
    for name, delta in pairs(inc) do
      cur[name] = num(cur[name]) + delta
      out[#out + 1] = name
      out[#out + 1] = cur[name]
    end
  end
  if set then
    for name, value in pairs(set) do
      cur[name] = value
      out[#out + 1] = name
      out[#out + 1] = value
    end
  end
  local p = cur.p ~= '' and cur.p or 'offline'
  local nWrap, nChat = num(cur.nWrap), num(cur.nChat)
  local ds = displayedState(p, num(cur.nOff), num(cur.nBusy), nWrap)
  local rv, rc = '', ''
  if p == 'ready' and nWrap == 0 and cur.vix == '' then rv = tostring(cur.idle) end
  if p == 'ready' and nWrap == 0 and nChat < num(cur.cap) then rc = nChat .. ':' .. cur.lastChat end
  if defer then
    if #out > 0 then rcall('HSET', k, unpack(out)) end
    if (rv ~= '' or rc ~= '') and cur.sk == nil then cur.sk = rcall('HGET', k, 'sk') end
    cur.p, cur.rv, cur.rc, cur.deferred = p, rv, rc, true
    return cur
  end
  if ds ~= cur.ds then
    out[#out + 1] = 'ds'
    out[#out + 1] = ds
    out[#out + 1] = 'ss'
    out[#out + 1] = NOWS
    emit({'type', 'agent_state', 'agent', a, 'state', ds, 'reason', ds == 'not_ready' and cur.rsn or ''})
  end
  if reindex or rv ~= cur.rv or rc ~= cur.rc then
    if cur.sk == nil then cur.sk = rcall('HGET', k, 'sk') end
    eachSkill(cur.sk, function(q, level, media, strategy)
      local position = rv
      if media == 'chat' then position = rc end
      if position ~= '' then
        rcall('ZADD', B .. 'r:' .. q, agentScore(strategy, media, level, num(cur.idle), nChat, num(cur.lastChat)), a)
      elseif reindex or (media == 'chat' and cur.rc ~= '') or (media ~= 'chat' and cur.rv ~= '') then
        rcall('ZREM', B .. 'r:' .. q, a)
      end
      if reindex then
        if p == 'ready' then rcall('SADD', B .. 's:' .. q, a) else rcall('SREM', B .. 's:' .. q, a) end
      end
    end)
    out[#out + 1] = 'rv'
    out[#out + 1] = rv
    out[#out + 1] = 'rc'
    out[#out + 1] = rc
  end
  if #out > 0 then rcall('HSET', k, unpack(out)) end
  cur.p, cur.ds, cur.rv, cur.rc = p, ds, rv, rc
  return cur
end

local function refreshAgent(a, reindex)
  return updateAgent(a, nil, nil, reindex)
end
