// Lua scripts run by SHA: EVALSHA first, and EVAL (which also caches the script) when Redis answers
// NOSCRIPT, i.e. on first use, after a restart or after SCRIPT FLUSH.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Script {
  lua: string;
  sha: string;
}

export function script(lua: string): Script {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

export async function runScript(redis: Redis, s: Script, key: string, args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, 1, key, ...args);
  } catch (err) {
    if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
    return await redis.eval(s.lua, 1, key, ...args);
  }
}
