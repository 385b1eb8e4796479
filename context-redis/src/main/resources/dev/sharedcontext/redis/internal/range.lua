-- The head and, atomically with it, the history from a version on.
-- KEYS: 1 head hash, 2 history stream
-- ARGV: 1 first version wanted (0: none), 2 cached version ('*': the document is not wanted),
--       3 cached incarnation, 4 ttl ms (0: keep)
-- Returns {} when there is no project, else {head fields, document or nil, entries}: the document
-- only when the cached version and incarnation are not the head's; the entries [first, head] only
-- when the first version wanted is still retained.
local h = redis.call('HMGET', KEYS[1], 'v', 'inc', 'ts', 'agent', 'hash', 'size', 'tokens', 'oldest', 'hbytes')
if not h[1] then
  return {}
end
local ttl = tonumber(ARGV[4])
if ttl > 0 then
  -- Reading counts as use: the idle expiry starts again.
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
local doc = false
if ARGV[2] ~= '*' and (h[1] ~= ARGV[2] or h[2] ~= ARGV[3]) then
  doc = redis.call('HGET', KEYS[1], 'doc')
end
local first = tonumber(ARGV[1])
local entries = {}
if first > 0 and first >= tonumber(h[8]) and first <= tonumber(h[1]) then
  entries = redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', '+')
end
return {h, doc, entries}
