// Result sections and their two renderings: an aligned text table for stdout and Markdown for
// RESULTS.md.

/** A target from the issue and where we stand against it. */
export interface TargetResult {
  /** The target as stated in the issue. */
  target: string;
  /** What was measured. */
  measured: string;
  /** Whether it is met; undefined when it could not be measured. */
  met: boolean | undefined;
}

/** One scenario's results. */
export interface Section {
  /** The scenario id. */
  id: string;
  /** The heading. */
  title: string;
  /** What was measured and how (Markdown paragraphs). */
  description: string[];
  /** Column headings. */
  header: string[];
  /** Table rows (cells already formatted). */
  rows: string[][];
  /** Footnotes: configurations, n/a reasons, errors. */
  notes: string[];
  /** Targets from the issue. */
  targets: TargetResult[];
  /** Wall time the scenario took, ms. */
  elapsedMs?: number;
  /** The machine's 1-minute load average when the scenario started and ended (other work shows here). */
  load?: string;
}

/** An aligned plain-text table. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** A Markdown table, padded the way the repository's formatter (biome) lays tables out. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ("left" | "right")[] = header.map((_, column) => (column === 0 ? "left" : "right")),
): string {
  const escapePipes = (cell: string) => cell.replaceAll("|", "\\|");
  const table = [header, ...rows].map((row) => header.map((_, column) => escapePipes(row[column] ?? "")));
  const widths = header.map((_, column) => Math.max(3, ...table.map((row) => row[column]!.length)));
  const pad = (cell: string, column: number) =>
    align[column] === "right" ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!);
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === "right" ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  return [line(table[0]!), rule, ...table.slice(1).map(line)].join("\n");
}

/** How a target result reads in a table. */
export function verdict(met: boolean | undefined): string {
  return met === undefined ? "not measured" : met ? "met" : "NOT met";
}

/** A section for the terminal. */
export function sectionText(section: Section): string {
  const parts = [`== ${section.title} ==`, textTable(section.header, section.rows)];
  for (const note of section.notes) parts.push(`  * ${note}`);
  for (const target of section.targets) {
    parts.push(`  target: ${target.target} -> ${target.measured} [${verdict(target.met)}]`);
  }
  return parts.join("\n");
}

/** A section for RESULTS.md. */
export function sectionMarkdown(section: Section): string {
  const parts = [`## ${section.title}`, ...section.description];
  if (section.elapsedMs !== undefined) {
    parts.push(
      `_Took ${(section.elapsedMs / 1000).toFixed(0)} s; 1-minute load average ${section.load ?? "n/a"}._`,
    );
  }
  if (section.rows.length > 0) parts.push(markdownTable(section.header, section.rows));
  if (section.notes.length > 0) parts.push(section.notes.map((note) => `- ${note}`).join("\n"));
  return parts.join("\n\n");
}
