-- Prepended by CallRepository to the seat scripts (join-seat, leave-seat, expire-seat, end-call):
-- history(at ms, role, cause, cap) appends '<at>|<role>|<cause>' to the call's presence history
-- (KEYS[2], in the slot of the call's hash KEYS[1]), keeps the newest cap entries, and gives the
-- list the record's remaining lifetime, so the history expires with the record.
local function history(at, role, cause, cap)
  redis.call('RPUSH', KEYS[2], at .. '|' .. role .. '|' .. cause)
  redis.call('LTRIM', KEYS[2], -tonumber(cap), -1)
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
