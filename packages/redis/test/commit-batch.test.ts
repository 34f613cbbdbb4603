// CommitBatch (no Redis needed): the commits of one turn share a call, at most 64 a call and one
// call out at a time; each commit is answered with its own result, and a failed call rejects only
// its own commits.
import { expect, it } from "vitest";
import { CommitBatch } from "../src/commit-batch.js";
import type { ClaimCompletions } from "../src/inbox.js";

const commitOf = (key: string): ClaimCompletions => ({ key, token: "1", completions: [] });

it("sends one call at a time, at most 64 commits each, and answers each commit with its own result", async () => {
  const calls: string[][] = [];
  const answers: { resolve: (results: boolean[]) => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const batch = new CommitBatch((commits) => {
    calls.push(commits.map((commit) => commit.key));
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    return new Promise<boolean[]>((resolve, reject) => {
      answers.push({
        resolve: (results) => {
          inFlight--;
          resolve(results);
        },
        reject: (error) => {
          inFlight--;
          reject(error);
        },
      });
    });
  });
  const keys = Array.from({ length: 70 }, (_, i) => `k${i}`);
  const first = keys.map((key) => batch.commit(commitOf(key)));
  await new Promise((resolve) => setImmediate(resolve));
  expect(calls.map((call) => call.length)).toEqual([64]);
  const late = batch.commit(commitOf("late"));
  // Every other commit of the first call is refused (its claim lost).
  answers[0]?.resolve(Array.from({ length: 64 }, (_, i) => i % 2 === 0));
  expect(await Promise.all(first.slice(0, 64))).toEqual(Array.from({ length: 64 }, (_, i) => i % 2 === 0));
  await new Promise((resolve) => setImmediate(resolve));
  expect(calls[1]).toEqual([...keys.slice(64), "late"]);
  answers[1]?.reject(new Error("connection lost"));
  const failed = await Promise.allSettled([...first.slice(64), late]);
  expect(
    failed.map((outcome) => (outcome.status === "rejected" ? String(outcome.reason) : "answered")),
  ).toEqual(Array.from({ length: 7 }, () => "Error: connection lost"));
  expect(maxInFlight).toBe(1);
  // Nothing is left queued: a new commit goes in a call of its own.
  const again = batch.commit(commitOf("again"));
  await new Promise((resolve) => setImmediate(resolve));
  expect(calls[2]).toEqual(["again"]);
  answers[2]?.resolve([true]);
  expect(await again).toBe(true);
});
