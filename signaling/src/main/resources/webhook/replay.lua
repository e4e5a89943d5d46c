-- Queues a delivered or dead delivery again with a fresh attempt count (same event id).
-- KEYS: 1 delivery hash, 2 stream, 3 dead zset, 4 recent zset
-- ARGV: 1 now ms, 2 stream max length, 3 retention s, 4 recent size
-- Returns 'queued' | 'not_found' | 'in_flight'
if redis.call('EXISTS', KEYS[1]) == 0 then return 'not_found' end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'delivered' and status ~= 'dead' then return 'in_flight' end
local id = redis.call('HGET', KEYS[1], 'id')
redis.call('HSET', KEYS[1], 'status', 'queued', 'attempts', '0', 'updatedAt', ARGV[1], 'replayedAt', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'replays', 1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('ZREM', KEYS[3], id)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'delivery', id)
redis.call('ZADD', KEYS[4], ARGV[1], id)
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -1 - tonumber(ARGV[4]))
return 'queued'
