-- Moves retries that are due back onto their endpoint's stream. Atomic, so with every node
-- running it each retry is queued once. The streams share the retry set's hash tag.
-- KEYS: 1 retry zset   ARGV: 1 now ms, 2 batch size, 3 key prefix, 4 stream max length
-- Returns the number moved
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local sep = string.find(member, ':', 1, true)
  local endpoint, id = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
  redis.call('XADD', ARGV[3] .. 's:' .. endpoint, 'MAXLEN', '~', ARGV[4], '*', 'delivery', id)
end
return #due
