-- The connection holding a seat lets it go. A connection that was replaced changes nothing.
-- KEYS: 1 call hash   ARGV: 1 role, 2 session id, 3 now ms
-- Returns 1 when the seat was left, 0 otherwise.
local p = ARGV[1] .. '.'
if redis.call('HGET', KEYS[1], p .. 'session') ~= ARGV[2] then return 0 end
if redis.call('HGET', KEYS[1], p .. 'present') ~= '1' then return 0 end
redis.call('HSET', KEYS[1], p .. 'present', '0', p .. 'lease', '0', p .. 'lastLeftAt', ARGV[3])
return 1
