// The claim fence (`holds` in the scripts' prelude) as the three fenced scripts see it: a lease
// renewal, a commit and a call journal record agree on which token holds a key.
import { afterAll, expect, inject, it } from "vitest";
import { RedisInbox } from "../src/index.js";
import { Script } from "../src/script.js";
import { CLAIM_LUA, RENEW_LUA } from "../src/scripts/claim.js";
import { LUA_PRELUDE } from "../src/scripts/common.js";
import { COMPLETE_LUA } from "../src/scripts/complete.js";
import { JOURNAL_LUA } from "../src/scripts/journal.js";
import { clientPool, freshPrefix, textUpdate } from "./helpers/fixtures.js";

const { client, quitAll } = clientPool(inject("redisUrl"));
afterAll(quitAll);
const claim = new Script(CLAIM_LUA);
const renewal = new Script(RENEW_LUA);
const LEASE_MS = 60_000;

/** An inbox with updates 1 and 2 pending for chat:3, claimed once (token "1"). */
async function claimed() {
  const prefix = freshPrefix();
  const redis = client();
  const inbox = new RedisInbox({ redis, prefix });
  await inbox.append([textUpdate(1, 3), textUpdate(2, 3)]);
  const taken = (await claim.run(redis, [prefix, LEASE_MS, 1, 10])) as string[][];
  expect(taken.map((entry) => entry.slice(0, 2))).toEqual([["chat:3", "1"]]);
  const renew = async (token: string) =>
    (await renewal.run(redis, [prefix, "chat:3", token, LEASE_MS])) === 1;
  const record = async (token: string) => {
    const journal = inbox.journal?.fenced({ key: "chat:3", token });
    try {
      await journal?.start(1, `call-${token}`);
      return true;
    } catch {
      return false;
    }
  };
  const commit = (token: string) => inbox.completeFenced("chat:3", token, LEASE_MS, [{ updateId: 1 }]);
  return { prefix, redis, inbox, renew, record, commit };
}

it("checks the fence in one place: no fenced script reads the fencing token itself", () => {
  for (const lua of [RENEW_LUA, COMPLETE_LUA, JOURNAL_LUA]) {
    expect(lua.startsWith(LUA_PRELUDE)).toBe(true);
    const body = lua.slice(LUA_PRELUDE.length);
    expect(body).toContain("holds(");
    expect(body).not.toMatch(/'fence'/);
  }
});

it("lets the current token renew, record and commit", async () => {
  const { renew, record, commit, inbox } = await claimed();
  expect(await renew("1")).toBe(true);
  expect(await record("1")).toBe(true);
  expect(await commit("1")).toBe(true);
  expect((await inbox.pending(10)).map((update) => update.update_id)).toEqual([2]);
});

it("refuses a superseded token everywhere once a later claim bumped it", async () => {
  const { prefix, redis, inbox, renew, record, commit } = await claimed();
  await redis.zadd(inbox.keys.claims, 0, "chat:3"); // the lease ran out...
  const again = (await claim.run(redis, [prefix, LEASE_MS, 1, 10])) as string[][];
  expect(again.map((entry) => entry.slice(0, 2))).toEqual([["chat:3", "2"]]); // ...and another took it
  expect(await renew("1")).toBe(false);
  expect(await record("1")).toBe(false);
  expect(await commit("1")).toBe(false);
  expect(await inbox.backlog()).toBe(2);
  expect(await commit("2")).toBe(true);
});

it("refuses the token of a claim given up, though no one bumped it", async () => {
  const { redis, inbox, renew, record, commit } = await claimed();
  expect(await inbox.completeFenced("chat:3", "1", LEASE_MS, [], true)).toBe(true);
  expect(await redis.hget(inbox.keys.fence, "chat:3")).toBe("1");
  expect(await renew("1")).toBe(false);
  expect(await record("1")).toBe(false);
  expect(await commit("1")).toBe(false);
  expect(await inbox.backlog()).toBe(2);
});

it("still counts a commit of a lease that ran out before anyone reaped it, and renews that lease", async () => {
  const { redis, inbox, renew, record, commit } = await claimed();
  await redis.zadd(inbox.keys.claims, 0, "chat:3");
  // A renewal alone refuses it (its holder may have stalled: it starts nothing more)...
  expect(await renew("1")).toBe(false);
  // ...but nobody else can have taken the key, so what it finished is kept.
  expect(await record("1")).toBe(true);
  expect(await commit("1")).toBe(true);
  expect((await inbox.pending(10)).map((update) => update.update_id)).toEqual([2]);
  const [redisNowS] = await redis.time();
  expect(Number(await redis.zscore(inbox.keys.claims, "chat:3"))).toBeGreaterThan(Number(redisNowS) * 1000);
});
