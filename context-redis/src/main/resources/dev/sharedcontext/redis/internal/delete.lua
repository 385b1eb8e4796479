-- Deletes a project and announces it.
-- KEYS: 1 head hash, 2 history stream, 3 tombstone
-- ARGV: 1 feed channel, 2 project id, 3 tombstone ttl ms
-- Returns the deleted incarnation, or nil if there was no project.
local inc = redis.call('HGET', KEYS[1], 'inc')
redis.call('DEL', KEYS[2])
if not inc then
  return false
end
redis.call('DEL', KEYS[1])
-- The tombstone tells a sweeping instance that missed the announcement "deleted", not "expired".
redis.call('SET', KEYS[3], inc, 'PX', tonumber(ARGV[3]))
redis.call('PUBLISH', ARGV[1], 'd ' .. ARGV[2] .. ' ' .. inc)
return inc
