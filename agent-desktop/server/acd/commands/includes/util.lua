-- Shared by every ACD command (scripts/loader.ts puts the includes and every command into one
-- Redis Functions library). Conventions: ARGV[1] is the key base "{<prefix>:acd}:" (one hash
-- tag, so every key an operation touches lives in one Redis Cluster slot), ARGV[2] is "now" in
-- epoch ms from the injected clock (never Redis TIME, so tests control time).
-- Set by begin() at the start of every call (calls never interleave: Redis runs one at a time;
-- redis.call itself exists only while a function runs, not when the library loads).
-- NOWS is the instant as given: written as is, so no number is formatted back into a string.
local rcall, B, NOW, NOWS
local function begin(argv)
  rcall = redis.call
  B = argv[1]
  NOW = tonumber(argv[2])
  NOWS = argv[2]
end

-- Waiting order: priority first (0..9, higher first), then ORIGINAL enqueue time. 1e13 ms keeps
-- every instant below one priority step and the whole score below 2^53 (exact in a double).
local SCORE_SPAN = 10000000000000
local function ixScore(priority, enqueuedAt)
  return (9 - tonumber(priority)) * SCORE_SPAN + tonumber(enqueuedAt)
end

local function ixKey(id) return B .. 'i:' .. id end
local function agentKey(id) return B .. 'a:' .. id end
local function queueKey(q) return B .. 'q:' .. q end

local function num(value)
  return tonumber(value) or 0
end

-- Live event for desktops and supervisors (Redis Stream, trimmed approximately).
local function emit(fields)
  rcall('XADD', B .. 'ev', 'MAXLEN', '~', '100000', '*', 'at', NOWS, unpack(fields))
end

local function alert(kind, ixId, queue, extra)
  local fields = {'type', 'alert', 'kind', kind, 'ix', ixId, 'queue', queue or ''}
  if extra then for i = 1, #extra do fields[#fields + 1] = extra[i] end end
  emit(fields)
end

-- Outbox for PostgreSQL: drained in batches by the writer (db/outbox-writer.ts), so the hot path
-- never waits for a database round trip. v orders the records of one interaction.
local function record(kind, ixId, queue, agent, version, data)
  rcall('XADD', B .. 'out', '*', 'k', kind, 'ix', ixId, 'at', NOWS, 'q', queue or '', 'ag', agent or '',
    'v', version, 'd', data and cjson.encode(data) or '{}')
end

local function bump(ixId)
  return rcall('HINCRBY', ixKey(ixId), 'v', 1)
end

local function stat(queue, field, by)
  rcall('HINCRBY', B .. 'st:' .. queue, field, by or 1)
end

local function queueConf(q, field)
  return rcall('HGET', queueKey(q), field)
end

-- Finished interactions stay readable for a day (late accept/finish calls get a clear answer).
local FINISHED_TTL_S = 86400
