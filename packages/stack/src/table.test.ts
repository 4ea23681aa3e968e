import { describe, expect, it } from "vitest";
import { formatTable } from "./table.js";

describe("formatTable", () => {
  it("pads every column to its widest cell", () => {
    const lines = formatTable(["a", "b"], [["long cell", "x"]]).split("\n");

    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[3]).toBe("│ long cell │ x │");
  });
});
