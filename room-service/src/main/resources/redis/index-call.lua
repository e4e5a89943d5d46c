-- Adds a call to an ordered index (a case's history, the recent calls), keeping the index's
-- lifetime and size in bounds. One key: the index.
-- KEYS: 1 index zset   ARGV: 1 score, 2 call id, 3 ttl s ("" none), 4 cap ("" none)
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if ARGV[4] ~= '' then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[4])) end
return 1
