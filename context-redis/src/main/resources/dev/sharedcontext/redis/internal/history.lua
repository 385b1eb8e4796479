-- Versions newest first, with the head for consistency.
-- KEYS: 1 head hash, 2 history stream
-- ARGV: 1 highest stream id wanted ('+' for the newest), 2 count
local v = redis.call('HGET', KEYS[1], 'v')
if not v then
  return {}
end
return redis.call('XREVRANGE', KEYS[2], ARGV[1], '-', 'COUNT', ARGV[2])
