-- Creates a call record, honouring an optional idempotency key, in one atomic step.
-- Case history and recent calls are ordered by creation (ms * 1000 + a counter).
-- KEYS: 1 idempotency key ("" when none), 2 call hash, 3 case history zset, 4 due zset, 5 recent zset
-- ARGV: 1 request hash, 2 call id, 3 idempotency ttl s, 4 call ttl s, 5 created ms, 6 due ms,
--       7 case history ttl s, 8 recent cap, 9.. field/value pairs of the call hash
-- Returns {"created", id} | {"existing", id} | {"conflict", id}
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then
    local sep = string.find(existing, '|', 1, true)
    local hash, id = string.sub(existing, 1, sep - 1), string.sub(existing, sep + 1)
    if hash == ARGV[1] then return {'existing', id} end
    return {'conflict', id}
  end
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', ARGV[3])
end
-- order key: creation ms, then creation order within the same ms (a counter)
local order = tonumber(ARGV[5]) * 1000 + redis.call('INCR', 'cc:calls:seq') % 1000
redis.call('HSET', KEYS[2], unpack(ARGV, 9))
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], order, ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[7])
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[2])
redis.call('ZADD', KEYS[5], order, ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -1 - tonumber(ARGV[8]))
return {'created', ARGV[2]}
