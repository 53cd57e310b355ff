// Lua for the Redis store: idempotent append (result key bound to a content fingerprint + XADD) in one atomic script.
import type { NewEvent } from './types.js';
import type { RedisClient } from './redis-connection.js';
import type { RedisKeys } from './redis-keys.js';
import { isSecurityEvent } from './redis-codec.js';

/**
 * KEYS: [1] lifecycle stream, [2] security stream, [3..] one idempotency key per event.
 * ARGV: [1] ttl seconds, [2] MINID threshold, [3] MAXLEN cap (0: none), then per event:
 *       requested id (`*` or an explicit provisional id), security flag (`1`/`0`), fingerprint, field count, fields...
 * Returns per event `{0, id}` when stored, `{1, id, fields}` when the event id was already stored with the same
 * fingerprint (`fields` empty if the original entry was trimmed meanwhile), or `{2, id}` when it was stored with
 * another fingerprint (a conflict: the stored answer belongs to different content).
 *
 * The idempotency key holds `<stream id> <fingerprint>`; a bare id (written before fingerprints existed)
 * matches any content.
 *
 * An explicit id that is not above the stream's top (another instance wrote meanwhile) falls back
 * to `*`, so ids in the stream always increase; the caller learns the final id from the reply.
 */
export const APPEND_SCRIPT = `
local ttl = tonumber(ARGV[1])
local minid = ARGV[2]
local maxlen = tonumber(ARGV[3])
-- Fields are passed on from ARGV as they are (unpack of a range): no table per event.
local function xadd(key, id, first, last)
  if id == '*' then return redis.call('XADD', key, '*', unpack(ARGV, first, last)) end
  local r = redis.pcall('XADD', key, id, unpack(ARGV, first, last))
  if type(r) == 'table' and r.err then
    r = redis.call('XADD', key, '*', unpack(ARGV, first, last))
  end
  return r
end
local out = {}
local pos = 4
local secured = false
-- Every idempotency key in one call (a call from Lua costs more than the lookup itself); what this call writes is
-- kept in written, so an event_id that comes twice in one call is stored once.
-- In slices: Lua's unpack stops near 8000 values (run() sends at most SCRIPT_CALL_MAX events a call; this keeps any caller safe).
local prevs = {}
for from = 3, #KEYS, 1000 do
  local got = redis.call('MGET', unpack(KEYS, from, math.min(from + 999, #KEYS)))
  for j = 1, #got do prevs[from - 3 + j] = got[j] end
end
local written = {}
for i = 3, #KEYS do
  local id = ARGV[pos]
  local sec = ARGV[pos + 1]
  local fp = ARGV[pos + 2]
  local n = tonumber(ARGV[pos + 3])
  local first = pos + 4
  local last = pos + 3 + n
  pos = last + 1
  local prev = written[KEYS[i]] or prevs[i - 2]
  if prev then
    local prevId = prev
    local prevFp = nil
    local sp = string.find(prev, ' ', 1, true)
    if sp then
      prevId = string.sub(prev, 1, sp - 1)
      prevFp = string.sub(prev, sp + 1)
    end
    if prevFp and prevFp ~= fp then
      out[#out + 1] = {2, prevId}
    else
      local found = redis.call('XRANGE', KEYS[1], prevId, prevId)
      if found[1] then
        out[#out + 1] = {1, prevId, found[1][2]}
      else
        out[#out + 1] = {1, prevId, {}}
      end
    end
  else
    local newid = xadd(KEYS[1], id, first, last)
    if sec == '1' then
      xadd(KEYS[2], newid, first, last)
      secured = true
    end
    local value = newid .. ' ' .. fp
    redis.call('SET', KEYS[i], value, 'EX', ttl)
    written[KEYS[i]] = value
    out[#out + 1] = {0, newid}
  end
end
-- Retention once per call rather than per entry (approximate: whole radix nodes go).
redis.call('XTRIM', KEYS[1], 'MINID', '~', minid)
if secured then redis.call('XTRIM', KEYS[2], 'MINID', '~', minid) end
if maxlen > 0 then
  redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', maxlen)
  redis.call('XTRIM', KEYS[2], 'MAXLEN', '~', maxlen)
end
return out
`;

/** Most events in one script call (see AppendScript.run). */
const SCRIPT_CALL_MAX = 500;

export interface ScriptEvent {
  /** `*` or an explicit id. */
  id: string;
  security: boolean;
  fingerprint: string;
  fields: string[];
  idempotencyKey: string;
}

/** numkeys, keys..., args... for one call of APPEND_SCRIPT. */
export function appendScriptArgs(
  lifecycleKey: string,
  securityKey: string,
  ttlSeconds: number,
  minId: string,
  maxLen: number,
  events: readonly ScriptEvent[],
): (string | number)[] {
  const keys = [lifecycleKey, securityKey, ...events.map((e) => e.idempotencyKey)];
  const args: (string | number)[] = [ttlSeconds, minId, maxLen];
  for (const e of events) args.push(e.id, e.security ? '1' : '0', e.fingerprint, e.fields.length, ...e.fields);
  return [keys.length, ...keys, ...args];
}

/** One reply item of APPEND_SCRIPT, as ioredis hands it over: 0 stored, 1 duplicate, 2 conflict. */
export type ScriptReplyItem = [number, string] | [number, string, string[]];

type AppendCommand = (...args: (string | number)[]) => Promise<ScriptReplyItem[]>;

/** The script bound to one client and key layout. ioredis sends EVAL once per connection, then EVALSHA. */
export class AppendScript {
  private readonly command: AppendCommand;

  constructor(
    redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds: number,
    private readonly maxLen: number,
  ) {
    redis.defineCommand('hookhiveAppend', { lua: APPEND_SCRIPT });
    const bound = redis as unknown as { hookhiveAppend: AppendCommand };
    this.command = bound.hookhiveAppend.bind(redis);
  }

  event(id: string, event: NewEvent, fingerprint: string, fields: string[]): ScriptEvent {
    return { id, security: isSecurityEvent(event), fingerprint, fields, idempotencyKey: this.keys.eventKey(event.event_id) };
  }

  /**
   * Queues the calls synchronously, so calls made in order are executed in order (auto-pipelined). More than
   * SCRIPT_CALL_MAX events (a spool flush may hold up to HOOK_BATCH_SIZE = 10000) go in several calls, one after
   * the other: one call would take more arguments than a JavaScript call can spread, and hold Redis for long.
   */
  run(events: ScriptEvent[]): Promise<ScriptReplyItem[]> {
    // Time-based retention by stream id: entries older than the TTL go (`~`: in whole radix nodes).
    const minId = `${Math.max(0, Date.now() - this.ttlSeconds * 1000)}-0`;
    const { lifecycle, security } = this.keys;
    const call = (slice: ScriptEvent[]) => this.command(...appendScriptArgs(lifecycle, security, this.ttlSeconds, minId, this.maxLen, slice));
    if (events.length <= SCRIPT_CALL_MAX) return call(events);
    const calls: Promise<ScriptReplyItem[]>[] = [];
    for (let i = 0; i < events.length; i += SCRIPT_CALL_MAX) calls.push(call(events.slice(i, i + SCRIPT_CALL_MAX)));
    return Promise.all(calls).then((replies) => replies.flat());
  }
}
