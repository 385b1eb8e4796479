-- What a sweep needs to know of a project: {head version, incarnation, tombstone incarnation}.
-- KEYS: 1 head hash, 2 tombstone
local h = redis.call('HMGET', KEYS[1], 'v', 'inc')
return {h[1], h[2], redis.call('GET', KEYS[2])}
