-- Writes a new call record as one piece (the fields and the record's lifetime).
-- The indexes (case history, due and recent calls) and the idempotency key live in other Redis
-- Cluster slots: CallRepository writes them with commands of their own.
-- KEYS: 1 call hash   ARGV: 1 call ttl s, 2.. field/value pairs of the call hash
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
