-- An agent asks for a photo: at most one per interval per call; the newest request is the one a
-- customer's upload can answer.
-- KEYS: 1 call hash
-- ARGV: 1 request id, 2 now ms, 3 interval ms
-- Returns "requested" | "not_found" | "ended" | "rate_limited"
local call = KEYS[1]
if redis.call('EXISTS', call) == 0 then return 'not_found' end
if redis.call('HGET', call, 'status') == 'ended' then return 'ended' end
local last = redis.call('HGET', call, 'evidence.lastRequestAt')
if last and tonumber(last) + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return 'rate_limited' end
redis.call('HSET', call, 'evidence.lastRequestAt', ARGV[2], 'evidence.request', ARGV[1] .. ':' .. ARGV[2])
return 'requested'
