-- Creates the consumer group when missing, then takes over entries another consumer read but did
-- not settle for at least the claim-idle time (its node died mid-delivery), and retires consumers
-- with nothing pending that have not read for as long (stopped nodes: each start has a new name,
-- and the group would keep every one of them; a live node that is retired is re-created by its
-- next read).
-- KEYS: 1 stream   ARGV: 1 group, 2 consumer, 3 min idle ms, 4 count
-- Returns {entry id, delivery id, ...}
local ok, err = pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
if not ok and not string.find(tostring(err), 'BUSYGROUP', 1, true) then return redis.error_reply(tostring(err)) end
if tonumber(ARGV[4]) == 0 then return {} end
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local fields = {}
  for j = 1, #consumer, 2 do fields[consumer[j]] = consumer[j + 1] end
  if fields['name'] ~= ARGV[2] and tonumber(fields['pending']) == 0 and tonumber(fields['idle']) >= tonumber(ARGV[3]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
  end
end
local out = {}
for _, entry in ipairs(claimed[2]) do
  if entry[2] then
    out[#out + 1] = entry[1]
    for j = 1, #entry[2], 2 do
      if entry[2][j] == 'delivery' then out[#out + 1] = entry[2][j + 1] end
    end
  end
end
return out
