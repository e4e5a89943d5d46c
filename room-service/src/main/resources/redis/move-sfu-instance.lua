-- Moves a call's media room to another SFU instance if the record still names the one it is
-- leaving (a compare-and-set: one node moves a room, the others follow the record). The move is
-- appended to the presence history (KEYS[2], the call's slot) of each seat that has joined:
-- sfu_moved with the new instance ('sfu_moved|<instance>').
-- history(): presence-history.lua, prepended by CallRepository.
-- KEYS: 1 call hash, 2 presence history
-- ARGV: 1 from instance, 2 to instance, 3 now ms, 4 history cap
-- Returns {instance recorded now ('' for no record or none), '1' when this call moved it, else '0'}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'', '0'} end
local current = redis.call('HGET', KEYS[1], 'sfuInstance')
if current ~= ARGV[1] then return {current or '', '0'} end
redis.call('HSET', KEYS[1], 'sfuInstance', ARGV[2])
for _, role in ipairs({'agent', 'customer'}) do
  if tonumber(redis.call('HGET', KEYS[1], role .. '.joins') or '0') > 0 then
    history(ARGV[3], role, 'sfu_moved|' .. ARGV[2], ARGV[4])
  end
end
return {ARGV[2], '1'}
