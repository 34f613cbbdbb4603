// The scenarios, in the order.
import { blocking } from "./blocking.ts";
import { coldStart } from "./cold-start.ts";
import { conversations } from "./conversations.ts";
import { flood } from "./flood.ts";
import { outbound } from "./outbound.ts";
import { polling } from "./polling.ts";
import { scaleOut } from "./scale-out.ts";
import type { Scenario } from "./types.ts";
import { webhook } from "./webhook.ts";

/** Every scenario, in the order they run and are reported. */
export const SCENARIOS: readonly Scenario[] = [
  outbound,
  polling,
  webhook,
  conversations,
  blocking,
  coldStart,
  flood,
  scaleOut,
];
