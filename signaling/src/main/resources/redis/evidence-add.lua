-- Records a stored photo on its call, once the bytes are in the store.
-- KEYS: 1 call hash
-- ARGV: 1 evidence field, 2 metadata JSON, 3 max items, 4 request id ("" none), 5 now ms, 6 request ttl ms
-- Returns "added" | "not_found" | "ended" | "full" | "unknown_request"
local call = KEYS[1]
if redis.call('EXISTS', call) == 0 then return 'not_found' end
if redis.call('HGET', call, 'status') == 'ended' then return 'ended' end
if ARGV[4] ~= '' then
  local pending = redis.call('HGET', call, 'evidence.request')
  if not pending then return 'unknown_request' end
  local sep = string.find(pending, ':', 1, true)
  if string.sub(pending, 1, sep - 1) ~= ARGV[4]
      or tonumber(string.sub(pending, sep + 1)) + tonumber(ARGV[6]) < tonumber(ARGV[5]) then
    return 'unknown_request'
  end
end
if tonumber(redis.call('HGET', call, 'evidence.count') or '0') >= tonumber(ARGV[3]) then return 'full' end
redis.call('HINCRBY', call, 'evidence.count', 1)
redis.call('HSET', call, ARGV[1], ARGV[2])
if ARGV[4] ~= '' then redis.call('HDEL', call, 'evidence.request') end
return 'added'
