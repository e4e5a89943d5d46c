-- The connection holding a seat lets it go. A connection that was replaced changes nothing.
-- The leave and its presence-history entry are one write: a retried leave adds its entry once.
-- history(): presence-history.lua, prepended by CallRepository.
-- KEYS: 1 call hash, 2 presence history   ARGV: 1 role, 2 session id, 3 now ms, 4 cause, 5 history cap
-- Returns 1 when the seat was left, 0 otherwise.
local p = ARGV[1] .. '.'
if redis.call('HGET', KEYS[1], p .. 'session') ~= ARGV[2] then return 0 end
if redis.call('HGET', KEYS[1], p .. 'present') ~= '1' then return 0 end
redis.call('HSET', KEYS[1], p .. 'present', '0', p .. 'lease', '0', p .. 'lastLeftAt', ARGV[3], p .. 'leftCause', ARGV[4])
history(ARGV[3], ARGV[1], ARGV[4], ARGV[5])
return 1
