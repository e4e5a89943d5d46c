-- Stores a join's connect-time report on its call record, once, and indexes its connect time
-- for the ops windows (the index keeps 25 hours).
-- KEYS: 1 call hash, 2 window zset of the role
-- ARGV: 1 field (timing.<role>.<join>), 2 report json, 3 reported ms, 4 window member ("" = not
--       indexed), 5 trim-before ms
-- Returns 1 stored, 0 duplicate, -1 no such call
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[5])
end
return 1
