-- A seat whose connection stopped renewing its lease (its node died) is let go, as if left when
-- the lease ran out. A renewed or already left seat changes nothing.
-- history(): presence-history.lua, prepended by CallRepository.
-- KEYS: 1 call hash, 2 presence history
-- ARGV: 1 role, 2 stale-before ms (a lease older than this is given up), 3 history cap
-- Returns the session that held the seat, or false.
local p = ARGV[1] .. '.'
local state = redis.call('HMGET', KEYS[1], p .. 'present', p .. 'lease', p .. 'session', 'status')
if state[1] ~= '1' or state[4] == 'ended' then return false end
local lease = tonumber(state[2] or '0')
if lease >= tonumber(ARGV[2]) then return false end
redis.call('HSET', KEYS[1], p .. 'present', '0', p .. 'lease', '0', p .. 'lastLeftAt', state[2], p .. 'leftCause', 'lease_expired')
history(state[2], ARGV[1], 'lease_expired', ARGV[3])
return state[3]
