// What a scenario is: an orchestrator side that plans runs and builds a table, and a child side
// that performs one measurement in a fresh process.
import type { Contender, Endpoint } from "../contenders/types.ts";
import type { Section } from "../report.ts";

/** Options every scenario receives from the command line. */
export interface RunOptions {
  /** Smaller counts and fewer repetitions: a smoke run. */
  quick: boolean;
  /** Repetitions per measurement (overrides the scenario's default). */
  repetitions: number | undefined;
  /** The contenders to run, in table order. */
  contenders: readonly Contender[];
}

/** What the child side of a measurement can use. */
export interface ChildContext {
  /** The fake Bot API this run talks to, when the scenario started one. */
  endpoint: Endpoint | undefined;
  /** Sends a message to the orchestrator and resolves with its reply (e.g. "ready" -> "finish"). */
  ask(message: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** The numbers one measurement produced. */
export type Measurement = Record<string, number>;

/** A scenario: its orchestrator side and its in-child measurement. */
export interface Scenario {
  /** Short id used on the command line (--only). */
  id: string;
  /** The heading in the results. */
  title: string;
  /** Plans and runs the measurements, returning the section of the report. */
  run(options: RunOptions): Promise<Section>;
  /** Performs one measurement inside a fresh child process. */
  measure?(
    contender: Contender,
    params: Record<string, unknown>,
    context: ChildContext,
  ): Promise<Measurement>;
}
