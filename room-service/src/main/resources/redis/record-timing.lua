-- Stores a join's connect-time report on its call record, once. CallRepository then indexes
-- a stored report's connect time for the ops windows (another Redis Cluster slot).
-- KEYS: 1 call hash   ARGV: 1 field (timing.<role>.<join>), 2 report json
-- Returns 1 stored, 0 duplicate, -1 no such call
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
return 1
