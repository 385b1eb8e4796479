-- Deletes a project and announces it; with an expected head version, only if the head is that one.
-- KEYS: 1 head hash, 2 history stream, 3 tombstone, 4 checkpoint stream
-- ARGV: 1 feed channel, 2 project id, 3 tombstone ttl ms, 4 expected head version ('': any)
-- Returns the deleted incarnation; nil if there was no project; 'head <v>' if the head is
-- version v and not the expected one (nothing deleted).
local cur = redis.call('HMGET', KEYS[1], 'inc', 'v')
local inc = cur[1]
if not inc then
  redis.call('DEL', KEYS[2], KEYS[4])
  return false
end
if ARGV[4] ~= '' and cur[2] ~= ARGV[4] then
  return 'head ' .. cur[2]
end
redis.call('DEL', KEYS[2], KEYS[4])
redis.call('DEL', KEYS[1])
-- The tombstone tells a sweeping instance that missed the announcement "deleted", not "expired".
redis.call('SET', KEYS[3], inc, 'PX', tonumber(ARGV[3]))
redis.call('PUBLISH', ARGV[1], 'd ' .. ARGV[2] .. ' ' .. inc)
return inc
