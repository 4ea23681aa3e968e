import { describe, expect, it } from "vitest";
import { flagGradient, themeProperties } from "./theme.js";

describe("theme", () => {
  it("a vertical tricolour becomes three equal side-by-side stripes", () => {
    const gradient = flagGradient({ stripes: ["#000091", "#ffffff", "#e1000f"], direction: "vertical" });

    expect(gradient).toBe("linear-gradient(to right, #000091 0% 33.333%, #ffffff 33.333% 66.667%, #e1000f 66.667% 100%)");
  });

  it("the site's colours become the custom properties the elements read", () => {
    const properties = themeProperties({
      accent: "#aa151b",
      highlight: "#f1bf00",
      flag: { stripes: ["#aa151b", "#f1bf00", "#f1bf00", "#aa151b"], direction: "horizontal" },
    });

    expect(properties["--tickets-accent"]).toBe("#aa151b");
    expect(properties["--tickets-highlight"]).toBe("#f1bf00");
    expect(properties["--tickets-flag"]).toMatch(/^linear-gradient\(to bottom, #aa151b 0% 25%/);
  });
});
