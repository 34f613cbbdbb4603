// vitest globalSetup: one redis-server for the package's test files (each uses its own key
// prefix); the fault test that restarts Redis starts its own.
import type { TestProject } from "vitest/node";
import { startRedisServer } from "../../src/testing.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  project.provide("redisUrl", server.url);
  return () => server.stop();
}
