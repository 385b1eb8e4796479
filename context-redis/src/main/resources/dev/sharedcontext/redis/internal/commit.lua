-- Compare-and-append of one version: the only place a version is decided.
-- KEYS: 1 head hash, 2 history stream, 3 checkpoint stream
-- ARGV: 1 expected head version (0: the project must not exist), 2 expected incarnation,
--       3 incarnation of the result, 4 new version, 5 document (canonical JSON),
--       6 timestamp ms, 7 agent, 8 hash, 9 size, 10 tokens,
--       11 forward patch, 12 inverse patch ('' for a new project), 13 changed paths, 14 inverse bytes,
--       15 max versions, 16 max history bytes, 17 ttl ms, 18 feed channel, 19 project id,
--       20 nonce (this attempt's id, so the committing instance recognizes its own change),
--       21 first version of the history to return when the comparison fails (0: none),
--       22 the committing store instance's id,
--       23 the fewest bytes of history written between two checkpoints
-- Returns {1, oldest, historyBytes} when appended. When not: {0} if there is no project, else
-- {0, head fields, document, entries, wait ms} (the first three as range.lua returns them), so
-- that the loser plans again without another round trip.
--
-- Fairness: the winner of a race gets its reply first and so is always one step ahead; left
-- alone, an instance committing back to back starves the others. So a loser claims the next
-- turn (fields turn, turnAt of the head), and for TURN_MS another instance's attempt yields:
-- it fails with the time left of the turn, and without the document, since its comparison
-- succeeded and it may send the same attempt again.
local TURN_MS = 25
local head, log, checkpoints = KEYS[1], KEYS[2], KEYS[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cur = redis.call('HMGET', head, 'v', 'inc', 'oldest', 'hbytes', 'turn', 'turnAt', 'cbytes')
local turnLeft = 0
if cur[5] and cur[5] ~= ARGV[22] then
  turnLeft = math.max(0, TURN_MS - (now - tonumber(cur[6])))
end
local function lost(wait)
  local h = redis.call('HMGET', head, 'v', 'inc', 'ts', 'agent', 'hash', 'size', 'tokens', 'oldest', 'hbytes')
  if not h[1] then
    return {0}
  end
  if wait > 0 then
    return {0, h, false, {}, wait}
  end
  if not cur[5] or turnLeft == 0 then
    redis.call('HSET', head, 'turn', ARGV[22], 'turnAt', string.format('%.0f', now))
  end
  local first = tonumber(ARGV[21])
  local entries = {}
  if first > 0 and first >= tonumber(h[8]) and first <= tonumber(h[1]) then
    entries = redis.call('XRANGE', log, ARGV[21] .. '-0', '+')
  end
  return {0, h, redis.call('HGET', head, 'doc'), entries, wait}
end
local expected = tonumber(ARGV[1])
local version = tonumber(ARGV[4])
if version ~= expected + 1 then
  return redis.error_reply('ERR new version must follow the expected one')
end
local oldest, hbytes, cbytes
-- What this version adds to the history, as the checkpoint rule counts it: its patches and paths.
local written = #ARGV[11] + #ARGV[12] + #ARGV[13]
if not cur[1] then
  if expected ~= 0 then
    return lost(0)
  end
  -- A history left by an expired head belongs to a dead incarnation.
  redis.call('DEL', log, checkpoints)
  oldest, hbytes, cbytes = version, 0, 0
else
  if tonumber(cur[1]) ~= expected or cur[2] ~= ARGV[2] then
    return lost(0)
  end
  if turnLeft > 0 then
    return lost(turnLeft)
  end
  oldest, hbytes = tonumber(cur[3]), tonumber(cur[4]) + tonumber(ARGV[14])
  -- A head written before checkpoints were kept counts from here.
  cbytes = (tonumber(cur[7]) or 0) + written
end
redis.call('XADD', log, ARGV[4] .. '-0', 'ts', ARGV[6], 'agent', ARGV[7], 'hash', ARGV[8],
  'size', ARGV[9], 'tokens', ARGV[10], 'f', ARGV[11], 'i', ARGV[12], 'p', ARGV[13], 'ib', ARGV[14], 'n', ARGV[20])
-- A checkpoint bounds what rebuilding an old version reads (range.lua): from the nearest one at
-- or after it, never more history than the document's size (or the floor), and checkpoints never
-- weigh more than the history written between them.
if cbytes >= math.max(#ARGV[5], tonumber(ARGV[23])) then
  redis.call('XADD', checkpoints, ARGV[4] .. '-0', 'd', ARGV[5])
  cbytes = 0
end
-- Retention as in the memory store: the oldest retained version needs no inverse, so its
-- bytes stop counting; drop versions while there are too many or their inverses weigh too much.
local maxVersions, maxBytes = tonumber(ARGV[15]), tonumber(ARGV[16])
local trimmed = false
while version > oldest and (version - oldest + 1 > maxVersions or hbytes > maxBytes) do
  oldest = oldest + 1
  local id = string.format('%.0f-0', oldest)
  local entry = redis.call('XRANGE', log, id, id)
  local fields = entry[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'ib' then
      hbytes = hbytes - tonumber(fields[i + 1])
    end
  end
  trimmed = true
end
if trimmed then
  redis.call('XTRIM', log, 'MINID', string.format('%.0f-0', oldest))
  -- A checkpoint before the oldest version rebuilds nothing retained.
  redis.call('XTRIM', checkpoints, 'MINID', string.format('%.0f-0', oldest))
end
redis.call('HSET', head, 'v', ARGV[4], 'inc', ARGV[3], 'doc', ARGV[5], 'ts', ARGV[6], 'agent', ARGV[7],
  'hash', ARGV[8], 'size', ARGV[9], 'tokens', ARGV[10], 'oldest', string.format('%.0f', oldest),
  'hbytes', string.format('%.0f', hbytes), 'cbytes', string.format('%.0f', cbytes))
redis.call('HDEL', head, 'turn', 'turnAt')
local ttl = tonumber(ARGV[17])
redis.call('PEXPIRE', head, ttl)
redis.call('PEXPIRE', log, ttl)
redis.call('PEXPIRE', checkpoints, ttl)
redis.call('PUBLISH', ARGV[18], 'c ' .. ARGV[19] .. ' ' .. ARGV[3] .. ' ' .. ARGV[4] .. ' ' .. ARGV[20])
return {1, oldest, hbytes}
