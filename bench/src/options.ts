// The command line: `node src/main.ts [--quick] [--only a,b] [--contenders a,b] [--reps N] [--write|--no-write]`.
import { parseArgs } from "node:util";
import { CONTENDERS, contenderById } from "./contenders/index.ts";
import type { Contender } from "./contenders/types.ts";
import { SCENARIOS } from "./scenarios/index.ts";
import type { Scenario } from "./scenarios/types.ts";

/** The parsed command line. */
export interface CliOptions {
  quick: boolean;
  repetitions: number | undefined;
  scenarios: readonly Scenario[];
  contenders: readonly Contender[];
  /** Whether RESULTS.md is rewritten (default: only for a full run of everything). */
  write: boolean;
}

const USAGE = `usage: node src/main.ts [options]
  --quick              a short smoke run (smaller counts, one repetition)
  --only a,b           run only these scenarios (${SCENARIOS.map((s) => s.id).join(", ")})
  --contenders a,b     run only these contenders (${CONTENDERS.map((c) => c.id).join(", ")})
  --reps N             repetitions per measurement (default: per scenario)
  --write / --no-write rewrite RESULTS.md (default: only for a full, unfiltered run)`;

/** Parses the command line; prints usage and exits on --help or a mistake. */
export function parseOptions(argv: readonly string[]): CliOptions {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const list = (text: string | undefined) =>
    text
      ? text
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : undefined;
  const only = list(values.only);
  for (const id of only ?? []) {
    if (!SCENARIOS.some((scenario) => scenario.id === id)) {
      console.error(`unknown scenario "${id}"\n${USAGE}`);
      process.exit(2);
    }
  }
  // Always in the order, whatever order --only lists them in.
  const scenarios = only ? SCENARIOS.filter((scenario) => only.includes(scenario.id)) : SCENARIOS;
  const contenders = list(values.contenders)?.map(contenderById) ?? CONTENDERS;
  const repetitions = values.reps === undefined ? undefined : Number(values.reps);
  if (repetitions !== undefined && !(Number.isInteger(repetitions) && repetitions > 0)) {
    console.error(`--reps needs a positive integer\n${USAGE}`);
    process.exit(2);
  }
  const filtered =
    values.quick === true ||
    only !== undefined ||
    values.contenders !== undefined ||
    repetitions !== undefined;
  return {
    quick: values.quick === true,
    repetitions,
    scenarios,
    contenders,
    write: values.write ?? (values["no-write"] ? false : !filtered),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean" },
      only: { type: "string" },
      contenders: { type: "string" },
      reps: { type: "string" },
      write: { type: "boolean" },
      "no-write": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}
