-- Records the outcome of one attempt and acknowledges its stream entry, in one step: a node that
-- dies before this leaves the entry pending, and another node attempts it again.
-- KEYS: 1 delivery hash, 2 stream, 3 recent zset, 4 retry zset, 5 dead zset
-- ARGV: 1 group, 2 entry id, 3 outcome (delivered | retrying | dead), 4 now ms, 5 next attempt ms,
--   6 attempts, 7 last HTTP status ('' for none), 8 last error, 9 retention s, 10 recent size,
--   11 retry member (endpoint:delivery id)
redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[2], ARGV[2])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local id = redis.call('HGET', KEYS[1], 'id')
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'updatedAt', ARGV[4], 'attempts', ARGV[6], 'lastStatus', ARGV[7],
  'lastError', ARGV[8], 'lastAttemptAt', ARGV[4])
if ARGV[3] == 'retrying' then
  redis.call('HSET', KEYS[1], 'nextAttemptAt', ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[11])
else
  redis.call('HDEL', KEYS[1], 'nextAttemptAt')
end
if ARGV[3] == 'dead' then redis.call('ZADD', KEYS[5], ARGV[4], id) end
redis.call('EXPIRE', KEYS[1], ARGV[9])
redis.call('ZADD', KEYS[3], ARGV[4], id)
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -1 - tonumber(ARGV[10]))
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', tonumber(ARGV[4]) - 1000 * tonumber(ARGV[9]))
return 1
