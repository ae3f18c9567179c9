--- @include "includes/agent"
-- KEYS: queue config hash, set of queue names. ARGV: base, now, name, field/value pairs.
local q = ARGV[3]
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
rcall('HSET', KEYS[1], unpack(fields))
rcall('SADD', KEYS[2], q)
-- A changed strategy or media re-scores the operators already staffing the queue.
for _, a in ipairs(rcall('SMEMBERS', B .. 's:' .. q)) do refreshAgent(a, true) end
return 'ok'
