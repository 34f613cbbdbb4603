// A Lua script run by its SHA1 (EVALSHA), loaded on first use and again after a Redis restart
// emptied the script cache (NOSCRIPT). Arguments go in ARGV; keys are derived from the prefix
// inside the script (see keys.ts on Redis Cluster).
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** One Lua script, run by SHA1; loaded once per client when Redis does not know it. */
export class Script {
  readonly #lua: string;
  readonly #sha: string;
  // The SCRIPT LOAD under way per client: many calls that meet NOSCRIPT at once (a burst of
  // sends at start-up, or after a Redis restart) share one load instead of each sending the
  // whole script with EVAL.
  readonly #loading = new WeakMap<Redis, Promise<unknown>>();

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
    }
    await this.load(redis);
    try {
      return await redis.evalsha(this.#sha, 0, ...args);
    } catch (error) {
      // Redis lost its script cache again in between (another restart): send the source itself.
      if (!(error instanceof Error) || !error.message.includes("NOSCRIPT")) throw error;
      return await redis.eval(this.#lua, 0, ...args);
    }
  }

  /** Loads the script into `redis`'s cache (once for concurrent callers), e.g. ahead of a burst. */
  load(redis: Redis): Promise<unknown> {
    let loading = this.#loading.get(redis);
    if (!loading) {
      loading = redis.script("LOAD", this.#lua).finally(() => this.#loading.delete(redis));
      this.#loading.set(redis, loading);
    }
    return loading;
  }
}
