-- Ends a call once; later calls only fill in an outcome or note that is still missing.
-- CallRepository then takes an ended call off the due set (another Redis Cluster slot).
-- A seat still held is left with the cause call_ended in the presence history.
-- history(): presence-history.lua, prepended by CallRepository.
-- KEYS: 1 call hash, 2 presence history
-- ARGV: 1 call id, 2 now ms, 3 reason, 4 outcome ("" none), 5 note ("" none), 6 retention s, 7 history cap
-- Returns {"not_found"} | {"ended"} | {"already"}
local call = KEYS[1]
if redis.call('EXISTS', call) == 0 then return {'not_found'} end
local result = 'already'
if redis.call('HGET', call, 'status') ~= 'ended' then
  result = 'ended'
  redis.call('HSET', call, 'status', 'ended', 'endedAt', ARGV[2], 'endReason', ARGV[3])
  for _, role in ipairs({'agent', 'customer'}) do
    local p = role .. '.'
    if redis.call('HGET', call, p .. 'present') == '1' then
      redis.call('HSET', call, p .. 'present', '0', p .. 'lease', '0', p .. 'lastLeftAt', ARGV[2],
        p .. 'leftCause', 'call_ended')
      history(ARGV[2], role, 'call_ended', ARGV[7])
    end
  end
  redis.call('EXPIRE', call, ARGV[6])
  redis.call('EXPIRE', KEYS[2], ARGV[6])
end
if ARGV[4] ~= '' then redis.call('HSETNX', call, 'outcome', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSETNX', call, 'note', ARGV[5]) end
return {result}
