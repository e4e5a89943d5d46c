-- Remembers which call an idempotency key created, unless the key is already remembered.
-- KEYS: 1 idempotency key   ARGV: 1 "<request hash>|<call id>", 2 ttl s
-- Returns false when claimed, else the remembered "<request hash>|<call id>".
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return false
