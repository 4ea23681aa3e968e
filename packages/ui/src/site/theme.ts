import type { FlagStripes, SiteColors } from "./site-config.js";

/** A CSS gradient drawing the flag's stripes with hard edges. */
export function flagGradient(flag: FlagStripes): string {
  const { stripes } = flag;
  if (stripes.length === 0) return "transparent";
  const direction = flag.direction === "horizontal" ? "to bottom" : "to right";
  const step = 100 / stripes.length;
  const stops = stripes.map((color, i) => `${color} ${+(i * step).toFixed(3)}% ${+((i + 1) * step).toFixed(3)}%`);
  return `linear-gradient(${direction}, ${stops.join(", ")})`;
}

/** The custom properties `<ticket-shop>` sets from a site's colours. */
export function themeProperties(colors: SiteColors): Record<string, string> {
  return {
    "--tickets-accent": colors.accent,
    "--tickets-highlight": colors.highlight,
    "--tickets-flag": flagGradient(colors.flag),
  };
}
