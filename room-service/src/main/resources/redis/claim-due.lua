-- Hands out up to a batch of due calls to one sweeper and moves their deadline a claim period
-- on, so sweepers on other nodes take other calls meanwhile; a sweeper that dies mid-batch
-- leaves its calls to be claimed again when the period ends. One key: the due set.
-- KEYS: 1 due zset   ARGV: 1 now ms, 2 batch size, 3 claimed-until ms
-- Returns the claimed call ids.
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, ARGV[2])
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], ARGV[3], id) end
return ids
