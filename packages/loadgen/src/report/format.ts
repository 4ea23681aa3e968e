/** Number formatting shared by the Markdown report and the chart. */

export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

export function whole(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "–" : Math.round(value).toLocaleString("en-US");
}

export function percent(value: number | undefined, digits = 0): string {
  return value === undefined || !Number.isFinite(value) ? "–" : `${(value * 100).toFixed(digits)} %`;
}

/** A Markdown table; cells are escaped so a `|` in a value cannot break it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ("l" | "r")[]): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const rule = header.map((_, index) => (align?.[index] === "r" ? "---:" : "---"));
  return [header, rule, ...rows].map((row) => `| ${row.map(escape).join(" | ")} |`).join("\n");
}
