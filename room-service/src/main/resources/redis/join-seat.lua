-- A connection takes a seat (agent or customer) and the call status moves on if it should.
-- One connection per seat: a different device is refused while the holder's lease is fresh;
-- the same device (a reload) or a stale holder is replaced.
-- It publishes the call events itself (seat-replaced, then seat-joined), and returns what the
-- joiner is told, so the click path makes one Redis round trip for the seat. It touches only the
-- call's hash (one cluster slot): CallRepository then moves the call's next sweep to when this
-- lease could go stale (no later), in the due index (another slot).
-- The join is appended to the call's presence history (KEYS[2], the call's slot): seat_taken_over
-- for a replaced holder, then joined (the seat's first), sfu_back (after an sfu_lost leave) or rejoined.
-- history(): presence-history.lua, prepended by CallRepository.
-- KEYS: 1 call hash, 2 presence history
-- ARGV: 1 role, 2 session id, 3 device id, 4 now ms, 5 lease-until ms,
--   6 event channel, 7 seat-replaced event JSON (its oldSession is set here),
--   8 seat-joined event JSON (its status is set here, as the enum name), 9 history cap,
--   10 "1" when the join resumes a media session the server kept (its history cause is resumed,
--   and a holder it replaces, its own lost socket, is not recorded as a takeover)
-- Returns {"not_found"} | {"ended"} | {"busy"}
--   | {"joined", status, replaced session or "", own joins, other present, other audio, other video}
--   (present, audio, video as "1"/"0"; audio and video are on unless recorded "0")
local call = KEYS[1]
local role, session, device, now, lease = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
if redis.call('EXISTS', call) == 0 then return {'not_found'} end
local status = redis.call('HGET', call, 'status')
if status == 'ended' then return {'ended'} end
local p = role .. '.'
local holder = redis.call('HMGET', call, p .. 'present', p .. 'session', p .. 'device', p .. 'lease',
  p .. 'leftCause')
local replaced = ''
if holder[1] == '1' and holder[2] ~= session then
  if tonumber(holder[4] or '0') > now and holder[3] ~= device then return {'busy'} end
  replaced = holder[2]
end
redis.call('HSET', call, p .. 'present', '1', p .. 'session', session, p .. 'device', device,
  p .. 'lease', lease, p .. 'lastJoinedAt', ARGV[4])
redis.call('HSETNX', call, p .. 'firstJoinedAt', ARGV[4])
local joins = redis.call('HINCRBY', call, p .. 'joins', 1)
local resumed = ARGV[10] == '1'
if replaced ~= '' and not resumed then history(ARGV[4], role, 'seat_taken_over', ARGV[9]) end
local cause = 'rejoined'
if joins == 1 then cause = 'joined'
elseif resumed then cause = 'resumed'
elseif holder[1] ~= '1' and holder[5] == 'sfu_lost' then cause = 'sfu_back' end
history(ARGV[4], role, cause, ARGV[9])
if role == 'agent' and status == 'created' then
  status = 'waiting'
  redis.call('HSET', call, 'status', status, 'waitingAt', ARGV[4])
end
local other = (role == 'agent') and 'customer.' or 'agent.'
local peer = redis.call('HMGET', call, other .. 'present', other .. 'lease', other .. 'audio', other .. 'video')
if status == 'waiting' and peer[1] == '1' and tonumber(peer[2] or '0') > now then
  status = 'connected'
  redis.call('HSET', call, 'status', status, 'connectedAt', ARGV[4])
end
if replaced ~= '' then
  local event = cjson.decode(ARGV[7])
  event['oldSession'] = replaced
  redis.call('PUBLISH', ARGV[6], cjson.encode(event))
end
local event = cjson.decode(ARGV[8])
event['status'] = string.upper(status)
redis.call('PUBLISH', ARGV[6], cjson.encode(event))
return {'joined', status, replaced, tostring(joins), (peer[1] == '1') and '1' or '0',
  (peer[3] == '0') and '0' or '1', (peer[4] == '0') and '0' or '1'}
