--- @include "includes/agent"
-- KEYS: queue config hash, set of queue names, set of operators. ARGV: base, now, name, field/value pairs.
local q = ARGV[3]
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
rcall('HSET', KEYS[1], unpack(fields))
rcall('SADD', KEYS[2], q)
-- A changed strategy or media re-scores every operator serving the queue (a rare admin change).
for _, a in ipairs(rcall('SMEMBERS', KEYS[3])) do
  if rcall('HEXISTS', B .. 'ak:' .. a, q) == 1 then
    updateAgent(a, nil, {sk = buildSkills(a)}, true)
  end
end
return 'ok'
