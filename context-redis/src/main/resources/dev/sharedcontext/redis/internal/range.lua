-- The head and, atomically with it, the history from a version on.
-- KEYS: 1 head hash, 2 history stream, 3 checkpoint stream
-- ARGV: 1 first version wanted (0: none), 2 cached version ('*': the document is not wanted),
--       3 cached incarnation, 4 ttl ms (0: keep), 5 version to rebuild (0: none),
--       6 the last version whose entry is wanted besides (0: none)
-- Returns {} when there is no project, else {head fields, document or nil, entries, checkpoint}:
-- the document only when the cached version and incarnation are not the head's; the entries
-- [first, head] only when the first version wanted is still retained. With a version to rebuild
-- at least two before the head, and a checkpoint (commit.lua) kept at or after it and before the
-- head, the checkpoint is {version, document} and the entries stop at its version, or at the last
-- version wanted if that is later: rebuilding from it needs none after it. Otherwise the
-- checkpoint is {}.
local h = redis.call('HMGET', KEYS[1], 'v', 'inc', 'ts', 'agent', 'hash', 'size', 'tokens', 'oldest', 'hbytes')
if not h[1] then
  return {}
end
local ttl = tonumber(ARGV[4])
if ttl > 0 then
  -- Reading counts as use: the idle expiry starts again.
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
local doc = false
if ARGV[2] ~= '*' and (h[1] ~= ARGV[2] or h[2] ~= ARGV[3]) then
  doc = redis.call('HGET', KEYS[1], 'doc')
end
local first = tonumber(ARGV[1])
local entries = {}
local checkpoint = {}
if first > 0 and first >= tonumber(h[8]) and first <= tonumber(h[1]) then
  local last = '+'
  local target = tonumber(ARGV[5])
  -- Not for the version before the head: its one entry is all it takes.
  if target >= tonumber(h[8]) and target + 1 < tonumber(h[1]) then
    local c = redis.call('XRANGE', KEYS[3], ARGV[5] .. '-0', '+', 'COUNT', 1)
    if c[1] then
      local id = c[1][1]
      local at = tonumber(string.sub(id, 1, string.find(id, '-', 1, true) - 1))
      if at < tonumber(h[1]) then
        checkpoint = {string.format('%.0f', at), c[1][2][2]}
        local stop = math.max(at, tonumber(ARGV[6]))
        if stop < tonumber(h[1]) then
          last = string.format('%.0f-0', stop)
        end
      end
    end
  end
  entries = redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', last)
end
return {h, doc, entries, checkpoint}
