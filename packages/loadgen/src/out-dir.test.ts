import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outDirProblem, shownPath } from "./out-dir.js";

describe("outDirProblem", () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "out-dir-"));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("accepts an existing folder, and one still to be made below a writable folder", () => {
    expect(outDirProblem(folder)).toBeUndefined();
    expect(outDirProblem(join(folder, "a", "b"))).toBeUndefined();
  });

  it("refuses a file where the folder should be, or above it, naming it", () => {
    const file = join(folder, "afile");
    writeFileSync(file, "");

    expect(outDirProblem(file)).toBe(`${file} is not a folder`);
    expect(outDirProblem(join(file, "below"))).toBe(`${file} is not a folder`);
  });
});

describe("shownPath", () => {
  it("shows a path below the working folder relative to it, any other as it is", () => {
    expect(shownPath("/work/repo/bench-results/results.json", "/work/repo")).toBe("bench-results/results.json");
    expect(shownPath("/tmp/trial/results.json", "/work/repo")).toBe("/tmp/trial/results.json");
    expect(shownPath("/work/repo", "/work/repo")).toBe(".");
  });
});
