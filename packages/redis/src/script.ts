// A Lua script run by its SHA1 (EVALSHA), loaded on first use and again after a Redis restart
// emptied the script cache (NOSCRIPT). Arguments go in ARGV; keys are derived from the prefix
// inside the script (see keys.ts on Redis Cluster).
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** One Lua script, run by SHA1 with a fallback to EVAL. */
export class Script {
  readonly #lua: string;
  readonly #sha: string;

  /** The script's source. */
  constructor(lua: string) {
    this.#lua = lua;
    this.#sha = createHash("sha1").update(lua).digest("hex");
  }

  /** Runs the script on `redis` with `args` as ARGV. */
  async run(redis: Redis, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, 0, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes("NOSCRIPT")) throw error;
      return await redis.eval(this.#lua, 0, ...args);
    }
  }
}
