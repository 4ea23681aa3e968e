import type { Country } from "@repo/contract";
import { COUNTRIES } from "@repo/contract";
import type { ScenarioName } from "../options.js";
import type { BenchResult, PhaseResult, SystemUnderTest } from "../results.js";
import { HALF_OUR_MAX, SYSTEMS } from "../results.js";
import { whole } from "./format.js";

/*
 * A hand-written SVG: two panels, latency over time (log scale, since
 * saturation and a steady rate differ by orders of magnitude) and
 * throughput by country for each phase of ours. No chart library: the
 * output is a text file people can diff and open anywhere.
 */

const WIDTH = 1080;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 64, right: 240, top: 40, bottom: 56 };
const FONT = "font-family='system-ui, sans-serif'";

const COUNTRY_COLOURS: Record<Country, string> = { fr: "#1f4e9c", de: "#c8102e", gb: "#5b6770", es: "#e0a100" };

/** The scenarios the latency panel draws. */
const LATENCY_SCENARIOS: readonly ScenarioName[] = ["max", "steady"];

function lineKey(scenario: ScenarioName, system: SystemUnderTest): string {
  return `${scenario} ${system}`;
}

/** Phase lines: the colour says which scenario and system, the dash says p50 (dashed) or p99 (solid). */
const LINE_COLOURS: Record<string, string> = {
  [lineKey("max", SYSTEMS.tickets)]: "#c8102e",
  [lineKey("max", SYSTEMS.baseline)]: "#f28e8e",
  [lineKey("max", SYSTEMS.webStompEcho)]: "#8c5a9e",
  [lineKey("steady", SYSTEMS.tickets)]: "#1f4e9c",
  [lineKey("steady", SYSTEMS.baseline)]: "#8fb3e8",
  [`${lineKey("steady", SYSTEMS.tickets)} ${HALF_OUR_MAX}`]: "#2a9d8f",
};

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("'", "&apos;");
}

function text(x: number, y: number, content: string, extra = "", size = 12): string {
  return `<text x='${x.toFixed(1)}' y='${y.toFixed(1)}' ${FONT} font-size='${size}' ${extra}>${escape(content)}</text>`;
}

function heading(y: number, content: string): string {
  return text(MARGIN.left, y, content, "font-weight='600'", 14);
}

/** 1, 2, 5, 10, 20, 50… covering [low, high]. */
export function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let decade = Math.pow(10, Math.floor(Math.log10(Math.max(low, 1e-3)))); decade <= high * 10; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const tick = decade * step;
      if (tick >= low && tick <= high) ticks.push(Number(tick.toPrecision(3)));
    }
  }
  return ticks;
}

/** The log axis's ends: the nearest 1, 2 or 5 × 10^n at or beyond the values, not whole decades, which left most of the panel empty. */
export function logRange(lowest: number, highest: number): { low: number; high: number } {
  const steps = (value: number) => {
    const decade = Math.pow(10, Math.floor(Math.log10(value)));
    return [1, 2, 5, 10].map((step) => Number((decade * step).toPrecision(3)));
  };
  const low = steps(lowest).filter((step) => step <= lowest).pop() ?? lowest;
  const high = steps(highest).find((step) => step >= highest) ?? highest;
  return { low, high: high > low ? high : low * 2 };
}

function latencyPanel(phases: readonly PhaseResult[], top: number): string {
  // One round of max is enough to see its latencies; more would draw the same lines again.
  const shown = phases.filter((phase) => LATENCY_SCENARIOS.includes(phase.scenario) && (phase.round ?? 1) === 1 && phase.timeline.length > 0);
  const plot = { x: MARGIN.left, y: top + MARGIN.top, w: WIDTH - MARGIN.left - MARGIN.right, h: PANEL_HEIGHT - MARGIN.top - MARGIN.bottom };
  const parts = [heading(top + 22, "Confirmation latency over time (ms, log scale): p99 solid, p50 dashed")];
  const values = shown.flatMap((phase) => phase.timeline.flatMap(({ p50, p99 }) => [p50, p99])).filter((value) => value > 0);
  if (values.length === 0) return [...parts, text(plot.x, plot.y + 20, "no latency measured")].join("\n");

  const { low, high } = logRange(Math.min(...values), Math.max(...values));
  const seconds = Math.max(...shown.map((phase) => phase.timeline.length));
  const x = (t: number) => plot.x + (seconds <= 1 ? 0 : (t / (seconds - 1)) * plot.w);
  const y = (ms: number) => plot.y + plot.h - ((Math.log10(Math.max(ms, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * plot.h;

  for (const tick of logTicks(low, high)) {
    parts.push(`<line x1='${plot.x}' x2='${plot.x + plot.w}' y1='${y(tick).toFixed(1)}' y2='${y(tick).toFixed(1)}' stroke='#e3e3e3'/>`);
    parts.push(text(plot.x - 8, y(tick) + 4, String(tick), "text-anchor='end' fill='#555'"));
  }
  for (let t = 0; t < seconds; t += Math.max(1, Math.ceil(seconds / 10))) parts.push(text(x(t), plot.y + plot.h + 18, `${t}s`, "text-anchor='middle' fill='#555'"));
  parts.push(text(plot.x + plot.w / 2, plot.y + plot.h + 36, "seconds into the measured window", "text-anchor='middle' fill='#555'"));

  shown.forEach((phase, index) => {
    const key = lineKey(phase.scenario, phase.system);
    // Two phases of one scenario and system (steady at half the ceiling and at half ours) are told apart by name.
    const twin = shown.some((other) => other !== phase && lineKey(other.scenario, other.system) === key);
    const colour = (twin ? LINE_COLOURS[`${key} ${phase.name}`] : undefined) ?? LINE_COLOURS[key] ?? "#333";
    for (const [field, dash] of [["p99", ""], ["p50", "stroke-dasharray='5 4'"]] as const) {
      const points = phase.timeline
        .filter((point) => point[field] > 0)
        .map((point) => `${x(point.t).toFixed(1)},${y(point[field]).toFixed(1)}`)
        .join(" ");
      if (points !== "") parts.push(`<polyline points='${points}' fill='none' stroke='${colour}' stroke-width='2' ${dash}/>`);
    }
    const legendY = plot.y + 10 + index * 20;
    parts.push(`<line x1='${plot.x + plot.w + 16}' x2='${plot.x + plot.w + 40}' y1='${legendY}' y2='${legendY}' stroke='${colour}' stroke-width='3'/>`);
    parts.push(text(plot.x + plot.w + 46, legendY + 4, `${phase.scenario}, ${phase.system}${twin ? ` (${phase.name})` : ""}`));
  });
  // Which line is which percentile, below the phases: the colours say the phase, the dash the percentile.
  [["p99", ""], ["p50", "stroke-dasharray='5 4'"]].forEach(([label, dash], index) => {
    const legendY = plot.y + 10 + (shown.length + 0.5 + index) * 20;
    parts.push(`<line x1='${plot.x + plot.w + 16}' x2='${plot.x + plot.w + 40}' y1='${legendY}' y2='${legendY}' stroke='#555' stroke-width='2' ${dash}/>`);
    parts.push(text(plot.x + plot.w + 46, legendY + 4, label ?? "", "fill='#555'"));
  });
  return parts.join("\n");
}

function throughputPanel(result: BenchResult, top: number): string {
  const phases = result.phases.filter((phase) => phase.system === SYSTEMS.tickets);
  const plot = { x: MARGIN.left, y: top + MARGIN.top, w: WIDTH - MARGIN.left - MARGIN.right, h: PANEL_HEIGHT - MARGIN.top - MARGIN.bottom };
  const ceiling = result.comparison.ceiling;
  const title = `Confirmed orders/s by country, per phase of ours${ceiling === undefined ? "" : ` (baseline ceiling ${whole(ceiling)}/s in all)`}`;
  const parts = [heading(top + 22, title)];
  const highest = Math.max(1, ...phases.flatMap((phase) => phase.countries.map((country) => country.throughput)));
  const ticks = niceTicks(highest);
  const top_ = ticks[ticks.length - 1] ?? highest;
  const y = (value: number) => plot.y + plot.h - (value / top_) * plot.h;
  for (const tick of ticks) {
    parts.push(`<line x1='${plot.x}' x2='${plot.x + plot.w}' y1='${y(tick).toFixed(1)}' y2='${y(tick).toFixed(1)}' stroke='#e3e3e3'/>`);
    parts.push(text(plot.x - 8, y(tick) + 4, whole(tick), "text-anchor='end' fill='#555'"));
  }
  const group = plot.w / Math.max(1, phases.length);
  const bar = Math.min(28, (group * 0.8) / COUNTRIES.length);
  phases.forEach((phase, index) => {
    const start = plot.x + index * group + (group - bar * COUNTRIES.length) / 2;
    COUNTRIES.forEach((country, slot) => {
      const value = phase.countries.find((each) => each.country === country)?.throughput ?? 0;
      const height = plot.h - (y(value) - plot.y);
      parts.push(
        `<rect x='${(start + slot * bar).toFixed(1)}' y='${y(value).toFixed(1)}' width='${(bar - 2).toFixed(1)}' height='${Math.max(0, height).toFixed(1)}' fill='${COUNTRY_COLOURS[country]}'><title>${escape(`${phase.scenario} · ${phase.name}, ${country}: ${whole(value)}/s`)}</title></rect>`,
      );
    });
    const centre = plot.x + index * group + group / 2;
    parts.push(text(centre, plot.y + plot.h + 16, phase.scenario, "text-anchor='middle' font-weight='600'"));
    parts.push(text(centre, plot.y + plot.h + 31, phase.name, "text-anchor='middle'"));
    parts.push(text(centre, plot.y + plot.h + 46, `${whole(phase.throughput)}/s in all`, "text-anchor='middle' fill='#555'"));
  });
  COUNTRIES.forEach((country, index) => {
    const legendY = plot.y + 10 + index * 20;
    parts.push(`<rect x='${plot.x + plot.w + 16}' y='${legendY - 8}' width='14' height='14' fill='${COUNTRY_COLOURS[country]}'/>`);
    parts.push(text(plot.x + plot.w + 38, legendY + 4, country));
  });
  return parts.join("\n");
}

/** About this many gridlines on a linear axis. */
const LINEAR_TICKS = 5;

/**
 * Round steps (1, 2, 2.5, 5 × 10^n) from 0 up to at least `max`, whole
 * numbers only: the axis labels them as whole orders per second, so a step
 * of 0.2 or 2.5 would be printed as repeated or wrong figures (a failed run
 * of a few orders a second is the one most looked at).
 */
export function niceTicks(max: number): number[] {
  const raw = max / LINEAR_TICKS;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw && Number.isInteger(candidate)) ?? Math.max(1, 10 * magnitude);
  const ticks: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) ticks.push(tick);
  return ticks;
}

export function renderChart(result: BenchResult): string {
  const height = PANEL_HEIGHT * 2 + 20;
  return [
    `<svg xmlns='http://www.w3.org/2000/svg' width='${WIDTH}' height='${height}' viewBox='0 0 ${WIDTH} ${height}' role='img' aria-label='Benchmark: latency over time and throughput by country'>`,
    `<rect width='${WIDTH}' height='${height}' fill='white'/>`,
    latencyPanel(result.phases, 0),
    throughputPanel(result, PANEL_HEIGHT + 20),
    "</svg>",
    "",
  ].join("\n");
}
