-- Extends the lease of the connection holding a seat.
-- KEYS: 1 call hash   ARGV: 1 role, 2 session id, 3 lease-until ms
-- Returns {'1' while the session still holds the seat, '0' when it was replaced or the call ended,
-- the SFU instance the record names for the call's room ('' for none), 'ended' when the call
-- ended}: the heartbeat compares the instance with where its participant's media is (a room moved
-- by another node), and closes the socket of an ended call as ended, not as a lost seat.
local p = ARGV[1] .. '.'
local state = redis.call('HMGET', KEYS[1], p .. 'session', p .. 'present', 'status', 'sfuInstance')
if state[3] == 'ended' then return {'0', '', 'ended'} end
if state[1] ~= ARGV[2] or state[2] ~= '1' then return {'0', ''} end
redis.call('HSET', KEYS[1], p .. 'lease', ARGV[3])
return {'1', state[4] or ''}
