-- A connection takes a seat (agent or customer) and the call status moves on if it should.
-- One connection per seat: a different device is refused while the holder's lease is fresh;
-- the same device (a reload) or a stale holder is replaced.
-- CallRepository then moves the call's next sweep to when this lease could go stale (no later).
-- KEYS: 1 call hash   ARGV: 1 role, 2 session id, 3 device id, 4 now ms, 5 lease-until ms
-- Returns {"not_found"} | {"ended"} | {"busy"} | {"joined", status, replaced session or ""}
local call = KEYS[1]
local role, session, device, now, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
if redis.call('EXISTS', call) == 0 then return {'not_found'} end
local status = redis.call('HGET', call, 'status')
if status == 'ended' then return {'ended'} end
local p = role .. '.'
local holder = redis.call('HMGET', call, p .. 'present', p .. 'session', p .. 'device', p .. 'lease')
local replaced = ''
if holder[1] == '1' and holder[2] ~= session then
  if tonumber(holder[4] or '0') > now and holder[3] ~= device then return {'busy'} end
  replaced = holder[2]
end
redis.call('HSET', call, p .. 'present', '1', p .. 'session', session, p .. 'device', device,
  p .. 'lease', lease, p .. 'lastJoinedAt', ARGV[4])
redis.call('HSETNX', call, p .. 'firstJoinedAt', ARGV[4])
redis.call('HINCRBY', call, p .. 'joins', 1)
if role == 'agent' and status == 'created' then
  status = 'waiting'
  redis.call('HSET', call, 'status', status, 'waitingAt', ARGV[4])
end
local other = (role == 'agent') and 'customer.' or 'agent.'
local peer = redis.call('HMGET', call, other .. 'present', other .. 'lease')
if status == 'waiting' and peer[1] == '1' and tonumber(peer[2] or '0') > now then
  status = 'connected'
  redis.call('HSET', call, 'status', status, 'connectedAt', ARGV[4])
end
return {'joined', status, replaced}
