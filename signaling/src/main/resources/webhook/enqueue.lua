-- Enqueues one event for each endpoint that wants it, once: a second enqueue of the same event id
-- (another node, a rejoin that reports the same status) within the retention changes nothing.
-- KEYS: 1 seen marker, 2 recent zset, then per endpoint: stream, delivery hash
-- ARGV: 1 retention s, 2 now ms, 3 stream max length, 4 recent size, 5 event id, 6 type,
--   7 call id, 8 body, then per endpoint: delivery id, endpoint name
-- Returns 1 when enqueued, 0 for a repeat
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
local n = (#KEYS - 2) / 2
for i = 1, n do
  local stream, delivery = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local id, endpoint = ARGV[7 + 2 * i], ARGV[8 + 2 * i]
  redis.call('HSET', delivery, 'id', id, 'event', ARGV[5], 'type', ARGV[6], 'callId', ARGV[7], 'body', ARGV[8],
    'endpoint', endpoint, 'status', 'queued', 'attempts', '0', 'createdAt', ARGV[2], 'updatedAt', ARGV[2])
  redis.call('EXPIRE', delivery, ARGV[1])
  redis.call('XADD', stream, 'MAXLEN', '~', ARGV[3], '*', 'delivery', id)
  redis.call('ZADD', KEYS[2], ARGV[2], id)
end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1 - tonumber(ARGV[4]))
return 1
